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
/// <para>The analysis (ordering and fill-in, <see cref="SparseLuAnalysis"/>) is shared: <see cref="Use"/> points the
/// factorisation at an analysis made once per pattern (<see cref="JacobianPattern.Analysis"/>), and <see cref="Analyse"/>
/// looks a pattern up in a <see cref="SymbolicAnalysisCache"/> when given one. Buffers of the dimension are allocated in
/// the constructor (up to <c>capacity</c> rows), the factor's values when an analysis needs more than any before;
/// factorisation and solution never allocate. Not thread-safe.</para>
/// </remarks>
internal sealed class SparseLu
{
    private readonly int _capacity;
    // The analysis' arrays (shared, never written here): position p holds original row _order[p]; the factor's rows
    // (permuted indices), CSR, and each diagonal's entry; the factor's columns; each pattern entry of J's factor entry.
    // the analysis' update targets (each elimination update's entry of the row being factored).
    private int[] _order = [], _rowStart = [0], _diagonal = [], _columns = [], _entryOf = [], _updateTargets = [];
    private double[] _values = [];                 // grown to the factor's entries on analysis (not per step)
    private readonly double[] _inverseDiagonal, _work;
    private readonly SymbolicAnalysisCache? _cache;
    private SparseLuAnalysis? _analysis;
    private int _n;
    // The solve written out for the analysed structure (SparseLuSolveCode): its entry, and _code once compiled.
    private SparseLuSolveCode? _codeEntry, _code;
    // The factorisation written out for the analysed structure (SparseLuFactorCode): its entry, and _factorCode once compiled.
    private SparseLuFactorCode? _factorEntry, _factorCode;

    /// <summary>Creates a factorisation for matrices of up to <paramref name="capacity"/> rows.</summary>
    /// <param name="capacity">The largest number of rows.</param>
    /// <param name="cache">Where <see cref="Analyse"/> keeps and looks up finished analyses (null: every pattern is analysed).</param>
    public SparseLu(int capacity, SymbolicAnalysisCache? cache = null)
    {
        _capacity = capacity;
        _cache = cache;
        _inverseDiagonal = new double[capacity];
        _work = new double[capacity];
    }

    /// <summary>
    /// Whether <see cref="Factor"/> and <see cref="Solve"/> may run code generated for the structure
    /// (<see cref="SparseLuFactorCode"/>, <see cref="SparseLuSolveCode"/>); the same bits either way. Tests and benchmarks turn it off to compare the two paths; takes effect at the next <see cref="Use"/>.
    /// </summary>
    internal bool UsesGeneratedCode { get; set; } = true;

    /// <summary>
    /// Whether each analysed structure gets code of its own compiled at <see cref="Use"/>, outside the shared cache,
    /// instead of the cache's entries compiled after <see cref="SparseLuSolveCode.CompileAfter"/> solves and
    /// <see cref="SparseLuFactorCode.CompileAfter"/> factorisations (tests, benchmarks).
    /// </summary>
    internal bool CompilesCodeAtOnce { get; set; }

    /// <summary>Whether <see cref="Solve"/> runs generated code for the current structure (tests).</summary>
    internal bool RunsGeneratedCode => _code is not null;

    /// <summary>Whether <see cref="Factor"/> runs generated code for the current structure (tests).</summary>
    internal bool RunsGeneratedFactor => _factorCode is not null;

    /// <summary>The factor's entries plus its elimination's updates (<see cref="SparseLuFactorCode.Operations"/>; benchmarks, tests).</summary>
    internal long FactorOperations => SparseLuFactorCode.Operations(_rowStart.AsSpan(0, _n + 1), _diagonal, _columns);

    /// <summary>The factor's entries (L and U, row by row) after the last <see cref="Factor"/> (tests).</summary>
    internal ReadOnlySpan<double> FactorValues => _values.AsSpan(0, _rowStart[_n]);

    /// <summary>1/pivot per row after the last successful <see cref="Factor"/> (tests).</summary>
    internal ReadOnlySpan<double> InversePivots => _inverseDiagonal.AsSpan(0, _n);

