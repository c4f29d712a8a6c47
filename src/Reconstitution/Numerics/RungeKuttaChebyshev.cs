using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Reconstitution.Numerics;

/// <summary>
/// The second-order Runge–Kutta–Chebyshev method (RKC) of Sommeijer, Shampine and Verwer
/// (<i>J Comput Appl Math</i> 88 (1997) 315–326; van der Houwen and Sommeijer 1980): an explicit,
/// stabilised method whose number of stages s grows with the stiffness, giving a real stability
/// interval that grows as s², so the step is limited by accuracy rather than by the fastest decay mode.
/// </summary>
/// <remarks>
/// <para>Suited to mildly stiff problems with real negative eigenvalues (damped feedback loops,
/// maturation chains): cost per unit time ∝ √ρ instead of ρ (ρ the spectral radius of the Jacobian).
/// The spectral radius is estimated by a nonlinear power iteration on the right-hand side
/// (as in the authors' code, <c>rkcrho</c>; done when two successive estimates agree within
/// <see cref="RadiusAgreement"/>), repeated every 25
/// accepted steps and after a rejection (unless it is from that point), warm-started from the last eigenvector estimate.
/// The periodic estimate waits while the steps stay within a quarter of the two-stage stability interval (steps capped
/// from outside, e.g. by discrete firings): there no estimate short of a fourfold growth of ρ could change the stage count.</para>
/// <para><b>Damping.</b> The stability polynomial is the shifted Chebyshev polynomial with damping ε
/// (w₀ = 1 + ε/s²; Guillou and Lago 1961, as in the authors' method). The authors take ε = 2/13, which keeps
/// the real stability interval near its maximum (β ≈ 0.65·s²) but leaves the stability region a thin sliver
/// around the real axis. The default here is <see cref="DefaultDamping"/> = 8: the interval shrinks to
/// β ≈ 0.375·s² (the stage count is chosen from the exact β(s, ε)), but the region widens around the axis
/// enough to take weakly damped oscillatory modes in its stride. The physiology's granulopoiesis chain has
/// Jacobian eigenvalues near −1.25 ± 0.5i and −0.75 ± 0.69i per day; with ε = 2/13 they cap the step at
/// ≈ 3 days whatever the tolerance or the number of stages (|R(hλ)| exceeds 1 beyond it), with ε = 8 at
/// ≈ 7 days. The order (two) and the error estimate do not depend on ε. The price: on a purely real spectrum
/// ε = 8 needs ≈ √(0.65/0.375) ≈ 1.3× the stages of ε = 2/13 for the same step.</para>
/// <para>Error estimate of the authors: Est = 0.8(yₙ − yₙ₊₁) + 0.4h(Fₙ + Fₙ₊₁); step control
/// h·min(10, max(0.1, σ·err^(−1/3))) with the safety factor σ = <see cref="StepSafety"/> (the authors take 0.8), after a
/// rejection at most <see cref="RejectionShrink"/>. Dense output: cubic Hermite interpolation of yₙ, yₙ₊₁, Fₙ, Fₙ₊₁
/// (third order, consistent with the method's second order). Fₙ₊₁ is reused as the next step's Fₙ; after a change of the
/// right-hand side whose effect on f the caller bounds (a deferred exact firing's signal change, corrected to first order),
/// <see cref="ResetKeepingApproximateDerivative"/> keeps it for a step whose added error stays within the caller's budget.</para>
/// <para>The stage combinations, the error estimate with its norm (in one pass, <see cref="IErrorEstimate"/>), the power
/// iteration's norms and updates and the dense output run on SIMD lanes, each lane doing the scalar form's operations in the
/// scalar order (no fused multiply–add, sums kept in component order, <see cref="OrderedSum"/>), so the results are the same
/// to the bit with or without vector hardware and whatever its width.</para>
/// <para>All buffers are allocated in the constructor; a step allocates nothing. Not thread-safe.</para>
/// </remarks>
internal sealed class RungeKuttaChebyshev : OdeStepper
{
    /// <summary>The default damping ε (see remarks); the authors' own choice is 2/13.</summary>
    public const double DefaultDamping = 8;

