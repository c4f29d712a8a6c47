using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Reconstitution.Tests.Notebooks;

/// <summary>
/// Runs a notebook's C# code cells in order with Roslyn scripting, state carried from cell to cell, as the .NET
/// Interactive C# kernel would. The package directives (<c>#i "nuget: …"</c>, <c>#r "nuget: Reconstitution, …"</c>)
/// become a reference to the library assembly the tests were built against.
/// </summary>
public static partial class NotebookRunner
{
    /// <summary>The namespaces the .NET Interactive C# kernel imports by default.</summary>
    private static readonly string[] KernelImports = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks"];

    private static readonly Lazy<ScriptOptions> Options = new(() => ScriptOptions.Default
        .WithReferences(typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(Console).Assembly, typeof(List<>).Assembly,
                        typeof(Uri).Assembly, typeof(Reconstitution.Cohorts.Cohort).Assembly, typeof(NotebookGlobals).Assembly,
                        System.Reflection.Assembly.Load("System.Runtime"), System.Reflection.Assembly.Load("System.Collections"))
        .WithImports(KernelImports)
        .WithEmitDebugInformation(false));

    /// <summary>The result of a notebook run: what each displayed and the last cell's value.</summary>
    public sealed record Result(NotebookGlobals Globals, object? LastValue, int CodeCells);

    /// <summary>Runs the notebook in <paramref name="ipynbJson"/>; a failing cell throws, naming the notebook and the cell.</summary>
    public static async Task<Result> RunAsync(string notebookName, string ipynbJson)
    {
        using var doc = JsonDocument.Parse(ipynbJson);
        var globals = new NotebookGlobals();
        ScriptState<object>? state = null;
        int codeCells = 0;
        var cells = doc.RootElement.GetProperty("cells");
        for (int index = 0; index < cells.GetArrayLength(); index++)
        {
            var cell = cells[index];
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            codeCells++;
            string code = Translate(SourceOf(cell), notebookName, index);
            if (code.Trim().Length == 0) continue;
            try
            {
                state = state is null
                    ? await CSharpScript.RunAsync(code, Options.Value, globals, typeof(NotebookGlobals))
                    : await state.ContinueWithAsync(code, Options.Value);
            }
            catch (CompilationErrorException e)
            {
                throw new NotebookCellException($"{notebookName}, cell {index} does not compile:\n{string.Join("\n", e.Diagnostics)}\n--- cell {index} ---\n{code}", e);
            }
            catch (Exception e) when (e is not NotebookCellException)
            {
                throw new NotebookCellException($"{notebookName}, cell {index} throws {e.GetType().Name}: {e.Message}\n--- cell {index} ---\n{code}", e);
            }
            // A trailing expression is the cell's value; the kernel displays it.
            if (state.ReturnValue is not null) globals.display(state.ReturnValue);
        }
        return new Result(globals, state?.ReturnValue, codeCells);
    }

    /// <summary>Removes the notebook-only package directives; any other directive is not supported here.</summary>
    internal static string Translate(string source, string notebookName, int index)
    {
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("#i ", StringComparison.Ordinal) || ReconstitutionPackage().IsMatch(line)) lines[i] = "";
            else if (line.StartsWith("#r \"nuget:", StringComparison.Ordinal) || line.StartsWith("#!", StringComparison.Ordinal))
                throw new NotebookCellException($"{notebookName}, cell {index}: the directive '{line}' cannot run outside .NET Interactive.");
        }
        return string.Join('\n', lines);
    }

    private static string SourceOf(JsonElement cell)
    {
        var source = cell.GetProperty("source");
        return source.ValueKind == JsonValueKind.Array ? string.Concat(source.EnumerateArray().Select(l => l.GetString())) : source.GetString() ?? "";
    }

    [GeneratedRegex("""^#r\s+"nuget:\s*Reconstitution\s*(,\s*[0-9][^"]*)?"$""")]
    private static partial Regex ReconstitutionPackage();
}

/// <summary>A notebook cell failed; the message names the notebook and the cell index.</summary>
public sealed class NotebookCellException(string message, Exception? inner = null) : Exception(message, inner);
