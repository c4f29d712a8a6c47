using System.Text.RegularExpressions;
using Reconstitution.Tests.Notebooks;

namespace Reconstitution.Tests.Architecture;

/// <summary>The library's C# source files with comments and string contents removed, by layer folder.</summary>
internal static partial class SourceFiles
{
    /// <summary>The library source folder (src/Reconstitution).</summary>
    public static string LibraryRoot { get; } = Path.Combine(RepositoryPaths.Root, "src", "Reconstitution");

    /// <summary>Every .cs file of the library (bin/obj excluded) with its layer folder ("" for files at the root).</summary>
    public static IReadOnlyList<(string Path, string Folder, string Text)> All { get; } = Load();

    private static List<(string, string, string)> Load()
    {
        var list = new List<(string, string, string)>();
        foreach (string path in Directory.EnumerateFiles(LibraryRoot, "*.cs", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(LibraryRoot, path);
            string[] parts = rel.Split(Path.DirectorySeparatorChar);
            if (parts[0] is "bin" or "obj") continue;
            list.Add((rel, parts.Length > 1 ? parts[0] : "", File.ReadAllText(path)));
        }
        return list;
    }

    /// <summary>The code without comments; string literals keep their quotes but lose their contents unless <paramref name="keepStrings"/>.</summary>
    public static string Code(string text, bool keepStrings = false)
    {
        string noComments = Comments().Replace(text, m => m.Value.StartsWith('"') ? m.Value : new string('\n', m.Value.Count(c => c == '\n')));
        return keepStrings ? noComments : Strings().Replace(noComments, "\"\"");
    }

    // Comments, or a string literal (so a // inside a string is not taken for a comment).
    [GeneratedRegex(@"""(?:\\.|[^""\\\n])*""|//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"""(?:\\.|[^""\\\n])*""")]
    private static partial Regex Strings();
}
