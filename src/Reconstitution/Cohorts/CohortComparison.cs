using System.Text;
using System.Text.Json;
using Reconstitution.Analysis;
using Reconstitution.Outcomes;
using Reconstitution.Randomness;

namespace Reconstitution.Cohorts;

/// <summary>
/// Compares two cohorts run with the same seed and size (patient i has the same covariates and random streams in
/// both): differences of the main endpoints with paired bootstrap 95 % intervals, and log-rank tests. Immutable.
/// </summary>
/// <remarks>
/// Pairing: resampling patient indices jointly keeps each patient's two courses together, which is what common random
/// numbers make possible and gives narrower intervals than two independent bootstraps (Efron &amp; Tibshirani 1993,
/// ch. 13). Log-rank tests (Mantel 1966) compare neutrophil engraftment (death censored), overall survival, event-free
/// survival and, with disease, relapse (death censored). Endpoint definitions: docs/outputs.md.
/// </remarks>
public sealed class CohortComparison
{
    private const int Resamples = 400;

    private CohortComparison(CohortSummary first, CohortSummary second, IReadOnlyList<EndpointDifference> differences, IReadOnlyList<(string Name, LogRankResult Result)> tests)
    {
        First = first;
        Second = second;
        Differences = differences;
        LogRankTests = tests;
    }

    /// <summary>The first cohort's summary.</summary>
    public CohortSummary First { get; }

    /// <summary>The second cohort's summary.</summary>
    public CohortSummary Second { get; }

    /// <summary>Endpoint differences (second − first).</summary>
    public IReadOnlyList<EndpointDifference> Differences { get; }

    /// <summary>Log-rank tests by endpoint name: <c>neutrophilEngraftment</c>, <c>overallSurvival</c>, <c>eventFreeSurvival</c>, <c>relapse</c>.</summary>
    public IReadOnlyList<(string Name, LogRankResult Result)> LogRankTests { get; }

    /// <summary>Compares two cohorts' records.</summary>
    /// <param name="first">The first cohort's summary.</param>
    /// <param name="firstRecords">Its records, in index order.</param>
    /// <param name="second">The second cohort's summary.</param>
    /// <param name="secondRecords">Its records; as many as <paramref name="firstRecords"/> for the paired bootstrap.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">The cohorts have different numbers of patients or no patients.</exception>
    public static CohortComparison Compare(CohortSummary first, IReadOnlyList<PatientRecord> firstRecords, CohortSummary second, IReadOnlyList<PatientRecord> secondRecords)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(firstRecords);
        ArgumentNullException.ThrowIfNull(secondRecords);
        if (firstRecords.Count == 0 || firstRecords.Count != secondRecords.Count)
            throw new ArgumentException($"Parameter 'secondRecords' has {secondRecords.Count} patients and 'firstRecords' {firstRecords.Count}; allowed: the same number, at least one (a paired comparison).", nameof(secondRecords));
        int days = Math.Min(first.Days, second.Days);
        var a = firstRecords.Select(r => r.Outcome).ToArray();
        var b = secondRecords.Select(r => r.Outcome).ToArray();

        var endpoints = new List<(string Name, string Unit, Func<PatientOutcome[], double> Statistic)>
        {
            ("neutrophilEngraftmentMedianDay", "days", o => MedianDay(o, platelets: false)),
            ("plateletEngraftmentMedianDay", "days", o => MedianDay(o, platelets: true)),
            ("neutrophilEngraftmentByDay28", "probability", o => Incidence(o.Where(x => CohortEndpoints.EngraftmentApplies(x, false)), x => CohortEndpoints.Engraftment(x, false), 28)),
            ("graftFailure", "probability", o => o.Count(x => x.Grafted) is int g and > 0 ? o.Count(x => x.PrimaryGraftFailure) / (double)g : double.NaN),
            ("treatmentRelatedMortalityDay100", "probability", o => Incidence(o, CohortEndpoints.TreatmentRelatedDeath, 100)),
        };
        if (days >= 365)
        {
            endpoints.Add(("relapseYear1", "probability", o => Incidence(o.Where(x => x.HasDisease), CohortEndpoints.Relapse, 365)));
            endpoints.Add(("eventFreeSurvivalYear1", "probability", o => Survival(o, CohortEndpoints.EventFree, 365)));
            endpoints.Add(("overallSurvivalYear1", "probability", o => Survival(o, CohortEndpoints.Death, 365)));
        }

