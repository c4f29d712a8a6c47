using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Protocols;

namespace Reconstitution.Cli;

/// <summary>
/// <c>shard.json</c>: what one shard ran and wrote (docs/outputs.md §shard.json). Written last, atomically, so its presence
/// means the shard finished. <see cref="Study"/> holds what every shard of one study must share. Immutable.
/// </summary>
internal sealed record ShardManifest
{
    public const string FileName = "shard.json";
    public const string Format = "reconstitution-shard/2";

    /// <summary>The largest shard count and patient count a manifest may state (the cohort command's --patients limit).</summary>
    public const int MaxPatients = 10_000_000;

    private const int MaxManifestBytes = 1 << 20;

    public required int Shard { get; init; }
    public required int Shards { get; init; }
    public required int FirstPatient { get; init; }
    public required int PatientCount { get; init; }
    public required int Records { get; init; }
    public required bool Complete { get; init; }
    public required string PatientsCsvSha256 { get; init; }

    /// <summary>Name → value (as text) of what must be equal across shards: seed, patients, days, protocol, its fingerprint, covariates, version.</summary>
    public required IReadOnlyDictionary<string, string> Study { get; init; }

    public string Protocol => Study["protocol"];

    public int Patients => int.Parse(Study["patients"], CultureInfo.InvariantCulture);

    public int Days => int.Parse(Study["days"], CultureInfo.InvariantCulture);

    public ulong Seed => ulong.Parse(Study["seed"], CultureInfo.InvariantCulture);

    /// <summary>The disease id in the study's covariates (<c>disease=ms;…</c>).</summary>
    public string Disease => Study["covariates"].Split(';')[0].Split('=') is ["disease", var d] ? d : "";

    /// <summary>
    /// SHA-256 of every other field in a fixed text form: an edit to any field of shard.json (a study key, the patient range,
    /// the checksum of patients.csv) no longer matches it. It catches edits and corruption, not a forger who recomputes it.
    /// </summary>
    public string Seal
    {
        get
        {
            var inv = CultureInfo.InvariantCulture;
            var text = new StringBuilder()
                .Append(string.Create(inv, $"{Format}\n{Shard}\n{Shards}\n{FirstPatient}\n{PatientCount}\n{Records}\n{Complete}\n{PatientsCsvSha256}\n"));
            foreach (var (k, v) in Study) text.Append(k).Append('=').Append(v).Append('\n');
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }

    public static IReadOnlyDictionary<string, string> StudyOf(CohortSpecification spec)
    {
        var inv = CultureInfo.InvariantCulture;
        var c = spec.Covariates;
        string covariates = string.Create(inv,
            $"disease={DiseaseNames.Of(c.Disease)};age={c.AgeMeanYears:R}±{c.AgeSdYears:R}[{c.AgeMinYears:R},{c.AgeMaxYears:R}];female={c.FemaleFraction:R};weight={c.WeightMedianKg:R}×exp({c.WeightLogSd:R})[{c.WeightMinKg:R},{c.WeightMaxKg:R}]");
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed"] = spec.Seed.ToString(inv),
            ["patients"] = spec.Patients.ToString(inv),
            ["days"] = spec.Days.ToString(inv),
            ["protocol"] = spec.Protocol.Name,
            ["protocolSha256"] = ProtocolFingerprint(spec.Protocol),
            ["covariates"] = covariates,
            ["version"] = LibraryVersion,
        };
    }

    /// <summary>The library's informational version (with the commit when built from git).</summary>
    public static string LibraryVersion { get; } =
        typeof(Cohort).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Cohort).Assembly.GetName().Version?.ToString() ?? "unknown";

    // SHA-256 of the protocol's canonical JSON (what 'protocols --show' prints), so a protocol file edited between shards
    // is caught even if its name is unchanged.
    private static string ProtocolFingerprint(IProtocol protocol)
    {
        string text = protocol is DefinedProtocol d ? ProtocolFile.Write(d.Definition) : protocol.GetType().FullName + ":" + protocol.Name;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static string Sha256OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("shard", Shard);
            w.WriteNumber("shards", Shards);
            w.WriteNumber("firstPatient", FirstPatient);
            w.WriteNumber("patientCount", PatientCount);
            w.WriteNumber("records", Records);
            w.WriteBoolean("complete", Complete);
            w.WriteString("patientsCsvSha256", PatientsCsvSha256);
            w.WriteStartObject("study");
            foreach (var (k, v) in Study) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteString("sealSha256", Seal);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads a manifest; a malformed one is a <see cref="UsageException"/> naming the file.</summary>
    public static ShardManifest Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxManifestBytes)
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"'{path}': not a shard manifest ({info.Length} bytes; a manifest has under {MaxManifestBytes} bytes)."));
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("format", out var f) || f.GetString() != Format)
                throw new UsageException($"'{path}': not a shard manifest (expected \"format\": \"{Format}\").");
            var study = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in r.GetProperty("study").EnumerateObject()) study[p.Name] = p.Value.GetString() ?? "";
            foreach (string key in new[] { "seed", "patients", "days", "protocol", "protocolSha256", "covariates", "version" })
                if (!study.ContainsKey(key)) throw new UsageException($"'{path}': the study has no \"{key}\".");
            var m = new ShardManifest
            {
                Shard = r.GetProperty("shard").GetInt32(),
                Shards = r.GetProperty("shards").GetInt32(),
                FirstPatient = r.GetProperty("firstPatient").GetInt32(),
                PatientCount = r.GetProperty("patientCount").GetInt32(),
                Records = r.GetProperty("records").GetInt32(),
                Complete = r.GetProperty("complete").GetBoolean(),
                PatientsCsvSha256 = r.GetProperty("patientsCsvSha256").GetString() ?? "",
                Study = study,
            };
            _ = m.Seed; // parses
            // Bounds before anything is sized by these numbers (a manifest saying "shards": 2147483647 is refused here).
            int patients = m.Patients;
            string Range(string name, long value, long min, long max) => value >= min && value <= max ? ""
                : string.Create(CultureInfo.InvariantCulture, $"{name} {value} is outside {min} to {max}");
            string fault = new[]
            {
                Range("study.patients", patients, 1, MaxPatients),
                Range("study.days", m.Days, 1, 36_500),
                Range("shards", m.Shards, 1, Math.Max(1, patients)),
                Range("shard", m.Shard, 0, m.Shards - 1L),
                Range("firstPatient", m.FirstPatient, 0, patients),
                Range("patientCount", m.PatientCount, 0, patients - (long)m.FirstPatient),
                Range("records", m.Records, 0, m.PatientCount),
            }.FirstOrDefault(f => f.Length > 0) ?? "";
            if (fault.Length > 0) throw new UsageException($"'{path}': not a valid shard manifest: {fault}.");
            string seal = r.TryGetProperty("sealSha256", out var sealElement) ? sealElement.GetString() ?? "" : "";
            if (seal != m.Seal)
                throw new UsageException($"'{path}' was edited or corrupted after the shard finished (its sealSha256 does not match its fields); re-run that shard.");
            return m;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new UsageException($"'{path}': not a valid shard manifest: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }
}
