using System.Globalization;
using System.Text;
using System.Text.Json;
using Reconstitution.Cohorts;
using Reconstitution.Protocols;

namespace Reconstitution.Sensitivity;

/// <summary>
/// The parameters a sensitivity analysis varies and their distributions: built in C# or read from a small JSON file
/// (docs/sensitivity.md §Parameter space). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// File format: <c>{ "parameters": [ { "name": "homingEfficiency", "distribution": "uniform", "min": 0.1, "max": 1 }, … ] }</c>
/// with <c>distribution</c> one of <c>uniform</c>, <c>logUniform</c> (min, max), <c>normal</c> (mean, sd),
/// <c>truncatedNormal</c> (mean, sd, min, max). A parameter given by name only takes its catalogue range
/// (<see cref="UncertainParameter.OverPlausibleRange"/>). Comments and trailing commas are allowed.
/// </remarks>
public sealed class ParameterSpace
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Kinds = ["uniform", "logUniform", "normal", "truncatedNormal"];

    /// <summary>Creates a space.</summary>
    /// <param name="parameters">One or more parameters, each named once.</param>
    /// <exception cref="ArgumentException">No parameters, or a parameter twice.</exception>
    public ParameterSpace(IEnumerable<UncertainParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
        if (Parameters.Count == 0) throw new ArgumentException("A parameter space needs at least one parameter.", nameof(parameters));
        var twice = Parameters.GroupBy(p => p.Parameter.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"Parameter '{twice.Key}' appears twice in the parameter space; name each once.", nameof(parameters));
    }

    /// <summary>The parameters, in the order of the design's coordinates.</summary>
    public IReadOnlyList<UncertainParameter> Parameters { get; }

    /// <summary>The parameter values of a design point (one cumulative probability per parameter).</summary>
    /// <param name="probabilities">The point's coordinates in (0, 1).</param>
    /// <returns>The values, in each parameter's unit (whole numbers rounded).</returns>
    public double[] Values(IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count != Parameters.Count)
            throw new ArgumentException($"A point of this space has {Parameters.Count} coordinates; {probabilities.Count} were given.", nameof(probabilities));
        var v = new double[Parameters.Count];
        for (int i = 0; i < v.Length; i++)
        {
            double x = Parameters[i].Distribution.Quantile(probabilities[i]);
            v[i] = Parameters[i].Parameter.IsInteger ? Math.Round(x) : x;
        }
        return v;
    }

    /// <summary>The cohort with every parameter set to its value.</summary>
    /// <param name="specification">The base cohort.</param>
    /// <param name="values">One value per parameter.</param>
    /// <returns>The changed cohort.</returns>
    public CohortSpecification Apply(CohortSpecification specification, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(values);
        for (int i = 0; i < Parameters.Count; i++) specification = Parameters[i].Parameter.Apply(specification, values[i]);
        return specification;
    }

    /// <summary>The space as JSON in the file format (every distribution explicit), ending in a newline.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("parameters");
            foreach (var p in Parameters)
            {
                var d = p.Distribution;
                w.WriteStartObject();
                w.WriteString("name", p.Parameter.Name);
                w.WriteString("distribution", Kinds[(int)d.Kind]);
                if (d.Kind is DistributionKind.Normal or DistributionKind.TruncatedNormal)
                {
                    w.WriteNumber("mean", d.Mean);
                    w.WriteNumber("sd", d.StandardDeviation);
                }
                if (d.Kind != DistributionKind.Normal)
                {
                    w.WriteNumber("min", d.Minimum);
                    w.WriteNumber("max", d.Maximum);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads a parameter-space file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The space.</returns>
    /// <exception cref="ParameterSpaceException">The file is malformed or a value is invalid (message with file, line, column and field).</exception>
    public static ParameterSpace Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllBytes(path), Path.GetFileName(path));
    }

    /// <summary>Parses parameter-space JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">A label for messages, such as the file name.</param>
    /// <returns>The space.</returns>
    /// <exception cref="ParameterSpaceException">The text is malformed or a value is invalid.</exception>
    public static ParameterSpace Parse(string json, string sourceName = "space")
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), sourceName);
    }

    private static ParameterSpace Parse(byte[] utf8, string source)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, options);
        }
        catch (JsonException ex)
        {
            string message = ex.Message;
            int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new ParameterSpaceException(source, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, "",
                "malformed JSON: " + (cut > 0 ? message[..cut] : message), ex);
        }
        using (document)
        {
            var map = JsonSourceMap.Build(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            ParameterSpaceException Error(string field, string problem)
            {
                var (line, column) = map.PositionOf(field);
                return new ParameterSpaceException(source, line, column, field, problem);
            }
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Error("", "the file must hold a JSON object { \"parameters\": [ … ] }.");
            foreach (var property in root.EnumerateObject())
                if (property.Name != "parameters") throw Error(property.Name, "unknown field; the only field is 'parameters'.");
            if (!root.TryGetProperty("parameters", out var array) || array.ValueKind != JsonValueKind.Array)
                throw Error("parameters", "'parameters' must be an array of { \"name\": …, \"distribution\": …, … } objects.");
            var list = new List<UncertainParameter>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            int index = 0;
            foreach (var item in array.EnumerateArray())
            {
                string at = string.Create(Inv, $"parameters[{index++}]");
                list.Add(ReadParameter(item, at, Error));
                if (!seen.Add(list[^1].Parameter.Name)) throw Error(at + ".name", $"parameter '{list[^1].Parameter.Name}' appears twice; name each once.");
            }
            if (list.Count == 0) throw Error("parameters", "the list is empty; name at least one parameter (see 'reconstitution sensitivity --list').");
            return new ParameterSpace(list);
        }
    }

    private static UncertainParameter ReadParameter(JsonElement item, string at, Func<string, string, ParameterSpaceException> error)
    {
        if (item.ValueKind != JsonValueKind.Object) throw error(at, "each parameter must be an object { \"name\": …, \"distribution\": …, … }.");
        string[] fields = ["name", "distribution", "min", "max", "mean", "sd"];
        foreach (var property in item.EnumerateObject())
            if (!fields.Contains(property.Name)) throw error($"{at}.{property.Name}", $"unknown field; allowed: {string.Join(", ", fields)}.");
        if (!item.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            throw error(at, "'name' is required: a parameter name from 'reconstitution sensitivity --list'.");
        string name = nameElement.GetString()!;
        var parameter = ParameterCatalogue.Find(name);
        if (parameter is null)
        {
            var near = ParameterCatalogue.Suggestions(name);
            string hint = near.Count > 0 ? $" Did you mean {string.Join(", ", near.Select(n => "'" + n + "'"))}?" : "";
            throw error(at + ".name", $"unknown parameter '{name}'.{hint} 'reconstitution sensitivity --list' lists every parameter.");
        }
        double? Number(string field)
        {
            if (!item.TryGetProperty(field, out var e)) return null;
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double v) || !double.IsFinite(v))
                throw error($"{at}.{field}", $"'{field}' must be a finite number.");
            return v;
        }
        double? min = Number("min"), max = Number("max"), mean = Number("mean"), sd = Number("sd");
        string? kind = null;
        if (item.TryGetProperty("distribution", out var k))
        {
            kind = k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (kind is null || !Kinds.Contains(kind))
                throw error(at + ".distribution", $"unknown distribution; use one of: {string.Join(", ", Kinds)}.");
        }
        if (kind is null && min is null && max is null && mean is null && sd is null) return UncertainParameter.OverPlausibleRange(parameter);
        kind ??= mean is null ? "uniform" : min is null ? "normal" : "truncatedNormal";
        string[] needed = kind switch { "uniform" or "logUniform" => ["min", "max"], "normal" => ["mean", "sd"], _ => ["mean", "sd", "min", "max"] };
        foreach (string f in needed)
            if (!item.TryGetProperty(f, out _)) throw error(at, $"a {kind} distribution needs '{f}' (it needs {string.Join(", ", needed)}).");
        foreach (string f in fields[2..])
            if (!needed.Contains(f) && item.TryGetProperty(f, out _)) throw error($"{at}.{f}", $"a {kind} distribution has no '{f}'; it takes {string.Join(", ", needed)}.");
        try
        {
            var d = kind switch
            {
                "uniform" => ParameterDistribution.Uniform(min!.Value, max!.Value),
                "logUniform" => ParameterDistribution.LogUniform(min!.Value, max!.Value),
                "normal" => ParameterDistribution.Normal(mean!.Value, sd!.Value),
                _ => ParameterDistribution.TruncatedNormal(mean!.Value, sd!.Value, min!.Value, max!.Value),
            };
            return new UncertainParameter(parameter, d);
        }
        catch (ArgumentException ex)
        {
            string field = ex.ParamName switch { "minimum" => "min", "maximum" => "max", "standardDeviation" => "sd", "mean" => "mean", _ => "" };
            throw error(field.Length == 0 ? at : $"{at}.{field}", $"{parameter.Name}: {FirstSentence(ex)}");
        }
    }

    // ArgumentException.Message appends " (Parameter 'x')" and, for ArgumentOutOfRangeException, the actual value on a new line.
    internal static string FirstSentence(ArgumentException ex)
    {
        string m = ex.Message.Split('\n')[0].TrimEnd('\r');
        int cut = m.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? m[..cut] : m;
    }
}
