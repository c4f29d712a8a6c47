using System.Numerics;
using System.Runtime.CompilerServices;

namespace Reconstitution.Numerics;

/// <summary>
/// A finite-difference Jacobian ∂f/∂y of known sparsity, evaluated with column grouping (Curtis, Powell and Reid,
/// <i>IMA J Appl Math</i> 13 (1974) 117–119): columns that share no row are perturbed together, so one evaluation of f
/// gives a whole group of columns, and the cost is the number of groups, not the dimension. Also the time derivative
/// ∂f/∂t when f depends on t.
/// </summary>
/// <remarks>
/// <para>Groups are formed greedily in column order (the CPR heuristic): each column takes the first group none of
/// whose columns reads a row it reads. The perturbation of component j is √ε·max(|yⱼ|, floor) upwards (the floor, the
/// integrator's absolute tolerance, keeps it relative to the component's scale; upwards because the model's
/// right-hand side clamps amounts at zero).</para>
/// <para>Buffers of the dimension are allocated in the constructor (up to <c>capacity</c> components), those of the
/// entries when a pattern has more than any before; evaluation never allocates. Not thread-safe.</para>
/// </remarks>
internal sealed class SparseJacobian
{
    /// <summary>√ε for the unit round-off ε = 2⁻⁵² of doubles: the perturbation that balances truncation and cancellation.</summary>
    private static readonly double SqrtEpsilon = Math.Sqrt(Math.ScaleB(1.0, -52));

    private readonly int _words;
    private readonly int[] _rowOffsets, _columnStart;    // the pattern, CSR by row and by column
    private int[] _columns = [], _columnEntries = [], _columnRows = []; // grown to the entries on declaration (not per step)
    private double[] _values = [];
    private readonly int[] _groupStart, _groupColumns, _columnGroup, _groupNext; // groups' columns, CSR; scratch
    private readonly ulong[] _rowGroups;                 // per row: the groups that already perturb one of its columns
    private readonly double[] _timeDerivative, _perturbation;
    private readonly int[] _diagonalEntry; // each row's diagonal entry, −1 when the pattern has none
    private int _n, _groupCount;
    private bool _dense;

    /// <summary>Creates a Jacobian for systems of up to <paramref name="capacity"/> components.</summary>
    public SparseJacobian(int capacity)
    {
        _words = Math.Max(1, (capacity + 63) / 64);
        _rowOffsets = new int[capacity + 1];
        _columnStart = new int[capacity + 1];
        _groupStart = new int[capacity + 1];
        _groupColumns = new int[capacity];
        _columnGroup = new int[capacity];
        _groupNext = new int[capacity + 1];
        _rowGroups = new ulong[capacity * _words];
        _timeDerivative = new double[capacity];
        _diagonalEntry = new int[capacity];
        _perturbation = new double[capacity];
    }

    /// <summary>Whether f depends on t explicitly (then <see cref="TimeDerivative"/> is evaluated too).</summary>
    public bool TimeDependent { get; private set; }

    /// <summary>Column groups: evaluations of f per Jacobian (one more for ∂f/∂t).</summary>
    public int Groups => _groupCount;

    /// <summary>The pattern's row offsets (length: the pattern's dimension + 1).</summary>
    public ReadOnlySpan<int> RowOffsets => _rowOffsets.AsSpan(0, _n + 1);

    /// <summary>The pattern's columns, row by row.</summary>
    public ReadOnlySpan<int> Columns => _columns.AsSpan(0, _rowOffsets[_n]);

    /// <summary>The last evaluated values, in pattern order.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, _rowOffsets[_n]);

    /// <summary>The last evaluated ∂fᵢ/∂yᵢ (zero when the pattern leaves it out).</summary>
    public double DiagonalValue(int i) => _diagonalEntry[i] >= 0 ? _values[_diagonalEntry[i]] : 0;

    /// <summary>The last evaluated ∂f/∂t (zero when f does not depend on t).</summary>
    public ReadOnlySpan<double> TimeDerivative => _timeDerivative.AsSpan(0, _n);

