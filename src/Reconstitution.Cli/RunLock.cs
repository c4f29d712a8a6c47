using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Reconstitution.Output;

namespace Reconstitution.Cli;

/// <summary>
/// The lock that makes an output folder belong to one run: the file <c>.reconstitution.lock</c> (docs/outputs.md §Run folder),
/// holding the holder's process id, process start time, host, command and start time. It appears atomically, complete
/// (written under a temporary name, then linked into place without overwriting), and is deleted when the run ends.
/// A lock whose process is gone (on this host: no such process id, or one started at another time) is stale and is
/// taken over; a live one refuses the run with a message naming the holder.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = ".reconstitution.lock";

    private readonly string _path;
    private bool _released;

    private RunLock(string path) => _path = path;

    /// <summary>Takes the lock of <paramref name="dir"/>, or throws a <see cref="UsageException"/> naming the run that holds it.</summary>
    public static RunLock Acquire(string dir, string command, TextWriter err)
    {
        string path = Path.Combine(dir, FileName);
        var me = Holder.Current(command);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (TryCreate(path, me)) return new RunLock(path);
            string? text;
            try { text = File.ReadAllText(path); }
            catch (FileNotFoundException) { continue; } // released meanwhile
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { text = null; } // a folder or device planted there
            var holder = (text is null ? null : Holder.Parse(text))
                ?? throw new UsageException($"--out: '{path}' exists but is not a lock written by reconstitution; if no run uses '{dir}', delete it and run again.");
            if (!holder.IsStale())
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"--out: '{dir}' is in use by another run (process {holder.ProcessId} on {holder.Host}, '{holder.Command}', started {holder.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC); wait for it to end or choose another folder{(holder.Host == me.Host ? "" : $" (if that run is dead, delete '{path}')")}."));
            if (TakeOverStale(path, text!))
                err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"reconstitution: note: '{dir}' was locked by process {holder.ProcessId} ('{holder.Command}', started {holder.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC), which is no longer running; its lock is removed."));
        }
        throw new UsageException($"--out: could not lock '{dir}': other runs keep starting in it; choose another folder.");
    }

    /// <summary>Deletes the lock file.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        try { File.Delete(_path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // a stale lock is taken over by the next run
    }

    // The content is complete before the name appears: written to a temporary file, then moved without overwriting
    // (on Unix a hard link, so of two runs exactly one succeeds).
    private static bool TryCreate(string path, Holder me)
    {
        string temporary = AtomicFile.TemporaryName(path);
        try
        {
            File.WriteAllText(temporary, me.ToJson(), new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path) || Directory.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // Moves the stale lock aside, checks that what was moved is the lock judged stale (another run may have taken it
    // over and locked meanwhile: then its lock is put back), and deletes it.
    private static bool TakeOverStale(string path, string staleText)
    {
        string aside = AtomicFile.TemporaryName(path);
        try
        {
            File.Move(path, aside, overwrite: false);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        if (File.ReadAllText(aside) == staleText)
        {
            File.Delete(aside);
            return true;
        }
        try { File.Move(aside, path, overwrite: false); }
        catch (IOException) { File.Delete(aside); }
        return false;
    }

    /// <summary>Who holds a lock.</summary>
    private sealed record Holder(int ProcessId, DateTime ProcessStartUtc, string Host, string Command, DateTime StartedUtc)
    {
        public static Holder Current(string command)
        {
            using var self = Process.GetCurrentProcess();
            return new Holder(Environment.ProcessId, self.StartTime.ToUniversalTime(), Environment.MachineName, command, DateTime.UtcNow);
        }

        public bool IsStale()
        {
            if (Host != Environment.MachineName) return false; // cannot tell: another machine (a shared file system)
            try
            {
                using var p = Process.GetProcessById(ProcessId);
                // A reused process id: the process now running under it started at another time.
                return Math.Abs((p.StartTime.ToUniversalTime() - ProcessStartUtc).TotalSeconds) > 1;
            }
            catch (ArgumentException)
            {
                return true; // no such process
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                return false; // exists but cannot be inspected: assume alive
            }
        }

        public string ToJson()
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteNumber("pid", ProcessId);
                w.WriteString("processStartUtc", ProcessStartUtc.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("host", Host);
                w.WriteString("command", Command);
                w.WriteString("startedUtc", StartedUtc.ToString("O", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }

        public static Holder? Parse(string text)
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var r = doc.RootElement;
                return new Holder(r.GetProperty("pid").GetInt32(), Utc(r, "processStartUtc"), r.GetProperty("host").GetString() ?? "",
                    r.GetProperty("command").GetString() ?? "", Utc(r, "startedUtc"));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return null;
            }
        }

        private static DateTime Utc(JsonElement r, string name) =>
            DateTime.Parse(r.GetProperty(name).GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();
    }
}
