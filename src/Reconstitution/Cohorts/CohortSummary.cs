using System.Text;
using System.Text.Json;
using Reconstitution.Analysis;
using Reconstitution.Outcomes;
using Reconstitution.Randomness;

namespace Reconstitution.Cohorts;

/// <summary>
/// The summary of a virtual cohort (what <c>summary.json</c> holds; every field is documented in docs/outputs.md).
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// A summary is a pure function of the ordered <see cref="PatientRecord"/>s and the cohort's seed
/// (<see cref="FromRecords"/>): bootstrap intervals draw from a stream derived from the seed, so the same
/// records always give the same bytes of JSON, whatever the thread count, and a summary can be recomputed from
/// the records of shards. Time-to-event definitions: docs/outputs.md §Endpoints.
/// </remarks>
[TypeFormatterSource(PreferredMimeTypes = ["text/html"])]
public sealed class CohortSummary
{
    /// <summary>Days at which engraftment incidence is reported: 14, 21, 28, 42, 60, 100.</summary>
    public static IReadOnlyList<int> EngraftmentDays { get; } = [14, 21, 28, 42, 60, 100];

    private const int BootstrapResamples = 1000;

    private CohortSummary() { }

    /// <summary>The protocol's name.</summary>
    public required string Protocol { get; init; }

    /// <summary>Patients summarised (those finished when a run was cancelled).</summary>
    public required int Patients { get; init; }

    /// <summary>Patients requested (equal to <see cref="Patients"/> unless the run was cancelled).</summary>
    public required int PatientsRequested { get; init; }

    /// <summary>The cohort seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Days simulated after infusion.</summary>
    public required int Days { get; init; }

    /// <summary>Median age, years.</summary>
    public required double AgeMedianYears { get; init; }

    /// <summary>Fraction of women.</summary>
    public required double FemaleFraction { get; init; }

    /// <summary>Median weight, kg.</summary>
    public required double WeightMedianKg { get; init; }

    /// <summary>Neutrophil engraftment (ANC ≥ 0.5×10⁹/L, ASTCT), or <c>null</c> if no patient was grafted.</summary>
    public required EngraftmentSummary? NeutrophilEngraftment { get; init; }

    /// <summary>Platelet engraftment (≥ 20×10⁹/L untransfused, ASTCT), or <c>null</c> if no patient was grafted.</summary>
    public required EngraftmentSummary? PlateletEngraftment { get; init; }

    /// <summary>Fraction of grafted patients with primary graft failure, or <c>null</c> if no patient was grafted.</summary>
    public required double? GraftFailure { get; init; }

    /// <summary>Fraction of grafted patients whose graft failed by rejection (<see cref="Outcomes.GraftFailureCauses.Rejection"/>), or <c>null</c> if no patient was grafted.</summary>
    public double? GraftFailureByRejection { get; init; }

    /// <summary>Fraction of grafted patients whose graft failed by poor graft function (<see cref="Outcomes.GraftFailureCauses.PoorGraftFunction"/>), or <c>null</c> if no patient was grafted.</summary>
    public double? GraftFailureByPoorFunction { get; init; }

    /// <summary>Cumulative incidence of death without prior relapse (relapse competing) at day 100 and year 1.</summary>
    public required IReadOnlyList<TimepointEstimate> TreatmentRelatedMortality { get; init; }

    /// <summary>Kaplan–Meier overall survival at years 1, 2, 5.</summary>
    public required IReadOnlyList<TimepointEstimate> OverallSurvival { get; init; }

    /// <summary>Cumulative incidence of relapse (death competing) at years 1, 2, 5; empty if no patient had disease.</summary>
    public required IReadOnlyList<TimepointEstimate> Relapse { get; init; }

    /// <summary>Kaplan–Meier event-free survival (no death, relapse or graft failure) at years 1, 2, 5.</summary>
    public required IReadOnlyList<TimepointEstimate> EventFreeSurvival { get; init; }

    /// <summary>Cumulative incidence of acute GVHD grade II–IV (death competing) at day 100.</summary>
    public required IReadOnlyList<TimepointEstimate> AcuteGvhd { get; init; }

    /// <summary>Cumulative incidence of chronic GVHD (death competing) at years 1 and 2.</summary>
    public required IReadOnlyList<TimepointEstimate> ChronicGvhd { get; init; }

    /// <summary>Fraction of patients with disease whose autoreactive clone went extinct, or <c>null</c> if none had disease.</summary>
    public required double? AutoreactiveEradication { get; init; }