        var random = RandomStream.Create(first.Seed, 0, "comparison-bootstrap");
        int n = a.Length;
        var ra = new PatientOutcome[n];
        var rb = new PatientOutcome[n];
        var samples = endpoints.Select(_ => new List<double>(Resamples)).ToArray();
        for (int r = 0; r < Resamples; r++)
        {
            for (int i = 0; i < n; i++)
            {
                int k = random.Next(n);
                ra[i] = a[k];
                rb[i] = b[k];
            }
            for (int e = 0; e < endpoints.Count; e++)
            {
                double d = endpoints[e].Statistic(rb) - endpoints[e].Statistic(ra);
                if (double.IsFinite(d)) samples[e].Add(d);
            }
        }
        var differences = new List<EndpointDifference>();
        for (int e = 0; e < endpoints.Count; e++)
        {
            double sa = endpoints[e].Statistic(a), sb = endpoints[e].Statistic(b);
            double? fa = double.IsFinite(sa) ? sa : null, fb = double.IsFinite(sb) ? sb : null;
            double? diff = fa is not null && fb is not null ? sb - sa : null;
            ConfidenceInterval? ci = null;
            if (diff is not null && samples[e].Count >= 100)
            {
                var s = samples[e].ToArray();
                Array.Sort(s);
                ci = new ConfidenceInterval(SampleQuantiles.QuantileOfSorted(s, 0.025), SampleQuantiles.QuantileOfSorted(s, 0.975), 0.95);
            }
            differences.Add(new EndpointDifference(endpoints[e].Name, endpoints[e].Unit, fa, fb, diff, ci));
        }

        var tests = new List<(string, LogRankResult)>();
        void Test(string name, Func<PatientOutcome, SurvivalObservation> f, Func<PatientOutcome, bool> include)
        {
            var xa = a.Where(include).Select(f).ToArray();
            var xb = b.Where(include).Select(f).ToArray();
            if (xa.Length > 0 && xb.Length > 0 && xa.Concat(xb).Any(o => o.Cause != 0)) tests.Add((name, LogRankTest.Compare(xa, xb)));
        }
        Test("neutrophilEngraftment", o => CauseSpecific(CohortEndpoints.Engraftment(o, false)), o => CohortEndpoints.EngraftmentApplies(o, false));
        Test("overallSurvival", CohortEndpoints.Death, _ => true);
        Test("eventFreeSurvival", CohortEndpoints.EventFree, _ => true);
        Test("relapse", o => CauseSpecific(CohortEndpoints.Relapse(o)), o => o.HasDisease);
        return new CohortComparison(first, second, differences, tests);
    }

    /// <summary>The comparison as indented JSON (camelCase; documented in docs/outputs.md), ending in a newline.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("first", First.Protocol);
            w.WriteString("second", Second.Protocol);
            w.WriteStartObject("differences");
            foreach (var d in Differences)
            {
                w.WriteStartObject(d.Name);
                w.WriteString("unit", d.Unit);
                CohortSummary.Num(w, "first", d.First);
                CohortSummary.Num(w, "second", d.Second);
                CohortSummary.Num(w, "difference", d.Difference);
                if (d.Ci95 is { } ci)
                {
                    w.WriteStartArray("ci95");
                    w.WriteNumberValue(Math.Round(ci.Lower, 6));
                    w.WriteNumberValue(Math.Round(ci.Upper, 6));
                    w.WriteEndArray();
                }
                else w.WriteNull("ci95");
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("logRank");
            foreach (var (name, r) in LogRankTests)
            {
                w.WriteStartObject(name);
                CohortSummary.Num(w, "observedFirst", r.ObservedFirst);
                CohortSummary.Num(w, "expectedFirst", r.ExpectedFirst);
                CohortSummary.Num(w, "observedSecond", r.ObservedSecond);
                CohortSummary.Num(w, "expectedSecond", r.ExpectedSecond);
                CohortSummary.Num(w, "chiSquare", r.ChiSquare);
                CohortSummary.Num(w, "pValue", r.PValue);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WritePropertyName("firstSummary");
            First.WriteJson(w);
            w.WritePropertyName("secondSummary");
            Second.WriteJson(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static SurvivalObservation CauseSpecific(SurvivalObservation o) => o.Cause == 1 ? o : new(o.TimeDays, 0);

    private static double MedianDay(PatientOutcome[] o, bool platelets)
    {
        var days = new List<double>();
        foreach (var x in o)
        {
            if (!CohortEndpoints.EngraftmentApplies(x, platelets)) continue;
            var e = CohortEndpoints.Engraftment(x, platelets);
            if (e.Cause == 1) days.Add(e.TimeDays);
        }
        return days.Count == 0 ? double.NaN : SampleQuantiles.Median(days);
    }

    private static double Incidence(IEnumerable<PatientOutcome> o, Func<PatientOutcome, SurvivalObservation> f, int day)
    {
        var obs = o.Select(f).ToArray();
        return obs.Length == 0 ? double.NaN : CumulativeIncidenceCurve.Estimate(obs, 1).IncidenceAt(day);
    }

    private static double Survival(IEnumerable<PatientOutcome> o, Func<PatientOutcome, SurvivalObservation> f, int day)
    {
        var obs = o.Select(f).ToArray();
        return obs.Length == 0 ? double.NaN : KaplanMeierCurve.Estimate(obs).SurvivalAt(day);
    }
}