    /// <summary>The analysis in use (tests).</summary>
    internal SparseLuAnalysis? Analysis => _analysis;

    /// <summary>Entries of the analysed pattern of J (the length of the values <see cref="Factor"/> reads).</summary>
    internal int PatternEntries => _entryOf.Length;

    /// <summary>Entries of the factor (L and U together, the diagonal once), after <see cref="Analyse"/>.</summary>
    public int FactorEntries => _rowStart[_n];

    /// <summary>
    /// Orders and analyses the pattern of J (CSR rows <paramref name="rowOffsets"/>/<paramref name="columns"/>; the
    /// diagonal is added when missing; no column twice in a row), or takes the cache's analysis of it; then
    /// <see cref="Factor"/> reads J's values in the same entry order.
    /// </summary>
    public void Analyse(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns) =>
        Use(_cache is not null ? _cache.For(rowOffsets, columns) : SparseLuAnalysis.Of(rowOffsets, columns));

    /// <summary>
    /// Factors by <paramref name="analysis"/> from now on (its arrays are read, not copied); then <see cref="Factor"/> reads
    /// J's values in its pattern's entry order. Allocates only when the factor has more entries than any before.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The analysis has more rows than the capacity.</exception>
    public void Use(SparseLuAnalysis analysis)
    {
        int n = analysis.Dimension;
        if (n > _capacity) throw new ArgumentOutOfRangeException(nameof(analysis), n, $"The analysis has {n} rows; the capacity is {_capacity}.");
        _analysis = analysis;
        _n = n;
        (_order, _rowStart, _diagonal, _columns, _entryOf, _updateTargets) =
            (analysis.Order, analysis.RowStart, analysis.Diagonal, analysis.FactorColumns, analysis.EntryOf, analysis.UpdateTargets);
        if (_values.Length < _columns.Length) _values = new double[Math.Max(Math.Max(_columns.Length, 2 * _values.Length), 8 * _capacity)];
        _code = _codeEntry = null;
        _factorCode = _factorEntry = null;
        if (!UsesGeneratedCode || !GeneratedCode.IsSupported) return;
        if (CompilesCodeAtOnce)
        {
            _code = _codeEntry = SparseLuSolveCode.Compile(_order, _rowStart, _diagonal, _columns);
            _factorCode = _factorEntry = SparseLuFactorCode.Compile(_rowStart, _diagonal, _columns, _entryOf);
        }
        else
        {
            _codeEntry = analysis.Code;
            _factorEntry = analysis.FactorCode;
        }
    }

    /// <summary>
    /// Factors σI − J, J's values given in the analysed pattern's entry order; false when a pivot is not finite or is
    /// negligible (below 10⁻¹² of its row's largest entry), and the factor must not be used. Runs the structure's generated
    /// code (<see cref="SparseLuFactorCode"/>) once it is compiled, the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Factor(double sigma, ReadOnlySpan<double> jacobian)
    {
        if (_factorCode is null && _factorEntry is { } entry && entry.Count(1)) _factorCode = entry;
        if (_factorCode is { } code && jacobian.Length == _entryOf.Length)
            return code.Factor(ref MemoryMarshal.GetArrayDataReference(_values), ref MemoryMarshal.GetArrayDataReference(_inverseDiagonal),
                ref MemoryMarshal.GetReference(jacobian), sigma);
        return FactorWithArrays(sigma, jacobian);
    }