    /// <summary>
    /// How closely two successive power-iteration estimates of ρ must agree to end the iteration: 3 % (the authors' code
    /// asks 1 %). The estimate only picks the stage count, which already covers 1.2·h·ρ; the last percents cost the
    /// iteration most of its evaluations where the leading eigenvalues lie close together (the physiology's, ≈ 7 per
    /// estimate at 1 %), and an estimate left low shows as a rejected step, which estimates again.
    /// </summary>
    public const double RadiusAgreement = 0.03;

    private const int MaxStages = 250;
    private const int SpectralInterval = 25;   // accepted steps between spectral-radius estimates
    private const double StageMargin = 4;      // growth of ρ a postponed estimate must be able to absorb
    private const double MaxGrowth = 10;       // the step controller's largest factor

    /// <summary>
    /// The step controller's safety factor σ in h·σ·err^(−1/3): 0.9, as in <see cref="RosenbrockW"/> and Hairer, Nørsett and
    /// Wanner's codes (<i>Solving ODEs I</i>, § II.4), where the authors' code takes 0.8. Over a smooth stretch the controller
    /// settles where σ·err^(−1/3) = 1, so each step's error norm sits at σ³ of the tolerance: 0.51 with 0.8, 0.73 with 0.9,
    /// and the steps are 0.9/0.8 = 1.125 times as long (local error ∝ h³). Every accepted step still has err ≤ 1.
    /// Measured (benchmarks/results/cohort.md, session 19): evaluations per patient-year −6 to −7 % on the allogeneic and
    /// cord protocols, −3.8 % on <c>ric-flu-bu-atg</c>, rejections +3 to +5 per patient; the worst daily deviation of the
    /// blood counts from a tight Dormand–Prince course a quarter larger at the median (0.0083 → 0.0103 in
    /// <c>allo-pbsc-mac</c>), its maximum over patients unchanged.
    /// </summary>
    internal const double StepSafety = 0.9;

    /// <summary>
    /// The largest factor of the step after a rejection: 0.7 (it was 0.5 until session 19). Where the steps are limited by
    /// stability rather than accuracy (the granulopoiesis chain's weakly damped modes at the edge of the region, steps of
    /// 8–15 days in <c>auto-cy-atg</c>'s second year) the error jumps from below 1 to 1.1–2 within a few percent of step
    /// length, and the controller grows the step back to that edge after each cut: cutting by 0.7 instead of 0.5 leaves
    /// fewer steps to regrow through (with <see cref="StepSafety"/> 0.9, <c>auto-cy-atg</c> 1,000 × 730 d evaluations per
    /// patient 793 → 778, the allogeneic protocols unchanged). <see cref="RosenbrockW"/>'s retry takes its controller's own
    /// factor, at most 0.9 (session 17).
    /// </summary>
    internal const double RejectionShrink = 0.7;

    private int _n;
    private readonly double _epsilon;
    private readonly double[] _beta = new double[MaxStages + 1]; // real stability boundary β(s), filled on demand
    private int _betaKnown = 1;
    private readonly double[] _yj, _yjm1, _yjm2, _yNew, _yOld, _v;
    private double[] _f0, _fNew, _fv; // rotated, not copied, after an accepted step
    private readonly double[] _unitSlopes; // the dense output's slope weights: all one (RKC damps no slope)
    private double _h, _rho, _tPrevious, _hPrevious;
    private bool _fsalValid, _denseValid, _haveVector;
    private bool _approximate;         // Fₙ carried is within a stated bound of f(T, Y), not f itself (ResetKeepingApproximateDerivative)
    private double _approximateStep;   // the longest step it may start (days)
    private int _sinceRho = int.MaxValue;
    private long _accepted, _rejected, _evaluations, _spectralEvaluations, _firstEvaluations, _approximateSteps;

    /// <summary>Creates an integrator for systems of up to <paramref name="dimension"/> components.</summary>
    /// <param name="dimension">The largest number of components.</param>
    /// <param name="relativeTolerance">Relative error tolerance per component.</param>
    /// <param name="absoluteTolerance">Absolute error tolerance per component (the system's units).</param>
    /// <param name="damping">The damping ε of the stability polynomial (positive; see remarks).</param>
    public RungeKuttaChebyshev(int dimension, double relativeTolerance, double absoluteTolerance, double damping = DefaultDamping)
    {
        if (!(damping > 0) || double.IsInfinity(damping)) throw new ArgumentOutOfRangeException(nameof(damping), damping, "The damping must be positive and finite.");
        _epsilon = damping;
        _n = dimension;
        RelativeTolerance = relativeTolerance;
        AbsoluteTolerance = absoluteTolerance;
        Y = new double[dimension];
        _f0 = new double[dimension]; _fNew = new double[dimension]; _yj = new double[dimension];
        _yjm1 = new double[dimension]; _yjm2 = new double[dimension]; _yNew = new double[dimension];
        _yOld = new double[dimension]; _v = new double[dimension]; _fv = new double[dimension];
        _unitSlopes = new double[dimension];
        Array.Fill(_unitSlopes, 1.0);
    }

