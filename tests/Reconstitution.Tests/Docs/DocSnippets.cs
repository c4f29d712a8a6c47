using System.Text.RegularExpressions;

namespace Reconstitution.Tests.Docs;

/// <summary>
/// A ```csharp block in a Markdown file, with the hidden context that makes a fragment compile: an HTML comment
/// <c>&lt;!-- compile-with: … --&gt;</c> right above the fence is compiled in front of the snippet (readers do not see it).
/// ```csharp no-compile marks a block that is deliberately not compiled.
/// </summary>
public sealed partial record DocSnippet(string File, int Line, string Code, string Context, bool NoCompile)
{
    /// <summary>Every C# block of <paramref name="markdown"/>, named by <paramref name="file"/> and the fence's 1-based line.</summary>
    public static IReadOnlyList<DocSnippet> Extract(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var snippets = new List<DocSnippet>();
        for (int i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success) continue;
            int start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++) body.Add(lines[i]);
            if (i == lines.Length) throw new InvalidOperationException($"{file}:{start + 1}: unclosed ```csharp block.");
            snippets.Add(new DocSnippet(file, start + 1, string.Join('\n', body), ContextAbove(lines, start), fence.Groups["flag"].Value == "no-compile"));
        }
        return snippets;
    }

    private static string ContextAbove(string[] lines, int fenceIndex)
    {
        int end = fenceIndex - 1;
        while (end >= 0 && lines[end].Trim().Length == 0) end--;
        if (end < 0 || !lines[end].TrimEnd().EndsWith("-->", StringComparison.Ordinal)) return "";
        int begin = end;
        while (begin >= 0 && !lines[begin].Contains("<!--", StringComparison.Ordinal)) begin--;
        if (begin < 0) return "";
        string comment = string.Join('\n', lines[begin..(end + 1)]).Trim();
        const string Marker = "<!-- compile-with:";
        return comment.StartsWith(Marker, StringComparison.Ordinal) ? comment[Marker.Length..^3] : "";
    }

    [GeneratedRegex(@"^\s*```(csharp|cs|c#)(\s+(?<flag>[\w-]+))?\s*$")]
    private static partial Regex Fence();
}
