namespace Reconstitution.Cohorts;

/// <summary>
/// Disease response of a cohort's patients with disease (summary.json <c>response</c>; definitions in docs/outputs.md
/// §Disease response). Immutable.
/// </summary>
/// <param name="Patients">Patients with disease.</param>
/// <param name="Responded">Patients whose disease responded.</param>
/// <param name="Relapsed">Patients who lost their response (relapse after response).</param>
public sealed record DiseaseResponseSummary(int Patients, int Responded, int Relapsed)
{
    /// <summary>Fraction of patients with disease who responded.</summary>
    public double ResponseFraction => Patients > 0 ? (double)Responded / Patients : double.NaN;

    /// <summary>Fraction of patients with disease in continuous response to the end of the simulation (responded, never lost it).</summary>
    public double ContinuousResponseFraction => Patients > 0 ? (double)(Responded - Relapsed) / Patients : double.NaN;
}
