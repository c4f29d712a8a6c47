using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Reconstitution.Numerics;

/// <summary>
/// The linearly implicit Rosenbrock–W method ROS34PW2 of Rang and Angermann (<i>BIT Numer Math</i> 45 (2005)
/// 761–787): four stages, order three with an embedded order-two solution for error control, L-stable (R(∞) = 0; the
/// embedded method strongly A-stable), stiffly accurate. As a W-method it keeps its order with any approximation of
/// the Jacobian, so one finite-difference Jacobian serves many steps.
/// </summary>
/// <remarks>
/// <para>Suited to stiff problems and to oscillatory modes (complex Jacobian eigenvalues) that cap explicit and
/// stabilised explicit methods whatever the tolerance: with the whole left half-plane in the stability region the step
/// is limited by accuracy alone, so slow dynamics (recovery over months) are taken in steps of weeks.</para>
/// <para>Each stage solves (1/(hγ) − J)·uᵢ = f(t + αᵢh, y + Σⱼ aᵢⱼuⱼ) + Σⱼ (cᵢⱼ/h)·uⱼ + γᵢh·∂f/∂t, the form of Hairer and
/// Wanner (<i>Solving ODEs II</i>, § IV.7) that needs no Jacobian–vector products; the coefficients are derived from
/// the published tableau (Γ, α, b, b̂) once. Per accepted step: three evaluations of f for the stages and one at the
/// new point (which is the next step's first stage and the dense output's end slope), one sparse factorisation of
/// 1/(hγ) − J, four sparse solves.</para>
/// <para><b>Jacobian.</b> Finite differences with column grouping (<see cref="SparseJacobian"/>) on the pattern the
/// caller declares (<see cref="OdeStepper.PatternSource"/>, asked after every change of <see cref="Dimension"/>; dense
/// without one), or, when the pattern source is an <see cref="IJacobianSource"/>, ∂f/∂y from the system's own structure
/// (∂f/∂t still by a difference of f), factored by <see cref="SparseLu"/>. A declared pattern is a shared, immutable
/// <see cref="JacobianPattern"/> holding its column groups and its LU analysis (made once per pattern, found by content in
/// <see cref="SymbolicAnalysisCache.Shared"/>), so a new pattern costs pointing at it. The Jacobian is re-evaluated only
/// when the pattern changed, when a rejected step's error exceeds ten tolerances or a step is rejected twice (unless it
/// was evaluated at that step's start), when a factorisation fails, and after <see cref="JacobianAge"/> accepted steps;
/// <see cref="Reset"/> (a change of Y from outside) keeps it. The factorisation of 1/(hγ) − J is kept while h stays within
/// 25 % of the factored step (the factor then stands for the W-matrix (σ/σ₀)·J and the solves are scaled by σ₀/σ).</para>
/// <para>Error control: the root mean square over components of (y − ŷ)/(atol + rtol·max(|yₙ|, |yₙ₊₁|)), step factor
/// 0.9·err^(−1/3) within [0.2, 5]. As in Hairer and Wanner's code RODAS (<i>Solving ODEs II</i>, § IV.7), a rejected step is
/// retried with that factor (below 0.9 since err &gt; 1; so a near miss keeps the factorisation) and the step accepted after a
/// rejection proposes no growth. Dense output: cubic Hermite interpolation of yₙ, yₙ₊₁, f(yₙ), f(yₙ₊₁) (third
/// order, as the method), with the slopes of components that are stiff on the step (hγ|Jᵢᵢ| &gt; 1) damped by
/// 1/(1 + hγ|Jᵢᵢ|) so that long steps do not turn their small deviations into large interpolation errors.</para>
/// <para>All buffers are allocated in the constructor; a step allocates nothing. Not thread-safe.</para>
/// </remarks>
internal sealed class RosenbrockW : OdeStepper
{
    /// <summary>Accepted steps after which the Jacobian is re-evaluated even when every step succeeded.</summary>
    public const int JacobianAge = 50;

    private const int Stages = 4;

    /// <summary>How far (as a factor either way) the step may move from the factored one before 1/(hγ) − J is factored anew.</summary>
    private const double ReuseRange = 1.25;

    /// <summary>A rejected step's error (in tolerances) beyond which the Jacobian is re-evaluated at once.</summary>
    private const double RefreshError = 10;

