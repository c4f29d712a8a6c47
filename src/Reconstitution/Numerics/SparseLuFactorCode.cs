using System.Reflection.Emit;
using System.Runtime.InteropServices;

namespace Reconstitution.Numerics;

/// <summary>
/// <see cref="SparseLu.Factor"/> written out as straight-line code for one factor structure (rows, diagonal, columns, and
/// where each entry of J lands): σI − J assembled row by row at constant offsets, each elimination's updates applied to
/// the row's own entries in place — without the dense scatter and gather through the work vector, without loading column
/// indices and row bounds, and without a loop branch per entry.
/// </summary>
/// <remarks>
/// <para><b>Same bits.</b> The array loops scatter a row into the work vector x by column, eliminate there and gather it
/// back; every column they touch is in the row's pattern (the analysis closes each row under fill), so x[column] is, for
/// the row, the row's own entry of that column. The code here does each operation on that entry instead, in the loops'
/// order: an entry starts as 0 − J (J's entry, when the pattern has one), the diagonal then + σ; the row's scale is the
/// running <see cref="Math.Max(double, double)"/> of the entries' magnitudes in entry order; each entry left of the
/// diagonal, in order, becomes l = entry × 1/pivotₖ and, unless l == 0 (as the loops skip it), row k's entries beyond its
/// diagonal, in order, subtract l × U[k, column] from the row's entry of that column; then the pivot test and 1/pivot.
/// Tests compare both paths bit for bit.</para>
/// <para><b>Cost and cache.</b> As <see cref="SparseLuSolveCode"/>: entries kept by structure in a
/// <see cref="BoundedCache{TEntry}"/> (at most <see cref="CacheCapacity"/>, storage allocated at the first use), compiled on
/// the background thread after <see cref="CompileAfter"/> factorisations of the structure over the process.</para>
/// </remarks>
internal sealed class SparseLuFactorCode : GeneratedCode
{
    /// <summary>Factorisations of one structure, over every factorisation of the process, after which its code is compiled.</summary>
    /// <remarks>
    /// Compiling costs far more per operation than running: measured on the physiology factor (7,740 operations,
    /// <c>lu</c> benchmark mode), ≈ 160 ms of CPU to compile (≈ 20 µs per operation, against ≈ 11 µs per entry for the
    /// solve), while a factorisation takes ≈ 13 µs with the array loops and ≈ 7 µs with the code (≈ 1.7 and 0.95 ns per
    /// operation). Both scale with the operations, so the break-even count does not depend on the structure: ≈ 20 µs /
    /// 0.75 ns ≈ 27,000 factorisations to repay the compilation, ≈ 12,000 to spend as much in the loops as the
    /// compilation costs (the rent-or-buy rule, within a factor 2 of the best choice whatever follows). A
    /// 1,000-patient cohort factors its busiest structure 2,700–11,000 times, so it keeps the loops; runs of 10⁴ patients
    /// and more compile their main structures.
    /// </remarks>
    public const int CompileAfter = 16_384;

    /// <summary>Distinct structures kept per process; beyond that, factorisations keep their array loops.</summary>
    public const int CacheCapacity = 64;

    /// <summary>
    /// The most operations (<see cref="Operations"/>) a structure's code is generated for; larger factors (near-dense fill
    /// grows as n³) keep their array loops, whose cost does not grow with the code's size.
    /// </summary>
    public const int MaxOperations = 40_000;

    /// <summary>
    /// Factors σI − J into values (the factor's entries) and inverseDiagonal (1/pivot per row), J's values given in the
    /// pattern's entry order; false at the first pivot that fails the test (as <see cref="SparseLu.Factor"/>).
    /// </summary>
    public delegate bool FactorCode(ref double values, ref double inverseDiagonal, ref double jacobian, double sigma);

    private static readonly BoundedCache<SparseLuFactorCode> Cache = new(CacheCapacity);
    private static SparseLuFactorCode[] _entries = [];
    private static int[] _pool = [];
    private static int _used;

