using System.Reflection.Emit;
using System.Runtime.InteropServices;

namespace Reconstitution.Numerics;

/// <summary>
/// <see cref="SparseLu.Solve"/> written out as straight-line code for one factor structure (ordering, rows, diagonal,
/// columns): the permuted right-hand side read at constant offsets, each row's products
/// subtracted in the factor's entry order, the result written back through the ordering — without loading column
/// indices and row bounds, and without a branch at the end of each row.
/// </summary>
/// <remarks>
/// <para><b>Same bits.</b> Row i of the forward substitution is b[order[i]] − v·x − … over its entries left of the
/// diagonal in order, and of the backward substitution (x[i] − v·x − … over its entries right of the diagonal, last entry
/// first) × 1/pivot, as in the array loops (<see cref="SparseLu.Solve"/> says why that order). Tests compare both paths bit
/// for bit.</para>
/// <para><b>Cost and cache.</b> Compiling the solve of the physiology's 123-row factor (≈ 1,000 entries) takes
/// milliseconds, against ≈ 0.5 µs saved per solve: entries are kept by structure (at most <see cref="CacheCapacity"/>,
/// shared by the process's factorisations in a <see cref="BoundedCache{TEntry}"/>, storage allocated at the first use)
/// and compiled on a background thread after <see cref="CompileAfter"/> solves on the structure.</para>
/// </remarks>
internal sealed class SparseLuSolveCode : GeneratedCode
{
    /// <summary>Solves of one structure, over every factorisation of the process, after which its code is compiled.</summary>
    /// <remarks>
    /// Compiling the physiology's solve (≈ 1,000–1,500 entries) costs ≈ 7 µs of the compiler thread's CPU per entry (7–10 ms;
    /// <c>codecost</c> benchmark mode), and a solve saves ≈ 0.36 ns per entry (<c>lu</c>: 1,455 entries, 0.72 against
    /// 1.24 µs): ≈ 19,000 solves repay the compilation. Over 1,000-patient cohorts a structure is solved 3,400–6,500 times
    /// (allogeneic and cord blood) or 17,000–117,000 times (autologous, reduced intensity, none). At 4,096 the allogeneic
    /// and double-cord structures compiled for ≈ 400–2,400 solves more (≈ 10 ms for ≈ 1 ms); at 8,192 they do not, and a
    /// structure that is solved often runs its first 8,192 solves on the array loops, ≈ 1.5–2 ms more than at 4,096
    /// (benchmarks/results/cohort.md, session 19).
    /// </remarks>
    public const int CompileAfter = 8192;

    /// <summary>Distinct structures kept per process (and as many as the pool holds); beyond that, factorisations keep their array loops.</summary>
    public const int CacheCapacity = 64;

    /// <summary>
    /// Overwrites b with the solution, the factor's values and inverse pivots given (the structure's code); work: n
    /// doubles of scratch.
    /// </summary>
    public delegate void SolveCode(ref double values, ref double inverseDiagonal, ref double work, ref double b);

    // The kept structures (Cache): entries made at the first use, their structures copied into one pool then (no allocation
    // when one is added), filled under the cache's lock (Key.Keep).
    private static readonly BoundedCache<SparseLuSolveCode> Cache = new(CacheCapacity);
    private static SparseLuSolveCode[] _entries = [];
    private static int[] _pool = [];
    private static int _used;

    /// <summary>Integers the pool holds for all kept structures (the physiology's 123-row factor takes ≈ 1,400).</summary>
    private const int PoolSize = 1 << 16;

    // This entry's structure: a span of _ints (the pool, or an array of its own when compiled outside the cache).
    private int[] _ints = [];
    private int _n, _entryCount, _at;
    private SolveCode? _solve;

    private SparseLuSolveCode() : base(CompileAfter) { }

    /// <summary>The generated solve (once <see cref="GeneratedCode.Count"/> returned true).</summary>
    public SolveCode Solve => _solve ?? throw new InvalidOperationException("The code is not compiled yet.");