    /// <summary>The step controller's largest factor.</summary>
    private const double MaxGrowth = 5;
    private const double Gamma = 0.435866521508459;

    // The published tableau (Rang and Angermann 2005, ROS34PW2): α (strictly lower), Γ (lower, diagonal γ), b, b̂.
    private static readonly double[,] Alpha =
    {
        { 0, 0, 0, 0 },
        { 0.87173304301691801, 0, 0, 0 },
        { 0.84457060015369423, -0.11299064236484185, 0, 0 },
        { 0, 0, 1, 0 },
    };
    private static readonly double[,] GammaTable =
    {
        { Gamma, 0, 0, 0 },
        { -0.87173304301691801, Gamma, 0, 0 },
        { -0.90338057013044082, 0.054180672388095326, Gamma, 0 },
        { 0.24212380706095346, -1.2232505839045147, 0.54526025533510214, Gamma },
    };
    private static readonly double[] B = [0.24212380706095346, -1.2232505839045147, 1.5452602553351020, Gamma];
    private static readonly double[] BHat = [0.37810903145819369, -0.096042292212423178, 0.5, 0.2179332607542295];

    // Derived once from the tableau (Hairer and Wanner's transformed form): a = αΓ⁻¹, c = −Γ⁻¹ below the diagonal,
    // m = bΓ⁻¹, e = (b − b̂)Γ⁻¹, stage times αᵢ = Σⱼ αᵢⱼ and γᵢ = Σⱼ γᵢⱼ.
    private static readonly double A21, A31, A32, A41, A42, A43, C21, C31, C32, C41, C42, C43;
    private static readonly double M1, M2, M3, M4, E1, E2, E3, E4, Alpha2, Alpha3, Alpha4, G1, G2, G3, G4;

    static RosenbrockW()
    {
        var inverse = new double[Stages, Stages];
        for (int j = 0; j < Stages; j++)
        {
            // Column j of Γ⁻¹ by forward substitution.
            for (int i = 0; i < Stages; i++)
            {
                double sum = i == j ? 1 : 0;
                for (int k = 0; k < i; k++) sum -= GammaTable[i, k] * inverse[k, j];
                inverse[i, j] = sum / GammaTable[i, i];
            }
        }
        var a = new double[Stages, Stages];
        double[] m = new double[Stages], e = new double[Stages], alpha = new double[Stages], g = new double[Stages];
        for (int i = 0; i < Stages; i++)
        {
            for (int j = 0; j < Stages; j++)
            {
                alpha[i] += Alpha[i, j];
                g[i] += GammaTable[i, j];
                m[i] += B[j] * inverse[j, i];
                e[i] += (B[j] - BHat[j]) * inverse[j, i];
                for (int k = 0; k < Stages; k++) a[i, j] += Alpha[i, k] * inverse[k, j];
            }
        }
        (A21, A31, A32, A41, A42, A43) = (a[1, 0], a[2, 0], a[2, 1], a[3, 0], a[3, 1], a[3, 2]);
        (C21, C31, C32, C41, C42, C43) = (-inverse[1, 0], -inverse[2, 0], -inverse[2, 1], -inverse[3, 0], -inverse[3, 1], -inverse[3, 2]);
        (M1, M2, M3, M4) = (m[0], m[1], m[2], m[3]);
        (E1, E2, E3, E4) = (e[0], e[1], e[2], e[3]);
        (Alpha2, Alpha3, Alpha4) = (alpha[1], alpha[2], alpha[3]);
        (G1, G2, G3, G4) = (g[0], g[1], g[2], g[3]);
    }

    private int _n;
    private readonly SparseJacobian _jacobian;
    private readonly SparseLu _lu;
    private readonly double[] _yOld, _yNew, _stageY, _stageF, _scratchY, _scratchF, _slopeWeight;
    private readonly double[] _diagonal; // ∂fᵢ/∂yᵢ of the Jacobian in hand (zero off its pattern), gathered at its evaluation
    private double _weightsStep; // the step _slopeWeight was computed for, with the Jacobian in hand while _weightsValid
    private bool _weightsValid;
    private readonly double[][] _u = new double[Stages][];
    private double[] _f0, _fOld; // f at Y and at the previous step's start, rotated after an accepted step
    private double _h, _tPrevious, _hPrevious, _factoredSigma, _leastFirstStep;
    private bool _fsalValid, _denseValid, _patternDeclared, _jacobianValid, _jacobianFresh, _factorValid;
    private int _jacobianSteps;
    private long _accepted, _rejected, _evaluations, _jacobians, _jacobianFunctionEvaluations, _firstEvaluations, _factorisations;

