namespace Reconstitution.Cohorts;

/// <summary>
/// Disease response of a cohort's patients with disease (summary.json <c>response</c>; definitions in docs/outputs.md
/// §Disease response). Immutable.
/// </summary>
/// <param name="Patients">Patients with disease.</param>
/// <param name="Responded">Patients whose disease responded.</param>
/// <param name="Relapsed">Patients who lost their response (relapse after response).</param>
/// <remarks>Part of <see cref="CohortSummary"/>; each patient's response and relapse days are in <see cref="PatientRecord"/>. The summary's <c>relapse</c> curve dates relapse by disease activity returning to 2/3 of baseline; this record counts the loss of the disease-specific response (docs/outputs.md §Disease response).</remarks>
public sealed record DiseaseResponseSummary(int Patients, int Responded, int Relapsed)
{
    /// <summary>Fraction of patients with disease who responded.</summary>
    public double ResponseFraction => Patients > 0 ? (double)Responded / Patients : double.NaN;

    /// <summary>Fraction of patients with disease in continuous response to the end of the simulation (responded, never lost it).</summary>
    public double ContinuousResponseFraction => Patients > 0 ? (double)(Responded - Relapsed) / Patients : double.NaN;
}
