using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Reconstitution.Protocols;

/// <summary>
/// The byte-level side of reading a protocol file (docs/protocol-files.md §Reading): only a regular file of at most
/// <see cref="MaxBytes"/> bytes is read (a folder, a device such as <c>/dev/zero</c>, a FIFO or a socket is refused before
/// it is opened, so nothing blocks or fills memory); a UTF-8 byte-order mark is skipped; invalid UTF-8 is reported with its
/// line and column; columns are counted in characters (UTF-16 code units, as editors count them) in every message.
/// Stateless and thread-safe.
/// </summary>
internal static class ProtocolFileReader
{
    /// <summary>The largest protocol file read: 1 MiB. A file at the dose-count limit with comments is about 20 KB.</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the file's bytes after checking what kind of file it is and its size.</summary>
    /// <exception cref="ProtocolFileException">Not a regular file, too large, or unreadable.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    public static byte[] ReadBytes(string path, string source)
    {
        if (Directory.Exists(path)) throw Whole(source, "is a folder, not a protocol file; give the path of a .json file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"The protocol file '{path}' does not exist.", path);
        if (KindOf(path) is { } kind)
            throw Whole(source, $"is a {kind}, not a regular file; only regular files of at most {MaxBytes} bytes are read as protocol files.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 14);
        // One byte more than the file claims (at most the limit + 1): the size is checked on what is read, so a file that
        // grows meanwhile is still bounded.
        var buffer = new byte[(int)Math.Min(stream.Length, MaxBytes) + 1];
        int total = 0, read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        if (total == buffer.Length && total <= MaxBytes) throw Whole(source, "changed while it was being read; read it again.");
        if (total > MaxBytes)
            throw Whole(source, $"is larger than {MaxBytes} bytes (1 MiB), the most a protocol file may have (a protocol with the largest number of doses allowed takes about 20 KB).");
        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>Removes a UTF-8 byte-order mark and checks that the rest is valid UTF-8.</summary>
    /// <exception cref="ProtocolFileException">Invalid UTF-8, naming the line and column of the first bad byte.</exception>
    public static byte[] Decode(byte[] bytes, string source)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        byte[] utf8 = bytes.AsSpan().StartsWith(bom) ? bytes[3..] : bytes;
        try
        {
            _ = StrictUtf8.GetCharCount(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            int at = Math.Clamp(ex.Index, 0, utf8.Length);
            var (line, column) = Position(utf8, at);
            throw new ProtocolFileException(source, line, column, "", $"not valid UTF-8 (byte 0x{utf8[Math.Min(at, utf8.Length - 1)]:X2} at byte offset {at}); save the file as UTF-8.", ex);
        }
        return utf8;
    }

    /// <summary>
    /// Refuses a file that takes a built-in protocol's name but differs from it: every output is labelled with the name, so
    /// results of the edited protocol would pass for the built-in's. A file identical to the built-in (as
    /// <c>protocols --show</c> prints it) is accepted.
    /// </summary>
    /// <exception cref="ProtocolFileException">The name is taken, naming the line and column of <c>name</c>.</exception>
    public static ProtocolDefinition CheckName(ProtocolDefinition protocol, byte[] bytes, string source)
    {
        if (!BuiltInProtocols.Names.Contains(protocol.Name)) return protocol;
        if (ProtocolFile.Write(BuiltInProtocols.Get(protocol.Name).Definition) == ProtocolFile.Write(protocol)) return protocol;
        var (line, column) = JsonSourceMap.Build(Decode(bytes, source), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).PositionOf("name");
        throw new ProtocolFileException(source, line, column, "name",
            $"'{protocol.Name}' is the name of a built-in protocol, and this file differs from it; give your protocol its own name (results are labelled with it).");
    }

    /// <summary>A malformed-JSON error with the column counted in characters, like every other error.</summary>
    public static ProtocolFileException Malformed(JsonException ex, byte[] utf8, string source, string problem)
    {
        int line = (int)(ex.LineNumber ?? 0);
        int lineStart = 0;
        for (int l = 0; l < line && lineStart < utf8.Length; l++)
        {
            int next = Array.IndexOf(utf8, (byte)'\n', lineStart);
            lineStart = next < 0 ? utf8.Length : next + 1;
        }
        int bytes = (int)Math.Min(ex.BytePositionInLine ?? 0, utf8.Length - lineStart);
        int column = Encoding.UTF8.GetCharCount(utf8, lineStart, Math.Max(bytes, 0)) + 1;
        return new ProtocolFileException(source, line + 1, column, "", problem, ex);
    }

    /// <summary>The 1-based line and character column of a byte offset (bytes before it are valid UTF-8).</summary>
    private static (int Line, int Column) Position(byte[] utf8, int offset)
    {
        int lineStart = 0, line = 1;
        for (int i = 0; i < offset; i++)
            if (utf8[i] == (byte)'\n') { line++; lineStart = i + 1; }
        return (line, Encoding.UTF8.GetCharCount(utf8, lineStart, offset - lineStart) + 1);
    }

    private static ProtocolFileException Whole(string source, string problem) => new(source, 1, 1, "", problem);

    // What a path that is not a regular file is ("character device", "FIFO", ...), or null for a regular file or when the
    // platform cannot tell (statx is Linux's; elsewhere the size limit still bounds what is read).
    private static string? KindOf(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256];
        try
        {
            if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0) return null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        int mode = BitConverter.ToUInt16(buffer, 28) & 0xF000; // stx_mode, S_IFMT
        return mode switch
        {
            0x8000 => null,                 // S_IFREG
            0x2000 => "character device",   // S_IFCHR (e.g. /dev/zero)
            0x6000 => "block device",       // S_IFBLK
            0x1000 => "FIFO (named pipe)",  // S_IFIFO
            0xC000 => "socket",             // S_IFSOCK
            0x4000 => "folder",             // S_IFDIR
            _ => "special file",
        };
    }

    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const uint StatxType = 0x1;          // STATX_TYPE

    // struct statx has one layout on every Linux architecture (linux/stat.h): stx_mode is the u16 at byte 28.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
