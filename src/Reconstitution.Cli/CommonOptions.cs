using System.CommandLine;
using Reconstitution.Cohorts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Cli;

/// <summary>The options the cohort-style commands share, and their validation.</summary>
internal sealed class CommonOptions
{
    public const int DefaultDays = 365;
    public const ulong DefaultSeed = 1;

    public Option<string?> Protocol { get; } = CliApp.Opt("--protocol", "NAME|FILE", "A built-in protocol (see 'reconstitution protocols') or a protocol JSON file.", "-p");
    public Option<string?> Patients { get; } = CliApp.Opt("--patients", "N", "Number of virtual patients, 1 to 10000000 (default 100).", "-n");
    public Option<string?> Seed { get; } = CliApp.Opt("--seed", "S", "Random seed, a whole number ≥ 0 (default 1). Same seed, same results on any thread count.");
    public Option<string?> Days { get; } = CliApp.Opt("--days", "N", "Days simulated after infusion, 1 to 36500 (default 365).");
    public Option<string?> Disease { get; } = CliApp.Opt("--disease", "D", "Autoimmune disease: none, ms, ssc, sle, ra, aiha, itp (default ms).");
    public Option<string?> Threads { get; } = CliApp.Opt("--threads", "T", "Worker threads, 1 to 1024 (default: the number of cores). Results do not depend on it.");
    public Option<string?> Out { get; } = CliApp.Opt("--out", "DIR", "Output folder (default ./out); created if missing; an earlier run's files in it are removed. One run at a time per folder.", "-o");
    public Option<bool> Json { get; } = CliApp.Flag("--json", "Print summary.json to standard output instead of the table.");
    public Option<bool> Quiet { get; } = CliApp.Flag("--quiet", "No progress bar and no table (errors still go to standard error).");

    public void AddTo(Command cmd, bool protocol = true, bool patients = true, bool threads = true, bool json = true)
    {
        if (protocol) cmd.Options.Add(Protocol);
        if (patients) cmd.Options.Add(Patients);
        cmd.Options.Add(Seed);
        cmd.Options.Add(Days);
        cmd.Options.Add(Disease);
        if (threads) cmd.Options.Add(Threads);
        cmd.Options.Add(Out);
        if (json) cmd.Options.Add(Json);
        cmd.Options.Add(Quiet);
    }

    /// <summary>The cohort specification from the options (protocol given separately when null).</summary>
    public CohortSpecification Specification(ParseResult pr, IProtocol? protocol = null, int defaultPatients = 100)
    {
        protocol ??= ArgumentParsing.Protocol(pr.GetValue(Protocol));
        int patients = ArgumentParsing.Int(pr.GetValue(Patients), "--patients", 1, 10_000_000, defaultPatients);
        ulong seed = ArgumentParsing.Seed(pr.GetValue(Seed), DefaultSeed);
        int days = ArgumentParsing.Int(pr.GetValue(Days), "--days", 1, 36_500, DefaultDays);
        var disease = ArgumentParsing.Disease(pr.GetValue(Disease), AutoimmuneDisease.MultipleSclerosis);
        int threads = ArgumentParsing.Int(pr.GetValue(Threads), "--threads", 1, 1024, Environment.ProcessorCount);
        return new CohortSpecification(protocol)
        {
            Patients = patients,
            Seed = seed,
            Days = days,
            Threads = threads,
            Covariates = CovariateDistribution.Default with { Disease = disease },
        };
    }
}
