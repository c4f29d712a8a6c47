using System.Reflection.Emit;
using System.Runtime.InteropServices;
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
/// <para><b>Why IL and not expression trees.</b> The loops read the solver's arrays through references without bounds
/// checks (the indices are the network's own, checked when the solver is refreshed); System.Linq.Expressions has no
/// reference arithmetic, so each constant index would cost a bounds check again.</para>
/// <para><b>Cost and cache.</b> Emitting and compiling the code of a partition of the physiology network (≈ 245 rates,
/// ≈ 123 sums) takes ≈ 5 ms of CPU, the cost of ≈ 15,000 evaluations' savings. So code is kept by structure, one entry
/// per structure shared by every solver of the process (a 1,000-patient `auto-cy-atg` cohort goes through two), which
/// counts the evaluations solvers ran on it and compiles once they reach <see cref="CompileAfter"/>: a cohort compiles each
/// structure it dwells in once, a single patient (≈ 800 evaluations) never. At most <see cref="CacheCapacity"/>
/// structures (a new one replaces the least used structure not compiled yet); when all are compiled, and where dynamic code
/// is not compiled (<see cref="GeneratedCode.IsSupported"/> false), solvers keep their array loops.</para>
/// </remarks>
internal sealed class RightHandSideCode : GeneratedCode
{
    /// <summary>Evaluations of one structure, over every solver of the process, after which its code is compiled.</summary>
    public const int CompileAfter = 16_384;

    /// <summary>Distinct structures kept per process (see the remarks).</summary>
    public const int CacheCapacity = 64;

    /// <summary>
    /// Writes the first-order rates: slot s gets rate(s) × counts[argument(s)] (× parameters[modulator(s)] for modulated
    /// slots), rate(s) read at byte offset s × stride from <paramref name="rates"/>.
    /// </summary>
    public delegate void FluxCode(ref double rates, ref double counts, ref double parameters, ref double flux);

    /// <summary>Writes each ODE component's derivative: Σ change × flux[slot] over its row, in row order.</summary>
    public delegate void SumCode(ref double flux, ref double dydt);

    private static readonly List<RightHandSideCode> Cache = [];
    private static readonly Lock CacheLock = new();

    private readonly int _plainCount, _rateStride;
    private readonly int[] _arguments, _modulators, _rowEnd, _rowSlot;
    private readonly double[] _rowAmount;
    private readonly int _hash;
    private FluxCode? _fluxes;
    private SumCode? _sums;

    /// <summary>The generated rates (once <see cref="GeneratedCode.Count"/> returned true).</summary>
    public FluxCode Fluxes => _fluxes ?? throw new InvalidOperationException("The code is not compiled yet.");

    /// <summary>The generated sums (once <see cref="GeneratedCode.Count"/> returned true).</summary>
    public SumCode Sums => _sums ?? throw new InvalidOperationException("The code is not compiled yet.");

    private RightHandSideCode(int plainCount, int rateStride, int[] arguments, int[] modulators, int[] rowEnd, int[] rowSlot, double[] rowAmount, int hash)
        : base(CompileAfter)
    {
        _plainCount = plainCount;
        _rateStride = rateStride;
        _arguments = arguments;
        _modulators = modulators;
        _rowEnd = rowEnd;
        _rowSlot = rowSlot;
        _rowAmount = rowAmount;
        _hash = hash;
    }

    protected override void Emit()
    {
        _fluxes = EmitFluxes(_plainCount, _rateStride, _arguments, _modulators);
        _sums = EmitSums(_rowEnd, _rowSlot, _rowAmount);
    }

    /// <summary>
    /// The entry for a structure, from the cache or added now (not compiled before <see cref="GeneratedCode.Count"/> says so); null where
    /// dynamic code is not compiled or the cache is full of compiled structures. <paramref name="arguments"/>: the reactant of every first-order slot (plain, then modulated);
    /// <paramref name="modulators"/>: the signal's parameter index of every modulated slot; <paramref name="rowEnd"/>,
    /// <paramref name="rowSlot"/>, <paramref name="rowAmount"/>: the sums (row k is entries [rowEnd[k − 1], rowEnd[k])).
    /// </summary>
    public static RightHandSideCode? For(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        if (!IsSupported) return null;
        int hash = Hash(plainCount, rateStride, arguments, modulators, rowEnd, rowSlot, rowAmount);
        lock (CacheLock)
        {
            foreach (var code in Cache)
                if (code.Matches(hash, plainCount, rateStride, arguments, modulators, rowEnd, rowSlot, rowAmount)) return code;
            if (!MakeRoom(Cache, CacheCapacity)) return null;
            var added = Create(plainCount, rateStride, arguments, modulators, rowEnd, rowSlot, rowAmount, hash);
            Cache.Add(added);
            return added;
        }
    }

