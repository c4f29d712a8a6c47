using System.Text;
using System.Text.Json;
using Reconstitution.Output;
using Reconstitution.Physiology;

namespace Reconstitution.Forecasting;

/// <summary>
/// A patient-specific forecast: the model conditioned on a patient's observations, as distributions of the
/// engraftment days, graft failure, platelet-transfusion need and each readout's course, with the sampler's
/// diagnostics and a consistency verdict. Immutable and thread-safe. Made by <see cref="PatientForecaster.Run"/>.
/// </summary>
/// <remarks>Read <see cref="Consistency"/> first: when it says the data are inconsistent, the rest is not a forecast.</remarks>
public sealed class Forecast
{
    internal Forecast() { }

    /// <summary>The protocol's name.</summary>
    public required string Protocol { get; init; }

    /// <summary>The patient's covariates.</summary>
    public required PatientCovariates Covariates { get; init; }

    /// <summary>The observations conditioned on, in day order.</summary>
    public required IReadOnlyList<Observation> Observations { get; init; }

    /// <summary>The options used.</summary>
    public required ForecastOptions Options { get; init; }

    /// <summary>The sampler's tempering stages, in order.</summary>
    public required IReadOnlyList<ForecastStage> Stages { get; init; }

    /// <summary>Patient simulations run (inference and the final forecast to the horizon).</summary>
    public required int Simulations { get; init; }

    /// <summary>Kish's effective sample size of the final weighted particles.</summary>
    public required double EffectiveSampleSize { get; init; }

    /// <summary>Distinct particles (distinct pasts) in the final set: resampling duplicates particles, rejuvenation makes them distinct again, and every copy draws its own future.</summary>
    public required int DistinctParticles { get; init; }

    /// <summary>Share of the prior's particles alive on every observed day (compatible with the observations at all).</summary>
    public required double PriorCompatibleFraction { get; init; }

    /// <summary>The log of the estimated marginal likelihood of the observations under the model (densities in the measures' units).</summary>
    public required double LogEvidence { get; init; }

    /// <summary>Whether the data are consistent with the model; if not, why.</summary>
    public required ForecastConsistency Consistency { get; init; }

    /// <summary>The day of neutrophil engraftment (ASTCT: first of 3 days with ANC ≥ 0.5 ×10⁹/L).</summary>
    public required DayDistribution NeutrophilEngraftment { get; init; }

    /// <summary>The day of platelet engraftment (ASTCT: first of 3 days ≥ 20 ×10⁹/L without a transfusion in the 7 days before).</summary>
    public required DayDistribution PlateletEngraftment { get; init; }

    /// <summary>The probability of primary graft failure; null when the horizon is before day 42 or the protocol has no graft.</summary>
    public required double? GraftFailureProbability { get; init; }

    /// <summary>Days with a platelet transfusion, from conditioning to the horizon.</summary>
    public required CountDistribution PlateletTransfusionDays { get; init; }

    /// <summary>Days from day 0 to the horizon with platelets below 20 ×10⁹/L.</summary>
    public required CountDistribution DaysPlateletsBelow20 { get; init; }

    /// <summary>Percentile fans of ANC, platelets, haemoglobin, lymphocytes and every other observed measure.</summary>
    public required IReadOnlyList<ReadoutFan> Fans { get; init; }

    /// <summary>The last observed day.</summary>
    public int LastObservedDay => Observations[^1].Day;

    /// <summary>The forecast as indented JSON (camelCase keys, numbers rounded to 6 decimals, <c>null</c> where not estimable), ending in a newline; docs/outputs.md.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true })) Write(w);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("protocol", Protocol);
        w.WriteStartObject("patient");
        Num(w, "ageYears", Covariates.AgeYears);
        w.WriteString("sex", Covariates.Sex == BiologicalSex.Female ? "female" : "male");
        Num(w, "weightKg", Covariates.WeightKg);
        w.WriteString("disease", DiseaseNames.Of(Covariates.Disease));
        w.WriteEndObject();
        w.WriteNumber("observations", Observations.Count);
        w.WriteNumber("lastObservedDay", LastObservedDay);
        w.WriteNumber("particles", Options.Particles);
        w.WriteNumber("seed", Options.Seed);
        w.WriteNumber("horizonDays", Options.HorizonDays);