    public override int Dimension
    {
        get => _n;
        set
        {
            if (value < 0 || value > Y.Length) throw new ArgumentOutOfRangeException(nameof(value), value, $"Dimension must be in [0, {Y.Length}].");
            _n = value;
            _haveVector = false;
            _sinceRho = int.MaxValue; // a new structure: the last estimate was for another system
            Reset();
        }
    }

    /// <summary>
    /// <see cref="OdeStepper.Restructure"/>: the power-iteration vector's entries follow their components (zero for new
    /// ones), so the spectral estimate the new structure needs starts from the old dominant direction instead of the
    /// cold start (2–3 evaluations instead of ≈ 6 in the hybrid solver's repartitions). The estimate is due before the
    /// next step; like a periodic one it waits while that step lies far inside the two-stage stability interval at the
    /// old estimate (a growth of ρ beyond the margin shows as a rejection, which estimates again).
    /// </summary>
    public override void Restructure(int dimension, ReadOnlySpan<int> previousIndex)
    {
        CheckRestructure(dimension, previousIndex);
        bool warm = _haveVector;
        int old = _n;
        double[] moved = _yj; // scratch between steps
        if (warm)
            for (int k = 0; k < dimension; k++)
            {
                int p = previousIndex[k];
                moved[k] = (uint)p < (uint)old ? _v[p] : 0;
            }
        Dimension = dimension; // drops the vector and asks for an estimate before the next step
        if (!warm) return;
        _sinceRho = SpectralInterval; // due now, but as a periodic estimate: finite, so that accepted steps count on from it
        bool any = false;
        for (int k = 0; k < dimension; k++)
        {
            _v[k] = moved[k];
            any |= moved[k] != 0;
        }
        _haveVector = any;
    }

    public override double[] Y { get; }

    public override double T { get; set; }

    public override double TPrevious => _tPrevious;

    /// <summary>Relative error tolerance per component.</summary>
    public double RelativeTolerance { get; set; }

    /// <summary>Absolute error tolerance per component.</summary>
    public double AbsoluteTolerance { get; set; }

    /// <summary>The latest spectral-radius estimate (per day).</summary>
    public double SpectralRadius => _rho;

    /// <summary>Stages of the last step attempt.</summary>
    public int LastStages { get; private set; }

    public override long AcceptedSteps => _accepted;

    public override long RejectedSteps => _rejected;

    public override long Evaluations => _evaluations;

    /// <summary>Evaluations spent on spectral-radius estimates since construction (part of <see cref="Evaluations"/>; diagnostics).</summary>
    internal long SpectralEvaluations => _spectralEvaluations;

    /// <summary>Evaluations of f at a step's start after a reset, a restart or a handover since construction (part of <see cref="Evaluations"/>; diagnostics).</summary>
    internal long FirstEvaluations => _firstEvaluations;

    /// <summary>Steps accepted that started from an approximate Fₙ (<see cref="ResetKeepingApproximateDerivative"/>) since construction (diagnostics).</summary>
    internal long ApproximateDerivativeSteps => _approximateSteps;

    /// <summary>
    /// The largest weight of Fₙ in a step's result: ∂yₙ₊₁/∂(hFₙ) = g_s(hλ) for y′ = λy with Fₙ taken as an independent input,
    /// |g_s(z)| ≤ 5.85 over the stability region of every s (at s = 2, where yₙ₊₁ = yₙ + h(6F(Y₁) − 5Fₙ) with ε = 8; below 2.9
    /// from s = 3 and 1.35 from s = 8; scanned on a grid of the region, benchmarks/results/cohort.md, session 18).
    /// </summary>
    internal const double ApproximateDerivativeWeight = 6;

    public override void Reset()
    {
        _fsalValid = false;
        _denseValid = false;
        _approximate = false;
    }

