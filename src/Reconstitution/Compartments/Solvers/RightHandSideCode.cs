using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Reconstitution.Numerics;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// The continuous part of the hybrid solver's right-hand side written out as straight-line code for one partition's
/// structure (<see cref="GeneratedCode"/>: IL of a <see cref="DynamicMethod"/>): every first-order rate (rate constant × reactant, times a
/// signal for modulated terms) with its indices as constants, and every ODE component's sum of change × rate with its
/// changes as constants — what <c>HybridSolver.ComputeFluxes</c> and <c>HybridSolver.Accumulate</c> do from arrays,
/// without loading the indices and amounts, without a loop, and without a branch at the end of each row.
/// </summary>
/// <remarks>
/// <para><b>Same bits.</b> The code performs the array loops' operations in their order: each rate is
/// (rate constant × reactant) × signal, each sum starts at 0 and adds the row's terms in row order. A change of +1 adds
/// the rate and a change of −1 subtracts it instead of multiplying (1·f = f and s + (−1)·f = s − f exactly in IEEE
/// arithmetic), any other change multiplies first. Tests compare both paths bit for bit.</para>
/// <para><b>Vector lanes.</b> Where the processor has 256-bit vectors and the rate constants lie side by side (a stride of
/// one double, as the solver passes them), four consecutive slots of one kind (plain or modulated) whose reactants or signals
/// are consecutive or shared (the maturation chains: slot, reactant and often the signal advance together) run on the four lanes
/// of one vector: a load of the rate constants, a load (or broadcast, or four values) of the reactants and the signals, one or
/// two multiplications, one store. Four consecutive rows of the same length whose slots, position by position, are consecutive
/// or shared (at most one position gathered value by value) are summed on lanes too: 0, then each position's four terms in row
/// order, a mixed position's changes as a vector of constants (1·f = f and s + (−1)·f = s − f exactly). Each lane performs the
/// scalar code's operations on the same operands in the same order, so the bits are the same (IEEE multiplication and addition
/// are lane-wise, and the JIT neither fuses nor reassociates them).</para>
/// <para><b>Why IL and not expression trees.</b> The loops read the solver's arrays through references without bounds
/// checks (the indices are the network's own, checked when the solver is refreshed); System.Linq.Expressions has no
/// reference arithmetic, so each constant index would cost a bounds check again.</para>
/// <para><b>Cost and cache.</b> Emitting and compiling the code of a partition of the physiology network (≈ 245 rates,
/// ≈ 123 sums) takes ≈ 8–9 ms of the compiling thread's CPU (session 17), the cost of ≈ 20,000 evaluations' savings
/// (≈ 0.4 µs each). So code is kept by structure, one entry
/// per structure shared by every solver of the process (a 1,000-patient, one-year cohort keeps 2–8 and compiles 2–5 of them, by protocol), which
/// counts the evaluations solvers ran on it and compiles once they reach <see cref="CompileAfter"/>: a cohort compiles each
/// structure it dwells in once, a single patient (≈ 800–1,500 evaluations a year, spread over several structures) never.
/// The threshold is below the break-even because a cohort's structures are either rare (fewer than ≈ 3,000 evaluations in
/// 1,000 patients) or common (30,000–1,000,000): in six protocols' 1,000-patient cohorts only cord blood had any between
/// 4,096 and 16,384 (three), and each compiled structure ran its first 16,384 evaluations, not 4,096, on the array loops
/// (benchmarks/results/cohort.md, session 17, helper "evalcost"). The compilation runs on a background thread, and
/// the cache's storage is allocated at its first use (a <see cref="BoundedCache{TEntry}"/>: insert-only, lookups without a
/// lock), so a simulation thread never allocates for it after that. Solvers look a structure up once per partition layout
/// (<see cref="PartitionLayout.Code"/>), not at every repartition. At most <see cref="CacheCapacity"/> structures (and as
/// many as its pools hold); beyond that, and where dynamic code is not compiled (<see cref="GeneratedCode.IsSupported"/>
/// false), solvers keep their array loops.</para>
/// </remarks>
internal sealed class RightHandSideCode : GeneratedCode
{
    /// <summary>Evaluations of one structure, over every solver of the process, after which its code is compiled (see the remarks).</summary>
    public const int CompileAfter = 4_096;