        w.WriteStartObject("consistency");
        w.WriteBoolean("consistent", Consistency.IsConsistent);
        w.WriteStartArray("problems");
        foreach (string p in Consistency.Problems) w.WriteStringValue(p);
        w.WriteEndArray();
        Num(w, "posteriorDeviance", Consistency.PosteriorDeviance);
        Num(w, "devianceLimit", Consistency.DevianceLimit);
        w.WriteStartObject("worstObservation");
        WriteObservation(w, Consistency.WorstObservation);
        Num(w, "pValue", Consistency.WorstObservationPValue);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("inference");
        w.WriteString("method", "likelihood-tempered SMC with Metropolis-Hastings rejuvenation (covariance-shaped random walk, Gaussian-fit independence proposals); one future per particle copy");
        w.WriteNumber("simulations", Simulations);
        Num(w, "effectiveSampleSize", EffectiveSampleSize);
        w.WriteNumber("distinctParticles", DistinctParticles);
        Num(w, "priorCompatibleFraction", PriorCompatibleFraction);
        Num(w, "logEvidence", LogEvidence);
        w.WriteStartArray("stages");
        foreach (var s in Stages)
        {
            w.WriteStartObject();
            Num(w, "temperature", s.Temperature);
            Num(w, "effectiveSampleSize", s.EffectiveSampleSize);
            Num(w, "acceptanceRate", s.AcceptanceRate);
            w.WriteNumber("simulations", s.Simulations);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        Days(w, "neutrophilEngraftment", NeutrophilEngraftment);
        Days(w, "plateletEngraftment", PlateletEngraftment);
        Num(w, "graftFailure", GraftFailureProbability);
        Counts(w, "plateletTransfusionDays", PlateletTransfusionDays);
        Counts(w, "daysPlateletsBelow20", DaysPlateletsBelow20);

        w.WriteStartArray("fans");
        foreach (var f in Fans)
        {
            w.WriteStartObject();
            w.WriteString("measure", MeasureNames.Of(f.Measure));
            w.WriteNumber("firstDay", f.Days[0]);
            Array(w, "p05", f.P05);
            Array(w, "p25", f.P25);
            Array(w, "p50", f.P50);
            Array(w, "p75", f.P75);
            Array(w, "p95", f.P95);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteObservation(Utf8JsonWriter w, Observation o)
    {
        w.WriteNumber("day", o.Day);
        w.WriteString("measure", MeasureNames.Of(o.Measure));
        Num(w, "value", o.Value);
        w.WriteString("censoring", o.Censoring switch { ObservationCensoring.Below => "below", ObservationCensoring.Above => "above", _ => "none" });
    }

    private static void Days(Utf8JsonWriter w, string name, DayDistribution d)
    {
        w.WriteStartObject(name);
        Num(w, "probability", d.Probability);
        Num(w, "median", d.Median);
        Num(w, "p05", d.Quantile(0.05));
        Num(w, "p25", d.Quantile(0.25));
        Num(w, "p75", d.Quantile(0.75));
        Num(w, "p95", d.Quantile(0.95));
        w.WriteStartArray("probabilityByDay");
        for (int day = 0; day <= d.HorizonDays; day++) w.WriteNumberValue(Math.Round(d.ProbabilityBy(day), 6));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Counts(Utf8JsonWriter w, string name, CountDistribution c)
    {
        w.WriteStartObject(name);
        Num(w, "mean", c.Mean);
        w.WriteNumber("median", c.Median);
        w.WriteNumber("p05", c.Quantile(0.05));
        w.WriteNumber("p95", c.Quantile(0.95));
        Num(w, "probabilityNone", c.ProbabilityZero);
        w.WriteEndObject();
    }

    private static void Array(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            if (double.IsFinite(v)) w.WriteNumberValue(Math.Round(v, 6));
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    private static void Num(Utf8JsonWriter w, string name, double? value) => Cohorts.CohortSummary.Num(w, name, value);
}
