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
/// diagonal in order, and of the backward substitution (x[i] − v·x − … over its entries right of the diagonal) × 1/pivot,
/// as in the array loops. Tests compare both paths bit for bit.</para>
/// <para><b>Cost and cache.</b> Compiling the solve of the physiology's 123-row factor (≈ 1,000 entries) takes a few
/// milliseconds, ≈ a few thousand solves' savings: entries are kept by structure (at most <see cref="CacheCapacity"/>,
/// shared by the process's factorisations; a new one replaces the least used structure not compiled yet) and compiled after
/// <see cref="CompileAfter"/> solves on the structure.</para>
/// </remarks>
internal sealed class SparseLuSolveCode : GeneratedCode
{
    /// <summary>Solves of one structure, over every factorisation of the process, after which its code is compiled.</summary>
    public const int CompileAfter = 4096;

    /// <summary>Distinct structures kept per process (see the remarks); when all are compiled, factorisations keep their array loops.</summary>
    public const int CacheCapacity = 64;

    /// <summary>
    /// Overwrites b with the solution, the factor's values and inverse pivots given (the structure's code); work: n
    /// doubles of scratch.
    /// </summary>
    public delegate void SolveCode(ref double values, ref double inverseDiagonal, ref double work, ref double b);

    private static readonly List<SparseLuSolveCode> Cache = [];
    private static readonly Lock CacheLock = new();

    private readonly int[] _order, _rowStart, _diagonal, _columns;
    private readonly int _hash;
    private SolveCode? _solve;

    private SparseLuSolveCode(int[] order, int[] rowStart, int[] diagonal, int[] columns, int hash) : base(CompileAfter)
    {
        _order = order;
        _rowStart = rowStart;
        _diagonal = diagonal;
        _columns = columns;
        _hash = hash;
    }

    /// <summary>The rows of the structure.</summary>
    public int Dimension => _order.Length;

    /// <summary>The generated solve (once <see cref="GeneratedCode.Count"/> returned true).</summary>
    public SolveCode Solve => _solve ?? throw new InvalidOperationException("The code is not compiled yet.");

    /// <summary>
    /// The entry for a factor structure (n = <paramref name="order"/>'s length rows; <paramref name="rowStart"/> of n + 1
    /// entries, CSR over <paramref name="columns"/> in permuted indices, each row's columns ascending with its diagonal at
    /// <paramref name="diagonal"/>), from the cache or added now; null where dynamic code is not compiled or the cache is full
    /// of compiled structures.
    /// </summary>
    public static SparseLuSolveCode? For(ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        if (!IsSupported) return null;
        int hash = Hash(order, rowStart, diagonal, columns);
        lock (CacheLock)
        {
            foreach (var code in Cache)
                if (code._hash == hash && order.SequenceEqual(code._order) && rowStart.SequenceEqual(code._rowStart)
                    && diagonal.SequenceEqual(code._diagonal) && columns.SequenceEqual(code._columns)) return code;
            if (!MakeRoom(Cache, CacheCapacity)) return null;
            var added = Create(order, rowStart, diagonal, columns, hash);
            Cache.Add(added);
            return added;
        }
    }

    /// <summary>Compiles the code for a structure without the cache (tests, and measuring the compile cost).</summary>
    internal static SparseLuSolveCode Compile(ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns)
    {
        var code = Create(order, rowStart, diagonal, columns, Hash(order, rowStart, diagonal, columns));
        code.EnsureCompiled();
        return code;
    }

    private static SparseLuSolveCode Create(ReadOnlySpan<int> order, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> columns, int hash)
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
        return new SparseLuSolveCode(order.ToArray(), rowStart.ToArray(), diagonal.ToArray(), columns.ToArray(), hash);
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
        int n = _order.Length;
        var chunks = new List<DynamicMethod>();
        // Forward: x[i] = b[order[i]] − Σ L[i, k]·x[k] over k < i, in entry order.
        for (int first = 0; first < n;)
        {
            var chunk = NewMethod("SparseLuForward", 4);
            var il = chunk.GetILGenerator();
            var value = il.DeclareLocal(typeof(double));
            int entries = 0, i = first;
            for (; i < n && (i == first || entries + (_diagonal[i] - _rowStart[i]) <= EntriesPerMethod); i++)
            {
                entries += _diagonal[i] - _rowStart[i];
                Load(il, B, 8L * _order[i]);
                for (int e = _rowStart[i]; e < _diagonal[i]; e++) SubtractProduct(il, e, _columns[e]);
                Store(il, value, Work, 8L * i);
            }
            il.Emit(OpCodes.Ret);
            chunks.Add(chunk);
            first = i;
        }
        // Backward: x[i] = (x[i] − Σ U[i, k]·x[k] over k > i, in entry order) × 1/pivot, also written to b[order[i]].
        for (int first = n - 1; first >= 0;)
        {
            var chunk = NewMethod("SparseLuBackward", 4);
            var il = chunk.GetILGenerator();
            var value = il.DeclareLocal(typeof(double));
            int entries = 0, i = first;
            for (; i >= 0 && (i == first || entries + (_rowStart[i + 1] - _diagonal[i] - 1) <= EntriesPerMethod); i--)
            {
                entries += _rowStart[i + 1] - _diagonal[i] - 1;
                Load(il, Work, 8L * i);
                for (int e = _diagonal[i] + 1; e < _rowStart[i + 1]; e++) SubtractProduct(il, e, _columns[e]);
                Load(il, InverseDiagonal, 8L * i);
                il.Emit(OpCodes.Mul);
                Store(il, value, Work, 8L * i);
                Address(il, B, 8L * _order[i]);
                il.Emit(OpCodes.Ldloc, value);
                il.Emit(OpCodes.Stind_R8);
            }
            il.Emit(OpCodes.Ret);
            chunks.Add(chunk);
            first = i;
        }
        _solve = Sequence("SparseLuSolve", 4, chunks).CreateDelegate<SolveCode>();
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