    /// <summary>
    /// A reset after which the carried Fₙ may start the next step although f(T, Y) is no longer exactly it: each component's
    /// derivative differs from the carried one by at most <paramref name="derivativeError"/> times its error scale
    /// atol + rtol·|yᵢ| (per day). A step of h days started from it is off by at most
    /// <see cref="ApproximateDerivativeWeight"/>·h·<paramref name="derivativeError"/> scales (to first order), so the carried Fₙ
    /// starts the next step only while that is at most <paramref name="budget"/>; a longer step, a spectral-radius estimate
    /// (its differences of f are taken at offsets of 10⁻⁸·|y|) and a rejection evaluate Fₙ afresh first. Without a carried Fₙ
    /// it is <see cref="Reset"/>.
    /// </summary>
    /// <remarks>
    /// Fₙ is read by the step's stages (the weight above), by the error estimate 0.4h(Fₙ + Fₙ₊₁) and the result's share in
    /// 0.8(yₙ − yₙ₊₁) (together ≤ 8h|δ| at s = 2, ≤ 2.6h|δ| for s in 3–40: within the budget the error norm moves by at most
    /// 8/6 of it) and by the dense output's slope at the step's start (cubic Hermite weight ≤ 4h/27). The next
    /// Fₙ₊₁ is evaluated exactly, so nothing of it reaches a later step.
    /// </remarks>
    /// <param name="derivativeError">max over components of |f(T, Y) − Fₙ| / (atol + rtol·|yᵢ|), per day (0 or more).</param>
    /// <param name="budget">The share of the tolerance the approximation may add to the next step's local error.</param>
    internal void ResetKeepingApproximateDerivative(double derivativeError, double budget)
    {
        _denseValid = false;
        if (!_fsalValid) return;
        double longest = budget / (ApproximateDerivativeWeight * derivativeError); // +∞ when unchanged; NaN refuses below
        if (!(longest > 0))
        {
            _fsalValid = false;
            _approximate = false;
            return;
        }
        _approximate = true;
        _approximateStep = longest;
    }

    /// <summary>
    /// Adds <paramref name="change"/> to component <paramref name="component"/> of the carried Fₙ (a correction the caller
    /// knows, with <see cref="ResetKeepingApproximateDerivative"/>); unread when no Fₙ is carried (the next step evaluates it).
    /// </summary>
    internal void AdjustCarriedDerivative(int component, double change) => _f0[component] += change;

    /// <summary>Evaluates Fₙ at the step's start (a first evaluation).</summary>
    private void EvaluateFirst<TSystem>(ref TSystem system, double t) where TSystem : IOdeSystem
    {
        int n = _n;
        system.Derivative(t, Y.AsSpan(0, n), _f0.AsSpan(0, n));
        _evaluations++;
        _firstEvaluations++;
        _fsalValid = true;
        _approximate = false;
    }

    /// <summary><see cref="OdeStepper.ResetKeepingDerivative"/>: Fₙ, carried into the next step, stays.</summary>
    public override void ResetKeepingDerivative() => _denseValid = false;

