using System.CommandLine;
using Reconstitution.Protocols;

namespace Reconstitution.Cli;

/// <summary>
/// The <c>reconstitution</c> command line: builds the commands, parses, runs, and maps errors to exit codes
/// (0 success, 1 failure, 2 bad usage or input, 130 cancelled). Tests call <see cref="Run"/> in process.
/// </summary>
internal sealed class CliApp
{
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly CancellationToken _cancel;
    private readonly bool _interactive;
    private readonly Func<string, string?> _environment;

    public CliApp(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, bool interactive, Func<string, string?>? environment = null)
    {
        _out = stdout;
        _err = stderr;
        _cancel = cancellationToken;
        _interactive = interactive;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Reads an environment variable (tests pass their own, e.g. the Slurm array variables).</summary>
    public string? Env(string name) => _environment(name);

    /// <summary>The command line being run (recorded in run.json).</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    public TextWriter Out => _out;

    public TextWriter Err => _err;

    public CancellationToken Cancellation => _cancel;

    /// <summary>Whether a progress bar may be drawn (a console that is not redirected).</summary>
    public bool Interactive => _interactive;

    /// <summary>Runs the command line.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default, bool interactive = false, Func<string, string?>? environment = null)
    {
        var app = new CliApp(stdout, stderr, cancellationToken, interactive, environment);
        return app.Execute(args);
    }

    private int Execute(string[] args)
    {
        Arguments = [.. args];
        var root = BuildRoot(args);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string message = parse.Errors[0].Message.Trim();
            _err.WriteLine($"reconstitution: {message} Run 'reconstitution --help' for the commands and options.");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = _out, Error = _err, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (UsageException ex)
        {
            _err.WriteLine("reconstitution: " + ex.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            _err.WriteLine("reconstitution: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _err.WriteLine("reconstitution: " + ex.Message);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // A value the library refused (out of range after combining options): the message names it.
            _err.WriteLine("reconstitution: " + ex.Message.ReplaceLineEndings(" "));
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            _err.WriteLine($"reconstitution: failed: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The commands, in the order help lists them.</summary>
    private static readonly string[] CommandNames = ["protocols", "simulate", "cohort", "sweep", "compare", "merge", "lab", "unit", "sensitivity", "forecast"];

    // first: the first argument. When it names a command, only that command is built: its options and actions are all the
    // parse and the run can reach (a token after it is that command's, never a sibling's). Otherwise (no argument, an option
    // such as --help or --version, a mistyped name) every command is, for the help's list and the errors. Building all ten
    // (their option trees, the sweep's and sensitivity analysis's parameter catalogues for their help texts) took ≈ 5 ms of
    // CPU in every run (benchmarks/results/cohort.md, session 16).
    //
    // The help and version options are added only when a token may name them: constructing the help option reads its
    // description from System.CommandLine's resources, ≈ 5 ms of CPU in every run (benchmarks/results/cohort.md, session 19),
    // and a parse without such a token reaches neither option.
    private Command BuildRoot(string[] args)
    {
        string? first = args.Length > 0 ? args[0] : null;
        // A plain command named "reconstitution" rather than RootCommand, whose name would be the executable's
        // (Reconstitution.Cli) in help and usage lines; help and version are added as RootCommand would.
        var root = new Command("reconstitution",
            "Stochastic simulation of immune reconstitution after stem cell transplantation for autoimmune disease. " +
            "Without a command: a 200-patient, one-year cohort of the default autologous protocol (auto-cy-atg) into ./out.");
        if (MayAskForHelpOrVersion(args))
        {
            root.Options.Add(new System.CommandLine.Help.HelpOption { Recursive = true });
            root.Options.Add(new VersionOption());
        }
        root.SetAction(_ => CohortCommand.RunDefault(this));
        bool named = first is not null && Array.IndexOf(CommandNames, first) >= 0;
        foreach (string name in CommandNames)
            if (!named || name == first) root.Subcommands.Add(BuildCommand(name));
        return root;
    }

    /// <summary>
    /// Whether a token of <paramref name="args"/> may name the help option (<c>--help</c>, <c>-h</c>, <c>/h</c>, <c>-?</c>,
    /// <c>/?</c>) or <c>--version</c>: as itself, with a value after <c>:</c> or <c>=</c>, inside a bundle of one-letter
    /// options (<c>-xh</c>), or from a response file (<c>@file</c>, read by the parser). False only when none can.
    /// </summary>
    internal static bool MayAskForHelpOrVersion(IReadOnlyList<string> args)
    {
        // Plain loops over the characters (the framework's searches are vector code the JIT would compile first).
        foreach (string arg in args)
        {
            if (arg.Length > 0 && arg[0] == '@') return true;
            int cut = 0;
            while (cut < arg.Length && arg[cut] != ':' && arg[cut] != '=') cut++;
            if (arg[..cut] is "--help" or "-h" or "/h" or "-?" or "/?" or "--version") return true;
            if (arg.Length > 2 && arg[0] == '-' && arg[1] != '-')
                foreach (char c in arg)
                    if (c is 'h' or '?') return true;
        }
        return false;
    }

    private Command BuildCommand(string name) => name switch
    {
        "protocols" => ProtocolsCommand.Build(this),
        "simulate" => SimulateCommand.Build(this),
        "cohort" => CohortCommand.Build(this),
        "sweep" => SweepCommand.Build(this),
        "compare" => CompareCommand.Build(this),
        "merge" => MergeCommand.Build(this),
        "lab" => LabCommand.Build(this),
        "unit" => UnitCommand.Build(this),
        "sensitivity" => SensitivityCommand.Build(this),
        "forecast" => ForecastCommand.Build(this),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a command."),
    };

    /// <summary>Creates a string-valued option (values are validated by the command, with messages that name the option).</summary>
    public static Option<string?> Opt(string name, string helpName, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = helpName };

    /// <summary>Creates a flag.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>The built-in names, for messages.</summary>
    public static string ProtocolNames => string.Join(", ", BuiltInProtocols.Names);
}
