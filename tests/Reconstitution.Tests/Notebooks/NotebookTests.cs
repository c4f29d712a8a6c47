using System.Text.Json;

namespace Reconstitution.Tests.Notebooks;

public sealed class NotebookTests
{
    static NotebookTests() => Environment.SetEnvironmentVariable("RECONSTITUTION_NOTEBOOK_QUICK", "1");

    public static TheoryData<string> Notebooks => new() { "patient", "cohort", "sweep", "forecast" };

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_AllCellsInOrder_RunAndEndWithARichResult(string name)
    {
        string path = Path.Combine(RepositoryPaths.Root, "samples", "notebooks", name + ".ipynb");
        var result = await NotebookRunner.RunAsync(name + ".ipynb", await File.ReadAllTextAsync(path));

        Assert.True(result.CodeCells >= 5, $"{name}: only {result.CodeCells} code cells");
        Assert.NotNull(result.LastValue);
        Assert.NotNull(NotebookDisplay.Html(result.LastValue));
        Assert.Contains(result.Globals.Displayed, d => d.Html is not null && d.Html.Contains("<svg", StringComparison.Ordinal));
    }

    [Fact]
    public void Notebook_Metadata_IsDotNetInteractiveCSharpWithTheLocalFeed()
    {
        foreach (string name in new[] { "patient", "cohort", "sweep", "forecast" })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "notebooks", name + ".ipynb")));
            var root = doc.RootElement;
            Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
            Assert.Equal(".net-csharp", root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
            Assert.Equal("C#", root.GetProperty("metadata").GetProperty("language_info").GetProperty("name").GetString());
            var first = root.GetProperty("cells").EnumerateArray().First(c => c.GetProperty("cell_type").GetString() == "code");
            string source = string.Concat(first.GetProperty("source").EnumerateArray().Select(l => l.GetString()));
            Assert.Contains("#i \"nuget: ../../artifacts/packages\"", source, StringComparison.Ordinal);
            Assert.Contains("#r \"nuget: Reconstitution, 0.1.0\"", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Runner_BrokenCell_FailsNamingNotebookAndCell()
    {
        const string notebook = """
            {"cells": [
              {"cell_type": "markdown", "source": ["# title"]},
              {"cell_type": "code", "source": ["#r \"nuget: Reconstitution, 0.1.0\"\n", "int x = 1;"]},
              {"cell_type": "code", "source": ["int y = x + undefinedName;"]}
            ], "nbformat": 4}
            """;
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync("broken.ipynb", notebook));
        Assert.Contains("broken.ipynb, cell 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("undefinedName", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_CellThatThrows_FailsNamingNotebookAndCell()
    {
        const string notebook = """{"cells": [{"cell_type": "code", "source": ["int x = 1;"]}, {"cell_type": "code", "source": ["throw new InvalidOperationException(\"boom\");"]}]}""";
        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync("throws.ipynb", notebook));
        Assert.Contains("throws.ipynb, cell 1 throws InvalidOperationException: boom", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_StateAndDisplay_CarryAcrossCells()
    {
        const string notebook = """{"cells": [{"cell_type": "code", "source": ["var n = 20;"]}, {"cell_type": "code", "source": ["display(n + 1);\n", "n * 2"]}]}""";
        var result = await NotebookRunner.RunAsync("state.ipynb", notebook);
        Assert.Equal(40, result.LastValue);
        Assert.Equal([21, 40], result.Globals.Displayed.Select(d => d.Value));
    }

    [Fact]
    public void Translate_OtherNugetPackage_IsRejected()
    {
        var e = Assert.Throws<NotebookCellException>(() => NotebookRunner.Translate("#r \"nuget: Plotly.NET, 4.0.0\"", "x.ipynb", 3));
        Assert.Contains("x.ipynb, cell 3", e.Message, StringComparison.Ordinal);
    }
}
