using System.Runtime.CompilerServices;

namespace Reconstitution.Numerics;

/// <summary>
/// The explicit Runge–Kutta pair of Dormand and Prince, order 5(4), with embedded error estimate,
/// PI step-size control, a 4th-order continuous extension and stiffness detection, following
/// Hairer, Nørsett &amp; Wanner, <i>Solving Ordinary Differential Equations I</i> (2nd ed., 1993),
/// §II.4–II.6 and their code DOPRI5; and Hairer &amp; Wanner, <i>Solving ODEs II</i>, §IV.2 for the
/// stiffness test.
/// </summary>
/// <remarks>
/// <para>All stage buffers are allocated once, in the constructor: a step allocates nothing.
/// The caller owns the state vector <see cref="Y"/> and may change it between steps (an exact
/// event fired by a hybrid solver); it must then call <see cref="Reset"/> so the first-same-as-last
/// derivative is recomputed.</para>
/// <para>Stiffness: when hλ, estimated from the last two stages (which share the time t + h),
/// stays beyond the stability boundary (3.25) for 15 accepted steps, <see cref="StiffnessDetected"/>
/// is set. The integrator still converges (it is just slow: the step is capped by stability, not
/// accuracy); if the step size collapses or <see cref="MaxStepsPerCall"/> is exceeded it throws an
/// <see cref="InvalidOperationException"/> that says so.</para>
/// <para>Not thread-safe: one instance per solver.</para>
/// </remarks>
internal sealed class DormandPrince45 : OdeStepper
{
    // Butcher tableau (Dormand & Prince 1980; Hairer–Nørsett–Wanner Table II.5.2).
    private const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double A71 = 35.0 / 384, A73 = 500.0 / 1113, A74 = 125.0 / 192, A75 = -2187.0 / 6784, A76 = 11.0 / 84;
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;
    // Dense output (Hairer's CONTD5 coefficients).
    private const double D1 = -12715105075.0 / 11282082432, D3 = 87487479700.0 / 32700410799, D4 = -10690763975.0 / 1880347072;
    private const double D5 = 701980252875.0 / 199316789632, D6 = -1453857185.0 / 822651844, D7 = 69997945.0 / 29380423;

    // PI controller constants of DOPRI5: β = 0.04, safety 0.9, step ratio in [0.2, 10].
    private const double Beta = 0.04, Expo1 = 0.2 - Beta * 0.75, Safety = 0.9, MinFactor = 0.2, MaxFactor = 10.0;

    private int _n;
    private readonly double[] _k1, _k2, _k3, _k4, _k5, _k6, _k7, _yStage, _yNew, _yOld;
    private readonly double[] _r1, _r2, _r3, _r4, _r5;
    private double _h, _errOld = 1e-4;
    private bool _fsalValid, _denseValid;
    private int _stiffCount, _nonStiffCount;

    /// <summary>Creates an integrator for systems of up to <paramref name="dimension"/> components (initially all).</summary>
    public DormandPrince45(int dimension, double relativeTolerance, double absoluteTolerance)
    {
        _n = dimension;
        RelativeTolerance = relativeTolerance;
        AbsoluteTolerance = absoluteTolerance;
        Y = new double[dimension];
        _k1 = new double[dimension]; _k2 = new double[dimension]; _k3 = new double[dimension];
        _k4 = new double[dimension]; _k5 = new double[dimension]; _k6 = new double[dimension];
        _k7 = new double[dimension]; _yStage = new double[dimension]; _yNew = new double[dimension];
        _yOld = new double[dimension];
        _r1 = new double[dimension]; _r2 = new double[dimension]; _r3 = new double[dimension];
        _r4 = new double[dimension]; _r5 = new double[dimension];
    }

    /// <summary>The number of components integrated (≤ the capacity given to the constructor); setting it resets the integrator.</summary>
    public override int Dimension
    {
        get => _n;
        set
        {
            if (value < 0 || value > Y.Length) throw new ArgumentOutOfRangeException(nameof(value), value, $"Dimension must be in [0, {Y.Length}].");
            _n = value;
            Reset();
        }
    }

    /// <summary>The state vector (length = capacity; the first <see cref="Dimension"/> entries are integrated); read and write it between steps.</summary>
    public override double[] Y { get; }

    /// <summary>The current time (days).</summary>
    public override double T { get; set; }

    /// <summary>The start time of the last accepted step (its dense output covers [TPrevious, T]).</summary>
    public override double TPrevious => _tPrevious;

    private double _tPrevious;

    /// <summary>Relative error tolerance per component.</summary>
    public double RelativeTolerance { get; set; }

    /// <summary>Absolute error tolerance per component.</summary>
    public double AbsoluteTolerance { get; set; }

    /// <summary>Largest step size allowed (days); +∞ by default.</summary>
    public double MaximumStep { get; set; } = double.PositiveInfinity;