    /// <summary>Compiles the code for a structure without the cache (tests, and measuring the compile cost).</summary>
    internal static RightHandSideCode Compile(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        var code = Create(plainCount, rateStride, arguments, modulators, rowEnd, rowSlot, rowAmount,
            Hash(plainCount, rateStride, arguments, modulators, rowEnd, rowSlot, rowAmount));
        code.EnsureCompiled();
        return code;
    }

    private static RightHandSideCode Create(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount, int hash)
    {
        if (plainCount < 0 || plainCount > arguments.Length || modulators.Length != arguments.Length - plainCount)
            throw new ArgumentException($"{arguments.Length} first-order slots of which {plainCount} plain need {arguments.Length - plainCount} modulators; {modulators.Length} given.", nameof(modulators));
        int entries = rowEnd.Length == 0 ? 0 : rowEnd[^1];
        if (rowSlot.Length < entries || rowAmount.Length < entries)
            throw new ArgumentException($"The rows hold {entries} entries; {rowSlot.Length} slots and {rowAmount.Length} amounts given.", nameof(rowSlot));
        return new RightHandSideCode(plainCount, rateStride, arguments.ToArray(), modulators.ToArray(), rowEnd.ToArray(),
            rowSlot[..entries].ToArray(), rowAmount[..entries].ToArray(), hash);
    }

    private bool Matches(int hash, int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        if (hash != _hash || plainCount != _plainCount || rateStride != _rateStride) return false;
        if (!arguments.SequenceEqual(_arguments) || !modulators.SequenceEqual(_modulators) || !rowEnd.SequenceEqual(_rowEnd)) return false;
        int entries = _rowSlot.Length;
        if (rowSlot.Length < entries || rowAmount.Length < entries || !rowSlot[..entries].SequenceEqual(_rowSlot)) return false;
        for (int e = 0; e < entries; e++)
            if (BitConverter.DoubleToInt64Bits(rowAmount[e]) != BitConverter.DoubleToInt64Bits(_rowAmount[e])) return false;
        return true;
    }

    private static int Hash(int plainCount, int rateStride, ReadOnlySpan<int> arguments, ReadOnlySpan<int> modulators,
        ReadOnlySpan<int> rowEnd, ReadOnlySpan<int> rowSlot, ReadOnlySpan<double> rowAmount)
    {
        var hash = new HashCode();
        hash.Add(plainCount);
        hash.Add(rateStride);
        hash.AddBytes(MemoryMarshal.AsBytes(arguments));
        hash.AddBytes(MemoryMarshal.AsBytes(modulators));
        hash.AddBytes(MemoryMarshal.AsBytes(rowEnd));
        int entries = rowEnd.Length == 0 ? 0 : Math.Min(rowEnd[^1], Math.Min(rowSlot.Length, rowAmount.Length));
        hash.AddBytes(MemoryMarshal.AsBytes(rowSlot[..entries]));
        hash.AddBytes(MemoryMarshal.AsBytes(rowAmount[..entries]));
        return hash.ToHashCode();
    }

    private static FluxCode EmitFluxes(int plainCount, int rateStride, int[] arguments, int[] modulators)
    {
        const short rates = 0, counts = 1, parameters = 2, flux = 3;
        var parts = new List<DynamicMethod>();
        for (int first = 0; first < arguments.Length || parts.Count == 0; first += EntriesPerMethod)
        {
            var part = NewMethod("RightHandSideFluxes", 4);
            var il = part.GetILGenerator();
            for (int s = first; s < Math.Min(arguments.Length, first + EntriesPerMethod); s++)
            {
                Address(il, flux, 8L * s);
                Load(il, rates, (long)rateStride * s);
                Load(il, counts, 8L * arguments[s]);
                il.Emit(OpCodes.Mul);
                if (s >= plainCount)
                {
                    Load(il, parameters, 8L * modulators[s - plainCount]);
                    il.Emit(OpCodes.Mul);
                }
                il.Emit(OpCodes.Stind_R8);
            }
            il.Emit(OpCodes.Ret);
            parts.Add(part);
        }
        return Sequence("RightHandSideFluxes", 4, parts).CreateDelegate<FluxCode>();
    }

    private static SumCode EmitSums(int[] rowEnd, int[] rowSlot, double[] rowAmount)
    {
        const short flux = 0, dydt = 1;
        var parts = new List<DynamicMethod>();
        for (int k = 0; k < rowEnd.Length || parts.Count == 0;)
        {
            var part = NewMethod("RightHandSideSums", 2);
            var il = part.GetILGenerator();
            int e = k == 0 ? 0 : rowEnd[k - 1], first = k, partStart = e;
            for (; k < rowEnd.Length && (k == first || rowEnd[k] - partStart <= EntriesPerMethod); k++)
            {
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
            }
            il.Emit(OpCodes.Ret);
            parts.Add(part);
        }
        return Sequence("RightHandSideSums", 2, parts).CreateDelegate<SumCode>();
    }
}
