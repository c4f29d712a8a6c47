using System.Diagnostics;
using System.Globalization;

namespace Reconstitution.Tests.Docs;

/// <summary>
/// Every command of the <c>reconstitution</c> tool written in README.md, docs/ and the lab sheets under samples/ runs
/// and exits 0. Each file's commands run in order, as a separate process of the built tool, in one scratch folder (so
/// a file written by one command, e.g. <c>protocols --show … &gt; my.json</c>, is there for the next).
/// </summary>
/// <remarks>
/// To keep the suite quick, sizes are shrunk where a command has them: <c>--patients</c>/<c>-n</c> to at most
/// <see cref="MaxPatients"/> and <c>--days</c> to at most <see cref="MaxDays"/>, and <c>cohort</c>, <c>sweep</c> and
/// <c>compare</c> without them get those values; <c>--patients-per-point</c>, <c>--samples</c>, <c>--months</c> and
/// <c>--particles</c> are capped likewise (<see cref="MaxSamples"/>, <see cref="MaxMonths"/>, <see cref="MaxParticles"/>). A path that exists in the repository (e.g. a sample protocol file)
/// is passed as its full path; every other file the command names lands in the scratch folder. A command that must
/// not run in a test (a server) goes in a block fenced ```bash no-run.
/// </remarks>
public sealed class DocCommandTests
{
    /// <summary>The most patients a documented command runs with in the test.</summary>
    public const int MaxPatients = 20;

    /// <summary>The most days a documented command simulates in the test.</summary>
    public const int MaxDays = 100;

    /// <summary>The most Morris trajectories or Sobol base rows (<c>sensitivity --samples</c>) in the test.</summary>
    public const int MaxSamples = 2;

    /// <summary>The most months of referrals (<c>unit --months</c>) in the test.</summary>
    public const int MaxMonths = 3;