    /// <summary>Creates an integrator for systems of up to <paramref name="dimension"/> components.</summary>
    /// <param name="dimension">The largest number of components.</param>
    /// <param name="relativeTolerance">Relative error tolerance per component.</param>
    /// <param name="absoluteTolerance">Absolute error tolerance per component (the system's units).</param>
    public RosenbrockW(int dimension, double relativeTolerance, double absoluteTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        _n = dimension;
        RelativeTolerance = relativeTolerance;
        AbsoluteTolerance = absoluteTolerance;
        Y = new double[dimension];
        _yOld = new double[dimension]; _yNew = new double[dimension]; _stageY = new double[dimension]; _stageF = new double[dimension];
        _scratchY = new double[dimension]; _scratchF = new double[dimension]; _f0 = new double[dimension]; _fOld = new double[dimension];
        _slopeWeight = new double[dimension];
        _diagonal = new double[dimension];
        for (int i = 0; i < Stages; i++) _u[i] = new double[dimension];
        _jacobian = new SparseJacobian(dimension);
        _lu = new SparseLu(dimension);
    }

    /// <summary>The step the next <see cref="Step"/> will try first (days; tests).</summary>
    internal double ProposedStep => _h;

    /// <summary>
    /// Makes the next <see cref="Step"/> choose its step afresh, as the first one does (<see cref="StepSizeControl.FirstStepGuess"/>),
    /// but no shorter than <paramref name="leastStep"/> (days; within the step's span and <see cref="MaximumStep"/>): a start from
    /// another method's steps, whose length the guess from f and y alone may miss by orders of magnitude.
    /// </summary>
    internal void StartAfresh(double leastStep)
    {
        _h = 0;
        _leastFirstStep = leastStep;
    }

    /// <summary>The factorisation of the implicit stages' matrix (benchmarks).</summary>
    internal SparseLu Factorisation => _lu;

    /// <summary>The Jacobian (its pattern and last values; tests).</summary>
    internal SparseJacobian Jacobian => _jacobian;

    public override int Dimension
    {
        get => _n;
        set
        {
            if (value < 0 || value > Y.Length) throw new ArgumentOutOfRangeException(nameof(value), value, $"Dimension must be in [0, {Y.Length}].");
            if (value != _n) _jacobianValid = false;
            _n = value;
            _patternDeclared = false; // asked again before the next step; the Jacobian stays if the pattern did not change
            Reset();
        }
    }

    public override double[] Y { get; }

    public override double T { get; set; }

    public override double TPrevious => _tPrevious;

    /// <summary>The longest step (days; default unlimited): a bound for the dense output's accuracy, which error control does not cover.</summary>
    public double MaximumStep { get; set; } = double.PositiveInfinity;

    /// <summary>Relative error tolerance per component.</summary>
    public double RelativeTolerance { get; set; }

    /// <summary>Absolute error tolerance per component.</summary>
    public double AbsoluteTolerance { get; set; }

    public override long AcceptedSteps => _accepted;

    public override long RejectedSteps => _rejected;

    /// <summary>Right-hand-side evaluations since construction, those of the Jacobians included.</summary>
    public override long Evaluations => _evaluations;

    /// <summary>Jacobian evaluations since construction.</summary>
    public long JacobianEvaluations => _jacobians;

    /// <summary>Evaluations of f spent on Jacobians since construction (part of <see cref="Evaluations"/>; diagnostics).</summary>
    internal long JacobianFunctionEvaluations => _jacobianFunctionEvaluations;

    /// <summary>Evaluations of f at a step's start after a reset, a restart or a handover since construction (part of <see cref="Evaluations"/>; diagnostics).</summary>
    internal long FirstEvaluations => _firstEvaluations;

    /// <summary>Factorisations of 1/(hγ) − J since construction (diagnostics).</summary>
    internal long Factorisations => _factorisations;

