using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hybrid solver's right-hand side runs straight-line code generated for the partition's structure
/// (<see cref="RightHandSideCode"/>) once the structure has been used often; it must give the array loops' results to the
/// bit, or a cohort's outputs would depend on when the code was compiled.
/// </summary>
public class RightHandSideCodeTests
{
    [Fact]
    public void Compile_RandomStructures_FluxesSumsAndBothInOneCallEqualTheArrayLoopsToTheBit()
    {
        // Random structures: up to 500 plain and modulated first-order slots reading random compartments and signals, up to
        // 120 rows of 0–6 entries over all slots (both more than one generated method holds) with changes ±1 (emitted as
        // add/subtract), other integers and fractions; random rates, counts and signals including zeros of both signs. The
        // reference is the solver's array loops written out here.
        var config = Config.QuickThrowOnFailure.WithMaxTest(200).WithReplay(new Replay(new Rnd(15_2026UL), null));
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => GeneratedMatchesArrays(seed)).Check(config);
    }

    private static bool GeneratedMatchesArrays(int seed)
    {
        var random = new Random(seed);
        int compartments = random.Next(1, 40), signals = random.Next(1, 10), slots = random.Next(0, 500), general = random.Next(0, 4);
        int plain = random.Next(0, slots + 1);
        var arguments = new int[slots];
        var modulators = new int[slots - plain];
        for (int s = 0; s < slots; s++) arguments[s] = random.Next(compartments);
        for (int s = 0; s < modulators.Length; s++) modulators[s] = random.Next(signals);
        double[] amounts = [1, -1, 2, -2, 3, 0.5, -0.25];
        int rows = random.Next(0, 120), total = slots + general;
        var rowEnd = new int[rows];
        var rowSlot = new List<int>();
        var rowAmount = new List<double>();
        for (int k = 0; k < rows; k++)
        {
            int length = total == 0 ? 0 : random.Next(0, 7);
            for (int e = 0; e < length; e++)
            {
                rowSlot.Add(random.Next(total));
                rowAmount.Add(amounts[random.Next(amounts.Length)]);
            }
            rowEnd[k] = rowSlot.Count;
        }
        var code = RightHandSideCode.Compile(plain, 2 * sizeof(double), arguments, modulators, rowEnd, [.. rowSlot], [.. rowAmount]);

        // Rates at a stride of two doubles (the solver's 16-byte terms), counts and signals with signed zeros.
        var rates = new double[2 * slots + 1];
        var counts = new double[compartments];
        var parameters = new double[signals];
        for (int s = 0; s < slots; s++) rates[2 * s] = Value(random);
        for (int i = 0; i < compartments; i++) counts[i] = Value(random);
        for (int i = 0; i < signals; i++) parameters[i] = Value(random);
        var flux = new double[total + 1];
        var expectedFlux = new double[total + 1];
        for (int s = slots; s < total; s++) flux[s] = expectedFlux[s] = Value(random) * (random.Next(2) == 0 ? 1 : -1); // general slots
        code.Fluxes(ref rates[0], ref counts[0], ref parameters[0], ref flux[0]);
        for (int s = 0; s < plain; s++) expectedFlux[s] = rates[2 * s] * counts[arguments[s]];
        for (int s = plain; s < slots; s++) expectedFlux[s] = rates[2 * s] * counts[arguments[s]] * parameters[modulators[s - plain]];

        var dydt = new double[rows + 1];
        var expected = new double[rows + 1];
        code.Sums(ref flux[0], ref dydt[0]);
        int entry = 0;
        for (int k = 0; k < rows; k++)
        {
            double sum = 0;
            for (; entry < rowEnd[k]; entry++) sum += rowAmount[entry] * expectedFlux[rowSlot[entry]];
            expected[k] = sum;
        }
        // Both passes in one call (what the solver runs when every continuous rate is first-order): the same bits.
        var fluxInOne = new double[total + 1];
        var dydtInOne = new double[rows + 1];
        for (int s = slots; s < total; s++) fluxInOne[s] = expectedFlux[s];
        code.RatesAndSums(ref rates[0], ref counts[0], ref parameters[0], ref fluxInOne[0], ref dydtInOne[0]);
        return SameBits(flux, expectedFlux) && SameBits(dydt, expected) && SameBits(fluxInOne, expectedFlux) && SameBits(dydtInOne, expected);
    }

    [Fact]
    public void Compile_ChainLikeStructures_VectorLanesEqualTheArrayLoopsToTheBit()
    {
        // Structures like the physiology's maturation chains, which the code runs on vector lanes: rate constants side by side
        // (a stride of one double), blocks of slots whose reactants and signals are consecutive, shared or random, and blocks
        // of four rows of one length whose slots, position by position, are consecutive, shared or random, with changes ±1,
        // other integers and fractions mixed across the four rows. Values include zeros of both signs (0 + (−0) = +0: a
        // folded "zero plus" would show) and negative ones. Each structure must put some slots and rows on lanes, or the
        // test would not test them.
        var config = Config.QuickThrowOnFailure.WithMaxTest(200).WithReplay(new Replay(new Rnd(15_2027UL), null));
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => ChainLikeMatchesArrays(seed)).Check(config);
    }

    private static bool ChainLikeMatchesArrays(int seed)
    {
        var random = new Random(seed);
        int compartments = random.Next(8, 60), signals = random.Next(8, 20);
        var arguments = new List<int>();
        var modulators = new List<int>();
        int plain = 0;
        for (int block = random.Next(1, 12); block > 0; block--)
        {
            bool modulated = plain < arguments.Count || random.Next(2) == 0; // plain blocks first
            int length = random.Next(1, 13);
            int argumentStart = random.Next(Math.Max(1, compartments - length)), modulatorStart = random.Next(Math.Max(1, signals - length));
            int argumentKind = random.Next(3), modulatorKind = random.Next(3);
            for (int i = 0; i < length; i++)
            {
                arguments.Add(Index(argumentKind, argumentStart, i, compartments, random));
                if (modulated) modulators.Add(Index(modulatorKind, modulatorStart, i, signals, random));
            }
            if (!modulated) plain += length;
        }
        int slots = arguments.Count;
        double[] amounts = [1, -1, 1, -1, 2, -2, 0.5, 16];
        var rowEnd = new List<int>();
        var rowSlot = new List<int>();
        var rowAmount = new List<double>();
        for (int group = random.Next(1, 10); group > 0; group--)
        {
            int rows = random.Next(2) == 0 ? 4 : random.Next(1, 9), length = random.Next(0, 5);
            var kinds = new int[length];
            var starts = new int[length];
            var changes = new double[length];
            for (int p = 0; p < length; p++) (kinds[p], starts[p], changes[p]) = (random.Next(3), random.Next(Math.Max(1, slots - rows)), amounts[random.Next(amounts.Length)]);
            bool mixed = random.Next(2) == 0;
            for (int r = 0; r < rows; r++)
            {
                for (int p = 0; p < length; p++)
                {
                    rowSlot.Add(Math.Min(slots - 1, Index(kinds[p], starts[p], r, slots, random)));
                    rowAmount.Add(mixed ? amounts[random.Next(amounts.Length)] : changes[p]);
                }
                rowEnd.Add(rowSlot.Count);
            }
        }
        var code = RightHandSideCode.Compile(plain, sizeof(double), [.. arguments], [.. modulators], [.. rowEnd], [.. rowSlot], [.. rowAmount]);
        // Without 256-bit vectors no structure runs on lanes and this test checks the scalar code alone (by design).
        bool onLanes = !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || code.VectorSlots > 0 || code.VectorRows > 0;

        var rates = new double[slots + 1];
        var counts = new double[compartments];
        var parameters = new double[signals];
        for (int s = 0; s < slots; s++) rates[s] = Signed(random);
        for (int i = 0; i < compartments; i++) counts[i] = Signed(random);
        for (int i = 0; i < signals; i++) parameters[i] = Signed(random);
        var flux = new double[slots + 1];
        var expectedFlux = new double[slots + 1];
        code.Fluxes(ref rates[0], ref counts[0], ref parameters[0], ref flux[0]);
        for (int s = 0; s < plain; s++) expectedFlux[s] = rates[s] * counts[arguments[s]];
        for (int s = plain; s < slots; s++) expectedFlux[s] = rates[s] * counts[arguments[s]] * parameters[modulators[s - plain]];

        var dydt = new double[rowEnd.Count + 1];
        var expected = new double[rowEnd.Count + 1];
        code.Sums(ref flux[0], ref dydt[0]);
        int entry = 0;
        for (int k = 0; k < rowEnd.Count; k++)
        {
            double sum = 0;
            for (; entry < rowEnd[k]; entry++) sum += rowAmount[entry] * expectedFlux[rowSlot[entry]];
            expected[k] = sum;
        }
        var fluxInOne = new double[slots + 1];
        var dydtInOne = new double[rowEnd.Count + 1];
        code.RatesAndSums(ref rates[0], ref counts[0], ref parameters[0], ref fluxInOne[0], ref dydtInOne[0]);
        return onLanes && SameBits(flux, expectedFlux) && SameBits(dydt, expected) && SameBits(fluxInOne, expectedFlux) && SameBits(dydtInOne, expected);
    }

    /// <summary>Index i of a block: consecutive from <paramref name="start"/> (kind 0), the same (1), or random (2).</summary>
    private static int Index(int kind, int start, int i, int count, Random random) => kind switch
    {
        0 => Math.Min(start + i, count - 1),
        1 => start,
        _ => random.Next(count),
    };

    /// <summary>A value of either sign, zeros of both signs among them.</summary>
    private static double Signed(Random random) => random.Next(6) == 0 ? -Value(random) : Value(random);

    [Fact]
    public void Derivative_PatientWithGeneratedCode_SameCountsToTheBitAsArrayLoops()
    {
        // Two identical patients (same seed), one compiling each partition's code at its first evaluation, the other on the
        // array loops throughout: every count, every firing, after 60 days of the physiology network.
        var generated = new Patient(PhysiologyModel.Create(PatientCovariates.Default), RandomStream.Create(2026, 4));
        var arrays = new Patient(PhysiologyModel.Create(PatientCovariates.Default), RandomStream.Create(2026, 4));
        var generatedSolver = (HybridSolver)generated.System.Solver;
        generatedSolver.CompilesCodeAtOnce = true;
        ((HybridSolver)arrays.System.Solver).UsesGeneratedCode = false;
        for (int day = 10; day <= 60; day += 10)
        {
            generated.AdvanceTo(day);
            arrays.AdvanceTo(day);
            Assert.True(SameBits(generated.System.State.Counts, arrays.System.State.Counts), $"The counts differ at day {day}.");
        }
        Assert.True(generatedSolver.RunsGeneratedCode);
        Assert.False(((HybridSolver)arrays.System.Solver).RunsGeneratedCode);
        Assert.Equal(arrays.System.State.FiringCounts, generated.System.State.FiringCounts);
    }

    [Fact]
    public void Count_UsesReachTheThreshold_CompiledInTheBackgroundThenUsable()
    {
        int[] arguments = [0], rowEnd = [1], rowSlot = [0];
        double[] rowAmount = [-1];
        GeneratedCode.StartCompiler(); // as the caches do at their first use (without it, the calling thread compiles)
        var code = RightHandSideCode.Uncached(1, 16, arguments, [], rowEnd, rowSlot, rowAmount);
        Assert.False(code.Count(RightHandSideCode.CompileAfter - 1));
        Assert.False(code.IsRequested);
        Assert.Throws<InvalidOperationException>(() => code.Sums);
        code.Count(1); // reaches the threshold: compiled on the background thread
        Assert.True(code.IsRequested);
        Assert.True(SpinWait.SpinUntil(() => code.Count(0), TimeSpan.FromSeconds(60)), "not compiled within a minute");
        Assert.True(code.IsCompiled);
        Assert.NotEqual(0, code.CompiledOnThread);
        Assert.NotEqual(Environment.CurrentManagedThreadId, code.CompiledOnThread);
        var flux = new double[] { 3 };
        var dydt = new double[1];
        code.Sums(ref flux[0], ref dydt[0]);
        Assert.Equal(-3, dydt[0]);
    }

    [Fact]
    public void Count_MoreRequestsOverTheProcessThanTheQueueHolds_EachCompiledInTheBackground()
    {
        // The compiler thread's queue is a ring of 256 waiting entries: a long-lived process (a notebook, a test run) that
        // requests more entries than that over its life, one after another, must still hand each to the compiler thread, so
        // that no simulation thread compiles (and allocates) in mid-run.
        int[] arguments = [0], rowEnd = [1], rowSlot = [0];
        double[] rowAmount = [-1];
        GeneratedCode.StartCompiler();
        for (int i = 0; i < 300; i++)
        {
            var code = RightHandSideCode.Uncached(1, 16, arguments, [], rowEnd, rowSlot, rowAmount, compileAfter: 1);
            code.Count(1);
            Assert.True(SpinWait.SpinUntil(() => code.IsCompiled, TimeSpan.FromSeconds(60)), $"request {i} not compiled within a minute");
            Assert.NotEqual(Environment.CurrentManagedThreadId, code.CompiledOnThread);
        }
    }

    [Theory]
    [InlineData(25)]
    [InlineData(60)]
    [InlineData(150)]
    public void Derivative_SwitchToBackgroundCompiledCodeMidRun_SameCourseToTheBitAsArrayLoops(long compileAfter)
    {
        // A cohort's solvers start on the array loops and switch to a partition's generated code at whichever evaluation
        // follows the background thread's compilation. The code gives the loops' bits, so a patient whose solver switches
        // mid-run must follow the course of one that never switches: every count at every day, every firing, the outcome.
        // Here each partition's code is handed to the compiler after compileAfter of its evaluations (an auto-cy-atg course
        // repartitions several times, so several switches), and the run pauses at the day's end until a requested
        // compilation is done, so the switch lands at the next day's first evaluation, inside an integrator step.
        GeneratedCode.StartCompiler();
        var options = new PatientSimulationOptions { Days = 120 };
        var switching = Start(options);
        var arrays = Start(options);
        var solver = (HybridSolver)switching.Person.System.Solver;
        solver.CompilesCodeAfter = compileAfter;
        ((HybridSolver)arrays.Person.System.Solver).UsesGeneratedCode = false;
        var compiled = new HashSet<RightHandSideCode>();
        RightHandSideCode? awaited = null; // requested, not compiled at a day's end, and not yet run
        int switches = 0;
        for (int day = -6; day <= options.Days; day++)
        {
            switching.Simulation.Run(day);
            arrays.Simulation.Run(day);
            Assert.True(SameBits(switching.Person.System.State.Counts, arrays.Person.System.State.Counts), $"The counts differ at day {day}.");
            if (awaited is not null && (solver.CodeEntry != awaited || solver.RunsGeneratedCode))
            {
                if (solver.RunsGeneratedCode) switches++;
                awaited = null; // switched, or repartitioned before it evaluated again
            }
            if (solver.CodeEntry is { IsRequested: true } entry && compiled.Add(entry))
            {
                if (!entry.IsCompiled) awaited = entry;
                Assert.True(SpinWait.SpinUntil(() => entry.IsCompiled, TimeSpan.FromSeconds(60)), "not compiled within a minute");
            }
        }
        Assert.True(switches > 0, "No partition went from the array loops to its generated code between two days.");
        Assert.All(compiled, c => Assert.NotEqual(Environment.CurrentManagedThreadId, c.CompiledOnThread));
        Assert.Equal(arrays.Person.System.State.FiringCounts, switching.Person.System.State.FiringCounts);
        switching.Simulation.Run(switching.StopTime);
        arrays.Simulation.Run(arrays.StopTime);
        Assert.Equal(PatientSimulation.Finish(arrays).Outcome, PatientSimulation.Finish(switching).Outcome);
    }

    private static PatientRun Start(PatientSimulationOptions options)
    {
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        return PatientSimulation.Start(PatientSimulation.Draw(covariates, 7, 3, options), BuiltInProtocols.Get("auto-cy-atg"), 7, 3, options);
    }

    [Fact]
    public void For_SameStructureTwice_SameEntry()
    {
        // The process-wide cache is insert-only: a test process that has met many structures may have no room left for
        // these two (then it answers null, which is asserted instead). Room for more than two is asked so that another
        // test class adding one meanwhile does not take the last place.
        int[] arguments = [987_654], rowEnd = [1], rowSlot = [0];
        double[] rowAmount = [-1];
        bool room = RightHandSideCode.HasRoom(4, 3, 1);
        var first = RightHandSideCode.For(1, 16, arguments, [], rowEnd, rowSlot, rowAmount);
        var again = RightHandSideCode.For(1, 16, arguments, [], rowEnd, rowSlot, [.. rowAmount]);
        var other = RightHandSideCode.For(1, 16, arguments, [], rowEnd, rowSlot, [2.0]);
        if (!GeneratedCode.IsSupported) { Assert.Null(first); return; }
        if (room)
        {
            Assert.NotNull(first);
            Assert.NotNull(other);
            Assert.False(ReferenceEquals(first, other), "a different change must be a different structure");
        }
        else if (first is null) Assert.False(RightHandSideCode.HasRoom(1, 3, 1), "null only when the cache is full");
        Assert.Same(first, again);
    }

    [Fact]
    public void For_StructuresDifferingOnlyInRowEntries_DifferentEntriesAndLookupAllocatesNothing()
    {
        // The cache's hash leaves out the row entries (slots and changes), so these three structures hash alike: the full
        // comparison must still tell them apart, and finding a kept one again must not allocate (a repartition makes one).
        int[] arguments = [876_543, 876_544], rowEnd = [1];
        bool room = RightHandSideCode.HasRoom(6, 4, 1);
        var first = RightHandSideCode.For(2, 16, arguments, [], rowEnd, [0], [-1.0]);
        var otherSlot = RightHandSideCode.For(2, 16, arguments, [], rowEnd, [1], [-1.0]);
        var otherChange = RightHandSideCode.For(2, 16, arguments, [], rowEnd, [0], [-2.0]);
        int[] sameSlot = [0];
        double[] sameChange = [-1.0];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var again = RightHandSideCode.For(2, 16, arguments, [], rowEnd, sameSlot, sameChange);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Same(first, again);
        if (!GeneratedCode.IsSupported || !room) return;
        Assert.Equal(0, allocated);
        Assert.NotNull(first);
        Assert.NotSame(first, otherSlot);
        Assert.NotSame(first, otherChange);
        Assert.NotSame(otherSlot, otherChange);
    }

    [Fact]
    public void For_NegativeIndex_ThrowsNamingTheIndices()
    {
        // Indices are checked when a structure is kept (a lookup that finds one compares it with a checked structure).
        if (!GeneratedCode.IsSupported) return;
        var argument = Assert.Throws<ArgumentOutOfRangeException>(() => RightHandSideCode.For(1, 16, [-3], [], [1], [0], [1.0]));
        Assert.Equal("arguments", argument.ParamName);
        var slot = Assert.Throws<ArgumentOutOfRangeException>(() => RightHandSideCode.For(1, 16, [765_432], [], [1], [-1], [1.0]));
        Assert.Equal("rowSlot", slot.ParamName);
        Assert.Contains("Index 0 is negative", slot.Message);
    }

    [Fact]
    public void Compile_ModulatorsNotMatchingTheSlots_ThrowsNamingTheCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => RightHandSideCode.Compile(1, 16, [0, 1, 2], [0], [1], [0], [1.0]));
        Assert.Contains("3 first-order slots of which 1 plain need 2 modulators; 1 given", ex.Message);
    }

    private static double Value(Random random) => random.Next(8) switch
    {
        0 => 0.0,
        1 => -0.0,
        _ => random.NextDouble() * Math.Pow(10, random.Next(-3, 8)),
    };

    private static bool SameBits(double[] a, double[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => BitConverter.DoubleToInt64Bits(p.First) == BitConverter.DoubleToInt64Bits(p.Second));
}