    /// <summary>Step attempts per <see cref="Integrate{TSystem}"/> call before giving up.</summary>
    public int MaxStepsPerCall { get; set; } = 1_000_000;

    /// <summary>Accepted steps since construction.</summary>
    public override long AcceptedSteps => _accepted;

    private long _accepted;

    /// <summary>Rejected steps since construction.</summary>
    public override long RejectedSteps => _rejected;

    private long _rejected;

    /// <summary>Right-hand-side evaluations since construction.</summary>
    public override long Evaluations => _evaluations;

    private long _evaluations;

    /// <summary>True once the stiffness test has fired (15 consecutive steps with hλ beyond the stability boundary).</summary>
    public bool StiffnessDetected { get; private set; }

    /// <summary>Forgets the cached derivative and step history after an external change of <see cref="Y"/>.</summary>
    public override void Reset()
    {
        _fsalValid = false;
        _denseValid = false;
    }

    /// <summary>Integrates from <see cref="T"/> to <paramref name="tEnd"/>, landing exactly on it.</summary>
    public void Integrate<TSystem>(ref TSystem system, double tEnd) where TSystem : IOdeSystem
    {
        int attempts = 0;
        while (T < tEnd)
        {
            Step(ref system, tEnd);
            if (++attempts > MaxStepsPerCall) throw TooManySteps(tEnd);
        }
    }