    /// <summary>Evaluations of f per Jacobian under the current pattern (column groups, plus one for ∂f/∂t).</summary>
    public int EvaluationsPerJacobian => _jacobian.Groups + (_jacobian.TimeDependent ? 1 : 0);

    public override void SetJacobianPattern(JacobianPattern pattern)
    {
        if (pattern.Dimension != _n)
            throw new ArgumentException($"The pattern has {pattern.Dimension} rows; the dimension is {_n}.", nameof(pattern));
        // The same pattern again (the caller rebuilt its partition, or changed parameters, without changing what reads
        // what): the Jacobian in hand stays a valid W-method matrix.
        _patternDeclared = true;
        if (_jacobian.Matches(pattern)) return;
        _jacobian.SetPattern(pattern);
        _lu.Use(pattern.Analysis);
        _jacobianValid = false;
        _factorValid = false;
    }

    /// <summary>Makes the next step evaluate a new Jacobian (when the one in hand is known to be out of date).</summary>
    public void DiscardJacobian() => _jacobianValid = false;

    public override void Reset()
    {
        _fsalValid = false;
        _denseValid = false;
        _jacobianFresh = false;
    }

    /// <summary><see cref="OdeStepper.ResetKeepingDerivative"/>: f(T, Y), carried into the next step, stays; so does the Jacobian.</summary>
    public override void ResetKeepingDerivative()
    {
        _denseValid = false;
        _jacobianFresh = false;
    }