    /// <summary>Distinct structures kept per process (see the remarks).</summary>
    public const int CacheCapacity = 64;

    /// <summary>
    /// Writes the first-order rates: slot s gets rate(s) × counts[argument(s)] (× parameters[modulator(s)] for modulated
    /// slots), rate(s) read at byte offset s × stride from <paramref name="rates"/>.
    /// </summary>
    public delegate void FluxCode(ref double rates, ref double counts, ref double parameters, ref double flux);

    /// <summary>Writes each ODE component's derivative: Σ change × flux[slot] over its row, in row order.</summary>
    public delegate void SumCode(ref double flux, ref double dydt);

    /// <summary>
    /// <see cref="FluxCode"/> then <see cref="SumCode"/> in one call: what the right-hand side runs when every continuous
    /// rate is first-order (no general rate has to be evaluated between the two).
    /// </summary>
    public delegate void RatesAndSumsCode(ref double rates, ref double counts, ref double parameters, ref double flux, ref double dydt);

    // The kept structures (Cache): entries made at the first use, their structures copied into two pools then (no allocation
    // when one is added). The pools are filled under the cache's lock (Key.Keep), and read for tests under PoolLock too.
    private static readonly BoundedCache<RightHandSideCode> Cache = new(CacheCapacity);
    private static readonly Lock PoolLock = new();
    private static RightHandSideCode[] _entries = [];
    private static int[] _intPool = [];
    private static double[] _amountPool = [];
    private static int _intsUsed, _amountsUsed;

    /// <summary>Integers (indices, row ends) and changes the pools hold for all kept structures (the physiology's take ≈ 1,200 and ≈ 600).</summary>
    private const int IntPoolSize = 1 << 16, AmountPoolSize = 1 << 15;

    // This entry's structure: spans of _ints and _amounts (the pools, or arrays of its own when compiled outside the cache).
    private int[] _ints = [];
    private double[] _amounts = [];
    private int _plainCount, _rateStride, _slots, _modulatorCount, _rows, _entryCount, _intsAt, _amountsAt;
    private FluxCode? _fluxes;
    private SumCode? _sums;
    private RatesAndSumsCode? _ratesAndSums;

    /// <summary>The generated rates (once <see cref="GeneratedCode.Count"/> returned true).</summary>
    public FluxCode Fluxes => _fluxes ?? NotCompiled<FluxCode>();

    /// <summary>The generated sums (once <see cref="GeneratedCode.Count"/> returned true).</summary>
    public SumCode Sums => _sums ?? NotCompiled<SumCode>();

    /// <summary>
    /// The generated rates and sums in one call (once <see cref="GeneratedCode.Count"/> returned true): one delegate call
    /// instead of two, and a delegate closed over its entry, which the runtime calls without the argument-shuffling stub
    /// of an open static one.
    /// </summary>
    public RatesAndSumsCode RatesAndSums => _ratesAndSums ?? NotCompiled<RatesAndSumsCode>();

    /// <summary>First-order slots the compiled code computes on vector lanes (tests).</summary>
    internal int VectorSlots { get; private set; }