    /// <summary>Declares every entry of an <paramref name="n"/>-dimensional Jacobian possibly nonzero, and f time-dependent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SetDense(int n)
    {
        Reserve(n * n);
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            _rowOffsets[i] = count;
            for (int j = 0; j < n; j++) _columns[count++] = j;
        }
        _rowOffsets[n] = count;
        Build(n, timeDependent: true);
        _dense = true;
    }

    /// <summary>Declares the pattern: row k lists the components ∂fₖ/∂yⱼ may be nonzero for (each once).</summary>
    public void SetPattern(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns, bool timeDependent)
    {
        int n = rowOffsets.Length - 1;
        if (n < 0 || n > _groupColumns.Length) throw new ArgumentOutOfRangeException(nameof(rowOffsets), n, $"The pattern's dimension must be in [0, {_groupColumns.Length}].");
        rowOffsets.CopyTo(_rowOffsets);
        Reserve(columns.Length);
        columns.CopyTo(_columns);
        for (int e = 0; e < columns.Length; e++)
            if ((uint)columns[e] >= (uint)n) throw new ArgumentOutOfRangeException(nameof(columns), columns[e], $"A pattern column must be in [0, {n}).");
        Build(n, timeDependent);
        _dense = false;
    }

    /// <summary>Whether the declared pattern is the current one (with a time-dependence flag and a pattern set by <see cref="SetPattern"/>).</summary>
    public bool Matches(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns, bool timeDependent) =>
        !_dense && timeDependent == TimeDependent && rowOffsets.SequenceEqual(RowOffsets) && columns.SequenceEqual(Columns);

    /// <summary>Makes room for <paramref name="entries"/> entries (more than ever before: this pattern's first declaration).</summary>
    private void Reserve(int entries)
    {
        if (_columns.Length >= entries) return;
        int size = Math.Max(Math.Max(entries, 2 * _columns.Length), 8 * _rowOffsets.Length); // room for a typical sparse pattern
        _columns = new int[size];
        _columnEntries = new int[size];
        _columnRows = new int[size];
        _values = new double[size];
    }

    /// <summary>Whether the current pattern is the dense one of dimension <paramref name="n"/> (<see cref="SetDense"/>).</summary>
    public bool MatchesDense(int n) => _dense && _n == n;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Build(int n, bool timeDependent)
    {
        _n = n;
        TimeDependent = timeDependent;
        int entries = _rowOffsets[n], w = _words;
        for (int i = 0; i < n; i++)
        {
            _diagonalEntry[i] = -1;
            for (int e = _rowOffsets[i]; e < _rowOffsets[i + 1]; e++)
                if (_columns[e] == i) _diagonalEntry[i] = e;
        }
        // Transpose: each column's entries (positions in the row-wise order) and their rows.
        Array.Clear(_columnStart, 0, n + 1);
        for (int e = 0; e < entries; e++) _columnStart[_columns[e] + 1]++;
        for (int j = 0; j < n; j++) _columnStart[j + 1] += _columnStart[j];
        for (int i = 0; i < n; i++)
            for (int e = _rowOffsets[i]; e < _rowOffsets[i + 1]; e++)
            {
                int slot = _columnStart[_columns[e]]++;
                _columnEntries[slot] = e;
                _columnRows[slot] = i;
            }
        for (int j = n; j > 0; j--) _columnStart[j] = _columnStart[j - 1];
        _columnStart[0] = 0;
        // Greedy grouping: each column takes the first group none of whose columns reads a row it reads.
        Array.Clear(_rowGroups, 0, n * w);
        int groups = 0;
        for (int j = 0; j < n; j++)
        {
            int group = 0;
            for (int m = 0; m < w; m++)
            {
                ulong taken = 0;
                for (int s = _columnStart[j]; s < _columnStart[j + 1]; s++) taken |= _rowGroups[_columnRows[s] * w + m];
                if (taken == ulong.MaxValue) continue;
                group = m * 64 + BitOperations.TrailingZeroCount(~taken);
                break;
            }
            for (int s = _columnStart[j]; s < _columnStart[j + 1]; s++) _rowGroups[_columnRows[s] * w + (group >> 6)] |= 1UL << group;
            _columnGroup[j] = group;
            groups = Math.Max(groups, group + 1);
        }
        // Each group's columns, contiguous (a counting sort by group).
        _groupCount = groups;
        Array.Clear(_groupStart, 0, groups + 1);
        for (int j = 0; j < n; j++) _groupStart[_columnGroup[j] + 1]++;
        for (int g = 0; g < groups; g++) _groupStart[g + 1] += _groupStart[g];
        _groupStart.AsSpan(0, groups).CopyTo(_groupNext);
        for (int j = 0; j < n; j++) _groupColumns[_groupNext[_columnGroup[j]]++] = j;
    }

    /// <summary>
    /// Evaluates the Jacobian at (<paramref name="t"/>, <paramref name="y"/>), where f is <paramref name="f0"/>, with
    /// one evaluation of f per group (and one for ∂f/∂t); returns the number of evaluations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Evaluate<TSystem>(ref TSystem system, double t, ReadOnlySpan<double> y, ReadOnlySpan<double> f0, double floor,
        Span<double> yScratch, Span<double> fScratch) where TSystem : IOdeSystem
    {
        int n = _n;
        y[..n].CopyTo(yScratch);
        for (int g = 0; g < _groupCount; g++)
        {
            for (int c = _groupStart[g]; c < _groupStart[g + 1]; c++)
            {
                int j = _groupColumns[c];
                double yj = y[j], raised = yj + SqrtEpsilon * Math.Max(Math.Abs(yj), floor);
                _perturbation[j] = raised - yj; // the increment actually represented
                yScratch[j] = raised;
            }
            system.Derivative(t, yScratch[..n], fScratch[..n]);
            for (int c = _groupStart[g]; c < _groupStart[g + 1]; c++)
            {
                int j = _groupColumns[c];
                double inverse = 1 / _perturbation[j];
                for (int s = _columnStart[j]; s < _columnStart[j + 1]; s++)
                {
                    int i = _columnRows[s];
                    _values[_columnEntries[s]] = (fScratch[i] - f0[i]) * inverse;
                }
                yScratch[j] = y[j];
            }
        }
        return _groupCount + EvaluateTimeDerivative(ref system, t, y, f0, fScratch);
    }

    /// <summary>
    /// Takes ∂f/∂y at (<paramref name="t"/>, <paramref name="y"/>) from the system's own structure
    /// (<see cref="IJacobianSource.Jacobian"/>) instead of column groups, and ∂f/∂t by a difference of f (where f is
    /// <paramref name="f0"/>); returns the evaluations of f this cost (the source's count, one more for ∂f/∂t).
    /// </summary>
    public int Assemble<TSystem>(IJacobianSource source, ref TSystem system, double t, ReadOnlySpan<double> y, ReadOnlySpan<double> f0, double floor,
        Span<double> fScratch) where TSystem : IOdeSystem
    {
        int evaluations = source.Jacobian(t, y[.._n], floor, RowOffsets, Columns, _values.AsSpan(0, _rowOffsets[_n]));
        return evaluations + EvaluateTimeDerivative(ref system, t, y, f0, fScratch);
    }

    /// <summary>∂f/∂t by a forward difference in t (zero when f does not depend on t); returns the evaluations of f it cost.</summary>
    private int EvaluateTimeDerivative<TSystem>(ref TSystem system, double t, ReadOnlySpan<double> y, ReadOnlySpan<double> f0, Span<double> fScratch)
        where TSystem : IOdeSystem
    {
        int n = _n;
        if (!TimeDependent)
        {
            _timeDerivative.AsSpan(0, n).Clear();
            return 0;
        }
        double step = SqrtEpsilon * Math.Max(Math.Abs(t), 1), later = t + step;
        system.Derivative(later, y[..n], fScratch[..n]);
        double inverseStep = 1 / (later - t);
        for (int i = 0; i < n; i++) _timeDerivative[i] = (fScratch[i] - f0[i]) * inverseStep;
        return 1;
    }
}
