using System.Globalization;
using System.Text;
using System.Text.Json;
using Reconstitution.Output;

namespace Reconstitution.Cli;

/// <summary>
/// An output folder that belongs to one run (docs/outputs.md §Run folder). Opening it takes the folder's <see cref="RunLock"/>,
/// removes the files of an earlier run (those its <c>run.json</c> lists, every file name a command of this tool writes, and
/// leftover temporaries) and writes <c>run.json</c> with <c>"status": "running"</c>. Every file is written under a temporary
/// name and renamed when whole. Disposing writes <c>run.json</c> again with the final status (<c>complete</c> only after
/// <see cref="Finish"/>), deletes unfinished temporaries and releases the lock. Not thread-safe.
/// </summary>
internal sealed class RunFolder : IDisposable
{
    public const string ManifestName = "run.json";
    public const string Format = "reconstitution-run/1";

    /// <summary>Every file a command of this tool writes into its --out folder; removed when a new run starts there.</summary>
    public static IReadOnlyList<string> KnownOutputs { get; } =
    [
        "patients.csv", "trajectory.csv", "bands.csv", "summary.json", "bands.svg", "lymphocytes.svg", "incidence.svg", "counts.svg",
        "sweep.csv", "sweep.json", "dose-response.svg", "compare.json", "compare.svg",
        "a-patients.csv", "a-summary.json", "a-bands.csv", "b-patients.csv", "b-summary.json", "b-bands.csv", ShardManifest.FileName,
        "unit-patients.csv", "unit-occupancy.csv", "unit-summary.json", "occupancy.svg",
        "sensitivity.csv", "sensitivity.json", "sensitivity.svg", "points.csv", SensitivityShards.ManifestName,
        "forecast.json", "forecast.svg",
    ];

    private readonly CliApp _app;
    private readonly RunLock _lock;
    private readonly string _command;
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly List<string> _files = [];
    private readonly Dictionary<string, PendingFile> _pending = new(StringComparer.Ordinal);
    private string _status = "running";
    private bool _disposed;

    private RunFolder(CliApp app, string dir, string command, RunLock runLock)
    {
        _app = app;
        Dir = dir;
        _command = command;
        _lock = runLock;
    }

    /// <summary>The folder's path as given (for messages).</summary>
    public string Dir { get; }

    /// <summary>
    /// Validates <c>--out</c> (null: <paramref name="defaultPath"/>; empty or blank: an error), creates the folder, locks it,
    /// removes an earlier run's files and writes the opening <c>run.json</c>.
    /// </summary>
    public static RunFolder Open(CliApp app, string? outOption, string command, string defaultPath = "out")
    {
        string dir = Create(outOption, defaultPath);
        var runLock = RunLock.Acquire(dir, command, app.Err);
        try
        {
            var folder = new RunFolder(app, dir, command, runLock);
            folder.RemoveEarlierRun();
            folder.WriteManifest();
            return folder;
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>Checks <c>--out</c> and creates the folder (no lock: for a parent folder whose subfolders are runs, e.g. shards).</summary>
    public static string Create(string? outOption, string defaultPath = "out")
    {
        if (outOption is not null && string.IsNullOrWhiteSpace(outOption))
            throw new UsageException($"--out: an empty folder name is not allowed; give a folder, or omit --out for the default ./{defaultPath}.");
        string dir = outOption ?? defaultPath;
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--out: cannot create the folder '{dir}': {ex.Message}");
        }
        return dir;
    }

    /// <summary>A path in the folder (for reading what this run wrote).</summary>
    public string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>Starts a streamed file under a temporary name; <see cref="Commit"/> it after disposing the writer.</summary>
    public TextWriter CreateText(string name)
    {
        var file = AtomicFile.Create(PathOf(name));
        _pending.Add(name, file);
        return new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
    }

    /// <summary>Moves a file started with <see cref="CreateText"/> (its writer disposed) into place.</summary>
    public void Commit(string name)
    {
        var file = _pending[name];
        file.Commit();
        file.Dispose();
        _pending.Remove(name);
        _files.Add(name);
    }

    /// <summary>Writes a whole file atomically.</summary>
    public void WriteText(string name, string content)
    {
        AtomicFile.WriteAllText(PathOf(name), content);
        _files.Add(name);
    }

    /// <summary>Records the run's end: <paramref name="cancelled"/> false marks the folder complete.</summary>
    public void Finish(bool cancelled = false) => _status = cancelled ? "cancelled" : "complete";

    /// <summary>Deletes unfinished temporaries, writes the final run.json and releases the lock.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var file in _pending.Values) file.Dispose();
        _pending.Clear();
        try
        {
            if (_status == "running") _status = "failed";
            WriteManifest();
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private void RemoveEarlierRun()
    {
        var names = new HashSet<string>(KnownOutputs, StringComparer.Ordinal);
        foreach (string name in EarlierFiles()) names.Add(name);
        foreach (string name in names)
        {
            string path = PathOf(name);
            // A symbolic link is removed itself, never followed; a folder of that name is left alone.
            if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
        }
        foreach (string path in Directory.EnumerateFiles(Dir, ".*.tmp"))
            if (AtomicFile.IsTemporaryName(Path.GetFileName(path))) File.Delete(path);
    }

    // The files an earlier run.json lists (plain names in this folder only).
    private IEnumerable<string> EarlierFiles()
    {
        string path = PathOf(ManifestName);
        if (!File.Exists(path)) return [];
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array) return [];
            // A loop, not LINQ over JsonElement: each run's start-up would JIT-compile those generic instantiations.
            var names = new List<string>();
            foreach (var f in files.EnumerateArray())
            {
                string n = f.ValueKind == JsonValueKind.String ? f.GetString() ?? "" : "";
                if (n.Length > 0 && n == Path.GetFileName(n) && n != "." && n != "..") names.Add(n);
            }
            return names;
        }
        catch (JsonException)
        {
            _app.Err.WriteLine($"reconstitution: note: '{path}' is not a readable run manifest; only the known output files are removed.");
            return [];
        }
    }

    private void WriteManifest()
    {
        var inv = CultureInfo.InvariantCulture;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("status", _status);
            w.WriteBoolean("complete", _status == "complete");
            w.WriteString("command", _command);
            w.WriteStartArray("arguments");
            foreach (string a in _app.Arguments) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteString("version", ShardManifest.LibraryVersion);
            w.WriteNumber("pid", Environment.ProcessId);
            w.WriteString("host", Environment.MachineName);
            w.WriteString("startedUtc", _started.ToString("O", inv));
            if (_status == "running") w.WriteNull("finishedUtc");
            else w.WriteString("finishedUtc", DateTime.UtcNow.ToString("O", inv));
            w.WriteStartArray("files");
            foreach (string f in _files) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        AtomicFile.WriteAllText(PathOf(ManifestName), Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }
}