    /// <summary><see cref="OdeStepper.ResetComponent"/>: f(T, Y), carried into the next step, keeps its other entries; the Jacobian stays (any approximation serves a W-method).</summary>
    public override void ResetComponent(int component, double value, double derivative)
    {
        Y[component] = value;
        _f0[component] = derivative; // unread while f is not valid: the next step evaluates it whole
        _denseValid = false;
        _jacobianFresh = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step<TSystem>(ref TSystem system, double tLimit)
    {
        int n = _n;
        double t = T;
        double[] y = Y;
        if (!_patternDeclared) DeclarePattern();
        if (!_fsalValid)
        {
            system.Derivative(t, y.AsSpan(0, n), _f0.AsSpan(0, n));
            _evaluations++;
            _firstEvaluations++;
            _fsalValid = true;
        }
        if (!_jacobianValid || _jacobianSteps >= JacobianAge) EvaluateJacobian(ref system, t);
        if (!(_h > 0)) _h = Math.Max(InitialStep(tLimit - t), Math.Min(_leastFirstStep, tLimit - t));
        _h = Math.Min(_h, MaximumStep);
        int attempts = 0;
        while (true)
        {
            double h = _h;
            bool last = false;
            if (t + 1.01 * h >= tLimit) { h = tLimit - t; last = true; }
            if (h <= Math.Max(Math.Abs(t), 1) * 1e-14 || ++attempts > 10_000)
                throw new InvalidOperationException($"The Rosenbrock–W step size collapsed to {h:G3} days at t = {t:G6} days. Loosen the ODE tolerances.");
            double sigma = 1 / (h * Gamma);
            // A factorisation for a nearby step serves as it is: with σ₀ the factored shift, (σI − A)⁻¹ = (σ₀/σ)(σ₀I − J)⁻¹
            // for A = (σ/σ₀)J, an approximation of J that a W-method accepts; the solves are scaled by σ₀/σ.
            double scale = _factorValid ? _factoredSigma / sigma : 0;
            if (!(scale >= 1 / ReuseRange && scale <= ReuseRange))
            {
                scale = 1;
                _factorValid = _lu.Factor(sigma, _jacobian.Values);
                _factorisations++;
                _factoredSigma = sigma;
                if (!_factorValid)
                {
                    // A negligible pivot: shorten the step (larger σ) with a Jacobian of this point.
                    _rejected++;
                    _h = 0.25 * h;
                    if (!_jacobianFresh) EvaluateJacobian(ref system, t);
                    continue;
                }
            }
            TakeStep(ref system, t, h, scale);
            double err = ErrorNorm();
            if (double.IsNaN(err)) throw new InvalidOperationException($"The ODE right-hand side produced NaN at t = {t} days.");
            double factor = Math.Min(MaxGrowth, Math.Max(0.2, 0.9 * Math.Pow(Math.Max(err, 1e-10), -1.0 / 3.0)));
            if (err <= 1)
            {
                double tNew = last ? tLimit : t + h;
                _tPrevious = t;
                _hPrevious = tNew - t;
                y.AsSpan(0, n).CopyTo(_yOld);
                _yNew.AsSpan(0, n).CopyTo(y);
                (_fOld, _f0) = (_f0, _fOld);
                system.Derivative(tNew, y.AsSpan(0, n), _f0.AsSpan(0, n));
                _evaluations++;
                T = tNew;
                SetSlopeWeights(_hPrevious);
                _denseValid = true;
                _jacobianFresh = false;
                _jacobianSteps++;
                _accepted++;
                // No growth right after a rejection (as in RODAS): the step that failed was only just shortened.
                if (attempts > 1) factor = Math.Min(factor, 1);
                // A growth below 20 % keeps the step, and with it the factorisation (as in Hairer and Wanner's RADAU5).
                _h = last ? ProposalAfterLimit(_h, h, factor, MaxGrowth) : factor >= 1 && factor <= 1.2 ? h : h * factor;
                return;
            }
            _rejected++;
            // The controller's own factor (RODAS's), no extra halving: with err just above 1 the retry stays within the
            // factorisation's range (ReuseRange), and a step halved by force was followed by a growth of up to MaxGrowth
            // that failed again (session 17: rejections per patient-year of `ric-flu-bu-atg` 2.8 → 1.2, factorisations 9.6 → 5.3).
            _h = h * factor;
            // An error far beyond the tolerance, or a second failure, suggests the Jacobian no longer stabilises the step.
            if (!_jacobianFresh && (err > RefreshError || attempts > 1)) EvaluateJacobian(ref system, t);
        }
    }

    /// <summary>
    /// The dense output's slope weights: 1 for a component that is not stiff on this step (hγ|Jᵢᵢ| ≤ 1), 1/(1 + hγ|Jᵢᵢ|)
    /// for a stiff one. A stiff component's f at the ends is its tiny deviation from the slow manifold times a large
    /// rate, which the Hermite basis would multiply by h (weights up to 4/27·h): an error of ≈ 0.15·h|λ| tolerances, 10 %
    /// for a −2.7 d⁻¹ mode over a five-month step. Damped as an implicit Euler step would damp it, the slope error
    /// stays below the deviation; the price is second-order interpolation of the stiff components only.
    /// </summary>
    /// <remarks>
    /// The weights depend on h and the Jacobian's diagonal only, so a step as long as the last, on the same Jacobian, keeps
    /// them (a growth below 20 % keeps the step). They are computed on lanes from the diagonal gathered at the Jacobian's
    /// evaluation (<see cref="_diagonal"/>), each lane doing the scalar form's operations: (hγ)·|Jᵢᵢ|, the comparison with 1
    /// (false for a NaN, as in the scalar form) and 1/(1 + hγ|Jᵢᵢ|), chosen lane by lane.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SetSlopeWeights(double h)
    {
        if (_weightsValid && h == _weightsStep) return;
        _weightsValid = true;
        _weightsStep = h;
        int n = _n;
        double hGamma = h * Gamma;
        ref double d = ref MemoryMarshal.GetArrayDataReference(_diagonal);
        ref double w = ref MemoryMarshal.GetArrayDataReference(_slopeWeight);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> scale = Vector256.Create(hGamma), one = Vector256<double>.One;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                Vector256<double> stiffness = scale * Vector256.Abs(Vector256.LoadUnsafe(ref d, (nuint)i));
                Vector256.ConditionalSelect(Vector256.GreaterThan(stiffness, one), one / (one + stiffness), one).StoreUnsafe(ref w, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double stiffness = hGamma * Math.Abs(Unsafe.Add(ref d, i));
            Unsafe.Add(ref w, i) = stiffness > 1 ? 1 / (1 + stiffness) : 1;
        }
    }

    /// <summary>Asks the pattern source for the Jacobian's sparsity (every entry without one).</summary>
    private void DeclarePattern()
    {
        if (PatternSource is { } source) source.Declare(this);
        if (_patternDeclared) return;
        if (!_jacobian.MatchesDense(_n))
        {
            _jacobian.SetDense(_n);
            _lu.Use(_jacobian.Pattern.Analysis);
            _jacobianValid = false;
            _factorValid = false;
        }
        _patternDeclared = true;
    }

    /// <summary>Evaluates the Jacobian at (t, Y), where f is in <see cref="_f0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EvaluateJacobian<TSystem>(ref TSystem system, double t) where TSystem : IOdeSystem
    {
        int n = _n;
        int evaluations = PatternSource is IJacobianSource source
            ? _jacobian.Assemble(source, ref system, t, Y.AsSpan(0, n), _f0.AsSpan(0, n), AbsoluteTolerance, _scratchF.AsSpan(0, n))
            : _jacobian.Evaluate(ref system, t, Y.AsSpan(0, n), _f0.AsSpan(0, n), AbsoluteTolerance, _scratchY.AsSpan(0, n), _scratchF.AsSpan(0, n));
        _evaluations += evaluations;
        _jacobianFunctionEvaluations += evaluations;
        _jacobians++;
        for (int i = 0; i < n; i++) _diagonal[i] = _jacobian.DiagonalValue(i);
        _weightsValid = false;
        _jacobianValid = true;
        _jacobianFresh = true;
        _factorValid = false;
        _jacobianSteps = 0;
    }

    /// <summary>The four stages from (t, Y) with step h (1/(hγ) − J factored, up to the solves' <paramref name="scale"/>); the solution in <see cref="_yNew"/>, the increments in <see cref="_u"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TakeStep<TSystem>(ref TSystem system, double t, double h, double scale) where TSystem : IOdeSystem
    {
        int n = _n;
        ReadOnlySpan<double> y = Y.AsSpan(0, n), f0 = _f0.AsSpan(0, n), ft = _jacobian.TimeDerivative[..n];
        Span<double> u0 = _u[0].AsSpan(0, n), u1 = _u[1].AsSpan(0, n), u2 = _u[2].AsSpan(0, n), u3 = _u[3].AsSpan(0, n);
        Span<double> stageY = _stageY.AsSpan(0, n), f = _stageF.AsSpan(0, n), yNew = _yNew.AsSpan(0, n);
        double inverseH = 1 / h;
        // ∂f/∂t is zero when f does not depend on t, so its terms need no branch.
        double g0 = G1 * h, g1 = G2 * h, g2 = G3 * h, g3 = G4 * h;
        LinearCombination.Of(u0, 1, f0, g0, ft);
        Solve(u0, scale);

        LinearCombination.Of(stageY, 1, y, A21, u0);
        system.Derivative(t + Alpha2 * h, stageY, f);
        LinearCombination.Of(u1, 1, f, C21 * inverseH, u0, g1, ft);
        Solve(u1, scale);

        LinearCombination.Of(stageY, 1, y, A31, u0, A32, u1);
        system.Derivative(t + Alpha3 * h, stageY, f);
        LinearCombination.Of(u2, 1, f, C31 * inverseH, u0, C32 * inverseH, u1, g2, ft);
        Solve(u2, scale);

        LinearCombination.Of(stageY, 1, y, A41, u0, A42, u1, A43, u2);
        system.Derivative(t + Alpha4 * h, stageY, f);
        LinearCombination.Of(u3, 1, f, C41 * inverseH, u0, C42 * inverseH, u1, C43 * inverseH, u2, g3, ft);
        Solve(u3, scale);
        _evaluations += 3;

        LinearCombination.Of(yNew, 1, y, M1, u0, M2, u1, M3, u2, M4, u3);
    }

    /// <summary>One stage's solve: (σ₀I − J)⁻¹ times the factorisation's scale σ₀/σ (see <see cref="Step"/>).</summary>
    private void Solve(Span<double> u, double scale)
    {
        _lu.Solve(u);
        if (scale != 1) LinearCombination.Of(u, scale, u); // scale·uᵢ, lane-wise
    }

    /// <summary>
    /// The weighted root-mean-square norm of the embedded error estimate Σ eᵢuᵢ, computed where
    /// <see cref="StepSizeControl.SquaredErrorSum{TEstimate}"/> weighs it (one pass, nothing stored).
    /// </summary>
    private double ErrorNorm()
    {
        int n = _n;
        if (n == 0) return 0;
        return Math.Sqrt(StepSizeControl.SquaredErrorSum(new ErrorEstimate(_u[0], _u[1], _u[2], _u[3]), Y.AsSpan(0, n), _yNew.AsSpan(0, n), RelativeTolerance, AbsoluteTolerance, MagnitudeFloor) / n);
    }

    /// <summary>The embedded estimate e₁u₁ + e₂u₂ + e₃u₃ + e₄u₄ of each component (every vector holds the components asked).</summary>
    internal readonly ref struct ErrorEstimate(double[] u0, double[] u1, double[] u2, double[] u3) : IErrorEstimate
    {
        private readonly ref double _u0 = ref MemoryMarshal.GetArrayDataReference(u0), _u1 = ref MemoryMarshal.GetArrayDataReference(u1);
        private readonly ref double _u2 = ref MemoryMarshal.GetArrayDataReference(u2), _u3 = ref MemoryMarshal.GetArrayDataReference(u3);

        public int Length { get; } = Math.Min(Math.Min(u0.Length, u1.Length), Math.Min(u2.Length, u3.Length));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Vector256<double> Lanes(nuint index) =>
            Vector256.Create(E1) * Vector256.LoadUnsafe(ref _u0, index) + Vector256.Create(E2) * Vector256.LoadUnsafe(ref _u1, index)
            + Vector256.Create(E3) * Vector256.LoadUnsafe(ref _u2, index) + Vector256.Create(E4) * Vector256.LoadUnsafe(ref _u3, index);

        public double At(nuint index) =>
            E1 * Unsafe.Add(ref _u0, index) + E2 * Unsafe.Add(ref _u1, index) + E3 * Unsafe.Add(ref _u2, index) + E4 * Unsafe.Add(ref _u3, index);
    }

    /// <summary>The first step: <see cref="StepSizeControl.FirstStepGuess"/>, at least 10⁻⁶ days and at most <paramref name="span"/>.</summary>
    private double InitialStep(double span)
    {
        int n = _n;
        double h = StepSizeControl.FirstStepGuess(Y.AsSpan(0, n), _f0.AsSpan(0, n), RelativeTolerance, AbsoluteTolerance, out _);
        return Math.Max(Math.Min(h, span), 1e-6);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Interpolate(double time, Span<double> output)
    {
        if (!_denseValid) throw new InvalidOperationException("No step has been taken since the last reset.");
        int n = _n;
        double h = _hPrevious;
        if (!(h > 0))
        {
            Y.AsSpan(0, n).CopyTo(output);
            return;
        }
        // The weights of InterpolateComponent computed once: every component has its bits.
        new CubicHermite(time, _tPrevious, h).Fill(_yOld, _fOld, Y.AsSpan(0, n), _f0, _slopeWeight, output);
    }

    /// <summary>Cubic Hermite interpolation on [TPrevious, T] through yₙ, yₙ₊₁ with slopes f(yₙ), f(yₙ₊₁) (damped for stiff components; <see cref="SetSlopeWeights"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double InterpolateComponent(double time, int component)
    {
        double h = _hPrevious;
        if (!(h > 0)) return Y[component];
        double w = _slopeWeight[component];
        return new CubicHermite(time, _tPrevious, h).Value(_yOld[component], w * _fOld[component], Y[component], w * _f0[component]);
    }

    public override bool TryGetHermiteSegment(int component, out HermiteSegment segment)
    {
        if (!_denseValid)
        {
            segment = default;
            return false;
        }
        double w = _slopeWeight[component];
        segment = new HermiteSegment(_tPrevious, _hPrevious, _yOld[component], w * _fOld[component], Y[component], w * _f0[component]);
        return true;
    }

    public override bool TryGetHermiteStep(out HermiteStep step)
    {
        step = _denseValid ? new HermiteStep(_tPrevious, _hPrevious, _yOld, _fOld, Y, _f0, _slopeWeight, _n) : default;
        return _denseValid;
    }

    /// <summary><see cref="InterpolateComponent"/> of each listed component, the weights computed once.</summary>
    public override void InterpolateComponents(double time, ReadOnlySpan<int> components, Span<double> output)
    {
        if (!_denseValid) throw new InvalidOperationException("No step has been taken since the last reset.");
        CubicHermite.FillComponents(time, _tPrevious, _hPrevious, components, _yOld, _fOld, Y.AsSpan(0, _n), _f0, _slopeWeight, output);
    }
}
