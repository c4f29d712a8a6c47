using BenchmarkDotNet.Running;
using Reconstitution.Benchmarks;
using static Reconstitution.Benchmarks.ModeArguments;

// Entry point: `dotnet run -c Release --project benchmarks/Reconstitution.Benchmarks -- --filter '*'`.
// CI smoke test: `... -- --filter '*' --job dry --inProcess`.
// Load-robust ratios of issue 15: `... -- interleaved [rounds] [filter]` (see InterleavedRatios).
// Where a cohort patient's time and work go, by phase: `... -- work <protocol> <patients> <days>` (see WorkProfile).
// What a cohort patient's set-up costs, by part (time, bytes, collections): `... -- setup <protocol> <patients> <days> [part]` (see SetupProfile).
// CPU per patient under several ODE methods, interleaved: `... -- ode-methods <protocol> <patients> <days> <m1,m2,...> <rounds>`.
// Deviation of each ODE method's mean-field course from a tight Dormand–Prince one: `... -- ode-accuracy <protocol> <patients> <days> <m1,m2,...> [atol1,atol2,...]`.
// Deviation of the hybrid solver's firing times from a tight Dormand–Prince course per absolute tolerance: `... -- firing-accuracy <protocol> <patients> <days> <atol1,atol2,...>`.
// CPU of one right-hand-side evaluation of the physiology network, two states: `... -- rhs [rounds]` (see RightHandSideBenchmarks).
// CPU of one Rosenbrock–W Jacobian of the physiology network, differenced and assembled from the structure: `... -- jacobian [rounds]` (see JacobianBenchmarks).
// CPU of one sparse LU solve on the physiology Jacobian's pattern, generated code and array loops: `... -- lu [rounds]` (see SparseLuBenchmarks).
// CPU of compiling one structure's generated code (right-hand side, LU solve, LU factorisation): `... -- codecost [rounds]` (see GeneratedCodeCost).
// A mode's arguments are checked where they are read: a wrong count prints the mode's usage, a bad value names the
// argument and what is allowed (ModeArguments), and both exit with code 2.
var modes = new Dictionary<string, (string Usage, int Min, int Max, Action<string[]> Run)>
{
    ["interleaved"] = ("interleaved [rounds] [filter]", 0, 2,
        a => InterleavedRatios.Run(a.Length > 0 ? Count(a[0], "rounds") : 5, a.Length > 1 ? a[1] : null)),
    ["ode-methods"] = ("ode-methods <protocol> <patients> <days> <method1,method2,...> <rounds>", 5, 5,
        a => OdeMethodComparison.Run(a[0], Count(a[1], "patients"), Count(a[2], "days"), Methods(a[3], "methods"), Count(a[4], "rounds"))),
    ["ode-accuracy"] = ("ode-accuracy <protocol> <patients> <days> <method1,method2,...> [atol1,atol2,...]", 4, 5,
        a => OdeMethodAccuracy.Run(a[0], Count(a[1], "patients"), Count(a[2], "days"), Methods(a[3], "methods"),
            a.Length > 4 ? Tolerances(a[4], "absolute tolerances") : [])),
    ["firing-accuracy"] = ("firing-accuracy <protocol> <patients> <days> <atol1,atol2,...>", 4, 4,
        a => FiringTimeAccuracy.Run(a[0], Count(a[1], "patients"), Count(a[2], "days"), Tolerances(a[3], "absolute tolerances"))),
    ["rhs"] = ("rhs [rounds]", 0, 1, a => RightHandSideBenchmarks.Time(a.Length > 0 ? Count(a[0], "rounds") : 10)),
    ["signal-calls"] = ("signal-calls <protocol> <day> [patients]", 2, 3,
        a => SignalCallProfile.Run(a[0], Count(a[1], "day"), a.Length > 2 ? Count(a[2], "patients") : 1)),
    ["lu"] = ("lu [rounds]", 0, 1, a => SparseLuBenchmarks.Time(a.Length > 0 ? Count(a[0], "rounds") : 10)),
    ["codecost"] = ("codecost [rounds]", 0, 1, a => GeneratedCodeCost.Run(a.Length > 0 ? Count(a[0], "rounds") : 10)),
    ["jacobian"] = ("jacobian [rounds]", 0, 1, a => JacobianBenchmarks.Time(a.Length > 0 ? Count(a[0], "rounds") : 10)),
    ["work"] = ("work <protocol> <patients> <days>", 3, 3,
        a => WorkProfile.Run(a[0], Count(a[1], "patients"), Count(a[2], "days"))),
    ["bands"] = ("bands <patients> <days> <rounds>", 3, 3,
        a => BandsProfile.Run(Count(a[0], "patients"), Count(a[1], "days"), Count(a[2], "rounds"))),
    ["setup"] = ("setup <protocol> <patients> <days> [part]", 3, 4,
        a => SetupProfile.Run(a[0], Count(a[1], "patients"), Count(a[2], "days"), a.Length > 3 ? a[3] : null)),
};

if (args.Length > 0 && modes.TryGetValue(args[0], out var mode))
{
    string[] rest = args[1..];
    if (rest.Length < mode.Min || rest.Length > mode.Max)
    {
        Console.Error.WriteLine($"{args[0]} takes {(mode.Min == mode.Max ? mode.Min.ToString() : $"{mode.Min} to {mode.Max}")} arguments, got {rest.Length}. Usage: {mode.Usage}");
        return 2;
    }

    try
    {
        mode.Run(rest);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"{args[0]}: {e.Message}");
        return 2;
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
