using System.Text;
using System.Text.Json;
using Reconstitution.Output;

namespace Reconstitution.Sensitivity;

/// <summary>
/// The result of a <see cref="SensitivityStudy"/>: every index with its interval and noise share, and each endpoint's
/// variance split into parameter-driven and noise parts. Writes <c>sensitivity.csv</c> and <c>sensitivity.json</c>
/// (docs/outputs.md). Immutable; the same outputs always give the same bytes.
/// </summary>
/// <remarks>What <see cref="SensitivityStudy"/> returns, for one run or for merged shards; read <see cref="SensitivityIndex"/> rows for rankings and <see cref="EndpointVariance"/> to judge whether an endpoint varied beyond noise at all.</remarks>
public sealed class SensitivityResult
{
    internal SensitivityResult(SensitivityStudy study, IReadOnlyList<EndpointVariance> endpoints, IReadOnlyList<SensitivityIndex> indices)
    {
        Study = study;
        Endpoints = endpoints;
        Indices = indices;
    }

    /// <summary>The study.</summary>
    public SensitivityStudy Study { get; }

    /// <summary>Per endpoint: mean, variance over the design, noise variance and noise share.</summary>
    public IReadOnlyList<EndpointVariance> Endpoints { get; }

    /// <summary>Every index: per endpoint, per parameter, muStar/mu/sigma (Morris) or S1/ST (Sobol).</summary>
    public IReadOnlyList<SensitivityIndex> Indices { get; }

    /// <summary>The index of a parameter for an endpoint.</summary>
    /// <param name="endpoint">The endpoint's name.</param>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="index">muStar, mu, sigma, S1 or ST.</param>
    /// <returns>The index.</returns>
    /// <exception cref="KeyNotFoundException">No such index.</exception>
    public SensitivityIndex Get(string endpoint, string parameter, string index) =>
        Indices.FirstOrDefault(i => i.Endpoint == endpoint && i.Parameter == parameter && i.Index == index)
        ?? throw new KeyNotFoundException($"No index '{index}' of parameter '{parameter}' for endpoint '{endpoint}'.");

    /// <summary>The CSV columns of <see cref="ToCsv"/>.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["endpoint", "parameter", "index", "value", "standardError", "ci95Low", "ci95High", "noiseFloor", "noiseShare"];

    /// <summary><c>sensitivity.csv</c>: one row per index (columns <see cref="CsvColumns"/>; empty cells for NaN).</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', CsvColumns).Append('\n');
        foreach (var i in Indices)
        {
            sb.AppendJoin(',', [i.Endpoint, i.Parameter, i.Index, Cell(i.Value), Cell(i.StandardError), Cell(i.CiLower), Cell(i.CiUpper),
                Cell(i.NoiseFloor), Cell(i.NoiseShare)]).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary><c>sensitivity.json</c>: the study (method, design, parameters, endpoints with variances) and every index.</summary>
    /// <returns>Indented JSON ending in a newline.</returns>
    public string ToJson()
    {
        var s = Study;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("protocol", s.Baseline.Protocol.Name);
            w.WriteString("method", s.Design.Method == SensitivityMethod.Morris ? "morris" : "sobol");
            w.WriteNumber("samples", s.Design.Samples);
            if (s.Design.Method == SensitivityMethod.Morris)
            {
                w.WriteNumber("levels", s.Design.Levels);
                w.WriteNumber("candidates", s.Design.Candidates);
            }
            w.WriteNumber("designPoints", s.Design.Count);
            w.WriteNumber("patientsPerPoint", s.Baseline.Patients);
            w.WriteNumber("seed", s.Baseline.Seed);
            w.WriteNumber("days", s.Baseline.Days);
            w.WriteNumber("noiseReplicates", s.NoiseReplicates);
            w.WriteNumber("noisePoints", s.NoisePoints);
            w.WriteStartArray("parameters");
            foreach (var p in s.Space.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Parameter.Name);
                w.WriteString("unit", p.Parameter.Unit);
                w.WriteString("distribution", p.Distribution.ToString());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("endpoints");
            foreach (var e in Endpoints)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Endpoint);
                w.WriteString("unit", e.Unit);
                w.WriteNumber("undefinedPoints", e.UndefinedPoints);
                Number(w, "mean", e.Mean);
                Number(w, "variance", e.Variance);
                Number(w, "parameterVariance", e.ParameterVariance);
                Number(w, "noiseVariance", e.NoiseVariance);
                Number(w, "noiseShare", e.NoiseShare);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("indices");
            foreach (var i in Indices)
            {
                w.WriteStartObject();
                w.WriteString("endpoint", i.Endpoint);
                w.WriteString("parameter", i.Parameter);
                w.WriteString("index", i.Index);
                Number(w, "value", i.Value);
                Number(w, "standardError", i.StandardError);
                Number(w, "ci95Low", i.CiLower);
                Number(w, "ci95High", i.CiUpper);
                Number(w, "noiseFloor", i.NoiseFloor);
                Number(w, "noiseShare", i.NoiseShare);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary><c>sensitivity.svg</c>: a tornado chart per endpoint (μ* or ST with 95 % intervals, S1 dots, noise floor).</summary>
    /// <returns>The SVG text.</returns>
    public string ToSvg() => SensitivityChart.ToSvg(this);

    private static string Cell(double v) => double.IsFinite(v) ? CsvFormat.Exact(v) : "";

    private static void Number(Utf8JsonWriter w, string name, double v) => JsonNumber.Write(w, name, v);
}
