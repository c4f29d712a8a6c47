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
        // Loops and arrays throughout, not LINQ: LINQ, value tuples and sorts over the library's structs and doubles are
        // generic code outside the library's precompiled (ReadyToRun) image, JIT-compiled in every process and run as
        // unoptimised tier-0 code (≈ 100 compilations; benchmarks/results/cohort.md, session 14). Medians are selected
        // (FiniteOrder.Quantile: the same order statistics as a sort, so the same bits). Same values, same order of sums.
        var outcomes = new PatientOutcome[n];
        var ages = new double[n];
        var weights = new double[n];
        int females = 0, graftedCount = 0, diseaseCount = 0;
        for (int i = 0; i < n; i++)
        {
            var record = records[i];
            var o = outcomes[i] = record.Outcome;
            ages[i] = record.Covariates.AgeYears;
            weights[i] = record.Covariates.WeightKg;
            if (record.Covariates.Sex == Physiology.BiologicalSex.Female) females++;
            if (o.Grafted) graftedCount++;
            if (o.HasDisease) diseaseCount++;
        }
        var grafted = new PatientOutcome[graftedCount];
        var withDisease = new PatientOutcome[diseaseCount];
        for (int i = 0, g = 0, w = 0; i < n; i++)
        {
            if (outcomes[i].Grafted) grafted[g++] = outcomes[i];
            if (outcomes[i].HasDisease) withDisease[w++] = outcomes[i];
        }
        double female = females / (double)n;

        TimepointEstimate[] Points(SurvivalObservation[] obs, string[] labels, int[] at, bool survival)
        {
            var points = new TimepointEstimate[labels.Length];
            if (obs.Length == 0)
            {
                for (int i = 0; i < points.Length; i++) points[i] = new TimepointEstimate(labels[i], at[i], null);
                return points;
            }
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
            for (int i = 0; i < points.Length; i++) points[i] = new TimepointEstimate(labels[i], at[i], at[i] <= days ? f(at[i]) : null);
            return points;
        }

        var engraftDays = new int[EngraftmentDays.Count];
        var engraftLabels = new string[engraftDays.Length];
        for (int i = 0; i < engraftDays.Length; i++)
        {
            engraftDays[i] = EngraftmentDays[i];
            engraftLabels[i] = "day" + engraftDays[i];
        }
        string[] yearLabels = ["year1", "year2", "year5"];
        int[] years = [365, 730, 1825];

        EngraftmentSummary? Engraftment(bool platelets, string purpose)
        {
            if (grafted.Length == 0) return null;
            int applies = 0;
            foreach (var o in grafted) if (CohortEndpoints.EngraftmentApplies(o, platelets)) applies++;
            var obs = new SurvivalObservation[applies];
            int engrafted = 0;
            for (int i = 0, j = 0; i < grafted.Length; i++)
            {
                if (!CohortEndpoints.EngraftmentApplies(grafted[i], platelets)) continue;
                obs[j] = CohortEndpoints.Engraftment(grafted[i], platelets);
                if (obs[j++].Cause == 1) engrafted++;
            }
            var engraftedDays = new double[engrafted];
            for (int i = 0, j = 0; i < obs.Length; i++) if (obs[i].Cause == 1) engraftedDays[j++] = obs[i].TimeDays;
            double? median = null;
            ConfidenceInterval? ci = null;
            if (engraftedDays.Length > 0)
            {
                median = SampleQuantiles.Median(engraftedDays);
                ci = engraftedDays.Length > 1
                    ? SampleQuantiles.BootstrapInterval(engraftedDays, 0.5, RandomStream.Create(seed, 0, purpose), BootstrapResamples)
                    : new ConfidenceInterval(median.Value, median.Value, 0.95);
            }
            return new EngraftmentSummary(obs.Length, engraftedDays.Length, median, ci, Points(obs, engraftLabels, engraftDays, survival: false))
            {
                NotApplicable = grafted.Length - obs.Length,
            };
        }

        static SurvivalObservation[] Observe(PatientOutcome[] of, Func<PatientOutcome, SurvivalObservation> endpoint)
        {
            var obs = new SurvivalObservation[of.Length];
            for (int i = 0; i < of.Length; i++) obs[i] = endpoint(of[i]);
            return obs;
        }

        static int Count(PatientOutcome[] of, Func<PatientOutcome, bool> predicate)
        {
            int count = 0;
            foreach (var o in of) if (predicate(o)) count++;
            return count;
        }

        var lymph = new List<LymphocyteRecoveryPoint>();
        var finite = new double[n];
        for (int d = 0; d < PatientRecord.LymphocyteDays.Count; d++)
        {
            int day = PatientRecord.LymphocyteDays[d];
            if (day > days) continue;
            var medians = new double?[4];
            int count = 0;
            for (int s = 0; s < 4; s++)
            {
                int m = 0;
                for (int i = 0; i < n; i++)
                {
                    double v = records[i].LymphocyteAt(d, s);
                    if (double.IsFinite(v)) finite[m++] = v;
                }
                count = Math.Max(count, m);
                medians[s] = m > 0 ? FiniteOrder.Quantile(finite.AsSpan(0, m), 0.5) : null;
            }
            lymph.Add(new LymphocyteRecoveryPoint(day, count, medians[0], medians[1], medians[2], medians[3]));
        }

        var redCells = new double[n];
        var platelets = new double[n];
        double redCellSum = 0, plateletSum = 0, infectionSum = 0;
        for (int i = 0; i < n; i++)
        {
            redCells[i] = outcomes[i].RedCellUnits;
            platelets[i] = outcomes[i].PlateletTransfusions;
            redCellSum += redCells[i];
            plateletSum += platelets[i];
            infectionSum += outcomes[i].Infections;
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
            GraftFailure = grafted.Length > 0 ? Count(grafted, o => o.PrimaryGraftFailure) / (double)grafted.Length : null,
            GraftFailureByRejection = grafted.Length > 0 ? Count(grafted, o => o.GraftFailureCause == Outcomes.GraftFailureCauses.Rejection) / (double)grafted.Length : null,
            GraftFailureByPoorFunction = grafted.Length > 0 ? Count(grafted, o => o.GraftFailureCause == Outcomes.GraftFailureCauses.PoorGraftFunction) / (double)grafted.Length : null,
            TreatmentRelatedMortality = Points(Observe(outcomes, CohortEndpoints.TreatmentRelatedDeath), ["day100", "year1"], [100, 365], false),
            OverallSurvival = Points(Observe(outcomes, CohortEndpoints.Death), yearLabels, years, true),
            Relapse = withDisease.Length > 0 ? Points(Observe(withDisease, CohortEndpoints.Relapse), yearLabels, years, false) : [],
            EventFreeSurvival = Points(Observe(outcomes, CohortEndpoints.EventFree), yearLabels, years, true),
            AcuteGvhd = Points(Observe(outcomes, o => CohortEndpoints.Gvhd(o, false)), ["day100"], [100], false),
            ChronicGvhd = Points(Observe(outcomes, o => CohortEndpoints.Gvhd(o, true)), ["year1", "year2"], [365, 730], false),
            AutoreactiveEradication = withDisease.Length > 0 ? Count(withDisease, o => o.AutoreactiveEradicationDay is not null) / (double)withDisease.Length : null,
            // A mean as Enumerable.Average computes it: the values summed in order, divided by their count.
            Transfusions = new TransfusionSummary(
                SampleQuantiles.Median(redCells),
                SampleQuantiles.Median(platelets),
                redCellSum / n,
                plateletSum / n),
            InfectionsMean = infectionSum / n,
            LymphocyteRecovery = lymph,
            DeathsByCause = CountDeaths(outcomes),
            Response = withDisease.Length == 0 ? null : new DiseaseResponseSummary(withDisease.Length,
                Count(withDisease, o => o.ResponseDay is not null), Count(withDisease, o => o.LossOfResponseDay is not null)),
        };
    }

    private static KeyValuePair<string, int>[] CountDeaths(PatientOutcome[] outcomes)
    {
        // The vocabulary's causes in order, then any other cause in order of first appearance (a linear search: a dozen
        // causes; a Dictionary<string, int> and LINQ over its pairs were JIT-compiled in every process).
        var order = new List<string>(DeathCauses.All);
        var counts = new int[order.Count + outcomes.Length];
        foreach (var o in outcomes)
        {
            if (o.DeathDay is null) continue;
            string cause = o.DeathCause ?? "unknown";
            int index = order.IndexOf(cause);
            if (index < 0)
            {
                index = order.Count;
                order.Add(cause);
            }
            counts[index]++;
        }
        var deaths = new KeyValuePair<string, int>[order.Count];
        for (int i = 0; i < deaths.Length; i++) deaths[i] = new KeyValuePair<string, int>(order[i], counts[i]);
        return deaths;
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
        // By index over the array FromRecords makes: a foreach through IReadOnlyList of a struct was generic code
        // JIT-compiled in every run.
        var deaths = DeathsByCause as KeyValuePair<string, int>[] ?? [.. DeathsByCause];
        for (int i = 0; i < deaths.Length; i++)
        {
            string cause = deaths[i].Key;
            int count = deaths[i].Value;
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
