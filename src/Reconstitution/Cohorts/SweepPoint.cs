namespace Reconstitution.Cohorts;

/// <summary>One grid point of a sweep and its cohort's summary. Immutable.</summary>
/// <param name="Values">The parameter values at this point, one per <see cref="SweepAxis"/>, in axis order.</param>
/// <param name="Summary">The summary of the cohort run at this point.</param>
/// <remarks>Returned by <see cref="ParameterSweep"/>, one per grid point; write them with <see cref="Output.SweepCsv"/>. For global sensitivity over many parameters at once use the Sensitivity namespace instead of a grid.</remarks>
[TypeFormatterSource(PreferredMimeTypes = ["text/html"])]
public sealed record SweepPoint(IReadOnlyList<double> Values, CohortSummary Summary);
