using BenchmarkDotNet.Running;
using Reconstitution.Benchmarks;

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
if (args.Length > 0 && args[0] == "interleaved")
{
    InterleavedRatios.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
        args.Length > 2 ? args[2] : null);
    return;
}
if (args.Length == 6 && args[0] == "ode-methods")
{
    var invariant = System.Globalization.CultureInfo.InvariantCulture;
    OdeMethodComparison.Run(args[1], int.Parse(args[2], invariant), int.Parse(args[3], invariant),
        [.. args[4].Split(',').Select(Enum.Parse<Reconstitution.Compartments.OdeMethod>)], int.Parse(args[5], invariant));
    return;
}
if (args.Length is 5 or 6 && args[0] == "ode-accuracy")
{
    var invariant = System.Globalization.CultureInfo.InvariantCulture;
    OdeMethodAccuracy.Run(args[1], int.Parse(args[2], invariant), int.Parse(args[3], invariant),
        [.. args[4].Split(',').Select(Enum.Parse<Reconstitution.Compartments.OdeMethod>)],
        args.Length == 6 ? [.. args[5].Split(',').Select(a => double.Parse(a, invariant))] : []);
    return;
}
if (args.Length == 5 && args[0] == "firing-accuracy")
{
    var invariant = System.Globalization.CultureInfo.InvariantCulture;
    FiringTimeAccuracy.Run(args[1], int.Parse(args[2], invariant), int.Parse(args[3], invariant), [.. args[4].Split(',').Select(a => double.Parse(a, invariant))]);
    return;
}
if (args.Length > 0 && args[0] == "rhs")
{
    RightHandSideBenchmarks.Time(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}
if (args.Length > 0 && args[0] == "lu")
{
    SparseLuBenchmarks.Time(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}
if (args.Length > 0 && args[0] == "jacobian")
{
    JacobianBenchmarks.Time(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}
if (args.Length == 4 && args[0] == "work")
{
    WorkProfile.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
if (args.Length == 4 && args[0] == "bands")
{
    BandsProfile.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
if (args.Length is 4 or 5 && args[0] == "setup")
{
    SetupProfile.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), args.Length == 5 ? args[4] : null);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
