namespace Reconstitution.Output.Charts;

/// <summary>A tick on an axis: its value in the axis unit and its label (empty for an unlabelled minor tick). Immutable.</summary>
/// <remarks>
/// A class, not a struct: lists and sorts of a struct of the library are generic code outside its precompiled
/// (ReadyToRun) image, JIT-compiled in every process that draws a chart (≈ 20 methods); over a class they share the
/// framework's precompiled code (benchmarks/results/cohort.md, session 14).
/// </remarks>
internal sealed record AxisTick(double Value, string Label)
{
    public bool IsLabelled => Label.Length > 0;
}