    /// <summary>Integers the pool holds for all kept structures (the physiology's 123-row factor with its pattern takes ≈ 2,000).</summary>
    private const int PoolSize = 1 << 17;

    // This entry's structure: a span of _ints (the pool, or an array of its own when compiled outside the cache).
    private int[] _ints = [];
    private int _n, _entryCount, _patternCount, _at;
    private FactorCode? _factor;

    private SparseLuFactorCode() : base(CompileAfter) { }

    /// <summary>The generated factorisation (once <see cref="GeneratedCode.Count"/> returned true).</summary>
    public FactorCode Factor => _factor ?? throw new InvalidOperationException("The code is not compiled yet.");

    /// <summary>Entries of J's pattern the code reads.</summary>
    public int PatternEntries => _patternCount;

    private ReadOnlySpan<int> RowStart => _ints.AsSpan(_at, _n + 1);
    private ReadOnlySpan<int> Diagonal => _ints.AsSpan(_at + _n + 1, _n);
    private ReadOnlySpan<int> Columns => _ints.AsSpan(_at + 2 * _n + 1, _entryCount);
    private ReadOnlySpan<int> EntryOf => _ints.AsSpan(_at + 2 * _n + 1 + _entryCount, _patternCount);

    /// <summary>
    /// The entry for a factor structure (n = <paramref name="diagonal"/>'s length rows, <paramref name="rowStart"/> CSR over
    /// <paramref name="columns"/> in permuted indices, each row's columns ascending with its diagonal at
    /// <paramref name="diagonal"/>; J's entry e lands in factor entry <paramref name="entryOf"/>[e]), from the cache or added
    /// now; null where dynamic code is not compiled or the cache is full. Allocates only at the process's first call.
    /// </summary>
    public static SparseLuFactorCode? For(ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns, ReadOnlySpan<int> entryOf)
    {
        if (!IsSupported) return null;
        Validate(rowStart, diagonal, columns, entryOf);
        if (Operations(rowStart, diagonal, columns) > MaxOperations) return null;
        return Cache.FindOrAdd(Hash(rowStart, diagonal, columns, entryOf), new Key(rowStart, diagonal, columns, entryOf));
    }

    /// <summary>A factor structure looked up in <see cref="Cache"/>.</summary>
    private readonly ref struct Key(ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns, ReadOnlySpan<int> entryOf)
        : BoundedCache<SparseLuFactorCode>.IKey
    {
        private readonly ReadOnlySpan<int> _rowStart = rowStart, _diagonal = diagonal, _columns = columns, _entryOf = entryOf;

        public bool Matches(SparseLuFactorCode kept) => _rowStart.SequenceEqual(kept.RowStart) && _diagonal.SequenceEqual(kept.Diagonal)
            && _columns.SequenceEqual(kept.Columns) && _entryOf.SequenceEqual(kept.EntryOf);

        public SparseLuFactorCode? Keep(int index)
        {
            if (_entries.Length == 0)
            {
                _entries = new SparseLuFactorCode[CacheCapacity];
                for (int k = 0; k < CacheCapacity; k++) _entries[k] = new SparseLuFactorCode();
                _pool = new int[PoolSize];
                StartCompiler();
            }
            int size = 2 * _diagonal.Length + 1 + _columns.Length + _entryOf.Length;
            if (_used + size > PoolSize) return null;
            var added = _entries[index];
            added.Keep(_pool, _used, _rowStart, _diagonal, _columns, _entryOf);
            _used += size;
            return added;
        }
    }

    /// <summary>
    /// Compiles the code for a structure without the cache (tests, benchmarks, and measuring the compile cost); null beyond
    /// <see cref="MaxOperations"/>.
    /// </summary>
    internal static SparseLuFactorCode? Compile(ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns, ReadOnlySpan<int> entryOf)
    {
        var code = Uncached(rowStart, diagonal, columns, entryOf);
        code?.EnsureCompiled();
        return code;
    }

