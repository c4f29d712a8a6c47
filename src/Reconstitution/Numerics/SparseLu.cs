using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Numerics;

/// <summary>
/// The LU factorisation of σI − J for a sparse J whose pattern is fixed between calls to <see cref="Analyse"/>, as a
/// linearly implicit integrator needs it: the pattern is analysed once (a minimum-degree ordering and the symbolic
/// factorisation, with its fill-in), then each <see cref="Factor"/> for a new σ or new values of J works on the fixed
/// structure only, and each <see cref="Solve"/> is one sparse forward and one backward substitution.
/// </summary>
/// <remarks>
/// <para>No pivoting (as in the Yale sparse package LSODES uses; Eisenstat, Gursky, Schultz and Sherman 1982): the
/// matrices of an implicit step are σI − J with σ = 1/(hγ), whose diagonal dominates for small steps. A pivot that is
/// not finite or is negligible against its row makes <see cref="Factor"/> return false; the integrator then shortens
/// the step (a larger σ) and tries again.</para>
/// <para>Ordering: minimum degree on the symmetrised pattern (Tinney and Walker 1967, scheme 2), applied symmetrically
/// so the diagonal stays the pivot. Analysis runs on bit sets, O(n²·n/64); with a <see cref="SymbolicAnalysisCache"/>, a
/// pattern analysed before (by any instance sharing the cache) is copied instead. Buffers of the dimension are allocated in the
/// constructor (up to <c>capacity</c> rows), those of the entries when an analysis needs more than any before; factorisation
/// and solution never allocate. Not thread-safe.</para>
/// </remarks>
internal sealed class SparseLu
{
    private readonly int _words;
    private readonly ulong[] _adjacency, _eliminated, _rowBits;
    private readonly int[] _order, _position;    // position p holds original row _order[p]; _position is its inverse
    private readonly int[] _rowStart, _diagonal;  // the factor's rows (permuted indices), CSR, and each diagonal's entry
    private int[] _columns = [];                   // grown to the factor's entries on analysis (not per step)
    private double[] _values = [];
    private readonly double[] _inverseDiagonal, _work;
    private readonly int[] _entryAt;              // scratch: column → entry of the row being mapped
    private int[] _entryOf = [];                   // pattern entry of J → its entry in the factor
    private readonly SymbolicAnalysisCache? _cache;
    private int _n;
    // The solve written out for the analysed structure (SparseLuSolveCode): its entry, and _code once compiled.
    private SparseLuSolveCode? _codeEntry, _code;

    /// <summary>Creates a factorisation for matrices of up to <paramref name="capacity"/> rows.</summary>
    /// <param name="capacity">The largest number of rows.</param>
    /// <param name="cache">Where finished analyses are kept and looked up (null: every pattern is analysed).</param>
    public SparseLu(int capacity, SymbolicAnalysisCache? cache = null)
    {
        _cache = cache;
        _words = Math.Max(1, (capacity + 63) / 64);
        _adjacency = new ulong[capacity * _words];
        _rowBits = new ulong[capacity * _words];
        _eliminated = new ulong[_words];
        _order = new int[capacity];
        _position = new int[capacity];
        _rowStart = new int[capacity + 1];
        _diagonal = new int[capacity];
        _inverseDiagonal = new double[capacity];
        _work = new double[capacity];
        _entryAt = new int[capacity];
    }

    /// <summary>
    /// Whether <see cref="Solve"/> may run code generated for the structure (<see cref="SparseLuSolveCode"/>); the same bits
    /// either way. Tests and benchmarks turn it off to compare the two paths; takes effect at the next <see cref="Analyse"/>.
    /// </summary>
    internal bool UsesGeneratedCode { get; set; } = true;

    /// <summary>
    /// Whether each analysed structure gets code of its own compiled at <see cref="Analyse"/>, outside the shared cache,
    /// instead of the cache's entry compiled after <see cref="SparseLuSolveCode.CompileAfter"/> solves (tests, benchmarks).
    /// </summary>
    internal bool CompilesCodeAtOnce { get; set; }

    /// <summary>Whether <see cref="Solve"/> runs generated code for the current structure (tests).</summary>
    internal bool RunsGeneratedCode => _code is not null;

    /// <summary>Entries of the analysed pattern of J (the length of the values <see cref="Factor"/> reads).</summary>
    internal int PatternEntries { get; private set; }

    /// <summary>Entries of the factor (L and U together, the diagonal once), after <see cref="Analyse"/>.</summary>
    public int FactorEntries => _rowStart[_n];