    /// <summary><see cref="OdeStepper.ResetComponent"/>: Fₙ, carried into the next step, keeps its other entries.</summary>
    public override void ResetComponent(int component, double value, double derivative)
    {
        Y[component] = value;
        _f0[component] = derivative; // unread while Fₙ is not valid: the next step evaluates it whole
        _denseValid = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step<TSystem>(ref TSystem system, double tLimit)
    {
        int n = _n;
        double t = T;
        double[] y = Y;
        if (!_fsalValid) EvaluateFirst(ref system, t);
        // The estimate only decides the stage count: while the next step lies within a quarter of the two-stage stability
        // interval at the last estimate, a new one could not change it unless ρ had more than quadrupled, so it waits
        // (such a growth would show as a rejection, which re-estimates). After a change of dimension the estimate never waits
        // (the power-iteration vector is dropped), after a Restructure it is due at once and waits only as a periodic one.
        if (_sinceRho >= SpectralInterval && !(_haveVector && _rho > 0 && 1.2 * Math.Min(_h, tLimit - t) * _rho * StageMargin <= StabilityBoundary(2)))
        {
            if (_approximate) EvaluateFirst(ref system, t); // the power iteration differences f at offsets of 10⁻⁸·|y|
            _rho = SpectralRadiusEstimate(ref system, t);
            _sinceRho = 0;
        }
        if (!(_h > 0)) _h = InitialStep(tLimit - t);
        // An approximate Fₙ starts only a step within its bound (the first attempt's length, as the loop below sets it).
        if (_approximate && (t + 1.01 * _h >= tLimit ? tLimit - t : _h) > _approximateStep) EvaluateFirst(ref system, t);
        int attempts = 0;
        while (true)
        {
            double h = _h;
            bool last = false;
            if (t + 1.01 * h >= tLimit) { h = tLimit - t; last = true; }
            if (h <= Math.Max(Math.Abs(t), 1) * 1e-14 || ++attempts > 10_000)
                throw new InvalidOperationException($"The Runge–Kutta–Chebyshev step size collapsed to {h:G3} days at t = {t:G6} days. Loosen the ODE tolerances.");
            int s = StagesForStep(h);
            LastStages = s;
            TakeStep(ref system, t, h, s);
            double tNew = last ? tLimit : t + h;
            system.Derivative(tNew, _yNew.AsSpan(0, n), _fNew.AsSpan(0, n));
            _evaluations++;

            double err = n == 0 ? 0 : Math.Sqrt(SquaredErrorSum(n, h) / n);
            if (double.IsNaN(err)) throw new InvalidOperationException($"The ODE right-hand side produced NaN at t = {t} days.");
            double factor = Math.Min(MaxGrowth, Math.Max(0.1, StepSafety / Math.Cbrt(Math.Max(err, 1e-10))));
            if (err <= 1)
            {
                _tPrevious = t;
                _hPrevious = tNew - t;
                y.AsSpan(0, n).CopyTo(_yOld);
                _yNew.AsSpan(0, n).CopyTo(y);
                // Keep Fₙ for the dense output (in _fv), then Fₙ₊₁ becomes the next Fₙ (the old _fv is scratch).
                (_fv, _f0, _fNew) = (_f0, _fNew, _fv);
                T = tNew;
                _denseValid = true;
                _accepted++;
                if (_approximate) _approximateSteps++;
                _approximate = false; // Fₙ₊₁ was evaluated
                if (_sinceRho < int.MaxValue) _sinceRho++;
                _h = last ? ProposalAfterLimit(_h, h, factor, MaxGrowth) : h * factor;
                return;
            }
            _rejected++;
            _h = h * Math.Min(factor, RejectionShrink);
            // A rejection evaluates an approximate Fₙ afresh: for the estimate below, and so that no retry rests on it.
            if (_approximate) EvaluateFirst(ref system, t);
            // Re-estimate after a rejection, unless the estimate is from this very point (as the authors' code does).
            if (_sinceRho > 0)
            {
                _rho = SpectralRadiusEstimate(ref system, t);
                _sinceRho = 0;
            }
        }
    }

    /// <summary>One RKC step of s stages from (t, Y) with Fₙ in <see cref="_f0"/>; result in <see cref="_yNew"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TakeStep<TSystem>(ref TSystem system, double t, double h, int s) where TSystem : IOdeSystem
    {
        int n = _n;
        double[] y0 = Y, f0 = _f0;
        double w0 = 1 + _epsilon / ((double)s * s);
        // Chebyshev values T_s, T_s', T_s'' at w0 for w1.
        double tj = w0, tjm1 = 1, dj = 1, djm1 = 0, ddj = 0, ddjm1 = 0;
        for (int j = 2; j <= s; j++)
        {
            double tn = 2 * w0 * tj - tjm1, dn = 2 * tj + 2 * w0 * dj - djm1, ddn = 4 * dj + 2 * w0 * ddj - ddjm1;
            tjm1 = tj; tj = tn; djm1 = dj; dj = dn; ddjm1 = ddj; ddj = ddn;
        }
        double w1 = dj / ddj;
        // Stage recursion (Sommeijer, Shampine and Verwer 1997, eq. (2.4)), with b_j = T_j''/T_j'², b0 = b1 = b2.
        double b2 = 4.0 / (16 * w0 * w0); // T_2'' = 4, T_2' = 4w0
        double bjm2 = b2, bjm1 = b2;
        // T_j values for j = 1 (to get a_{j-1}) and the running recursion.
        double Tjm1 = w0, Tjm2 = 1, Djm1 = 1, Djm2 = 0, DDjm1 = 0, DDjm2 = 0;
        double mu1 = bjm1 * w1;
        // Three stage buffers rotate by reference: Y_{j−2} ← Y_{j−1} ← Y_j ← (old Y_{j−2} as scratch). Y₀ is read where it
        // is (Y), so the first rotation takes the spare buffer as scratch instead of Y₀'s.
        double[] yjm2 = y0, yjm1 = _yjm1, yj = _yj, fv = _fv;
        LinearCombination.Of(yjm1.AsSpan(0, n), 1, y0, mu1 * h, f0);
        double c2 = w1 * 4 / (4 * w0), cjm1 = c2 / (4 * w0); // c_1 = c_2 / T_2'(w0)
        for (int j = 2; j <= s; j++)
        {
            double Tj = 2 * w0 * Tjm1 - Tjm2, Dj = 2 * Tjm1 + 2 * w0 * Djm1 - Djm2, DDj = 4 * Djm1 + 2 * w0 * DDjm1 - DDjm2;
            double bj = DDj / (Dj * Dj);
            double ajm1 = 1 - bjm1 * Tjm1;
            double mu = 2 * w0 * bj / bjm1, nu = -bj / bjm2, muT = 2 * w1 * bj / bjm1, gammaT = -ajm1 * muT;
            system.Derivative(t + cjm1 * h, yjm1.AsSpan(0, n), fv.AsSpan(0, n));
            _evaluations++;
            LinearCombination.Of((j == s ? _yNew : yj).AsSpan(0, n), 1 - mu - nu, y0, mu, yjm1, nu, yjm2, muT * h, fv, gammaT * h, f0);
            if (j < s) (yjm2, yjm1, yj) = (yjm1, yj, j == 2 ? _yjm2 : yjm2);
            cjm1 = w1 * DDj / Dj;
            bjm2 = bjm1; bjm1 = bj;
            Tjm2 = Tjm1; Tjm1 = Tj; Djm2 = Djm1; Djm1 = Dj; DDjm2 = DDjm1; DDjm1 = DDj;
        }
    }

    /// <summary>
    /// Σᵢ (Estᵢ/skᵢ)² of the authors' error estimate Est = 0.8(yₙ − yₙ₊₁) + 0.4h(Fₙ + Fₙ₊₁) with sk = atol + rtol·max(|yₙ|, |yₙ₊₁|),
    /// the estimate computed where <see cref="StepSizeControl.SquaredErrorSum{TEstimate}"/> weighs it (one pass, nothing stored),
    /// so the sum is the scalar loop's to the bit.
    /// </summary>
    private double SquaredErrorSum(int n, double h)
    {
        return StepSizeControl.SquaredErrorSum(new ErrorEstimate(Y, _yNew, _f0, _fNew, 0.4 * h), Y.AsSpan(0, n), _yNew.AsSpan(0, n), RelativeTolerance, AbsoluteTolerance, MagnitudeFloor);
    }

    /// <summary>The authors' estimate 0.8(yₙ − yₙ₊₁) + w(Fₙ + Fₙ₊₁), w = 0.4h, of each component (every vector holds the components asked).</summary>
    internal readonly ref struct ErrorEstimate(double[] y, double[] yNew, double[] f0, double[] fNew, double hWeight) : IErrorEstimate
    {
        private readonly ref double _y = ref MemoryMarshal.GetArrayDataReference(y), _yNew = ref MemoryMarshal.GetArrayDataReference(yNew);
        private readonly ref double _f0 = ref MemoryMarshal.GetArrayDataReference(f0), _fNew = ref MemoryMarshal.GetArrayDataReference(fNew);
        private readonly double _hWeight = hWeight;

        public int Length { get; } = Math.Min(Math.Min(y.Length, yNew.Length), Math.Min(f0.Length, fNew.Length));

        public Vector256<double> Lanes(nuint index) =>
            Vector256.Create(0.8) * (Vector256.LoadUnsafe(ref _y, index) - Vector256.LoadUnsafe(ref _yNew, index))
            + Vector256.Create(_hWeight) * (Vector256.LoadUnsafe(ref _f0, index) + Vector256.LoadUnsafe(ref _fNew, index));

        public double At(nuint index) =>
            0.8 * (Unsafe.Add(ref _y, index) - Unsafe.Add(ref _yNew, index)) + _hWeight * (Unsafe.Add(ref _f0, index) + Unsafe.Add(ref _fNew, index));
    }

    /// <summary>Nonlinear power iteration for the spectral radius of ∂F/∂y at (t, Y) (the authors' <c>rkcrho</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double SpectralRadiusEstimate<TSystem>(ref TSystem system, double t) where TSystem : IOdeSystem
    {
        int n = _n;
        if (n == 0) return 0;
        double[] y = Y;
        if (!_haveVector)
        {
            // Start from F(y) plus an equal share of a sign-alternating vector, so that no eigendirection is
            // missing from the start (F(y) alone can lie exactly on a slow mode).
            double fnorm = 0, pnorm = 0;
            for (int i = 0; i < n; i++)
            {
                double p = (i % 2 == 0 ? 1 : -1) * (Math.Abs(y[i]) + 1);
                fnorm += _f0[i] * _f0[i];
                pnorm += p * p;
            }
            fnorm = Math.Sqrt(fnorm);
            pnorm = Math.Sqrt(pnorm);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                _v[i] = (fnorm > 0 ? _f0[i] / fnorm : 0) + (i % 2 == 0 ? 1 : -1) * (Math.Abs(y[i]) + 1) / pnorm;
                sum += _v[i] * _v[i];
            }
            // F(y) exactly opposite to the alternating vector (a one-component system with F < 0): start from that vector.
            if (!(sum > 0))
                for (int i = 0; i < n; i++) _v[i] = (i % 2 == 0 ? 1 : -1) * (Math.Abs(y[i]) + 1) / pnorm;
        }
        // The norms and updates on SIMD lanes, each lane with the scalar form's operations, the sums in component order.
        double ynorm = Math.Sqrt(OrderedSum.OfSquares(y.AsSpan(0, n)));
        double vnorm = Math.Sqrt(OrderedSum.OfSquares(_v.AsSpan(0, n)));
        double delta = 1e-8 * Math.Max(ynorm, 1);
        if (!(vnorm > 0)) return _rho;
        // v ← y + δ·v/|v|; iterate v ← y + δ·(F(v) − F(y))/|F(v) − F(y)|.
        OffsetByRatio(_v.AsSpan(0, n), y, delta, vnorm);
        double rho = 0;
        for (int iteration = 0; iteration < 20; iteration++)
        {
            system.Derivative(t, _v.AsSpan(0, n), _fv.AsSpan(0, n));
            _evaluations++;
            _spectralEvaluations++;
            double dfnorm = Math.Sqrt(OrderedSum.OfSquaredDifferences(_fv.AsSpan(0, n), _f0));
            double previous = rho;
            rho = dfnorm / delta;
            if (!(dfnorm > 0)) break;
            OffsetByDifference(_v.AsSpan(0, n), y, _fv, _f0, delta / dfnorm);
            // Converged when two successive estimates agree (two evaluations at the least).
            if (iteration >= 1 && Math.Abs(rho - previous) <= RadiusAgreement * Math.Max(rho, previous)) break;
        }
        // Keep the direction (v − y) for a warm start next time.
        LinearCombination.Of(_v.AsSpan(0, n), 1, _v, -1, y);
        _haveVector = true;
        return rho;
    }

