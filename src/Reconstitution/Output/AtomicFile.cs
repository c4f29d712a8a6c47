using System.Text;

namespace Reconstitution.Output;

/// <summary>
/// Writes files atomically: into a temporary file beside the target (<c>.NAME.GUID.tmp</c>, created new, so a symbolic
/// link planted at that name is never followed), then renamed over the target. A reader, or a run stopped half-way,
/// therefore never sees half a file under the real name, and a symbolic link planted at the target's name is replaced,
/// never written through. Thread-safe.
/// </summary>
/// <remarks>Use it for any file a reader may open while a run is going, or that must survive Ctrl+C intact; every writer of this library goes through it.</remarks>
public static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no byte-order mark) atomically.</summary>
    /// <param name="path">The file's path; its folder must exist.</param>
    /// <param name="content">The text.</param>
    public static void WriteAllText(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var file = Create(path);
        using (var writer = new StreamWriter(file.Stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true))
            writer.Write(content);
        file.Commit();
    }

    /// <summary>
    /// Starts writing a file atomically: write to <see cref="PendingFile.Stream"/>, then call <see cref="PendingFile.Commit"/>
    /// to move it into place. Disposing without committing deletes the temporary file, so a failed write leaves nothing.
    /// </summary>
    /// <param name="path">The file's path; its folder must exist.</param>
    /// <returns>The pending file (dispose it).</returns>
    public static PendingFile Create(string path)
    {
        Validation.Guard.NotBlank(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write '{path}': the folder '{directory}' does not exist.");
        return new PendingFile(full, TemporaryName(full));
    }

    /// <summary>The temporary name used for <paramref name="path"/>: <c>.NAME.GUID.tmp</c> in the same folder.</summary>
    /// <param name="path">The target's full path.</param>
    /// <returns>A fresh temporary path.</returns>
    public static string TemporaryName(string path)
    {
        // A new GUID's 16 bytes as 32 lower-case hex digits, written by a loop: Guid.ToString("N") formats on vector lanes,
        // code the framework's ahead-of-time image leaves to the JIT (compiled in every process, ≈ 1 ms of CPU).
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes);
        Span<char> hex = stackalloc char[32];
        for (int i = 0; i < bytes.Length; i++)
        {
            hex[2 * i] = HexDigits[bytes[i] >> 4];
            hex[2 * i + 1] = HexDigits[bytes[i] & 15];
        }
        return Path.Combine(Path.GetDirectoryName(path) ?? ".", "." + Path.GetFileName(path) + "." + new string(hex) + ".tmp");
    }

    private const string HexDigits = "0123456789abcdef";

    /// <summary>Whether a file name has the form of <see cref="AtomicFile"/>'s temporaries (<c>.NAME.</c> 32 hex digits <c>.tmp</c>).</summary>
    /// <param name="fileName">A file name without folder.</param>
    /// <returns>True for a temporary of this class.</returns>
    public static bool IsTemporaryName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        const int Tail = 1 + 32 + 4; // ".<guid>.tmp"
        if (fileName.Length < 2 + Tail || fileName[0] != '.' || !fileName.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        var guid = fileName.AsSpan(fileName.Length - Tail + 1, 32);
        if (fileName[fileName.Length - Tail] != '.') return false;
        // A loop, not IndexOfAnyExcept: its search-value code is JIT-compiled in every process.
        foreach (char c in guid)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        return true;
    }
}

/// <summary>
/// A file being written under a temporary name (<see cref="AtomicFile.Create"/>). <see cref="Commit"/> renames it over the
/// target; <see cref="Dispose"/> without a commit deletes it. Not thread-safe.
/// </summary>
/// <remarks>Use it when a file is written in several steps (a stream); for a file written at once, <see cref="AtomicFile"/>'s one-call methods are simpler.</remarks>
public sealed class PendingFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;

    internal PendingFile(string target, string temporary)
    {
        Target = target;
        TemporaryPath = temporary;
        // CreateNew: O_EXCL, so nothing already at the temporary name (a planted symbolic link) is followed.
        _stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
    }

    /// <summary>The target's full path.</summary>
    public string Target { get; }

    /// <summary>The temporary file's full path.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write to.</summary>
    public Stream Stream => _stream;

    /// <summary>Flushes the data to disk, closes the stream and renames the temporary file over the target.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(TemporaryPath, Target, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes the stream; deletes the temporary file unless committed.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        if (!_committed)
        {
            try { File.Delete(TemporaryPath); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // best effort: the name marks it as a temporary that the next run removes
            _committed = true;
        }
    }
}
