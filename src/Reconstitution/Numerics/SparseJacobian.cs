using System.Runtime.CompilerServices;

namespace Reconstitution.Numerics;

/// <summary>
/// A finite-difference Jacobian ∂f/∂y of known sparsity, evaluated with column grouping (Curtis, Powell and Reid,
/// <i>IMA J Appl Math</i> 13 (1974) 117–119): columns that share no row are perturbed together, so one evaluation of f
/// gives a whole group of columns, and the cost is the number of groups, not the dimension. Also the time derivative
/// ∂f/∂t when f depends on t.
/// </summary>
/// <remarks>
/// <para>The pattern and its groups are a <see cref="JacobianPattern"/> (shared, never written here); the perturbation of
/// component j is √ε·max(|yⱼ|, floor) upwards (the floor, the integrator's absolute tolerance, keeps it relative to the
/// component's scale; upwards because the model's right-hand side clamps amounts at zero).</para>
/// <para>Buffers of the dimension are allocated in the constructor (up to <c>capacity</c> components), the values when a
/// pattern has more entries than any before; evaluation never allocates. Not thread-safe.</para>
/// </remarks>
internal sealed class SparseJacobian
{
    /// <summary>√ε for the unit round-off ε = 2⁻⁵² of doubles: the perturbation that balances truncation and cancellation.</summary>
    private static readonly double SqrtEpsilon = Math.Sqrt(Math.ScaleB(1.0, -52));

    /// <summary>The pattern before any declaration: no components.</summary>
    private static readonly JacobianPattern None = new([0], [], timeDependent: false);

    private readonly int _capacity;
    private JacobianPattern _pattern = None;
    private double[] _values = [];
    private readonly double[] _timeDerivative, _perturbation;
    private int _n;
    private bool _dense;

    /// <summary>Creates a Jacobian for systems of up to <paramref name="capacity"/> components.</summary>
    public SparseJacobian(int capacity)
    {
        _capacity = capacity;
        _timeDerivative = new double[capacity];
        _perturbation = new double[capacity];
    }

    /// <summary>The declared pattern.</summary>
    public JacobianPattern Pattern => _pattern;

    /// <summary>Whether f depends on t explicitly (then <see cref="TimeDerivative"/> is evaluated too).</summary>
    public bool TimeDependent => _pattern.TimeDependent;

    /// <summary>Column groups: evaluations of f per Jacobian (one more for ∂f/∂t).</summary>
    public int Groups => _pattern.Groups;

    /// <summary>The pattern's row offsets (length: the pattern's dimension + 1).</summary>
    public ReadOnlySpan<int> RowOffsets => _pattern.RowOffsets;

    /// <summary>The pattern's columns, row by row.</summary>
    public ReadOnlySpan<int> Columns => _pattern.Columns;

    /// <summary>The last evaluated values, in pattern order.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, _pattern.Columns.Length);

    /// <summary>The last evaluated ∂fᵢ/∂yᵢ (zero when the pattern leaves it out).</summary>
    public double DiagonalValue(int i)
    {
        int entry = _pattern.DiagonalEntry[i];
        return entry >= 0 ? _values[entry] : 0;
    }

    /// <summary>The last evaluated ∂f/∂t (zero when f does not depend on t).</summary>
    public ReadOnlySpan<double> TimeDerivative => _timeDerivative.AsSpan(0, _n);

    /// <summary>Declares every entry of an <paramref name="n"/>-dimensional Jacobian possibly nonzero, and f time-dependent.</summary>
    public void SetDense(int n)
    {
        Use(JacobianPattern.Dense(n));
        _dense = true;
    }

    /// <summary>Declares the pattern: row k lists the components ∂fₖ/∂yⱼ may be nonzero for (pointed at: read, never written).</summary>
    public void SetPattern(JacobianPattern pattern)
    {
        Use(pattern);
        _dense = false;
    }

    /// <summary>Whether <paramref name="pattern"/> is the current one (declared by <see cref="SetPattern"/>, entry for entry).</summary>
    public bool Matches(JacobianPattern pattern) => !_dense && _pattern.Matches(pattern);

    /// <summary>Whether the current pattern is the dense one of dimension <paramref name="n"/> (<see cref="SetDense"/>).</summary>
    public bool MatchesDense(int n) => _dense && _n == n;

    private void Use(JacobianPattern pattern)
    {
        int n = pattern.Dimension;
        if (n > _capacity) throw new ArgumentOutOfRangeException(nameof(pattern), n, $"The pattern's dimension must be in [0, {_capacity}].");
        _pattern = pattern;
        _n = n;
        int entries = pattern.Columns.Length;
        if (_values.Length < entries) _values = new double[Math.Max(Math.Max(entries, 2 * _values.Length), 8 * (_capacity + 1))];
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
        JacobianPattern pattern = _pattern;
        int[] groupStart = pattern.GroupStart, groupColumns = pattern.GroupColumns, columnStart = pattern.ColumnStart;
        int[] columnRows = pattern.ColumnRows, columnEntries = pattern.ColumnEntries;
        y[..n].CopyTo(yScratch);
        for (int g = 0; g < pattern.Groups; g++)
        {
            for (int c = groupStart[g]; c < groupStart[g + 1]; c++)
            {
                int j = groupColumns[c];
                double yj = y[j], raised = yj + SqrtEpsilon * Math.Max(Math.Abs(yj), floor);
                _perturbation[j] = raised - yj; // the increment actually represented
                yScratch[j] = raised;
            }
            system.Derivative(t, yScratch[..n], fScratch[..n]);
            for (int c = groupStart[g]; c < groupStart[g + 1]; c++)
            {
                int j = groupColumns[c];
                double inverse = 1 / _perturbation[j];
                for (int s = columnStart[j]; s < columnStart[j + 1]; s++)
                {
                    int i = columnRows[s];
                    _values[columnEntries[s]] = (fScratch[i] - f0[i]) * inverse;
                }
                yScratch[j] = y[j];
            }
        }
        return pattern.Groups + EvaluateTimeDerivative(ref system, t, y, f0, fScratch);
    }

    /// <summary>
    /// Takes ∂f/∂y at (<paramref name="t"/>, <paramref name="y"/>) from the system's own structure
    /// (<see cref="IJacobianSource.Jacobian"/>) instead of column groups, and ∂f/∂t by a difference of f (where f is
    /// <paramref name="f0"/>); returns the evaluations of f this cost (the source's count, one more for ∂f/∂t).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Assemble<TSystem>(IJacobianSource source, ref TSystem system, double t, ReadOnlySpan<double> y, ReadOnlySpan<double> f0, double floor,
        Span<double> fScratch) where TSystem : IOdeSystem
    {
        int evaluations = source.Jacobian(t, y[.._n], floor, RowOffsets, Columns, _values.AsSpan(0, _pattern.Columns.Length));
        return evaluations + EvaluateTimeDerivative(ref system, t, y, f0, fScratch);
    }

    /// <summary>∂f/∂t by a forward difference in t (zero when f does not depend on t); returns the evaluations of f it cost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