    /// <summary>Rows the compiled code sums on vector lanes (tests).</summary>
    internal int VectorRows { get; private set; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T NotCompiled<T>() => throw new InvalidOperationException("The code is not compiled yet.");

    private RightHandSideCode(long compileAfter = CompileAfter) : base(compileAfter) { }

    private ReadOnlySpan<int> Arguments => _ints.AsSpan(_intsAt, _slots);
    private ReadOnlySpan<int> Modulators => _ints.AsSpan(_intsAt + _slots, _modulatorCount);
    private ReadOnlySpan<int> RowEnd => _ints.AsSpan(_intsAt + _slots + _modulatorCount, _rows);
    private ReadOnlySpan<int> RowSlot => _ints.AsSpan(_intsAt + _slots + _modulatorCount + _rows, _entryCount);
    private ReadOnlySpan<double> RowAmount => _amounts.AsSpan(_amountsAt, _entryCount);

    protected override void Emit()
    {
        var fluxParts = EmitFluxes(_plainCount, _rateStride, Arguments, Modulators, out int vectorSlots);
        var sumParts = EmitSums(RowEnd, RowSlot, RowAmount, out int vectorRows);
        (VectorSlots, VectorRows) = (vectorSlots, vectorRows);
        var fluxes = Sequence("RightHandSideFluxes", 4, fluxParts).CreateDelegate<FluxCode>();
        var sums = Sequence("RightHandSideSums", 2, sumParts).CreateDelegate<SumCode>();
        var ratesAndSums = EmitRatesAndSums(fluxParts, sumParts).CreateDelegate<RatesAndSumsCode>(this);
        // Run each once on zeros here: a dynamic method is compiled to machine code at its first call, which allocates,
        // and that must not happen on the simulation thread that first uses the code.
        int slots = Math.Max(_slots, MaxPlusOne(RowSlot)) + 1;
        var rates = new double[_slots * _rateStride / sizeof(double) + 1];
        var counts = new double[MaxPlusOne(Arguments) + 1];
        var parameters = new double[MaxPlusOne(Modulators) + 1];
        var flux = new double[slots];
        var dydt = new double[_rows + 1];
        fluxes(ref rates[0], ref counts[0], ref parameters[0], ref flux[0]);
        sums(ref flux[0], ref dydt[0]);
        ratesAndSums(ref rates[0], ref counts[0], ref parameters[0], ref flux[0], ref dydt[0]);
        (_fluxes, _sums, _ratesAndSums) = (fluxes, sums, ratesAndSums);
    }

    /// <summary>The largest value plus one (0 for none).</summary>
    private static int MaxPlusOne(ReadOnlySpan<int> values)
    {
        int max = -1;
        foreach (int v in values) max = Math.Max(max, v);
        return max + 1;
    }

    /// <summary>
    /// The entry for a structure, from the cache or added now (not compiled before <see cref="GeneratedCode.Count"/> says so);
    /// null where dynamic code is not compiled or the cache is full. <paramref name="arguments"/>: the reactant of every
    /// first-order slot (plain, then modulated); <paramref name="modulators"/>: the signal's parameter index of every
    /// modulated slot; <paramref name="rowEnd"/>, <paramref name="rowSlot"/>, <paramref name="rowAmount"/>: the sums (row k is
    /// entries [rowEnd[k − 1], rowEnd[k])). Allocates only at the process's first call.
    /// </summary>
    public static RightHandSideCode? For(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        if (!IsSupported) return null;
        Validate(plainCount, arguments, modulators, rowEnd, rowSlot, rowAmount);
        int entries = rowEnd.Length == 0 ? 0 : rowEnd[^1];
        rowSlot = rowSlot[..entries];
        rowAmount = rowAmount[..entries];
        int hash = Hash(plainCount, rateStride, arguments, modulators, rowEnd, entries);
        var found = Cache.FindOrAdd(hash, new Key(plainCount, rateStride, arguments, modulators, rowEnd, rowSlot, rowAmount));
        if (found is null) RequireIndices(arguments, modulators, rowSlot); // not kept (no room): checked all the same
        return found;
    }

    /// <summary>A structure looked up in <see cref="Cache"/>.</summary>
    private readonly ref struct Key(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount) : BoundedCache<RightHandSideCode>.IKey
    {
        private readonly ReadOnlySpan<int> _arguments = arguments, _modulators = modulators, _rowEnd = rowEnd, _rowSlot = rowSlot;
        private readonly ReadOnlySpan<double> _rowAmount = rowAmount;

        public bool Matches(RightHandSideCode kept) => kept.Matches(plainCount, rateStride, _arguments, _modulators, _rowEnd, _rowSlot, _rowAmount);

        public RightHandSideCode? Keep(int index)
        {
            int ints = _arguments.Length + _modulators.Length + _rowEnd.Length + _rowSlot.Length, entries = _rowSlot.Length;
            RequireIndices(_arguments, _modulators, _rowSlot);
            lock (PoolLock)
            {
                if (_entries.Length == 0)
                {
                    _entries = new RightHandSideCode[CacheCapacity];
                    for (int k = 0; k < CacheCapacity; k++) _entries[k] = new RightHandSideCode();
                    _intPool = new int[IntPoolSize];
                    _amountPool = new double[AmountPoolSize];
                    StartCompiler();
                }
                if (_intsUsed + ints > IntPoolSize || _amountsUsed + entries > AmountPoolSize) return null;
                var added = _entries[index];
                added.Keep(_intPool, _intsUsed, _amountPool, _amountsUsed, plainCount, rateStride, _arguments, _modulators, _rowEnd, _rowSlot, _rowAmount);
                _intsUsed += ints;
                _amountsUsed += entries;
                return added;
            }
        }
    }

    /// <summary>Compiles the code for a structure without the cache (tests, benchmarks, and measuring the compile cost).</summary>
    internal static RightHandSideCode Compile(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        var code = Uncached(plainCount, rateStride, arguments, modulators, rowEnd, rowSlot, rowAmount);
        code.EnsureCompiled();
        return code;
    }

    /// <summary>
    /// An entry for a structure outside the cache, not compiled before <see cref="GeneratedCode.Count"/> says so: after
    /// <paramref name="compileAfter"/> uses (tests).
    /// </summary>
    internal static RightHandSideCode Uncached(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount, long compileAfter = CompileAfter)
    {
        Validate(plainCount, arguments, modulators, rowEnd, rowSlot, rowAmount);
        int entries = rowEnd.Length == 0 ? 0 : rowEnd[^1];
        RequireIndices(arguments, modulators, rowSlot[..entries]);
        var code = new RightHandSideCode(compileAfter);
        code.Keep(new int[arguments.Length + modulators.Length + rowEnd.Length + entries], 0, new double[entries], 0, plainCount, rateStride,
            arguments, modulators, rowEnd, rowSlot[..entries], rowAmount[..entries]);
        return code;
    }

    private static void Validate(int plainCount, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators, ReadOnlySpan<int> rowEnd,
        ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        if (plainCount < 0 || plainCount > arguments.Length || modulators.Length != arguments.Length - plainCount)
            throw new ArgumentException($"{arguments.Length} first-order slots of which {plainCount} plain need {arguments.Length - plainCount} modulators; {modulators.Length} given.", nameof(modulators));
        int entries = rowEnd.Length == 0 ? 0 : rowEnd[^1];
        if (rowSlot.Length < entries || rowAmount.Length < entries)
            throw new ArgumentException($"The rows hold {entries} entries; {rowSlot.Length} slots and {rowAmount.Length} amounts given.", nameof(rowSlot));
    }

    /// <summary>
    /// Generated code addresses the arrays without bounds checks: a negative index would read or write outside them. Checked
    /// when a structure is kept; a structure found in the cache equals a kept one, checked then.
    /// </summary>
    private static void RequireIndices(ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators, ReadOnlySpan<int> rowSlot)
    {
        RequireNonNegative(arguments, nameof(arguments));
        RequireNonNegative(modulators, nameof(modulators));
        RequireNonNegative(rowSlot, nameof(rowSlot));
    }

    private static void RequireNonNegative(ReadOnlySpan<int> indices, string name)
    {
        for (int i = 0; i < indices.Length; i++)
            if (indices[i] < 0) throw new ArgumentOutOfRangeException(name, indices[i], $"Index {i} is negative; indices are 0 or more.");
    }

    /// <summary>Whether the cache could keep <paramref name="structures"/> more structures of <paramref name="ints"/> integers and <paramref name="amounts"/> changes each (tests).</summary>
    internal static bool HasRoom(int structures, int ints, int amounts)
    {
        lock (PoolLock)
            return Cache.Count + structures <= CacheCapacity && _intsUsed + structures * ints <= IntPoolSize && _amountsUsed + structures * amounts <= AmountPoolSize;
    }

    /// <summary>Copies a structure into <paramref name="ints"/> from <paramref name="intsAt"/> and <paramref name="amounts"/> from <paramref name="amountsAt"/>.</summary>
    private void Keep(int[] ints, int intsAt, double[] amounts, int amountsAt, int plainCount, int rateStride, ReadOnlySpan<int> arguments,
        ReadOnlySpan<int> modulators, ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        (_ints, _intsAt, _amounts, _amountsAt) = (ints, intsAt, amounts, amountsAt);
        (_plainCount, _rateStride, _slots, _modulatorCount, _rows, _entryCount) =
            (plainCount, rateStride, arguments.Length, modulators.Length, rowEnd.Length, rowSlot.Length);
        arguments.CopyTo(ints.AsSpan(intsAt));
        modulators.CopyTo(ints.AsSpan(intsAt + _slots));
        rowEnd.CopyTo(ints.AsSpan(intsAt + _slots + _modulatorCount));
        rowSlot.CopyTo(ints.AsSpan(intsAt + _slots + _modulatorCount + _rows));
        rowAmount.CopyTo(amounts.AsSpan(amountsAt));
    }

    private bool Matches(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        if (plainCount != _plainCount || rateStride != _rateStride) return false;
        if (!arguments.SequenceEqual(Arguments) || !modulators.SequenceEqual(Modulators) || !rowEnd.SequenceEqual(RowEnd) || !rowSlot.SequenceEqual(RowSlot)) return false;
        ReadOnlySpan<double> kept = RowAmount;
        for (int e = 0; e < kept.Length; e++)
            if (BitConverter.DoubleToInt64Bits(rowAmount[e]) != BitConverter.DoubleToInt64Bits(kept[e])) return false;
        return true;
    }

    /// <summary>
    /// A hash of a structure's shape: its sizes, its first-order slots' reactants and signals, and its row ends. It only
    /// screens the kept entries before <see cref="Matches"/> compares every part, so it leaves out the row entries (two
    /// thirds of the structure, hashed for no gain: two partitions of one network
    /// that differ in their rows almost always differ in their row ends or slots too).
    /// </summary>
    private static int Hash(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, int entries)
    {
        var hash = new HashCode();
        hash.Add(plainCount);
        hash.Add(rateStride);
        hash.Add(entries);
        hash.AddBytes(MemoryMarshal.AsBytes(arguments));
        hash.AddBytes(MemoryMarshal.AsBytes(modulators));
        hash.AddBytes(MemoryMarshal.AsBytes(rowEnd));
        return hash.ToHashCode();
    }

    /// <summary>
    /// A method (object target, then the five references of <see cref="RatesAndSumsCode"/>) that calls the rates' parts, then
    /// the sums' parts; its delegate is closed over the target, which it ignores.
    /// </summary>
    private static DynamicMethod EmitRatesAndSums(List<DynamicMethod> fluxParts, List<DynamicMethod> sumParts)
    {
        const short rates = 1, counts = 2, parameters = 3, flux = 4, dydt = 5;
        var reference = typeof(double).MakeByRefType();
        var method = new DynamicMethod("RightHandSideRatesAndSums", typeof(void), [typeof(RightHandSideCode), reference, reference, reference, reference, reference],
            typeof(RightHandSideCode).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        foreach (var part in fluxParts)
        {
            foreach (short a in (ReadOnlySpan<short>)[rates, counts, parameters, flux]) il.Emit(OpCodes.Ldarg, a);
            il.Emit(OpCodes.Call, part);
        }
        foreach (var part in sumParts)
        {
            il.Emit(OpCodes.Ldarg, flux);
            il.Emit(OpCodes.Ldarg, dydt);
            il.Emit(OpCodes.Call, part);
        }
        il.Emit(OpCodes.Ret);
        return method;
    }

    private static List<DynamicMethod> EmitFluxes(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        out int vectorSlots)
    {
        vectorSlots = 0;
        const short rates = 0, counts = 1, parameters = 2, flux = 3;
        bool vectors = rateStride == sizeof(double) && VectorLanes.Accelerated;
        var parts = new List<DynamicMethod>();
        for (int first = 0; first < arguments.Length || parts.Count == 0; first += EntriesPerMethod)
        {
            var part = NewMethod("RightHandSideFluxes", 4);
            var il = part.GetILGenerator();
            int end = Math.Min(arguments.Length, first + EntriesPerMethod);
            for (int s = first; s < end;)
            {
                bool modulated = s >= plainCount;
                if (vectors && s + Lanes <= end && (s + Lanes <= plainCount || modulated)
                    && Fits(Lanes4(arguments, s), modulated ? Lanes4(modulators, s - plainCount) : default, modulated))
                {
                    // Four slots on vector lanes: (rate × reactant) × signal lane by lane, the scalar form's operations in its order.
                    Address(il, rates, 8L * s);
                    il.Emit(OpCodes.Call, VectorMethods.Load);
                    Load4(il, counts, Lanes4(arguments, s));
                    il.Emit(OpCodes.Call, VectorMethods.Multiply);
                    if (modulated)
                    {
                        Load4(il, parameters, Lanes4(modulators, s - plainCount));
                        il.Emit(OpCodes.Call, VectorMethods.Multiply);
                    }
                    Address(il, flux, 8L * s);
                    il.Emit(OpCodes.Call, VectorMethods.Store);
                    s += Lanes;
                    vectorSlots += Lanes;
                    continue;
                }
                Address(il, flux, 8L * s);
                Load(il, rates, (long)rateStride * s);
                Load(il, counts, 8L * arguments[s]);
                il.Emit(OpCodes.Mul);
                if (modulated)
                {
                    Load(il, parameters, 8L * modulators[s - plainCount]);
                    il.Emit(OpCodes.Mul);
                }
                il.Emit(OpCodes.Stind_R8);
                s++;
            }
            il.Emit(OpCodes.Ret);
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>Doubles per 256-bit vector.</summary>
    private const int Lanes = 4;

    /// <summary>
    /// The vector methods the emitted code calls, found only when code is first emitted: in a nested class, whose static
    /// initialiser runs at its first use, not with <see cref="RightHandSideCode"/>'s (which <see cref="For"/> runs on a
    /// simulation thread in every process). The overloaded ones come from delegates the C# compiler bound to them: a search
    /// of <see cref="Vector256"/>'s overloads by name and signature cost ≈ 13–14 ms of CPU at the first emission of every
    /// run (≈ 9 ms of it the first lookup named <c>Create</c>, which makes all of its overloads; the delegates ≈ 1–2 ms;
    /// benchmarks/results/cohort.md, sessions 16 and 19).
    /// </summary>
    private static class VectorMethods
    {
        // Each taken from a delegate the compiler bound to the exact overload: no search among Vector256's overloads.
        public static readonly MethodInfo Load = new LoadCode(Vector256.LoadUnsafe).Method;
        public static readonly MethodInfo Store = new StoreCode(Vector256.StoreUnsafe).Method;
        public static readonly MethodInfo Broadcast = new Func<double, Vector256<double>>(Vector256.Create).Method;
        public static readonly MethodInfo OfFour = new Func<double, double, double, double, Vector256<double>>(Vector256.Create).Method;
        public static readonly MethodInfo Zero = typeof(Vector256<double>).GetProperty(nameof(Vector256<double>.Zero))!.GetMethod!;
        public static readonly MethodInfo Add = typeof(Vector256<double>).GetMethod("op_Addition", [typeof(Vector256<double>), typeof(Vector256<double>)])!;
        public static readonly MethodInfo Subtract = typeof(Vector256<double>).GetMethod("op_Subtraction", [typeof(Vector256<double>), typeof(Vector256<double>)])!;
        public static readonly MethodInfo Multiply = typeof(Vector256<double>).GetMethod("op_Multiply", [typeof(Vector256<double>), typeof(Vector256<double>)])!;

        private delegate Vector256<double> LoadCode(ref readonly double source);

        private delegate void StoreCode(Vector256<double> source, ref double destination);
    }

    /// <summary>
    /// Whether the processor has 256-bit vectors, asked here and not in the emitters or <see cref="VectorMethods"/>: ahead-of-time
    /// (ReadyToRun) code is not made for a method that asks (the answer depends on the machine), so each of them would be
    /// compiled at run time at its first call (the two emitters ≈ 1,450 bytes of IL at tier 0); this class's initialiser is.
    /// </summary>
    private static class VectorLanes
    {
        public static readonly bool Accelerated = Vector256.IsHardwareAccelerated;
    }

    /// <summary>The four indices from <paramref name="start"/>.</summary>
    private static (int, int, int, int) Lanes4(ReadOnlySpan<int> indices, int start) =>
        (indices[start], indices[start + 1], indices[start + 2], indices[start + 3]);

    /// <summary>How four lanes read an array: one vector load (consecutive), one value for all (the same), or four values.</summary>
    private enum LaneRead { Consecutive, Same, Gathered }

    private static LaneRead ReadOf((int A, int B, int C, int D) i) =>
        i.B == i.A + 1 && i.C == i.A + 2 && i.D == i.A + 3 ? LaneRead.Consecutive
        : i.B == i.A && i.C == i.A && i.D == i.A ? LaneRead.Same
        : LaneRead.Gathered;

    /// <summary>
    /// Whether four slots are worth vector lanes: their reactants and (modulated slots) their signals not both gathered value
    /// by value (measured: allowing none, one or both gathered differs by less than the noise; both gathered saves little).
    /// </summary>
    private static bool Fits((int, int, int, int) arguments, (int, int, int, int) modulators, bool modulated) =>
        !(ReadOf(arguments) == LaneRead.Gathered && modulated && ReadOf(modulators) == LaneRead.Gathered);

    /// <summary>
    /// Pushes a vector of the four doubles at indices <paramref name="lanes"/> of the array in argument
    /// <paramref name="argument"/>: one load when they are consecutive, one value broadcast when they are the same, four values otherwise.
    /// </summary>
    private static void Load4(ILGenerator il, short argument, (int A, int B, int C, int D) lanes)
    {
        switch (ReadOf(lanes))
        {
            case LaneRead.Consecutive:
                Address(il, argument, 8L * lanes.A);
                il.Emit(OpCodes.Call, VectorMethods.Load);
                break;
            case LaneRead.Same:
                Load(il, argument, 8L * lanes.A);
                il.Emit(OpCodes.Call, VectorMethods.Broadcast);
                break;
            default:
                foreach (int i in (ReadOnlySpan<int>)[lanes.A, lanes.B, lanes.C, lanes.D]) Load(il, argument, 8L * i);
                il.Emit(OpCodes.Call, VectorMethods.OfFour);
                break;
        }
    }

    private static List<DynamicMethod> EmitSums(ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount,
        out int vectorRows)
    {
        vectorRows = 0;
        const short flux = 0, dydt = 1;
        bool vectors = VectorLanes.Accelerated;
        var parts = new List<DynamicMethod>();
        for (int k = 0; k < rowEnd.Length || parts.Count == 0;)
        {
            var part = NewMethod("RightHandSideSums", 2);
            var il = part.GetILGenerator();
            int e = k == 0 ? 0 : rowEnd[k - 1], first = k, partStart = e;
            while (k < rowEnd.Length && (k == first || rowEnd[k] - partStart <= EntriesPerMethod))
            {
                int length = rowEnd[k] - e;
                if (vectors && k + Lanes <= rowEnd.Length && rowEnd[k + Lanes - 1] - partStart <= Math.Max(EntriesPerMethod, Lanes * length)
                    && SumFits(rowEnd, rowSlot, k, e, length))
                {
                    // Four rows of the same length on vector lanes: lane i is row k + i's sum, its terms added in row order.
                    il.Emit(OpCodes.Call, VectorMethods.Zero);
                    for (int p = 0; p < length; p++)
                    {
                        var lanes = (rowSlot[e + p], rowSlot[e + length + p], rowSlot[e + 2 * length + p], rowSlot[e + 3 * length + p]);
                        Load4(il, flux, lanes);
                        double a0 = rowAmount[e + p], a1 = rowAmount[e + length + p], a2 = rowAmount[e + 2 * length + p], a3 = rowAmount[e + 3 * length + p];
                        if (a0 == a1 && a0 == a2 && a0 == a3 && (a0 == 1 || a0 == -1)) il.Emit(OpCodes.Call, a0 == 1 ? VectorMethods.Add : VectorMethods.Subtract);
                        else
                        {
                            // A change of ±1 on a lane among others: f × 1 = f and s + f × (−1) = s − f exactly, as in the scalar rows.
                            foreach (double a in (ReadOnlySpan<double>)[a0, a1, a2, a3]) il.Emit(OpCodes.Ldc_R8, a);
                            il.Emit(OpCodes.Call, VectorMethods.OfFour);
                            il.Emit(OpCodes.Call, VectorMethods.Multiply);
                            il.Emit(OpCodes.Call, VectorMethods.Add);
                        }
                    }
                    Address(il, dydt, 8L * k);
                    il.Emit(OpCodes.Call, VectorMethods.Store);
                    k += Lanes;
                    e += Lanes * length;
                    vectorRows += Lanes;
                    continue;
                }
                Address(il, dydt, 8L * k);
                il.Emit(OpCodes.Ldc_R8, 0.0);
                for (; e < rowEnd[k]; e++)
                {
                    Load(il, flux, 8L * rowSlot[e]);
                    double amount = rowAmount[e];
                    if (amount == 1) il.Emit(OpCodes.Add);
                    else if (amount == -1) il.Emit(OpCodes.Sub);
                    else
                    {
                        il.Emit(OpCodes.Ldc_R8, amount);
                        il.Emit(OpCodes.Mul);
                        il.Emit(OpCodes.Add);
                    }
                }
                il.Emit(OpCodes.Stind_R8);
                k++;
            }
            il.Emit(OpCodes.Ret);
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>
    /// Whether rows <paramref name="k"/> to <paramref name="k"/> + 3 (from entry <paramref name="e"/>) are worth vector lanes:
    /// all of <paramref name="length"/> ≥ 1 entries, and at most one position whose four slots are gathered value by value.
    /// </summary>
    private static bool SumFits(ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, int k, int e, int length)
    {
        if (length == 0) return false;
        for (int i = 1; i < Lanes; i++)
            if (rowEnd[k + i] - rowEnd[k + i - 1] != length) return false;
        int gathered = 0;
        for (int p = 0; p < length; p++)
            if (ReadOf((rowSlot[e + p], rowSlot[e + length + p], rowSlot[e + 2 * length + p], rowSlot[e + 3 * length + p])) == LaneRead.Gathered)
                gathered++;
        return gathered <= 1;
    }
}
