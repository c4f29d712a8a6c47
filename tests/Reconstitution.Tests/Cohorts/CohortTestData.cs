using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Cohorts;

/// <summary>Small cohorts and hand-made records for the cohort tests.</summary>
internal static class CohortTestData
{
    public static CohortSpecification Small(int patients = 6, int days = 30, int threads = 1, ulong seed = 7) =>
        new(BuiltInProtocols.Get("auto-cy-atg")) { Patients = patients, Days = days, Threads = threads, Seed = seed };

    public static PatientOutcome Outcome(int? neutro = null, int? platelet = null, int? death = null, int? relapse = null,
        bool failure = false, double lastDay = 100, bool hasDisease = true, int redCells = 0, int platelets = 0) => new()
    {
        Protocol = "test",
        LastDay = death ?? lastDay,
        Grafted = true,
        NeutrophilEngraftmentDay = neutro,
        PlateletEngraftmentDay = platelet,
        PrimaryGraftFailure = failure,
        DeathDay = death,
        DeathCause = death is null ? null : "infection",
        RelapseDay = relapse,
        HasDisease = hasDisease,
        RedCellUnits = redCells,
        PlateletTransfusions = platelets,
    };

    public static PatientRecord Record(int index, PatientOutcome outcome, double cd4Day30 = double.NaN)
    {
        var lymph = new double[PatientRecord.LymphocyteDays.Count * PatientRecord.LymphocyteSubsets.Count];
        Array.Fill(lymph, double.NaN);
        lymph[0] = cd4Day30;
        return new PatientRecord { Index = index, Covariates = PatientCovariates.Default, Outcome = outcome, Lymphocytes = lymph };
    }
}