    private ReadOnlySpan<int> Order => _ints.AsSpan(_at, _n);
    private ReadOnlySpan<int> RowStart => _ints.AsSpan(_at + _n, _n + 1);
    private ReadOnlySpan<int> Diagonal => _ints.AsSpan(_at + 2 * _n + 1, _n);
    private ReadOnlySpan<int> Columns => _ints.AsSpan(_at + 3 * _n + 1, _entryCount);

    /// <summary>
    /// The entry for a factor structure (n = <paramref name="order"/>'s length rows; <paramref name="rowStart"/> of n + 1
    /// entries, CSR over <paramref name="columns"/> in permuted indices, each row's columns ascending with its diagonal at
    /// <paramref name="diagonal"/>), from the cache or added now; null where dynamic code is not compiled or the cache is
    /// full. Allocates only at the process's first call.
    /// </summary>
    public static SparseLuSolveCode? For(ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        if (!IsSupported) return null;
        Validate(order, rowStart, diagonal, columns);
        return Cache.FindOrAdd(Hash(order, rowStart, diagonal, columns), new Key(order, rowStart, diagonal, columns));
    }

    /// <summary>A factor structure looked up in <see cref="Cache"/>.</summary>
    private readonly ref struct Key(ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
        : BoundedCache<SparseLuSolveCode>.IKey
    {
        private readonly ReadOnlySpan<int> _order = order, _rowStart = rowStart, _diagonal = diagonal, _columns = columns;

        public bool Matches(SparseLuSolveCode kept) => _order.SequenceEqual(kept.Order) && _rowStart.SequenceEqual(kept.RowStart)
            && _diagonal.SequenceEqual(kept.Diagonal) && _columns.SequenceEqual(kept.Columns);

        public SparseLuSolveCode? Keep(int index)
        {
            if (_entries.Length == 0)
            {
                _entries = new SparseLuSolveCode[CacheCapacity];
                for (int k = 0; k < CacheCapacity; k++) _entries[k] = new SparseLuSolveCode();
                _pool = new int[PoolSize];
                StartCompiler();
            }
            int size = 3 * _order.Length + 1 + _columns.Length;
            if (_used + size > PoolSize) return null;
            var added = _entries[index];
            added.Keep(_pool, _used, _order, _rowStart, _diagonal, _columns);
            _used += size;
            return added;
        }
    }

    /// <summary>Compiles the code for a structure without the cache (tests, benchmarks, and measuring the compile cost).</summary>
    internal static SparseLuSolveCode Compile(ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        Validate(order, rowStart, diagonal, columns);
        var code = new SparseLuSolveCode();
        code.Keep(new int[3 * order.Length + 1 + columns.Length], 0, order, rowStart, diagonal, columns);
        code.EnsureCompiled();
        return code;
    }

    private void Keep(int[] ints, int at, ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        (_ints, _at, _n, _entryCount) = (ints, at, order.Length, columns.Length);
        order.CopyTo(ints.AsSpan(at));
        rowStart.CopyTo(ints.AsSpan(at + _n));
        diagonal.CopyTo(ints.AsSpan(at + 2 * _n + 1));
        columns.CopyTo(ints.AsSpan(at + 3 * _n + 1));
    }

    private static void Validate(ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        int n = order.Length;
        if (rowStart.Length != n + 1 || diagonal.Length != n || columns.Length != rowStart[n])
            throw new ArgumentException($"A factor of {n} rows needs {n + 1} row starts, {n} diagonal entries and as many columns as the last row start; {rowStart.Length}, {diagonal.Length} and {columns.Length} given.", nameof(rowStart));
        for (int i = 0; i < n; i++)
        {
            if ((uint)order[i] >= (uint)n) throw new ArgumentOutOfRangeException(nameof(order), order[i], $"Row {i} is ordered from row {order[i]}; the dimension is {n}.");
            if (diagonal[i] < rowStart[i] || diagonal[i] >= rowStart[i + 1] || columns[diagonal[i]] != i)
                throw new ArgumentException($"Row {i}'s diagonal entry {diagonal[i]} is not its column {i}.", nameof(diagonal));
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++)
                if ((uint)columns[e] >= (uint)n) throw new ArgumentOutOfRangeException(nameof(columns), columns[e], $"Entry {e} is in column {columns[e]}; the dimension is {n}.");
        }
    }

