using Reconstitution.Analysis;

namespace Reconstitution.Cohorts;

/// <summary>One endpoint in two cohorts and their difference (second − first) with a paired bootstrap 95 % CI. Immutable.</summary>
/// <param name="Name">The JSON key, e.g. <c>neutrophilEngraftmentMedianDay</c>.</param>
/// <param name="Unit">The unit: <c>days</c> or <c>probability</c>.</param>
/// <param name="First">The first cohort's estimate, or <c>null</c> when it cannot be estimated.</param>
/// <param name="Second">The second cohort's estimate.</param>
/// <param name="Difference">Second − first.</param>
/// <param name="Ci95">The paired bootstrap percentile 95 % interval of the difference.</param>
/// <remarks>One row of a <see cref="CohortComparison"/>; use it to compare two protocols on common random numbers. For one cohort's estimate alone read <see cref="CohortSummary"/>.</remarks>
public sealed record EndpointDifference(string Name, string Unit, double? First, double? Second, double? Difference, ConfidenceInterval? Ci95);
