namespace Reconstitution.Cli;

/// <summary>
/// The real path of a file or folder: absolute, with every symbolic link along it resolved (like POSIX <c>realpath</c>),
/// so two paths that name the same folder compare equal. Components that do not exist yet are kept as written.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40; // as Linux's ELOOP limit

    public static string Of(string path)
    {
        // Not Path.GetFullPath: it removes "x/.." by text, but when x is a link, ".." leads to the parent of its target.
        string absolute = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        string current = Path.GetPathRoot(absolute) ?? "/";
        var pending = new Stack<string>(Split(absolute[current.Length..]).Reverse());
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            string next = Path.Combine(current, part);
            string? target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"'{path}': too many levels of symbolic links.");
            // Continue from the link's target (absolute: from its root; relative: from the link's folder), then what followed the link.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? current;
                target = target[current.Length..];
            }
            foreach (string p in Split(target).Reverse()) pending.Push(p);
        }
        return Path.TrimEndingDirectorySeparator(current);
    }

    /// <summary>Whether two paths name the same file or folder once links are resolved.</summary>
    public static bool Same(string a, string b) =>
        string.Equals(Of(a), Of(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
