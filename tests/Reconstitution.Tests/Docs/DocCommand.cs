using System.Text.RegularExpressions;

namespace Reconstitution.Tests.Docs;

/// <summary>
/// One invocation of the <c>reconstitution</c> tool written in a Markdown file: its arguments (after <c>--</c> for
/// <c>dotnet run --project src/Reconstitution.Cli</c>), the file its standard output is redirected to, if any, and
/// where it was written.
/// </summary>
/// <remarks>
/// Found in ```bash (sh, shell, console) blocks and in inline code spans of the prose. Understood: <c>\</c> line
/// continuations, a leading <c>$ </c> prompt or <c>time</c>, trailing <c># comments</c>, <c>&gt; file</c>, and
/// <c>for v in a b c; do …; done</c> loops over words. Lines with placeholders (<c>&lt;command&gt;</c>, <c>…</c>, a word in
/// capitals such as <c>NAME|FILE</c>, an optional <c>[--out DIR]</c>) and
/// blocks fenced ```bash no-run are not commands to run, nor is <c>lab</c> (a server that runs until stopped; it is
/// tested in a browser by .ci/browser-test).
/// </remarks>
public sealed partial record DocCommand(string File, int Line, string Text, IReadOnlyList<string> Arguments, string? StdoutFile)
{
    /// <summary>Every command of <paramref name="markdown"/> that runs the tool, in reading order.</summary>
    public static IReadOnlyList<DocCommand> Extract(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var commands = new List<(int Line, DocCommand Command)>();
        var prose = new string[lines.Length];   // the text outside code blocks, line for line (blank inside them)
        for (int i = 0; i < lines.Length; i++)
        {
            prose[i] = "";
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                prose[i] = lines[i];
                continue;
            }
            bool run = fence.Groups["lang"].Value is "bash" or "sh" or "shell" or "console" && fence.Groups["flag"].Value != "no-run";
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                prose[i] = "";
                int line = i + 1;
                string text = lines[i];
                while (text.EndsWith('\\') && i + 1 < lines.Length) { text = text[..^1] + " " + lines[++i].Trim(); prose[i] = ""; }
                if (run) commands.AddRange(FromShellLine(file, line, text).Select(c => (line, c)));
            }
            if (i < lines.Length) prose[i] = "";
        }
        // Inline spans may wrap onto the next line of a paragraph.
        string proseText = string.Join('\n', prose);
        foreach (Match span in InlineCode().Matches(proseText))
        {
            string code = span.Groups["code"].Value.Replace('\n', ' ');
            int line = 1 + proseText.AsSpan(0, span.Index).Count('\n');
            if (code.StartsWith("dotnet run", StringComparison.Ordinal) || CommandWord().IsMatch(code))
                commands.AddRange(FromShellLine(file, line, code).Select(c => (line, c)));
        }
        return [.. commands.OrderBy(c => c.Line).Select(c => c.Command)];
    }

    private static IEnumerable<DocCommand> FromShellLine(string file, int line, string text)
    {
        string shell = Comment().Replace(text, "").Trim();
        if (shell.StartsWith("$ ", StringComparison.Ordinal)) shell = shell[2..];
        if (shell.Length == 0 || Placeholder().IsMatch(shell)) yield break;
        var loop = Loop().Match(shell);
        if (loop.Success)
        {
            foreach (string value in loop.Groups["values"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string body = loop.Groups["body"].Value.Replace("$" + loop.Groups["var"].Value, value, StringComparison.Ordinal)
                                                       .Replace("${" + loop.Groups["var"].Value + "}", value, StringComparison.Ordinal);
                foreach (var c in FromShellLine(file, line, body)) yield return c;
            }
            yield break;
        }
        foreach (string part in shell.Split([" && ", "; "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (Parse(file, line, part) is { } command) yield return command;
    }

    private static DocCommand? Parse(string file, int line, string text)
    {
        var words = Words(text);
        if (words.Count > 0 && words[0] == "time") words.RemoveAt(0);
        string? stdout = null;
        int redirect = words.IndexOf(">");
        if (redirect >= 0)
        {
            if (redirect != words.Count - 2) return null;   // something more elaborate than "> file"
            stdout = words[^1];
            words.RemoveRange(redirect, 2);
        }
        if (words.Count == 0) return null;
        List<string> args;
        if (words[0] == "reconstitution") args = words[1..];
        else if (words.Count > 1 && words[0] == "dotnet" && words[1] == "run")
        {
            int project = words.IndexOf("--project");
            if (project < 0 || project + 1 >= words.Count || words[project + 1].TrimEnd('/') != "src/Reconstitution.Cli") return null;
            int dashes = words.IndexOf("--");
            args = dashes < 0 ? [] : words[(dashes + 1)..];
        }
        else return null;
        // `lab` is a web server that runs until it is stopped: .ci/browser-test starts it and drives it in a browser.
        if (args is ["lab", ..]) return null;
        return new DocCommand(file, line, text, args, stdout);
    }

    /// <summary>Splits on spaces, keeping single- or double-quoted words together (quotes removed).</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        foreach (Match m in Word().Matches(text))
            words.Add(m.Groups["q1"].Success ? m.Groups["q1"].Value : m.Groups["q2"].Success ? m.Groups["q2"].Value : m.Value);
        return words;
    }

    // Any opening fence (```text too: a block that is not run must still open and close), so blocks pair up.
    [GeneratedRegex(@"^\s*```(?<lang>[\w+-]*)(\s+(?<flag>[\w-]+))?\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`(?<code>[^`\n]+(\n[^`\n]+)?)`")]
    private static partial Regex InlineCode();

    /// <summary>
    /// An inline span that is a whole command: the tool's name, then an option, or a subcommand with arguments
    /// (a bare <c>reconstitution cohort</c> in prose names the command rather than running it).
    /// </summary>
    [GeneratedRegex(@"^reconstitution (-|[a-z]+ \S)")]
    private static partial Regex CommandWord();

    [GeneratedRegex(@"(^|\s)#(\s.*)?$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"<[^>\s]+>|…|\.\.\.|\[--|\b[A-Z]{2,}\b")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^for (?<var>\w+) in (?<values>[^;]+); do (?<body>.+?);? done$")]
    private static partial Regex Loop();

    [GeneratedRegex(@"'(?<q1>[^']*)'|""(?<q2>[^""]*)""|\S+")]
    private static partial Regex Word();
}
