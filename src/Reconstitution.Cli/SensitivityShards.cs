using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Protocols;
using Reconstitution.Sensitivity;

namespace Reconstitution.Cli;

/// <summary>
/// The files of a sensitivity run: <c>points.csv</c> (parameter values and endpoint values of each point, exact), the shard
/// manifest <c>sensitivity-shard.json</c> (everything needed to rebuild the study, written last), and the merge of shards into
/// the outputs of one unsharded run (<c>sensitivity --merge</c>).
/// </summary>
internal static class SensitivityShards
{
    public const string ManifestName = "sensitivity-shard.json";
    public const string Format = "reconstitution-sensitivity-shard/1";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What a study is, as a manifest stores it: enough to rebuild it exactly.</summary>
    public sealed record StudyDefinition(string ProtocolJson, string SpaceJson, SensitivityMethod Method, int Samples, int Levels, int Candidates, int Patients, ulong Seed,
        int Days, string Disease, int Replicates, int NoisePoints, IReadOnlyList<string> Endpoints)
    {
        public static StudyDefinition Of(SensitivityStudy s, DefinedProtocol protocol) => new(
            ProtocolFile.Write(protocol.Definition), s.Space.ToJson(), s.Design.Method, s.Design.Samples, s.Design.Levels, s.Design.Candidates, s.Baseline.Patients, s.Baseline.Seed,
            s.Baseline.Days, DiseaseNames.Of(s.Baseline.Covariates.Disease), s.NoiseReplicates, s.NoisePoints, [.. s.Endpoints.Select(e => e.Name)]);

        public SensitivityStudy Build(int threads)
        {
            var protocol = new DefinedProtocol(ProtocolFile.Parse(ProtocolJson, "manifest protocol"));
            var space = ParameterSpace.Parse(SpaceJson, "manifest space");
            DiseaseNames.TryParse(Disease, out var disease);
            var baseline = new CohortSpecification(protocol)
            {
                Patients = Patients, Seed = Seed, Days = Days, Threads = threads,
                Covariates = CovariateDistribution.Default with { Disease = disease },
            };
            var design = Method == SensitivityMethod.Morris
                ? SensitivityDesign.Morris(space.Parameters.Count, Samples, Seed, Levels, Candidates)
                : SensitivityDesign.Sobol(space.Parameters.Count, Samples);
            return new SensitivityStudy(baseline, space, design, [.. Endpoints.Select(e => SensitivityEndpoint.Find(e)!)], Replicates, NoisePoints);
        }
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The manifest JSON.</summary>
    public static string ManifestJson(StudyDefinition d, Shard shard, int points, string sha256)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("shard", shard.Index);
            w.WriteNumber("shards", shard.Count);
            w.WriteNumber("firstPoint", shard.First);
            w.WriteNumber("pointCount", shard.Size);
            w.WriteNumber("points", points);
            w.WriteString("pointsCsvSha256", sha256);
            w.WriteStartObject("study");
            w.WriteString("method", d.Method == SensitivityMethod.Morris ? "morris" : "sobol");
            w.WriteNumber("samples", d.Samples);
            w.WriteNumber("levels", d.Levels);
            w.WriteNumber("candidates", d.Candidates);
            w.WriteNumber("patients", d.Patients);
            w.WriteString("seed", d.Seed.ToString(Inv));
            w.WriteNumber("days", d.Days);
            w.WriteString("disease", d.Disease);
            w.WriteNumber("replicates", d.Replicates);
            w.WriteNumber("noisePoints", d.NoisePoints);
            w.WriteString("endpoints", string.Join(',', d.Endpoints));
            w.WriteString("protocol", d.ProtocolJson);
            w.WriteString("space", d.SpaceJson);
            w.WriteString("version", typeof(SensitivityStudy).Assembly.GetName().Version?.ToString() ?? "unknown");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private sealed record Found(string Dir, int Shard, int Shards, int First, int Count, int Points, string Sha256, string StudyKey, StudyDefinition Study);

    private static Found ReadManifest(string dir)
    {
        string path = Path.Combine(dir, ManifestName);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != Format) throw new UsageException($"sensitivity --merge: '{path}' is not a sensitivity shard manifest ({Format}).");
            var s = r.GetProperty("study");
            var method = s.GetProperty("method").GetString() == "morris" ? SensitivityMethod.Morris : SensitivityMethod.Sobol;
            var study = new StudyDefinition(s.GetProperty("protocol").GetString()!, s.GetProperty("space").GetString()!, method, s.GetProperty("samples").GetInt32(),
                s.GetProperty("levels").GetInt32(), s.GetProperty("candidates").GetInt32(), s.GetProperty("patients").GetInt32(), ulong.Parse(s.GetProperty("seed").GetString()!, Inv), s.GetProperty("days").GetInt32(),
                s.GetProperty("disease").GetString()!, s.GetProperty("replicates").GetInt32(), s.GetProperty("noisePoints").GetInt32(),
                s.GetProperty("endpoints").GetString()!.Split(','));
            return new Found(dir, r.GetProperty("shard").GetInt32(), r.GetProperty("shards").GetInt32(), r.GetProperty("firstPoint").GetInt32(),
                r.GetProperty("pointCount").GetInt32(), r.GetProperty("points").GetInt32(), r.GetProperty("pointsCsvSha256").GetString()!, s.GetRawText(), study);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"sensitivity --merge: '{path}' is not a valid sensitivity shard manifest: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Whether the folders hold sensitivity shards (so that <c>reconstitution merge</c> hands them to <see cref="Merge"/>).</summary>
    public static bool Recognises(IReadOnlyList<string> dirs) =>
        dirs.Any(d => Directory.Exists(d) && (File.Exists(Path.Combine(d, ManifestName))
            || Directory.GetDirectories(d, "shard-*").Any(sub => File.Exists(Path.Combine(sub, ManifestName)))));

    /// <summary>Merges shard folders (or folders holding shard-* folders) and writes the outputs of one unsharded run.</summary>
    public static (SensitivityResult Result, string Dir) Merge(CliApp app, IReadOnlyList<string> dirs, string outText, int threads)
    {
        var found = new List<Found>();
        foreach (string d in dirs)
        {
            if (!Directory.Exists(d)) throw new UsageException($"sensitivity --merge: the folder '{d}' does not exist.");
            if (File.Exists(Path.Combine(d, ManifestName))) { found.Add(ReadManifest(d)); continue; }
            var subs = Directory.GetDirectories(d, "shard-*").Order(StringComparer.Ordinal).ToArray();
            if (subs.Length == 0) throw new UsageException($"sensitivity --merge: '{d}' has no {ManifestName} and no shard-* folders; pass shard folders or the --out folder of the shard runs.");
            foreach (string sub in subs)
            {
                if (!File.Exists(Path.Combine(sub, ManifestName)))
                    throw new UsageException($"sensitivity --merge: '{sub}' has no {ManifestName}: that shard did not finish; re-run it, then merge again.");
                found.Add(ReadManifest(sub));
            }
        }
        // Real paths (symbolic links resolved): opening --out as a run folder removes its points.csv and manifest.
        foreach (var f in found)
            if (RealPath.Same(f.Dir, outText))
                throw new UsageException($"sensitivity --merge: --out '{outText}' is the shard folder '{f.Dir}'; choose another folder.");
        var a = found[0];
        var slots = new Found?[a.Shards];
        foreach (var f in found)
        {
            if (f.StudyKey != a.StudyKey) throw new UsageException($"sensitivity --merge: '{f.Dir}' is from another study than '{a.Dir}' (protocol, space, method, samples, patients, seed, days or version differ).");
            if (f.Shards != a.Shards) throw new UsageException(string.Create(Inv, $"sensitivity --merge: '{f.Dir}' is one of {f.Shards} shards but '{a.Dir}' one of {a.Shards}; merge shards of one split."));
            if (f.Shard < 0 || f.Shard >= f.Shards) throw new UsageException(string.Create(Inv, $"sensitivity --merge: '{f.Dir}': shard {f.Shard} is outside 0 to {f.Shards - 1}."));
            if (slots[f.Shard] is { } dup) throw new UsageException(string.Create(Inv, $"sensitivity --merge: shard {f.Shard}/{f.Shards} appears twice: '{dup.Dir}' and '{f.Dir}'."));
            var expected = new Shard(f.Shard, f.Shards, f.Points);
            if (f.First != expected.First || f.Count != expected.Size)
                throw new UsageException(string.Create(Inv, $"sensitivity --merge: '{f.Dir}': shard {f.Shard}/{f.Shards} covers points {f.First} (+{f.Count}) but should cover {expected.First} (+{expected.Size})."));
            slots[f.Shard] = f;
        }
        var missing = Enumerable.Range(0, a.Shards).Where(k => slots[k] is null).ToArray();
        if (missing.Length > 0)
            throw new UsageException(string.Create(Inv, $"sensitivity --merge: {missing.Length} of {a.Shards} shards missing (shard {string.Join(", ", missing.Take(10))}); re-run them (e.g. --shard {missing[0]}/{a.Shards}) and merge again."));
        var study = a.Study.Build(threads);
        var outputs = new List<double[]>(study.PointCount);
        foreach (var f in slots)
        {
            string csv = Path.Combine(f!.Dir, "points.csv");
            if (!File.Exists(csv)) throw new UsageException($"sensitivity --merge: '{f.Dir}' has {ManifestName} but no points.csv; re-run shard {f.Shard}/{f.Shards}.");
            if (Sha256(csv) != f.Sha256) throw new UsageException($"sensitivity --merge: '{csv}' was changed after the shard finished (its SHA-256 differs from the manifest); re-run shard {f.Shard}/{f.Shards}.");
            try
            {
                outputs.AddRange(SensitivityPointsCsv.ReadOutputs(File.ReadAllText(csv), study, f.First, f.Count));
            }
            catch (FormatException ex)
            {
                throw new UsageException($"sensitivity --merge: '{csv}': {ex.Message}");
            }
        }
        var result = study.Analyse(outputs);
        using var folder = RunFolder.Open(app, outText, "sensitivity --merge");
        WriteOutputs(folder, result, outputs);
        folder.Finish();
        return (result, folder.Dir);
    }

    /// <summary>Writes sensitivity.csv, sensitivity.json, sensitivity.svg and points.csv into a run folder (each atomically).</summary>
    public static void WriteOutputs(RunFolder folder, SensitivityResult result, IReadOnlyList<double[]> outputs)
    {
        folder.WriteText("points.csv", SensitivityPointsCsv.Format(result.Study, 0, outputs));
        folder.WriteText("sensitivity.csv", result.ToCsv());
        folder.WriteText("sensitivity.json", result.ToJson());
        folder.WriteText("sensitivity.svg", result.ToSvg());
    }
}
