namespace Reconstitution.Output.Charts;

/// <summary>A tick on an axis: its value in the axis unit and its label (empty for an unlabelled minor tick).</summary>
internal readonly record struct AxisTick(double Value, string Label)
{
    public bool IsLabelled => Label.Length > 0;
}