    /// <summary>Transfusions per patient.</summary>
    public required TransfusionSummary Transfusions { get; init; }

    /// <summary>Mean infections per patient.</summary>
    public required double InfectionsMean { get; init; }

    /// <summary>Median CD4, CD8, B and NK counts at days 30, 90, 180, 365, 730 (only days simulated).</summary>
    public required IReadOnlyList<LymphocyteRecoveryPoint> LymphocyteRecovery { get; init; }

    /// <summary>
    /// Deaths by cause (<see cref="DeathCauses.All"/>, in that order, every cause listed, 0 when none), over the whole simulated
    /// time; a death with a cause outside the vocabulary (a summary of an older patients.csv) is counted under its own name.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, int>> DeathsByCause { get; init; } = [];

    /// <summary>
    /// The disease response (docs/outputs.md §Disease response) of the patients with disease, or <c>null</c> if none had disease:
    /// how many responded, how many of them lost the response, and the fraction in continuous response to the end.
    /// </summary>
    public DiseaseResponseSummary? Response { get; init; }

    /// <summary>Computes the summary of ordered patient records.</summary>
    /// <param name="protocol">The protocol's name.</param>
    /// <param name="days">Days simulated after infusion, ≥ 1.</param>
    /// <param name="seed">The cohort seed (also seeds the bootstrap).</param>
    /// <param name="records">The records, in patient-index order; at least one.</param>
    /// <param name="patientsRequested">Patients requested; null for <c>records.Count</c>.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">No records.</exception>
    public static CohortSummary FromRecords(string protocol, int days, ulong seed, IReadOnlyList<PatientRecord> records, int? patientsRequested = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) throw new ArgumentException("Parameter 'records' is empty; at least one patient record is needed.", nameof(records));
        Validation.Guard.InRange(days, 1, 36500, nameof(days));
        int n = records.Count;
        var outcomes = new PatientOutcome[n];
        for (int i = 0; i < n; i++) outcomes[i] = records[i].Outcome;

        var grafted = outcomes.Where(o => o.Grafted).ToArray();
        var withDisease = outcomes.Where(o => o.HasDisease).ToArray();

        var ages = records.Select(r => r.Covariates.AgeYears).ToArray();
        var weights = records.Select(r => r.Covariates.WeightKg).ToArray();
        double female = records.Count(r => r.Covariates.Sex == Physiology.BiologicalSex.Female) / (double)n;

        TimepointEstimate[] Points(IReadOnlyList<SurvivalObservation> obs, (string, int)[] at, bool survival)
        {
            if (obs.Count == 0) return [.. at.Select(a => new TimepointEstimate(a.Item1, a.Item2, null))];
            Func<double, double> f;
            if (survival)
            {
                var km = KaplanMeierCurve.Estimate(obs);
                f = km.SurvivalAt;
            }
            else
            {
                var cif = CumulativeIncidenceCurve.Estimate(obs, 1);
                f = cif.IncidenceAt;
            }
            return [.. at.Select(a => new TimepointEstimate(a.Item1, a.Item2, a.Item2 <= days ? f(a.Item2) : null))];
        }

        (string, int)[] engraftAt = [.. EngraftmentDays.Select(d => ("day" + d, d))];
        (string, int)[] years = [("year1", 365), ("year2", 730), ("year5", 1825)];

        EngraftmentSummary? Engraftment(bool platelets, string purpose)
        {
            if (grafted.Length == 0) return null;
            var obs = grafted.Where(o => CohortEndpoints.EngraftmentApplies(o, platelets)).Select(o => CohortEndpoints.Engraftment(o, platelets)).ToArray();
            var engraftedDays = obs.Where(o => o.Cause == 1).Select(o => o.TimeDays).ToArray();
            double? median = null;
            ConfidenceInterval? ci = null;
            if (engraftedDays.Length > 0)
            {
                median = SampleQuantiles.Median(engraftedDays);
                ci = engraftedDays.Length > 1
                    ? SampleQuantiles.BootstrapInterval(engraftedDays, 0.5, RandomStream.Create(seed, 0, purpose), BootstrapResamples)
                    : new ConfidenceInterval(median.Value, median.Value, 0.95);
            }
            return new EngraftmentSummary(obs.Length, engraftedDays.Length, median, ci, Points(obs, engraftAt, survival: false))
            {
                NotApplicable = grafted.Length - obs.Length,
            };
        }