    private static int Hash(ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(order));
        hash.AddBytes(MemoryMarshal.AsBytes(rowStart));
        hash.AddBytes(MemoryMarshal.AsBytes(diagonal));
        hash.AddBytes(MemoryMarshal.AsBytes(columns));
        return hash.ToHashCode();
    }

    protected override void Emit()
    {
        ReadOnlySpan<int> order = Order, rowStart = RowStart, diagonal = Diagonal, columns = Columns;
        int n = _n;
        var chunks = new List<DynamicMethod>();
        // Forward: x[i] = b[order[i]] − Σ L[i, k]·x[k] over k < i, in entry order.
        for (int first = 0; first < n;)
        {
            var chunk = NewMethod("SparseLuForward", 4);
            var il = chunk.GetILGenerator();
            var value = il.DeclareLocal(typeof(double));
            int entries = 0, i = first;
            for (; i < n && (i == first || entries + (diagonal[i] - rowStart[i]) <= EntriesPerMethod); i++)
            {
                entries += diagonal[i] - rowStart[i];
                Load(il, B, 8L * order[i]);
                for (int e = rowStart[i]; e < diagonal[i]; e++) SubtractProduct(il, e, columns[e]);
                Store(il, value, Work, 8L * i);
            }
            il.Emit(OpCodes.Ret);
            chunks.Add(chunk);
            first = i;
        }
        // Backward: x[i] = (x[i] − Σ U[i, k]·x[k] over k > i, in reverse entry order) × 1/pivot, also written to b[order[i]].
        for (int first = n - 1; first >= 0;)
        {
            var chunk = NewMethod("SparseLuBackward", 4);
            var il = chunk.GetILGenerator();
            var value = il.DeclareLocal(typeof(double));
            int entries = 0, i = first;
            for (; i >= 0 && (i == first || entries + (rowStart[i + 1] - diagonal[i] - 1) <= EntriesPerMethod); i--)
            {
                entries += rowStart[i + 1] - diagonal[i] - 1;
                Load(il, Work, 8L * i);
                for (int e = rowStart[i + 1] - 1; e > diagonal[i]; e--) SubtractProduct(il, e, columns[e]);
                Load(il, InverseDiagonal, 8L * i);
                il.Emit(OpCodes.Mul);
                Store(il, value, Work, 8L * i);
                Address(il, B, 8L * order[i]);
                il.Emit(OpCodes.Ldloc, value);
                il.Emit(OpCodes.Stind_R8);
            }
            il.Emit(OpCodes.Ret);
            chunks.Add(chunk);
            first = i;
        }
        var solve = Sequence("SparseLuSolve", 4, chunks).CreateDelegate<SolveCode>();
        // Run once on zeros here: a dynamic method is compiled to machine code at its first call, which allocates, and
        // that must not happen on the simulation thread that first uses the code.
        double[] values = new double[Math.Max(1, columns.Length)], inverses = new double[Math.Max(1, n)];
        double[] work = new double[Math.Max(1, n)], b = new double[Math.Max(1, n)];
        solve(ref values[0], ref inverses[0], ref work[0], ref b[0]);
        _solve = solve;
    }

    private const short Values = 0, InverseDiagonal = 1, Work = 2, B = 3;

    /// <summary>Stores the value on the stack through <paramref name="local"/> to <paramref name="byteOffset"/> past argument <paramref name="argument"/>.</summary>
    private static void Store(ILGenerator il, LocalBuilder local, short argument, long byteOffset)
    {
        il.Emit(OpCodes.Stloc, local);
        Address(il, argument, byteOffset);
        il.Emit(OpCodes.Ldloc, local);
        il.Emit(OpCodes.Stind_R8);
    }

    /// <summary>Emits "subtract values[<paramref name="entry"/>] × work[<paramref name="column"/>] from the value on the stack".</summary>
    private static void SubtractProduct(ILGenerator il, int entry, int column)
    {
        Load(il, Values, 8L * entry);
        Load(il, Work, 8L * column);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Sub);
    }
}
