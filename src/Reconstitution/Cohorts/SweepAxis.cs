namespace Reconstitution.Cohorts;

/// <summary>One axis of a sweep grid: a parameter and the values it takes. Immutable.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Values">The values, in the parameter's unit, at least one.</param>
/// <remarks>Build one per varied parameter for a <see cref="ParameterSweep"/>; find the parameter with <see cref="SweepParameter.Find"/>.</remarks>
public sealed record SweepAxis(SweepParameter Parameter, IReadOnlyList<double> Values);