    /// <summary>The most particles (<c>forecast --particles</c>) in the test.</summary>
    public const int MaxParticles = 64;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in DocSnippetTests.MarkdownFiles())
            if (Commands(file).Count > 0) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Commands_InFile_ExitZero(string file)
    {
        string scratch = Directory.CreateTempSubdirectory("doc-commands-").FullName;
        try
        {
            var failures = new List<string>();
            foreach (var command in Commands(file))
            {
                var (exit, output) = Run(command, scratch);
                if (exit != 0) failures.Add($"{command.File}:{command.Line}: `{command.Text}` exited {exit}:\n  {output.Trim().Replace("\n", "\n  ", StringComparison.Ordinal)}");
            }
            Assert.True(failures.Count == 0, "Documented commands that fail:\n" + string.Join("\n", failures));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Commands_InTheDocs_AreFound()
    {
        var all = DocSnippetTests.MarkdownFiles().SelectMany(Commands).ToArray();
        Assert.True(all.Length >= 15, $"only {all.Length} documented commands found: is the extraction broken?");
        Assert.Contains(all, c => c.File == "README.md" && c.Arguments.Count == 0);   // the main job
        Assert.Contains(all, c => c.File == "docs/cli.md" && c.Arguments is ["merge", ..]);
    }

    /// <summary>The lab sheets' own commands (<c>dotnet run --project samples/NN-…</c>) are run by CI in .ci/run-samples.</summary>
    [Fact]
    public void SampleCommands_InTheDocs_AreRunByCi()
    {
        string root = Notebooks.RepositoryPaths.Root;
        string ci = File.ReadAllText(Path.Combine(root, ".ci", "run-samples"));
        var samples = DocSnippetTests.MarkdownFiles()
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(root, f)), @"--project samples/(?<name>[\w-]+)").Select(m => (File: f, Name: m.Groups["name"].Value)))
            .Distinct().ToArray();
        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.True(System.Text.RegularExpressions.Regex.IsMatch(ci, $@"(?m)^sample {s.Name}\b"), $"{s.File}: samples/{s.Name} is not run by .ci/run-samples"));
    }

    [Fact]
    public void Extract_ShellForms_AreUnderstood()
    {
        const string Markdown = """
            ```bash
            dotnet run -c Release --project src/Reconstitution.Cli -- cohort --patients 500 \
              --days 730   # a comment
            time dotnet run -c Release --project src/Reconstitution.Cli
            reconstitution protocols --show auto-cy-atg > my.json
            for k in 0 1; do reconstitution cohort --shard $k/2 --out study; done
            dotnet run -c Release --project src/Reconstitution.Cli -- <command> …
            dotnet run --project samples/01-first-transplant
            ```
            ```bash no-run
            reconstitution lab
            ```
            Run `reconstitution simulate --days 10`; the error reads `reconstitution: --days: '0' is not allowed`.
            """;
        var commands = DocCommand.Extract("x.md", Markdown);
        Assert.Equal(
            ["cohort --patients 500 --days 730", "", "protocols --show auto-cy-atg", "cohort --shard 0/2 --out study", "cohort --shard 1/2 --out study", "simulate --days 10"],
            commands.Select(c => string.Join(' ', c.Arguments)));
        Assert.Equal("my.json", commands[2].StdoutFile);
        Assert.Equal(2, commands[0].Line);
    }

    [Fact]
    public void Shrink_LargeCohort_IsCappedAndFilled()
    {
        Assert.Equal(["cohort", "--patients", "20", "--days", "100"], Shrink(["cohort", "--patients", "500", "--days", "730"]));
        Assert.Equal(["sweep", "-n", "5", "--days", "100"], Shrink(["sweep", "-n", "5"]));
        Assert.Equal(["compare", "a", "b", "--patients", "20", "--days", "100"], Shrink(["compare", "a", "b"]));
        Assert.Equal(["protocols"], Shrink(["protocols"]));
    }

    private static IReadOnlyList<DocCommand> Commands(string file) =>
        DocCommand.Extract(file, File.ReadAllText(Path.Combine(Notebooks.RepositoryPaths.Root, file)));

    /// <summary>Caps --patients/-n and --days; adds them to the cohort-running commands that lack them.</summary>
    internal static string[] Shrink(IReadOnlyList<string> args)
    {
        var result = args.ToList();
        bool patients = false, days = false, months = false;
        for (int i = 0; i + 1 < result.Count; i++)
        {
            if (result[i] is "--patients" or "-n") { patients = true; result[i + 1] = Cap(result[i + 1], MaxPatients); }
            else if (result[i] == "--days") { days = true; result[i + 1] = Cap(result[i + 1], MaxDays); }
            else if (result[i] == "--patients-per-point") result[i + 1] = Cap(result[i + 1], MaxPatients);
            else if (result[i] == "--samples") result[i + 1] = Cap(result[i + 1], MaxSamples);
            else if (result[i] == "--months") { months = true; result[i + 1] = Cap(result[i + 1], MaxMonths); }
            else if (result[i] == "--particles") result[i + 1] = Cap(result[i + 1], MaxParticles);
        }
        if (result.Count > 0 && result[0] is "cohort" or "sweep" or "compare")
        {
            if (!patients) result.AddRange(["--patients", MaxPatients.ToString(CultureInfo.InvariantCulture)]);
            if (!days) result.AddRange(["--days", MaxDays.ToString(CultureInfo.InvariantCulture)]);
        }
        if (result.Count > 0 && result[0] == "unit" && !months) result.AddRange(["--months", MaxMonths.ToString(CultureInfo.InvariantCulture)]);
        return [.. result];

        static string Cap(string value, int max) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > max ? max.ToString(CultureInfo.InvariantCulture) : value;
    }

    private static (int Exit, string Output) Run(DocCommand command, string scratch)
    {
        string root = Notebooks.RepositoryPaths.Root;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Reconstitution.Cli.dll"));
        foreach (string arg in Shrink(command.Arguments))
        {
            // A repository file (a sample protocol) by its full path, unless an earlier command made one of that name here.
            bool inRepository = !arg.StartsWith('-') && arg.Contains('.') && !File.Exists(Path.Combine(scratch, arg)) && File.Exists(Path.Combine(root, arg));
            info.ArgumentList.Add(inRepository ? Path.Combine(root, arg) : arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {Timeout.TotalMinutes} min");
        }
        if (command.StdoutFile is { } target) File.WriteAllText(Path.Combine(scratch, target), stdout.Result);
        return (process.ExitCode, stderr.Result);
    }
}
