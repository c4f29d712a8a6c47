using System.Text.RegularExpressions;

namespace Reconstitution.Tests.Architecture;

/// <summary>
/// The library's layer folders (kernel → compartments → physiology → protocols → outcomes → cohorts → output …) depend on
/// one another without a circle. A folder depends on another when its code names a type declared there (one type per
/// file, so a type is known by its file name) or qualifies a name with the folder's namespace (<c>Notebooks.X</c>).
/// </summary>
public sealed partial class ImportCircleTests
{
    [Fact]
    public void LibraryFolders_DependOnEachOther_WithoutCircle()
    {
        var edges = Dependencies();
        var circles = new List<string>();
        foreach (string start in edges.Keys.Order(StringComparer.Ordinal))
        {
            // A path from one of start's dependencies back to start closes a circle.
            var path = PathBack(edges, start);
            if (path is not null) circles.Add(string.Join(" → ", path.Select(e => $"{e.From} ({e.Example})")) + $" → {start}");
        }
        Assert.True(circles.Count == 0, "Import circles between folders:\n" + string.Join("\n", circles));
    }

    [Fact]
    public void Dependencies_NotebooksUsesResultTypes_Detected()
    {
        // The scan sees real dependencies (else the circle test above could pass by seeing none).
        var edges = Dependencies();
        Assert.Contains(edges["Notebooks"], e => e.To == "Cohorts");
        Assert.Contains(edges["Outcomes"], e => e.To == "Physiology");
        Assert.DoesNotContain(edges["Kernel"], e => e.To == "Outcomes");
    }

    private sealed record Edge(string From, string To, string Example);

    private static Dictionary<string, List<Edge>> Dependencies()
    {
        var files = SourceFiles.All;
        var folders = files.Select(f => f.Folder).Where(f => f.Length > 0).ToHashSet(StringComparer.Ordinal);
        // Type name → folder, for names declared in exactly one folder.
        var owner = files.Where(f => f.Folder.Length > 0)
            .GroupBy(f => Path.GetFileNameWithoutExtension(f.Path), StringComparer.Ordinal)
            .Where(g => g.Select(f => f.Folder).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Folder, StringComparer.Ordinal);
        var edges = folders.ToDictionary(f => f, _ => new List<Edge>(), StringComparer.Ordinal);
        foreach (var (path, folder, text) in files)
        {
            if (folder.Length == 0) continue;
            string code = SourceFiles.Code(text);
            foreach (Match m in Identifier().Matches(code))
            {
                string name = m.Groups[1].Value;
                string? target = owner.GetValueOrDefault(name) ?? owner.GetValueOrDefault(name + "Attribute");
                if (folders.Contains(name) && m.Index + m.Length < code.Length && code[m.Index + m.Length] == '.') target = name;
                if (target is null || target == folder || edges[folder].Any(e => e.To == target)) continue;
                edges[folder].Add(new Edge(folder, target, $"{path}: {name}"));
            }
        }
        return edges;
    }

    private static List<Edge>? PathBack(Dictionary<string, List<Edge>> edges, string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<Edge>();
        bool Visit(string node)
        {
            foreach (var e in edges[node])
            {
                stack.Add(e);
                if (e.To == start) return true;
                if (seen.Add(e.To) && Visit(e.To)) return true;
                stack.RemoveAt(stack.Count - 1);
            }
            return false;
        }
        return Visit(start) ? stack : null;
    }

    [GeneratedRegex(@"\b([A-Z][A-Za-z0-9_]*)\b")]
    private static partial Regex Identifier();
}
