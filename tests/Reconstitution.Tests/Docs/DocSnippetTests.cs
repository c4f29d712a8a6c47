using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Reconstitution.Tests.Docs;

/// <summary>Every ```csharp block in README.md and docs/*.md compiles against the library (diagnostics only, nothing runs).</summary>
public sealed class DocSnippetTests
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(p).StartsWith("Reconstitution.Tests", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))]);

    /// <summary>The SDK's implicit usings for a console app, and every public namespace of the library.</summary>
    private static readonly Lazy<string> GlobalUsings = new(() =>
    {
        var namespaces = typeof(Reconstitution.Cohorts.Cohort).Assembly.GetExportedTypes().Select(t => t.Namespace!).Distinct().Order(StringComparer.Ordinal);
        string[] implicitUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Threading", "System.Threading.Tasks"];
        return string.Concat(implicitUsings.Concat(namespaces).Select(n => $"global using {n};\n"));
    });

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        data.Add("README.md");
        foreach (string path in Directory.GetFiles(Path.Combine(Notebooks.RepositoryPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
            data.Add("docs/" + Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Snippets_InFile_Compile(string file)
    {
        string markdown = File.ReadAllText(Path.Combine(Notebooks.RepositoryPaths.Root, file));
        var failures = new List<string>();
        foreach (var snippet in DocSnippet.Extract(file, markdown))
        {
            if (snippet.NoCompile) continue;
            var errors = Compile(snippet);
            if (errors.Count > 0)
                failures.Add($"{snippet.File}:{snippet.Line}:\n  " + string.Join("\n  ", errors));
        }
        Assert.True(failures.Count == 0, "Snippets that do not compile:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void ProtocolJson_InWritingProtocols_Parses()
    {
        string markdown = File.ReadAllText(Path.Combine(Notebooks.RepositoryPaths.Root, "docs", "writing-protocols.md"));
        var blocks = System.Text.RegularExpressions.Regex.Matches(markdown, "```json\n(?<body>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.NotEmpty(blocks);
        foreach (System.Text.RegularExpressions.Match block in blocks)
        {
            var protocol = Reconstitution.Protocols.ProtocolFile.Parse(block.Groups["body"].Value, "docs/writing-protocols.md");
            Assert.NotNull(protocol.Graft);
        }
    }

    [Fact]
    public void Snippets_NoCompileExceptions_StayRare()
    {
        int all = 0, skipped = 0;
        foreach (string file in Files())
            foreach (var s in DocSnippet.Extract(file, File.ReadAllText(Path.Combine(Notebooks.RepositoryPaths.Root, file))))
            {
                all++;
                if (s.NoCompile) skipped++;
            }
        Assert.True(all >= 20, $"only {all} C# snippets found: is the extraction broken?");
        Assert.True(skipped <= 3, $"{skipped} of {all} snippets are marked no-compile");
    }

    [Fact]
    public void Compile_BrokenSnippet_ReportsTheError()
    {
        var snippet = DocSnippet.Extract("x.md", "text\n<!-- compile-with: int a = 1; -->\n```csharp\nint b = a + missing;\n```\n").Single();
        Assert.Equal(3, snippet.Line);
        var errors = Compile(snippet);
        Assert.Contains(errors, e => e.Contains("missing", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("'a'", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_NoCompileFlag_IsRead()
    {
        var s = DocSnippet.Extract("x.md", "```csharp no-compile\nnot C#\n```\n```bash\nls\n```\n").Single();
        Assert.True(s.NoCompile);
    }

    /// <summary>Compiles context + snippet as a program (top-level statements) or, without statements, as a library.</summary>
    internal static List<string> Compile(DocSnippet snippet)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var code = CSharpSyntaxTree.ParseText(snippet.Context + "\n" + snippet.Code, options, path: snippet.File);
        var usings = CSharpSyntaxTree.ParseText(GlobalUsings.Value, options, path: "GlobalUsings.cs");
        bool hasStatements = code.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create("Snippet", [usings, code], References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        int contextLines = snippet.Context.Length == 0 ? 0 : snippet.Context.Split('\n').Length;
        return [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
            {
                int line = d.Location.GetLineSpan().StartLinePosition.Line + 1 - contextLines;   // 1-based line inside the snippet
                return $"snippet line {line}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            })];
    }
}