    /// <summary><see cref="Factor"/> by the array loops (where no code is compiled for the structure; the same bits).</summary>
    /// <remarks>
    /// Each row is eliminated in place on its own entries, as the generated code does (<see cref="SparseLuFactorCode"/>,
    /// whose remarks show why this is the same arithmetic as a scatter into a dense work vector): an update's target entry
    /// comes from the analysis' <see cref="SparseLuAnalysis.UpdateTargets"/>, in the order the updates are made, so no row
    /// is scattered into and gathered back from a work vector.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FactorWithArrays(double sigma, ReadOnlySpan<double> jacobian)
    {
        int n = _n;
        double[] values = _values, inverseDiagonal = _inverseDiagonal;
        int[] rowStart = _rowStart, diagonal = _diagonal, entryOf = _entryOf;
        Array.Clear(values, 0, rowStart[n]);
        for (int e = 0; e < jacobian.Length; e++) values[entryOf[e]] -= jacobian[e];
        // The structure is fixed by the analysis (every column index < n, every entry and update target inside its row, each
        // row's diagonal and start kept for n rows), so the inner loops index through references without bounds checks.
        ref double v = ref MemoryMarshal.GetArrayDataReference(values);
        ref int column = ref MemoryMarshal.GetArrayDataReference(_columns);
        ref int target = ref MemoryMarshal.GetArrayDataReference(_updateTargets);
        ref int diagonalOf = ref MemoryMarshal.GetArrayDataReference(diagonal);
        ref int rowStartOf = ref MemoryMarshal.GetArrayDataReference(rowStart);
        ref double inverseOf = ref MemoryMarshal.GetArrayDataReference(inverseDiagonal);
        int u = 0; // the next update's index in the targets
        for (int i = 0; i < n; i++)
        {
            int start = rowStart[i], end = rowStart[i + 1], d = diagonal[i];
            values[d] += sigma;
            // The row's largest magnitude as a bit pattern: with the sign bit cleared the integer order of the patterns is the
            // order of the values, a NaN above them all, so this is Math.Max's fold from +0 wherever it is a number (a NaN
            // fails the pivot test either way) at one integer compare a entry instead of a chain of floating-point fix-ups.
            long largest = 0;
            for (int e = start; e < end; e++) largest = Math.Max(largest, BitConverter.DoubleToInt64Bits(Unsafe.Add(ref v, e)) & long.MaxValue);
            double scale = BitConverter.Int64BitsToDouble(largest);
            for (int e = start; e < d; e++)
            {
                // k < i: a column left of the diagonal, a row factored before.
                int k = Unsafe.Add(ref column, e);
                int first = Unsafe.Add(ref diagonalOf, k) + 1, last = Unsafe.Add(ref rowStartOf, k + 1);
                double l = Unsafe.Add(ref v, e) * Unsafe.Add(ref inverseOf, k);
                Unsafe.Add(ref v, e) = l;
                if (l == 0)
                {
                    u += last - first;
                    continue;
                }
                for (int f = first; f < last; f++, u++)
                    Unsafe.Add(ref v, Unsafe.Add(ref target, u)) -= l * Unsafe.Add(ref v, f);
            }
            double pivot = values[d];
            if (!(Math.Abs(pivot) > 1e-12 * scale) || !double.IsFinite(pivot)) return false;
            inverseDiagonal[i] = 1 / pivot;
        }
        return true;
    }

    /// <summary>Overwrites <paramref name="b"/> with (σI − J)⁻¹b for the last successful <see cref="Factor"/>.</summary>
    /// <remarks>
    /// Each row subtracts its products in the order of the unknowns' solution: the forward substitution left to right
    /// (x₀ first), the backward one right to left (xₙ₋₁ first). A row's subtractions are one chain of dependent
    /// operations, and the unknown solved last is the one a row waits for; subtracting it last lets the chain run on the
    /// earlier unknowns meanwhile. Left to right, the backward rows began with the unknown just solved, so each row's
    /// whole chain waited for the row before it (a solve of the physiology factor 1.09 µs, now 0.77 µs; the sum's
    /// rounding differs, at the round-off level).
    /// </remarks>
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
            // Right to left: the unknowns solved longest ago first (see the remarks).
            for (int e = rowStart[i + 1] - 1, d = diagonal[i]; e > d; e--) sum -= Unsafe.Add(ref v, e) * Unsafe.Add(ref x, Unsafe.Add(ref column, e));
            Unsafe.Add(ref x, i) = sum * inverseDiagonal[i];
        }
        for (int p = 0; p < n; p++) b[order[p]] = Unsafe.Add(ref x, p);
    }
}
