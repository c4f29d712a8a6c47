using System.Text.RegularExpressions;

namespace Reconstitution.Tests.Architecture;

/// <summary>
/// The library's public surface is small and explained: every public class, record, struct and interface says in a
/// <c>&lt;remarks&gt;</c> when to use it rather than its neighbours (issue 13, item 7). Enums are exempt: their members
/// carry the documentation.
/// </summary>
public sealed partial class PublicSurfaceTests
{
    [Fact]
    public void PublicTypes_HaveRemarks_SayingWhenToUseThem()
    {
        var missing = new List<string>();
        foreach (var (path, _, text) in SourceFiles.All)
        {
            foreach (Match m in PublicType().Matches(text))
            {
                if (!Documentation(text, m.Index).Contains("<remarks>", StringComparison.Ordinal)) missing.Add($"{path}: {m.Groups[1].Value}");
            }
        }
        Assert.True(missing.Count == 0, "Public types without <remarks>:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Documentation_ReadsCommentAboveAttributes()
    {
        // The scan must see a comment separated from the declaration by attributes, else it would report false misses.
        const string text = "/// <summary>S</summary>\n/// <remarks>R</remarks>\n[Attr]\npublic sealed class C\n";
        var m = PublicType().Match(text);
        Assert.True(m.Success);
        Assert.Contains("<remarks>", Documentation(text, m.Index), StringComparison.Ordinal);
        Assert.Equal("", Documentation("public sealed class D\n", 0));
    }

    /// <summary>The /// lines directly above the declaration at <paramref name="index"/>, skipping attribute lines.</summary>
    private static string Documentation(string text, int index)
    {
        var lines = text[..index].Split('\n');
        var doc = new List<string>();
        for (int i = lines.Length - 2; i >= 0; i--)
        {
            string line = lines[i].Trim();
            if (line.StartsWith('[')) continue;
            if (!line.StartsWith("///", StringComparison.Ordinal)) break;
            doc.Add(line);
        }
        return string.Join("\n", doc);
    }

    // A top-level public type other than an enum (nested types are indented).
    [GeneratedRegex(@"^public (?:(?:sealed|static|abstract|readonly|partial) )*(?:class|record struct|record|struct|interface) (\w+)", RegexOptions.Multiline)]
    private static partial Regex PublicType();
}