    /// <summary>vᵢ ← yᵢ + δ·vᵢ/c component by component (lane-wise in the scalar order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OffsetByRatio(Span<double> v, double[] y, double delta, double c)
    {
        ref double rv = ref MemoryMarshal.GetReference(v);
        ref double ry = ref MemoryMarshal.GetArrayDataReference(y);
        nuint i = 0, n = (nuint)v.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> vDelta = Vector256.Create(delta), vC = Vector256.Create(c);
            for (; i + 4 <= n; i += 4)
                (Vector256.LoadUnsafe(ref ry, i) + vDelta * Vector256.LoadUnsafe(ref rv, i) / vC).StoreUnsafe(ref rv, i);
        }
        for (; i < n; i++) Unsafe.Add(ref rv, i) = Unsafe.Add(ref ry, i) + delta * Unsafe.Add(ref rv, i) / c;
    }

    /// <summary>vᵢ ← yᵢ + (aᵢ − bᵢ)·c component by component (lane-wise in the scalar order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OffsetByDifference(Span<double> v, double[] y, double[] a, double[] b, double c)
    {
        ref double rv = ref MemoryMarshal.GetReference(v);
        ref double ry = ref MemoryMarshal.GetArrayDataReference(y);
        ref double ra = ref MemoryMarshal.GetArrayDataReference(a), rb = ref MemoryMarshal.GetArrayDataReference(b);
        nuint i = 0, n = (nuint)v.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> vC = Vector256.Create(c);
            for (; i + 4 <= n; i += 4)
                (Vector256.LoadUnsafe(ref ry, i) + (Vector256.LoadUnsafe(ref ra, i) - Vector256.LoadUnsafe(ref rb, i)) * vC).StoreUnsafe(ref rv, i);
        }
        for (; i < n; i++) Unsafe.Add(ref rv, i) = Unsafe.Add(ref ry, i) + (Unsafe.Add(ref ra, i) - Unsafe.Add(ref rb, i)) * c;
    }

    /// <summary>The stages a step of <paramref name="h"/> days would take at the latest spectral-radius estimate (the rule <see cref="Step"/> applies).</summary>
    public int StagesForStep(double h) => StagesFor(1.2 * h * _rho);

    /// <summary>The fewest stages (at least two) whose real stability interval [−β(s), 0] covers <paramref name="z"/> = h·ρ with its safety factor.</summary>
    private int StagesFor(double z)
    {
        int s = 2;
        while (s < MaxStages && StabilityBoundary(s) < z) s++;
        return s;
    }

    /// <summary>β(s) = (1 + w₀)/w₁ with w₁ = T_s′(w₀)/T_s″(w₀): where w₀ + w₁z reaches −1 (computed once per s).</summary>
    private double StabilityBoundary(int s)
    {
        while (_betaKnown <= s)
        {
            int m = _betaKnown++;
            double w0 = 1 + _epsilon / ((double)m * m);
            double tj = w0, tjm1 = 1, dj = 1, djm1 = 0, ddj = 0, ddjm1 = 0;
            for (int j = 2; j <= m; j++)
            {
                double tn = 2 * w0 * tj - tjm1, dn = 2 * tj + 2 * w0 * dj - djm1, ddn = 4 * dj + 2 * w0 * ddj - ddjm1;
                tjm1 = tj; tj = tn; djm1 = dj; dj = dn; ddjm1 = ddj; ddj = ddn;
            }
            _beta[m] = m == 1 ? 0 : (1 + w0) * ddj / dj;
        }
        return _beta[s];
    }

    private double InitialStep(double span)
    {
        double h = _rho > 0 ? 1 / _rho : span;
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
        // The weights of InterpolateComponent computed once: every component has its bits (RKC damps no slope).
        new CubicHermite(time, _tPrevious, h).Fill(_yOld, _fv, Y.AsSpan(0, n), _f0, _unitSlopes, output);
    }

    /// <summary>Cubic Hermite interpolation on [TPrevious, T] through yₙ, yₙ₊₁ with slopes Fₙ (kept in _fv), Fₙ₊₁ (in _f0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double InterpolateComponent(double time, int component)
    {
        double h = _hPrevious;
        if (!(h > 0)) return Y[component];
        return new CubicHermite(time, _tPrevious, h).Value(_yOld[component], _fv[component], Y[component], _f0[component]);
    }

    public override bool TryGetHermiteSegment(int component, out HermiteSegment segment)
    {
        if (!_denseValid)
        {
            segment = default;
            return false;
        }
        segment = new HermiteSegment(_tPrevious, _hPrevious, _yOld[component], _fv[component], Y[component], _f0[component]);
        return true;
    }

    /// <summary>The step with unit slope weights (1·f is f exactly: <see cref="TryGetHermiteSegment"/>'s slopes).</summary>
    public override bool TryGetHermiteStep(out HermiteStep step)
    {
        step = _denseValid ? new HermiteStep(_tPrevious, _hPrevious, _yOld, _fv, Y, _f0, _unitSlopes, _n) : default;
        return _denseValid;
    }

    /// <summary><see cref="InterpolateComponent"/> of each listed component, the weights computed once.</summary>
    public override void InterpolateComponents(double time, ReadOnlySpan<int> components, Span<double> output)
    {
        if (!_denseValid) throw new InvalidOperationException("No step has been taken since the last reset.");
        CubicHermite.FillComponents(time, _tPrevious, _hPrevious, components, _yOld, _fv, Y.AsSpan(0, _n), _f0, _unitSlopes, output);
    }
}