    /// <summary>
    /// Takes one accepted step towards <paramref name="tLimit"/> (never past it), retrying
    /// rejected attempts; afterwards <see cref="Interpolate"/> covers [<see cref="TPrevious"/>, <see cref="T"/>].
    /// </summary>
    public override void Step<TSystem>(ref TSystem system, double tLimit)
    {
        int n = _n;
        double t = T;
        double[] y = Y;
        if (!_fsalValid)
        {
            system.Derivative(t, y, _k1);
            _evaluations++;
            if (!(_h > 0)) _h = InitialStep(ref system, tLimit);
            _fsalValid = true;
        }
        bool rejectedBefore = false;
        int attempts = 0;
        while (true)
        {
            double h = Math.Min(_h, MaximumStep);
            bool last = false;
            if (t + h >= tLimit || t + 1.01 * h >= tLimit) { h = tLimit - t; last = true; }
            if (h <= Math.Abs(t) * 1e-14 || ++attempts > 10_000) throw StepCollapsed(t, h);

            double[] k1 = _k1, k2 = _k2, k3 = _k3, k4 = _k4, k5 = _k5, k6 = _k6, k7 = _k7, ys = _yStage;
            for (int i = 0; i < n; i++) ys[i] = y[i] + h * A21 * k1[i];
            system.Derivative(t + C2 * h, ys, k2);
            for (int i = 0; i < n; i++) ys[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
            system.Derivative(t + C3 * h, ys, k3);
            for (int i = 0; i < n; i++) ys[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
            system.Derivative(t + C4 * h, ys, k4);
            for (int i = 0; i < n; i++) ys[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
            system.Derivative(t + C5 * h, ys, k5);
            for (int i = 0; i < n; i++) ys[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
            double tNew = last ? tLimit : t + h;
            system.Derivative(tNew, ys, k6);
            double[] yNew = _yNew;
            for (int i = 0; i < n; i++) yNew[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
            system.Derivative(tNew, yNew, k7);
            _evaluations += 6;

            double sum = 0;
            double rtol = RelativeTolerance, atol = AbsoluteTolerance;
            for (int i = 0; i < n; i++)
            {
                double e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
                double sk = atol + rtol * Math.Max(Math.Abs(y[i]), Math.Abs(yNew[i]));
                double r = e / sk;
                sum += r * r;
            }
            double err = n == 0 ? 0 : Math.Sqrt(sum / n);
            if (double.IsNaN(err)) throw new InvalidOperationException($"The ODE right-hand side produced NaN at t = {t} days.");

            // PI control (Hairer–Nørsett–Wanner §IV.2, eq. 2.43c as in DOPRI5).
            double fac11 = Math.Pow(err, Expo1);
            if (err <= 1)
            {
                double fac = fac11 / Math.Pow(_errOld, Beta) / Safety;
                fac = Math.Clamp(fac, 1 / MaxFactor, 1 / MinFactor);
                double hNew = h / fac;
                if (rejectedBefore) hNew = Math.Min(hNew, h);
                _errOld = Math.Max(err, 1e-4);

                DetectStiffness(h, ys, yNew, k6, k7);
                BuildDense(h, y, yNew);
                _tPrevious = t;
                Array.Copy(y, _yOld, n);
                Array.Copy(yNew, y, n);
                Array.Copy(k7, k1, n);
                T = tNew;
                if (!last || hNew < _h) _h = hNew; // a truncated last step says nothing about the next step
                _accepted++;
                return;
            }
            _h = h / Math.Min(1 / MinFactor, fac11 / Safety);
            rejectedBefore = true;
            _rejected++;
        }
    }

    /// <summary>Writes the continuous extension at <paramref name="time"/> ∈ [TPrevious, T] into <paramref name="output"/>.</summary>
    public override void Interpolate(double time, Span<double> output)
    {
        if (!_denseValid) throw new InvalidOperationException("No step has been taken since the last reset.");
        double h = T - TPrevious;
        double theta = h > 0 ? (time - TPrevious) / h : 1;
        double theta1 = 1 - theta;
        for (int i = 0; i < _n; i++)
            output[i] = _r1[i] + theta * (_r2[i] + theta1 * (_r3[i] + theta * (_r4[i] + theta1 * _r5[i])));
    }

    /// <summary>The continuous extension of one component at <paramref name="time"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override double InterpolateComponent(double time, int component)
    {
        double h = T - TPrevious;
        double theta = h > 0 ? (time - TPrevious) / h : 1;
        double theta1 = 1 - theta;
        int i = component;
        return _r1[i] + theta * (_r2[i] + theta1 * (_r3[i] + theta * (_r4[i] + theta1 * _r5[i])));
    }

    /// <summary>The state at the start of the last accepted step.</summary>
    public ReadOnlySpan<double> PreviousY => _yOld;

    private void BuildDense(double h, double[] y, double[] yNew)
    {
        for (int i = 0; i < _n; i++)
        {
            double ydiff = yNew[i] - y[i];
            double bspl = h * _k1[i] - ydiff;
            _r1[i] = y[i];
            _r2[i] = ydiff;
            _r3[i] = bspl;
            _r4[i] = ydiff - h * _k7[i] - bspl;
            _r5[i] = h * (D1 * _k1[i] + D3 * _k3[i] + D4 * _k4[i] + D5 * _k5[i] + D6 * _k6[i] + D7 * _k7[i]);
        }
        _denseValid = true;
    }

    private void DetectStiffness(double h, double[] yStage6, double[] yNew, double[] k6, double[] k7)
    {
        // Stages 6 and 7 share time t + h, so |k7 − k6| / |y7 − y6| estimates |λ| (HW II, §IV.2).
        double num = 0, den = 0;
        for (int i = 0; i < _n; i++)
        {
            double dk = k7[i] - k6[i], dy = yNew[i] - yStage6[i];
            num += dk * dk;
            den += dy * dy;
        }
        if (den > 0 && h * h * num > 3.25 * 3.25 * den)
        {
            _nonStiffCount = 0;
            if (++_stiffCount >= 15) StiffnessDetected = true;
        }
        else if (++_nonStiffCount >= 6)
        {
            _stiffCount = 0;
        }
    }

    private double InitialStep<TSystem>(ref TSystem system, double tLimit) where TSystem : IOdeSystem
    {
        // Hairer–Nørsett–Wanner §II.4, "Starting step size".
        int n = _n;
        double h0 = StepSizeControl.FirstStepGuess(Y.AsSpan(0, n), _k1.AsSpan(0, n), RelativeTolerance, AbsoluteTolerance, out double rateSquaredSum);
        double span = tLimit - T;
        h0 = Math.Min(h0, Math.Min(span, MaximumStep));
        for (int i = 0; i < n; i++) _yStage[i] = Y[i] + h0 * _k1[i];
        system.Derivative(T + h0, _yStage, _k2);
        _evaluations++;
        double d2 = 0;
        for (int i = 0; i < n; i++)
        {
            double sk = AbsoluteTolerance + RelativeTolerance * Math.Abs(Y[i]);
            double r = (_k2[i] - _k1[i]) / sk;
            d2 += r * r;
        }
        d2 = n == 0 ? 0 : Math.Sqrt(d2 / n) / h0;
        double dMax = Math.Max(Math.Sqrt(rateSquaredSum / Math.Max(n, 1)), d2);
        double h1 = dMax <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / dMax, 0.2);
        return Math.Min(Math.Min(100 * h0, h1), Math.Min(span, MaximumStep));
    }

    private InvalidOperationException StepCollapsed(double t, double h) => new(
        $"The Dormand–Prince step size collapsed to {h:G3} days at t = {t:G6} days" +
        (StiffnessDetected ? "; the system was detected as stiff (rates differ by orders of magnitude)." : ".") +
        " Loosen the ODE tolerances or treat the fastest transitions exactly.");

    private InvalidOperationException TooManySteps(double tEnd) => new(
        $"The Dormand–Prince integrator needed more than {MaxStepsPerCall} steps to reach t = {tEnd:G6} days from t = {T:G6}" +
        (StiffnessDetected ? "; the system was detected as stiff (hλ beyond the stability boundary), so the step is limited by stability, not accuracy." : ".") +
        " Loosen the ODE tolerances or treat the fastest transitions exactly.");
}
