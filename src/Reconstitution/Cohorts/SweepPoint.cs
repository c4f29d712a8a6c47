namespace Reconstitution.Cohorts;

/// <summary>One grid point of a sweep and its cohort's summary. Immutable.</summary>
/// <param name="Values">The parameter values at this point, one per <see cref="SweepAxis"/>, in axis order.</param>
/// <param name="Summary">The summary of the cohort run at this point.</param>
[TypeFormatterSource(PreferredMimeTypes = ["text/html"])]
public sealed record SweepPoint(IReadOnlyList<double> Values, CohortSummary Summary);