    /// <summary>
    /// Orders and analyses the pattern of J (CSR rows <paramref name="rowOffsets"/>/<paramref name="columns"/>; the
    /// diagonal is added when missing; no column twice in a row); then <see cref="Factor"/> reads J's values in the same
    /// entry order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Analyse(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns)
    {
        _code = _codeEntry = null; // no code of the previous structure survives a failed analysis
        int n = rowOffsets.Length - 1, w = _words;
        _n = n;
        PatternEntries = columns.Length;
        if (_cache is not null && _cache.TryFind(rowOffsets, columns, out SymbolicAnalysisCache.Analysis kept))
        {
            Load(kept);
            FindCode();
            return;
        }
        // Symmetrised adjacency (without the diagonal), then minimum degree on it.
        Array.Clear(_adjacency, 0, n * w);
        for (int i = 0; i < n; i++)
            for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++)
            {
                int j = columns[e];
                if (j == i) continue;
                _adjacency[i * w + (j >> 6)] |= 1UL << j;
                _adjacency[j * w + (i >> 6)] |= 1UL << i;
            }
        Array.Clear(_eliminated);
        for (int p = 0; p < n; p++)
        {
            int best = -1, bestDegree = int.MaxValue;
            for (int v = 0; v < n; v++)
            {
                if ((_eliminated[v >> 6] & (1UL << v)) != 0) continue;
                int degree = 0;
                for (int k = 0; k < w; k++) degree += BitOperations.PopCount(_adjacency[v * w + k] & ~_eliminated[k]);
                if (degree < bestDegree) { best = v; bestDegree = degree; }
            }
            _order[p] = best;
            _position[best] = p;
            _eliminated[best >> 6] |= 1UL << best;
            // The remaining neighbours of the eliminated vertex become a clique.
            for (int k = 0; k < w; k++)
            {
                ulong neighbours = _adjacency[best * w + k] & ~_eliminated[k];
                while (neighbours != 0)
                {
                    int u = k * 64 + BitOperations.TrailingZeroCount(neighbours);
                    neighbours &= neighbours - 1;
                    for (int m = 0; m < w; m++) _adjacency[u * w + m] |= _adjacency[best * w + m];
                    _adjacency[u * w + (u >> 6)] &= ~(1UL << u);
                }
            }
        }
        // Symbolic factorisation in the new order: row i of L+U is its own pattern plus, for every k < i in it (in
        // increasing order, fill included), row k's columns beyond k.
        Array.Clear(_rowBits, 0, n * w);
        for (int i = 0; i < n; i++)
        {
            int pi = _position[i];
            _rowBits[pi * w + (pi >> 6)] |= 1UL << pi;
            for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++)
            {
                int pj = _position[columns[e]];
                _rowBits[pi * w + (pj >> 6)] |= 1UL << pj;
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            int row = i * w;
            for (int k = 0; k < i; k++)
            {
                if ((_rowBits[row + (k >> 6)] & (1UL << k)) == 0) continue;
                // Columns of row k beyond k.
                int from = k + 1, firstWord = from >> 6;
                for (int m = firstWord; m < w; m++)
                {
                    ulong bits = _rowBits[k * w + m];
                    if (m == firstWord) bits &= ~((1UL << (from & 63)) - 1);
                    _rowBits[row + m] |= bits;
                }
            }
            for (int m = 0; m < w; m++) count += BitOperations.PopCount(_rowBits[row + m]);
        }
        Reserve(count, columns.Length);
        count = 0;
        for (int i = 0; i < n; i++)
        {
            int row = i * w;
            _rowStart[i] = count;
            for (int m = 0; m < w; m++)
            {
                ulong bits = _rowBits[row + m];
                while (bits != 0)
                {
                    int j = m * 64 + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (j == i) _diagonal[i] = count;
                    _columns[count++] = j;
                }
            }
        }
        _rowStart[n] = count;
        // Where each entry of J lands in the factor.
        for (int i = 0; i < n; i++)
        {
            int pi = _position[i];
            for (int f = _rowStart[pi]; f < _rowStart[pi + 1]; f++) _entryAt[_columns[f]] = f;
            for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++) _entryOf[e] = _entryAt[_position[columns[e]]];
        }
        _cache?.Add(rowOffsets, columns, _order.AsSpan(0, n), _position.AsSpan(0, n), _rowStart.AsSpan(0, n + 1), _diagonal.AsSpan(0, n),
            _columns.AsSpan(0, count), _entryOf.AsSpan(0, columns.Length));
        FindCode();
    }

    /// <summary>Looks up the analysed structure's generated solve (or compiles one of its own at once, when asked to).</summary>
    private void FindCode()
    {
        int n = _n;
        _code = _codeEntry = null;
        if (!UsesGeneratedCode || !GeneratedCode.IsSupported) return;
        ReadOnlySpan<int> order = _order.AsSpan(0, n), rowStart = _rowStart.AsSpan(0, n + 1), diagonal = _diagonal.AsSpan(0, n), columns = _columns.AsSpan(0, _rowStart[n]);
        if (CompilesCodeAtOnce) _code = _codeEntry = SparseLuSolveCode.Compile(order, rowStart, diagonal, columns);
        else _codeEntry = SparseLuSolveCode.For(order, rowStart, diagonal, columns);
    }

    /// <summary>Takes over a kept analysis of the same pattern (the state <see cref="Analyse"/> would leave).</summary>
    private void Load(in SymbolicAnalysisCache.Analysis kept)
    {
        Reserve(kept.FactorColumns.Length, kept.EntryOf.Length);
        kept.Order.Span.CopyTo(_order);
        kept.Position.Span.CopyTo(_position);
        kept.RowStart.Span.CopyTo(_rowStart);
        kept.Diagonal.Span.CopyTo(_diagonal);
        kept.FactorColumns.Span.CopyTo(_columns);
        kept.EntryOf.Span.CopyTo(_entryOf);
    }

    /// <summary>Makes room for a factor of <paramref name="factorEntries"/> entries and a pattern of <paramref name="patternEntries"/> (more than any before).</summary>
    private void Reserve(int factorEntries, int patternEntries)
    {
        if (_columns.Length < factorEntries)
        {
            _columns = new int[Math.Max(Math.Max(factorEntries, 2 * _columns.Length), 8 * _order.Length)];
            _values = new double[_columns.Length];
        }
        if (_entryOf.Length < patternEntries) _entryOf = new int[Math.Max(Math.Max(patternEntries, 2 * _entryOf.Length), 8 * _order.Length)];
    }

    /// <summary>
    /// Factors σI − J, J's values given in the analysed pattern's entry order; false when a pivot is not finite or is
    /// negligible (below 10⁻¹² of its row's largest entry), and the factor must not be used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Factor(double sigma, ReadOnlySpan<double> jacobian)
    {
        int n = _n;
        double[] values = _values, inverseDiagonal = _inverseDiagonal;
        int[] rowStart = _rowStart, diagonal = _diagonal, entryOf = _entryOf;
        Array.Clear(values, 0, rowStart[n]);
        for (int e = 0; e < jacobian.Length; e++) values[entryOf[e]] -= jacobian[e];
        // The structure is fixed by the analysis (every column index < n, every entry inside its row), so the inner loops
        // index through references without bounds checks.
        ref double x = ref MemoryMarshal.GetArrayDataReference(_work);
        ref double v = ref MemoryMarshal.GetArrayDataReference(values);
        ref int column = ref MemoryMarshal.GetArrayDataReference(_columns);
        for (int i = 0; i < n; i++)
        {
            int start = rowStart[i], end = rowStart[i + 1], d = diagonal[i];
            values[d] += sigma;
            double scale = 0;
            for (int e = start; e < end; e++)
            {
                double value = Unsafe.Add(ref v, e);
                Unsafe.Add(ref x, Unsafe.Add(ref column, e)) = value;
                scale = Math.Max(scale, Math.Abs(value));
            }
            for (int e = start; e < d; e++)
            {
                int k = Unsafe.Add(ref column, e);
                double l = Unsafe.Add(ref x, k) * inverseDiagonal[k];
                Unsafe.Add(ref x, k) = l;
                if (l == 0) continue;
                for (int f = diagonal[k] + 1, last = rowStart[k + 1]; f < last; f++)
                    Unsafe.Add(ref x, Unsafe.Add(ref column, f)) -= l * Unsafe.Add(ref v, f);
            }
            for (int e = start; e < end; e++) Unsafe.Add(ref v, e) = Unsafe.Add(ref x, Unsafe.Add(ref column, e));
            double pivot = values[d];
            if (!(Math.Abs(pivot) > 1e-12 * scale) || !double.IsFinite(pivot)) return false;
            inverseDiagonal[i] = 1 / pivot;
        }
        return true;
    }

    /// <summary>Overwrites <paramref name="b"/> with (σI − J)⁻¹b for the last successful <see cref="Factor"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Solve(Span<double> b)
    {
        int n = _n;
        if (_code is null && _codeEntry is { } entry && entry.Count(1)) _code = entry;
        if (_code is { } code)
        {
            if (b.Length < n) throw new ArgumentException($"The right-hand side has {b.Length} entries; the dimension is {n}.", nameof(b));
            code.Solve(ref MemoryMarshal.GetArrayDataReference(_values), ref MemoryMarshal.GetArrayDataReference(_inverseDiagonal),
                ref MemoryMarshal.GetArrayDataReference(_work), ref MemoryMarshal.GetReference(b));
            return;
        }
        double[] inverseDiagonal = _inverseDiagonal;
        int[] rowStart = _rowStart, diagonal = _diagonal, order = _order;
        ref double x = ref MemoryMarshal.GetArrayDataReference(_work);
        ref double v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref int column = ref MemoryMarshal.GetArrayDataReference(_columns);
        for (int p = 0; p < n; p++) Unsafe.Add(ref x, p) = b[order[p]];
        for (int i = 0; i < n; i++)
        {
            double sum = Unsafe.Add(ref x, i);
            for (int e = rowStart[i], d = diagonal[i]; e < d; e++) sum -= Unsafe.Add(ref v, e) * Unsafe.Add(ref x, Unsafe.Add(ref column, e));
            Unsafe.Add(ref x, i) = sum;
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = Unsafe.Add(ref x, i);
            for (int e = diagonal[i] + 1, end = rowStart[i + 1]; e < end; e++) sum -= Unsafe.Add(ref v, e) * Unsafe.Add(ref x, Unsafe.Add(ref column, e));
            Unsafe.Add(ref x, i) = sum * inverseDiagonal[i];
        }
        for (int p = 0; p < n; p++) b[order[p]] = Unsafe.Add(ref x, p);
    }
}