        var lymph = new List<LymphocyteRecoveryPoint>();
        for (int d = 0; d < PatientRecord.LymphocyteDays.Count; d++)
        {
            int day = PatientRecord.LymphocyteDays[d];
            if (day > days) continue;
            var medians = new double?[4];
            int count = 0;
            for (int s = 0; s < 4; s++)
            {
                var v = records.Select(r => r.LymphocyteAt(d, s)).Where(double.IsFinite).ToArray();
                count = Math.Max(count, v.Length);
                medians[s] = v.Length > 0 ? SampleQuantiles.Median(v) : null;
            }
            lymph.Add(new LymphocyteRecoveryPoint(day, count, medians[0], medians[1], medians[2], medians[3]));
        }

        return new CohortSummary
        {
            Protocol = protocol,
            Patients = n,
            PatientsRequested = patientsRequested ?? n,
            Seed = seed,
            Days = days,
            AgeMedianYears = SampleQuantiles.Median(ages),
            FemaleFraction = female,
            WeightMedianKg = SampleQuantiles.Median(weights),
            NeutrophilEngraftment = Engraftment(false, "summary-neutrophil-engraftment"),
            PlateletEngraftment = Engraftment(true, "summary-platelet-engraftment"),
            GraftFailure = grafted.Length > 0 ? grafted.Count(o => o.PrimaryGraftFailure) / (double)grafted.Length : null,
            GraftFailureByRejection = grafted.Length > 0 ? grafted.Count(o => o.GraftFailureCause == Outcomes.GraftFailureCauses.Rejection) / (double)grafted.Length : null,
            GraftFailureByPoorFunction = grafted.Length > 0 ? grafted.Count(o => o.GraftFailureCause == Outcomes.GraftFailureCauses.PoorGraftFunction) / (double)grafted.Length : null,
            TreatmentRelatedMortality = Points(outcomes.Select(CohortEndpoints.TreatmentRelatedDeath).ToArray(), [("day100", 100), ("year1", 365)], false),
            OverallSurvival = Points(outcomes.Select(CohortEndpoints.Death).ToArray(), years, true),
            Relapse = withDisease.Length > 0 ? Points(withDisease.Select(CohortEndpoints.Relapse).ToArray(), years, false) : [],
            EventFreeSurvival = Points(outcomes.Select(CohortEndpoints.EventFree).ToArray(), years, true),
            AcuteGvhd = Points(outcomes.Select(o => CohortEndpoints.Gvhd(o, false)).ToArray(), [("day100", 100)], false),
            ChronicGvhd = Points(outcomes.Select(o => CohortEndpoints.Gvhd(o, true)).ToArray(), [("year1", 365), ("year2", 730)], false),
            AutoreactiveEradication = withDisease.Length > 0 ? withDisease.Count(o => o.AutoreactiveEradicationDay is not null) / (double)withDisease.Length : null,
            Transfusions = new TransfusionSummary(
                SampleQuantiles.Median(outcomes.Select(o => (double)o.RedCellUnits).ToArray()),
                SampleQuantiles.Median(outcomes.Select(o => (double)o.PlateletTransfusions).ToArray()),
                outcomes.Average(o => (double)o.RedCellUnits),
                outcomes.Average(o => (double)o.PlateletTransfusions)),
            InfectionsMean = outcomes.Average(o => (double)o.Infections),
            LymphocyteRecovery = lymph,
            DeathsByCause = CountDeaths(outcomes),
            Response = withDisease.Length == 0 ? null : new DiseaseResponseSummary(withDisease.Length,
                withDisease.Count(o => o.ResponseDay is not null), withDisease.Count(o => o.LossOfResponseDay is not null)),
        };
    }

    private static KeyValuePair<string, int>[] CountDeaths(IEnumerable<PatientOutcome> outcomes)
    {
        var counts = DeathCauses.All.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        var order = new List<string>(DeathCauses.All);
        foreach (var o in outcomes)
        {
            if (o.DeathDay is null) continue;
            string cause = o.DeathCause ?? "unknown";
            if (!counts.TryGetValue(cause, out int n)) order.Add(cause);
            counts[cause] = n + 1;
        }
        return [.. order.Select(c => new KeyValuePair<string, int>(c, counts[c]))];
    }

    /// <summary>The value of a time point by its label, or <c>null</c>.</summary>
    /// <param name="points">A list such as <see cref="Relapse"/>.</param>
    /// <param name="label">The label, e.g. <c>year1</c>.</param>
    /// <returns>The value.</returns>
    public static double? ValueAt(IReadOnlyList<TimepointEstimate> points, string label)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var p in points) if (p.Label == label) return p.Value;
        return null;
    }

    /// <summary>The summary as indented JSON (camelCase keys, invariant shortest round-trip numbers, <c>null</c> for missing values), ending in a newline.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteJson(w);
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes the summary as one JSON object.</summary>
    /// <param name="w">The writer.</param>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("protocol", Protocol);
        w.WriteNumber("patients", Patients);
        w.WriteNumber("patientsRequested", PatientsRequested);
        w.WriteNumber("seed", Seed);
        w.WriteNumber("days", Days);
        w.WriteStartObject("covariates");
        Num(w, "ageMedianYears", AgeMedianYears);
        Num(w, "femaleFraction", FemaleFraction);
        Num(w, "weightMedianKg", WeightMedianKg);
        w.WriteEndObject();
        Engraftment(w, "neutrophilEngraftment", NeutrophilEngraftment);
        Engraftment(w, "plateletEngraftment", PlateletEngraftment);
        Num(w, "graftFailure", GraftFailure);
        Points(w, "treatmentRelatedMortality", TreatmentRelatedMortality);
        Points(w, "overallSurvival", OverallSurvival);
        if (Relapse.Count == 0) w.WriteNull("relapse"); else Points(w, "relapse", Relapse);
        Points(w, "eventFreeSurvival", EventFreeSurvival);
        Points(w, "acuteGvhd", AcuteGvhd);
        Points(w, "chronicGvhd", ChronicGvhd);
        Num(w, "autoreactiveEradication", AutoreactiveEradication);
        w.WriteStartObject("transfusions");
        Num(w, "redCellUnitsMedian", Transfusions.RedCellUnitsMedian);
        Num(w, "plateletUnitsMedian", Transfusions.PlateletUnitsMedian);
        Num(w, "redCellUnitsMean", Transfusions.RedCellUnitsMean);
        Num(w, "plateletUnitsMean", Transfusions.PlateletUnitsMean);
        w.WriteEndObject();
        Num(w, "infectionsMean", InfectionsMean);
        w.WriteStartObject("lymphocyteRecovery");
        foreach (var p in LymphocyteRecovery)
        {
            w.WriteStartObject("day" + p.Day);
            w.WriteNumber("patients", p.Patients);
            Num(w, "cd4", p.Cd4);
            Num(w, "cd8", p.Cd8);
            Num(w, "b", p.B);
            Num(w, "nk", p.Nk);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        // An array: the causes are values of a vocabulary (organ:heart …), not JSON keys.
        w.WriteStartArray("deathsByCause");
        foreach (var (cause, count) in DeathsByCause)
        {
            w.WriteStartObject();
            w.WriteString("cause", cause);
            w.WriteNumber("deaths", count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (Response is not { } response) w.WriteNull("response");
        else
        {
            w.WriteStartObject("response");
            w.WriteNumber("patients", response.Patients);
            w.WriteNumber("responded", response.Responded);
            w.WriteNumber("relapsed", response.Relapsed);
            Num(w, "responseFraction", response.ResponseFraction);
            Num(w, "continuousResponseFraction", response.ContinuousResponseFraction);
            w.WriteEndObject();
        }
        w.WriteStartObject("graftFailureByCause");
        Num(w, "rejection", GraftFailureByRejection);
        Num(w, "poorGraftFunction", GraftFailureByPoorFunction);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Engraftment(Utf8JsonWriter w, string name, EngraftmentSummary? e)
    {
        if (e is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteNumber("patients", e.Patients);
        w.WriteNumber("engrafted", e.Engrafted);
        w.WriteNumber("notApplicable", e.NotApplicable);
        Num(w, "medianDay", e.MedianDay);
        if (e.Ci95 is { } ci)
        {
            w.WriteStartArray("ci95");
            w.WriteNumberValue(ci.Lower);
            w.WriteNumberValue(ci.Upper);
            w.WriteEndArray();
        }
        else w.WriteNull("ci95");
        Points(w, "cumulativeIncidence", e.CumulativeIncidence);
        w.WriteEndObject();
    }

    private static void Points(Utf8JsonWriter w, string name, IReadOnlyList<TimepointEstimate> points)
    {
        w.WriteStartObject(name);
        foreach (var p in points) Num(w, p.Label, p.Value);
        w.WriteEndObject();
    }

    // Rounded to 6 decimals: the estimators' floating-point noise beyond that carries no information, and rounding
    // is deterministic, so the bytes stay identical for identical records.
    internal static void Num(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 6));
        else w.WriteNull(name);
    }
}
