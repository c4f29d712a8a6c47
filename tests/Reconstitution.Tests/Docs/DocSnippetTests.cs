using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Reconstitution.Tests.Docs;

/// <summary>
/// Every ```csharp block in README.md, docs/*.md and samples/**/*.md compiles against the library exactly as written
/// (diagnostics only, nothing runs): with the usings the block itself shows plus the console-project <see cref="Prelude"/>.
/// </summary>
public sealed partial class DocSnippetTests
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(p).StartsWith("Reconstitution.Tests", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))]);

    /// <summary>
    /// The prelude every snippet is compiled with, and nothing more: the implicit usings of a .NET console project
    /// (<c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c>, the <c>dotnet new console</c> default). Everything from
    /// Reconstitution must be imported by the snippet's own <c>using</c> lines (documented in docs/README.md).
    /// </summary>
    internal static readonly string[] Prelude =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly Lazy<string> GlobalUsings = new(() => string.Concat(Prelude.Select(n => $"global using {n};\n")));

    /// <summary>README.md, every page of docs/ and every Markdown file under samples/ (lab sheets), repository-relative.</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in MarkdownFiles()) data.Add(file);
        return data;
    }

    internal static IEnumerable<string> MarkdownFiles()
    {
        string root = Notebooks.RepositoryPaths.Root;
        yield return "README.md";
        foreach (string folder in new[] { "docs", "samples" })
            foreach (string path in Directory.GetFiles(Path.Combine(root, folder), "*.md", SearchOption.AllDirectories)
                         .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
                         .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
                         .Order(StringComparer.Ordinal))
                yield return path;
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
        foreach (string file in MarkdownFiles())
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

    /// <summary>
    /// Compiles the snippet as a program (top-level statements) or, without statements, as a library: the snippet's own
    /// using directives first, then its hidden context, then the rest of the snippet, with only <see cref="Prelude"/> global.
    /// </summary>
    internal static List<string> Compile(DocSnippet snippet)
    {
        var lines = snippet.Code.Split('\n');
        var directives = lines.Where(l => UsingDirective().IsMatch(l)).ToArray();
        string body = string.Join('\n', lines.Select(l => UsingDirective().IsMatch(l) ? "" : l));
        string prefix = string.Join(' ', directives) + "\n" + snippet.Context;
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var code = CSharpSyntaxTree.ParseText(prefix + "\n" + body, options, path: snippet.File);
        var usings = CSharpSyntaxTree.ParseText(GlobalUsings.Value, options, path: "GlobalUsings.cs");
        bool hasStatements = code.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create("Snippet", [usings, code], References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        int prefixLines = prefix.Split('\n').Length;
        var errors = new List<string>();
        if (System.Text.RegularExpressions.Regex.IsMatch(snippet.Context, @"(^|;)\s*using\s+(static\s+)?[\w.]+\s*;"))
            errors.Add("hidden context: has a using directive; show usings in the snippet itself, write fully qualified names in the context");
        errors.AddRange(compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
            {
                int line = d.Location.GetLineSpan().StartLinePosition.Line + 1 - prefixLines;   // 1-based line inside the snippet; ≤ 0: the hidden context
                return line > 0
                    ? $"snippet line {line}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"
                    : $"hidden context: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            }));
        return errors;
    }

    /// <summary>A using directive on a line of its own (not a <c>using var</c> declaration or a <c>using (…)</c> statement).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>, ]+)?\s*;\s*$")]
    private static partial System.Text.RegularExpressions.Regex UsingDirective();
}
