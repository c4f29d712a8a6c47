using Reconstitution.Outcomes;
using Reconstitution.Physiology;

namespace Reconstitution.Cohorts;

/// <summary>
/// What a cohort keeps of one patient: its index, covariates, outcome and lymphocyte subsets on the
/// <see cref="LymphocyteDays"/> (one row of <c>patients.csv</c>). Small, so a cohort keeps every record. Immutable.
/// </summary>
/// <remarks>
/// A <see cref="CohortSummary"/> is a pure function of the ordered records (and the trajectory bands), so a
/// summary can be recomputed exactly from the records of shards.
/// </remarks>
public sealed record PatientRecord
{
    /// <summary>The days after infusion at which CD4, CD8, B and NK counts are kept: 30, 90, 180, 365, 730.</summary>
    public static IReadOnlyList<int> LymphocyteDays { get; } = [30, 90, 180, 365, 730];

    /// <summary>The lymphocyte subsets kept, in column order: CD4, CD8, B, NK (cells/µL).</summary>
    public static IReadOnlyList<Measure> LymphocyteSubsets { get; } = [Measure.Cd4, Measure.Cd8, Measure.B, Measure.Nk];

    /// <summary>The patient's index in the cohort, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The covariates the patient was drawn with.</summary>
    public required PatientCovariates Covariates { get; init; }

    /// <summary>The clinical outcome.</summary>
    public required PatientOutcome Outcome { get; init; }

    /// <summary>
    /// Lymphocyte subsets in cells/µL: element <c>d * 4 + s</c> is subset <see cref="LymphocyteSubsets"/>[s] on
    /// <see cref="LymphocyteDays"/>[d]; NaN where the day was not reached (death or end of simulation).
    /// </summary>
    public required IReadOnlyList<double> Lymphocytes { get; init; }

    /// <summary>The CD4, CD8, B or NK count on one of the <see cref="LymphocyteDays"/>, cells/µL, or NaN if not reached.</summary>
    /// <param name="dayIndex">Index into <see cref="LymphocyteDays"/>.</param>
    /// <param name="subsetIndex">Index into <see cref="LymphocyteSubsets"/>.</param>
    /// <returns>The count.</returns>
    public double LymphocyteAt(int dayIndex, int subsetIndex) => Lymphocytes[dayIndex * LymphocyteSubsets.Count + subsetIndex];

    /// <summary>Builds a record from a simulated course.</summary>
    /// <param name="index">The patient's index.</param>
    /// <param name="covariates">The covariates the patient was drawn with.</param>
    /// <param name="course">The course.</param>
    /// <returns>The record.</returns>
    public static PatientRecord From(int index, PatientCovariates covariates, PatientCourse course)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(course);
        var tr = course.Trajectory;
        var days = tr.Days;
        int subsets = LymphocyteSubsets.Count;
        var values = new double[LymphocyteDays.Count * subsets];
        Array.Fill(values, double.NaN);
        if (tr.Count > 0)
        {
            int first = (int)Math.Round(days[0]);
            for (int d = 0; d < LymphocyteDays.Count; d++)
            {
                int i = LymphocyteDays[d] - first;
                if (i < 0 || i >= tr.Count || Math.Abs(days[i] - LymphocyteDays[d]) > 1e-6) continue;
                for (int s = 0; s < subsets; s++) values[d * subsets + s] = tr[i, LymphocyteSubsets[s]];
            }
        }
        return new PatientRecord { Index = index, Covariates = covariates, Outcome = course.Outcome, Lymphocytes = values };
    }
}