    /// <summary>An entry for a structure outside the cache, compiled after <see cref="CompileAfter"/> counted uses (tests); null beyond <see cref="MaxOperations"/>.</summary>
    internal static SparseLuFactorCode? Uncached(ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns, ReadOnlySpan<int> entryOf)
    {
        Validate(rowStart, diagonal, columns, entryOf);
        if (Operations(rowStart, diagonal, columns) > MaxOperations) return null;
        var code = new SparseLuFactorCode();
        code.Keep(new int[2 * diagonal.Length + 1 + columns.Length + entryOf.Length], 0, rowStart, diagonal, columns, entryOf);
        return code;
    }

    private void Keep(int[] ints, int at, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns, ReadOnlySpan<int> entryOf)
    {
        (_ints, _at, _n, _entryCount, _patternCount) = (ints, at, diagonal.Length, columns.Length, entryOf.Length);
        rowStart.CopyTo(ints.AsSpan(at));
        diagonal.CopyTo(ints.AsSpan(at + _n + 1));
        columns.CopyTo(ints.AsSpan(at + 2 * _n + 1));
        entryOf.CopyTo(ints.AsSpan(at + 2 * _n + 1 + _entryCount));
    }

    private static void Validate(ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns, ReadOnlySpan<int> entryOf)
    {
        int n = diagonal.Length;
        if (rowStart.Length != n + 1 || rowStart[0] != 0 || columns.Length != rowStart[n])
            throw new ArgumentException($"A factor of {n} rows needs {n + 1} row starts from 0 and as many columns as the last row start; {rowStart.Length} and {columns.Length} given.", nameof(rowStart));
        for (int i = 0; i < n; i++)
        {
            if (rowStart[i + 1] < rowStart[i]) throw new ArgumentException($"Row {i} ends before it starts.", nameof(rowStart));
            if (diagonal[i] < rowStart[i] || diagonal[i] >= rowStart[i + 1] || columns[diagonal[i]] != i)
                throw new ArgumentException($"Row {i}'s diagonal entry {diagonal[i]} is not its column {i}.", nameof(diagonal));
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++)
            {
                if ((uint)columns[e] >= (uint)n) throw new ArgumentOutOfRangeException(nameof(columns), columns[e], $"Entry {e} is in column {columns[e]}; the dimension is {n}.");
                if (e > rowStart[i] && columns[e] <= columns[e - 1]) throw new ArgumentException($"Row {i}'s columns do not ascend at entry {e}.", nameof(columns));
            }
        }
        for (int e = 0; e < entryOf.Length; e++)
            if ((uint)entryOf[e] >= (uint)columns.Length)
                throw new ArgumentOutOfRangeException(nameof(entryOf), entryOf[e], $"J's entry {e} lands in factor entry {entryOf[e]}; the factor has {columns.Length}.");
    }

    private static int Hash(ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns, ReadOnlySpan<int> entryOf)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(rowStart));
        hash.AddBytes(MemoryMarshal.AsBytes(diagonal));
        hash.AddBytes(MemoryMarshal.AsBytes(columns));
        hash.AddBytes(MemoryMarshal.AsBytes(entryOf));
        return hash.ToHashCode();
    }

    private const short Values = 0, InverseDiagonal = 1, Jacobian = 2, Sigma = 3;

    protected override void Emit()
    {
        ReadOnlySpan<int> rowStart = RowStart, diagonal = Diagonal, columns = Columns, entryOf = EntryOf;
        int n = _n;
        // J's entries by factor entry; two of J's entries in one factor entry would be subtracted in turn by the loops,
        // which the code does not write out (the analysis never makes that: no column twice in a row).
        var source = new int[columns.Length];
        Array.Fill(source, -1);
        for (int e = 0; e < entryOf.Length; e++)
        {
            if (source[entryOf[e]] >= 0) throw new NotSupportedException($"J's entries {source[entryOf[e]]} and {e} land in one factor entry.");
            source[entryOf[e]] = e;
        }
        var entryAt = new int[n]; // column → the current row's entry; −1 outside its pattern
        Array.Fill(entryAt, -1);
        var chunks = new List<DynamicMethod>();
        for (int first = 0; first < n;)
        {
            var chunk = NewFactorMethod("SparseLuFactorRows");
            var il = chunk.GetILGenerator();
            LocalBuilder value = il.DeclareLocal(typeof(double)), scale = il.DeclareLocal(typeof(double));
            LocalBuilder l = il.DeclareLocal(typeof(double)), pivot = il.DeclareLocal(typeof(double));
            var fail = il.DefineLabel();
            int operations = 0, i = first;
            for (; i < n; i++)
            {
                int rowOperations = RowOperations(i, rowStart, diagonal, columns);
                if (i > first && operations + rowOperations > EntriesPerMethod) break;
                operations += rowOperations;
                EmitRow(il, i, rowStart, diagonal, columns, source, entryAt, value, scale, l, pivot, fail);
            }
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Ret);
            il.MarkLabel(fail);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ret);
            chunks.Add(chunk);
            first = i;
        }
        var factor = Sequence(chunks).CreateDelegate<FactorCode>();
        // Run once here (J zero, σ = 1: every pivot 1, every method called): a dynamic method is compiled to machine code at
        // its first call, which allocates, and that must not happen on the simulation thread that first uses the code.
        double[] values = new double[Math.Max(1, columns.Length)], inverses = new double[Math.Max(1, n)];
        double[] jacobian = new double[Math.Max(1, entryOf.Length)];
        if (!factor(ref values[0], ref inverses[0], ref jacobian[0], 1)) throw new InvalidOperationException("The identity did not factor.");
        _factor = factor;
    }

    /// <summary>
    /// The factor's entries plus its elimination's updates (one multiply–subtract each): the length of its code, and the
    /// array loops' work per factorisation.
    /// </summary>
    public static long Operations(ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        long operations = 0;
        for (int i = 0; i < diagonal.Length; i++) operations += RowOperations(i, rowStart, diagonal, columns);
        return operations;
    }

    /// <summary>Entries and updates of row <paramref name="i"/> (the measure of a generated method's length).</summary>
    private static int RowOperations(int i, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        int operations = rowStart[i + 1] - rowStart[i];
        for (int e = rowStart[i]; e < diagonal[i]; e++)
        {
            int k = columns[e];
            operations += rowStart[k + 1] - diagonal[k] - 1;
        }
        return operations;
    }

    /// <summary>Emits row <paramref name="i"/>'s assembly, elimination and pivot (class remarks); a failed pivot branches to <paramref name="fail"/>.</summary>
    private static void EmitRow(ILGenerator il, int i, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns,
        int[] source, int[] entryAt, LocalBuilder value, LocalBuilder scale, LocalBuilder l, LocalBuilder pivot, Label fail)
    {
        int start = rowStart[i], end = rowStart[i + 1], d = diagonal[i];
        var abs = typeof(Math).GetMethod(nameof(Math.Abs), [typeof(double)])!;
        var max = typeof(Math).GetMethod(nameof(Math.Max), [typeof(double), typeof(double)])!;
        var isFinite = typeof(double).GetMethod(nameof(double.IsFinite), [typeof(double)])!;
        for (int e = start; e < end; e++) entryAt[columns[e]] = e;
        // σI − J: 0 − J (the loops' cleared entry minus J's), the diagonal + σ; the scale as the loops' running maximum.
        il.Emit(OpCodes.Ldc_R8, 0.0);
        il.Emit(OpCodes.Stloc, scale);
        for (int e = start; e < end; e++)
        {
            il.Emit(OpCodes.Ldc_R8, 0.0);
            if (source[e] >= 0)
            {
                Load(il, Jacobian, 8L * source[e]);
                il.Emit(OpCodes.Sub);
            }
            if (e == d)
            {
                il.Emit(OpCodes.Ldarg, Sigma);
                il.Emit(OpCodes.Add);
            }
            il.Emit(OpCodes.Stloc, value);
            Address(il, Values, 8L * e);
            il.Emit(OpCodes.Ldloc, value);
            il.Emit(OpCodes.Stind_R8);
            il.Emit(OpCodes.Ldloc, scale);
            il.Emit(OpCodes.Ldloc, value);
            il.Emit(OpCodes.Call, abs);
            il.Emit(OpCodes.Call, max);
            il.Emit(OpCodes.Stloc, scale);
        }
        // Elimination by each earlier row k in the row's pattern, in order.
        for (int e = start; e < d; e++)
        {
            int k = columns[e];
            Load(il, Values, 8L * e);
            Load(il, InverseDiagonal, 8L * k);
            il.Emit(OpCodes.Mul);
            il.Emit(OpCodes.Stloc, l);
            Address(il, Values, 8L * e);
            il.Emit(OpCodes.Ldloc, l);
            il.Emit(OpCodes.Stind_R8);
            if (diagonal[k] + 1 == rowStart[k + 1]) continue;
            var next = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, l);
            il.Emit(OpCodes.Ldc_R8, 0.0);
            il.Emit(OpCodes.Beq, next);
            for (int f = diagonal[k] + 1; f < rowStart[k + 1]; f++)
            {
                // A column outside the row's pattern (never, for an analysis' structure) is a write the loops never read back.
                int target = entryAt[columns[f]];
                if (target < 0) continue;
                Address(il, Values, 8L * target);
                Load(il, Values, 8L * target);
                il.Emit(OpCodes.Ldloc, l);
                Load(il, Values, 8L * f);
                il.Emit(OpCodes.Mul);
                il.Emit(OpCodes.Sub);
                il.Emit(OpCodes.Stind_R8);
            }
            il.MarkLabel(next);
        }
        // The pivot: fails unless |pivot| > 10⁻¹² × scale and finite; else 1/pivot.
        Load(il, Values, 8L * d);
        il.Emit(OpCodes.Stloc, pivot);
        il.Emit(OpCodes.Ldloc, pivot);
        il.Emit(OpCodes.Call, abs);
        il.Emit(OpCodes.Ldc_R8, 1e-12);
        il.Emit(OpCodes.Ldloc, scale);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Cgt);
        il.Emit(OpCodes.Brfalse, fail);
        il.Emit(OpCodes.Ldloc, pivot);
        il.Emit(OpCodes.Call, isFinite);
        il.Emit(OpCodes.Brfalse, fail);
        Address(il, InverseDiagonal, 8L * i);
        il.Emit(OpCodes.Ldc_R8, 1.0);
        il.Emit(OpCodes.Ldloc, pivot);
        il.Emit(OpCodes.Div);
        il.Emit(OpCodes.Stind_R8);
        for (int e = start; e < end; e++) entryAt[columns[e]] = -1;
    }

    /// <summary>A static method (values, inverse pivots, J by reference; σ) returning whether every pivot passed.</summary>
    private static DynamicMethod NewFactorMethod(string name) => new(name, typeof(bool),
        [typeof(double).MakeByRefType(), typeof(double).MakeByRefType(), typeof(double).MakeByRefType(), typeof(double)],
        typeof(GeneratedCode).Module, skipVisibility: true);

    /// <summary>A method calling <paramref name="parts"/> in turn, false at the first that returns false (the part itself when there is one).</summary>
    private static DynamicMethod Sequence(List<DynamicMethod> parts)
    {
        if (parts.Count == 1) return parts[0];
        var method = NewFactorMethod("SparseLuFactor");
        var il = method.GetILGenerator();
        var fail = il.DefineLabel();
        foreach (var part in parts)
        {
            for (short a = 0; a < 4; a++) il.Emit(OpCodes.Ldarg, a);
            il.Emit(OpCodes.Call, part);
            il.Emit(OpCodes.Brfalse, fail);
        }
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(fail);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ret);
        return method;
    }
}
