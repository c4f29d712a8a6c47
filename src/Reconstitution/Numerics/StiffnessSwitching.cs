using System.Runtime.CompilerServices;

namespace Reconstitution.Numerics;

/// <summary>
/// An integrator that runs the stabilised explicit <see cref="RungeKuttaChebyshev"/> while its steps are cheap and
/// hands over to the linearly implicit <see cref="RosenbrockW"/> while the problem is stiff enough that RKC needs many
/// stages per step, and back again (in the spirit of LSODA's switching between non-stiff and stiff methods; Petzold,
/// <i>SIAM J Sci Stat Comput</i> 4 (1983) 136–148).
/// </summary>
/// <remarks>
/// <para>Why: RKC costs s + 1 evaluations per step, s growing with h·ρ (ρ the spectral radius); it wins when steps are
/// short anyway (frequent restarts and firings, fast transients), where the Rosenbrock method's four evaluations,
/// factorisation and solves per step are not repaid. In quiet phases RKC's step is capped by stability — weakly damped
/// oscillatory modes leave its stability region whatever the stage count — while the L-stable Rosenbrock method's step
/// is limited by accuracy only and grows to weeks.</para>
/// <para>Rule: after <see cref="Persistence"/> consecutive accepted RKC steps with at least as many stages as the bar
/// (<see cref="StiffStages"/> at first) that were not cut at the caller's limit (a step capped from outside would not
/// grow), the state moves to the Rosenbrock method. Its first <see cref="TrialSteps"/> steps must average
/// <see cref="Gain"/> times RKC's last steps (when something else caps the step — discrete firings, stops — the
/// implicit method's longer reach is not used and its dearer steps do not pay); otherwise the state moves back and the
/// next handover needs twice as many stiff RKC steps (up to <see cref="MaxPersistence"/>; a successful trial resets
/// it). It also moves back after <see cref="Persistence"/> consecutive Rosenbrock steps so short that RKC would cover
/// them with at most <see cref="CheapStages"/> stages (by RKC's own stage rule at its last spectral-radius estimate,
/// <see cref="RungeKuttaChebyshev.StagesForStep"/>). A handover happens between steps: the
/// new integrator starts from the current state (its first step costs one extra evaluation), the Rosenbrock method
/// evaluates a fresh Jacobian at each handover (the last one dates from an earlier quiet phase) and chooses its first
/// step afresh, at least <see cref="StartGain"/> times RKC's last (session 18), and the dense output of the last step
/// stays the old integrator's until the next step.</para>
/// <para>Learning from stays (session 17): a short trial does not predict what the stay that follows costs (its
/// rejections and refactorisations; benchmarks/results/cohort.md, session 13), so each stay is priced as it goes, on
/// counts only (never the clock, so that results do not depend on timing): evaluations, <see cref="AttemptPrice"/> per
/// attempted step and <see cref="FactorisationPrice"/> per factorisation, against RKC's evaluations per day over the
/// stiff steps that made the handover. From <see cref="JudgedSteps"/> steps after the trial on, a stay whose steps since
/// the trial cost more per day ends. A stay ended so, or by a failed trial, or whose whole cost (its handover's
/// Jacobian and first steps included) exceeded RKC's per day when it ended on cheap steps, did not pay: the bar rises by
/// <see cref="BarRise"/> stage (up to <see cref="MaxStiffStages"/>), so the next handover needs RKC to be stiffer than
/// before; a stay that paid puts the bar back to <see cref="StiffStages"/>. All of it is per integrator, i.e. per
/// patient, and deterministic.</para>
/// <para>The Rosenbrock method is created at the first handover (a solver that never needs it never pays for its
/// buffers); after that, allocation-free per step. Not thread-safe.</para>
/// </remarks>
internal sealed class StiffnessSwitching : OdeStepper
{
    /// <summary>
    /// RKC stage count from which a step counts as stiff, before any stay has been priced. Nine, not eight (sessions 7–16):
    /// the allogeneic, cord and reduced-intensity courses' late RKC steps are accuracy-limited at 6–7 stages and reach 8 by
    /// chance, and the stays that followed did not pay; `work`, 200 patients × 365 d, days 100–366, cost in
    /// evaluation-equivalents with the stay pricing: bar 8 / 9 / 10 (rises of 2 / 1 / 2) `allo-pbsc-mac` 484 / 464 / 456,
    /// `ric-flu-bu-atg` 401 / 376 / 359, `auto-cy-atg` × 730 days 100–731 696 / 661 / 711 (benchmarks/results/cohort.md,
    /// session 17; the session's start: 529, 535, 693).
    /// </summary>
    public const int StiffStages = 9;

    /// <summary>RKC stage count up to which a Rosenbrock step counts as cheap for RKC.</summary>
    public const int CheapStages = 4;

    /// <summary>Consecutive steps that must agree before a handover.</summary>
    public const int Persistence = 3;

    /// <summary>Rosenbrock steps after a handover over which it must show its <see cref="Gain"/>.</summary>
    public const int TrialSteps = 6;

    /// <summary>How much longer than RKC's its steps must be on average for the implicit method to keep going.</summary>
    public const double Gain = 1.5;

    /// <summary>
    /// The implicit method's least first step after a handover, as a multiple of RKC's last step: its own guess from y and f
    /// alone started the allogeneic, cord and reduced-intensity stays far below RKC's step, and the ramp up (growth at most
    /// 5 per step, each step refactorising) took most of the trial; the stays that pay take steps of twice RKC's and more
    /// (session 18: trial steps 2–2.5 times RKC's in `auto-cy-atg`'s paying stays, 1.25–1.75 in `ric-flu-bu-atg`'s that did
    /// not pay). `work`, cost per patient-year in evaluation-equivalents, session start → 1 / 2 / 2.5 / 3 times RKC's step:
    /// `allo-pbsc-mac` 1058.5 → 1054.8 / 1051.3 / 1053.4 / 1053.9, `ric-flu-bu-atg` 1008.2 → 1001.9 / 977.0 / 979.1 / 980.0,
    /// `auto-cy-atg` × 730 1028.8 → 1009.1 / 992.1 / 981.6 / 981.6 (benchmarks/results/cohort.md, session 18). A first step
    /// too long for the accuracy is rejected and shortened by the controller's factor.
    /// </summary>
    public const double StartGain = 2;

    /// <summary>
    /// The implicit method's longest step, as a multiple of 1/ρ (ρ RKC's spectral-radius estimate): its cubic Hermite dense
    /// output follows a stiff component only to ≈ 0.15·h·ρ times the step's error, so h·ρ ≤ 60 keeps interpolated values
    /// (daily observations, firing times) within a few tolerances (with ρ ≈ 3 d⁻¹, steps up to 20 days).
    /// </summary>
    public const double MaximumStiffness = 60;

    /// <summary>The most consecutive stiff RKC steps required before a handover, after unprofitable trials.</summary>
    public const int MaxPersistence = 96;

    /// <summary>
    /// The price of one Rosenbrock–W attempt beyond its evaluations, in evaluations: its four sparse solves at ≈ 2
    /// evaluations each (session 12's timings on the physiology network: evaluation 0.73 µs, solve 1.5 µs).
    /// </summary>
    public const double AttemptPrice = 8;

    /// <summary>The price of one sparse factorisation of 1/(hγ) − J, in evaluations (session 12: 11.3 µs ≈ 15 evaluations).</summary>
    public const double FactorisationPrice = 15;

    /// <summary>How many stages the bar <see cref="StiffStages"/> rises by after each stay of the implicit method that did not pay.</summary>
    public const int BarRise = 1;

    /// <summary>
    /// The highest bar a run of unprofitable stays can raise the stiff stage count to: at 12 the one-year allogeneic courses
    /// run as with RKC alone (session 13), and an autologous second year, where RKC needs 12 stages and more, still hands
    /// over.
    /// </summary>
    public const int MaxStiffStages = 12;

    /// <summary>Rosenbrock steps after the trial before a stay's cost per day since the trial is first judged (then after every step).</summary>
    public const int JudgedSteps = 3;

    private readonly RungeKuttaChebyshev _explicit;
    private readonly double _relativeTolerance, _absoluteTolerance;
    private RosenbrockW? _implicit; // created at the first handover
    private IJacobianPattern? _patternSource;
    private OdeStepper _active;
    private int _agreeing, _required = Persistence, _trialSteps;
    private double _explicitSpan, _explicitStep, _lastStiffStep, _trialSpan;
    private long _handovers, _failedTrials, _unpaidStays;
    private int _stiffStages = StiffStages, _judgedSteps;
    private bool _priced; // the stay was ended by its price
    // The stiff run's RKC evaluations; RKC's cost per day over the run that handed over; the stay's start (time, cost)
    // and the start of its judged part (after the trial).
    private double _explicitCost, _explicitRate, _stayStart, _stayStartCost, _judgedStart, _judgedStartCost;

    /// <summary>Creates the pair for systems of up to <paramref name="dimension"/> components.</summary>
    public StiffnessSwitching(int dimension, double relativeTolerance, double absoluteTolerance)
    {
        _explicit = new RungeKuttaChebyshev(dimension, relativeTolerance, absoluteTolerance);
        _relativeTolerance = relativeTolerance;
        _absoluteTolerance = absoluteTolerance;
        _active = _explicit;
    }

    /// <summary>Whether the Rosenbrock method takes the next step.</summary>
    public bool ImplicitActive => _active == _implicit;

    /// <summary>The stabilised explicit method (diagnostics).</summary>
    internal RungeKuttaChebyshev Explicit => _explicit;

    /// <summary>The implicit method, null before the first handover (diagnostics).</summary>
    internal RosenbrockW? Implicit => _implicit;

    /// <summary>Handovers between the two methods since construction.</summary>
    public long Handovers => _handovers;

    /// <summary>Trials of the implicit method that did not show their <see cref="Gain"/> and handed back (diagnostics; each costs a Jacobian and <see cref="TrialSteps"/> Rosenbrock steps).</summary>
    internal long FailedTrials => _failedTrials;

    /// <summary>Stays of the implicit method that cost more per day than RKC's stiff steps before them (diagnostics; each raised the bar by <see cref="BarRise"/>).</summary>
    internal long UnpaidStays => _unpaidStays;

    /// <summary>RKC's cost per day (evaluations) over the stiff steps that made the last handover (diagnostics).</summary>
    internal double ExplicitRate => _explicitRate;

    /// <summary>The RKC stage count from which a step counts as stiff now (<see cref="StiffStages"/>, raised after unpaid stays).</summary>
    public int StiffStageBar => _stiffStages;

    /// <summary>Consecutive stiff RKC steps the next handover to the implicit method needs (<see cref="Persistence"/>, doubled after each unprofitable trial).</summary>
    public int RequiredStiffSteps => _required;

    public override int Dimension
    {
        get => _active.Dimension;
        set
        {
            _explicit.Dimension = value;
            if (_implicit is not null) _implicit.Dimension = value;
        }
    }

    /// <summary><see cref="OdeStepper.Restructure"/>: RKC carries its power-iteration vector over; the implicit method's dimension is set (its Jacobian pattern is asked for again).</summary>
    public override void Restructure(int dimension, ReadOnlySpan<int> previousIndex)
    {
        _explicit.Restructure(dimension, previousIndex);
        if (_implicit is not null) _implicit.Dimension = dimension;
    }

    public override double[] Y => _active.Y;

    public override double T { get => _active.T; set => _active.T = value; }

    public override double TPrevious => _active.TPrevious;

    public override long AcceptedSteps => _explicit.AcceptedSteps + (_implicit?.AcceptedSteps ?? 0);

    public override long RejectedSteps => _explicit.RejectedSteps + (_implicit?.RejectedSteps ?? 0);

    public override long Evaluations => _explicit.Evaluations + (_implicit?.Evaluations ?? 0);

    /// <summary>The implicit method's pattern source (it asks for the pattern itself).</summary>
    public override IJacobianPattern? PatternSource
    {
        get => _patternSource;
        set
        {
            _patternSource = value;
            if (_implicit is not null) _implicit.PatternSource = value;
        }
    }

    /// <summary>Both methods' magnitude floors (the array is shared).</summary>
    public override double[]? MagnitudeFloor
    {
        get => _explicit.MagnitudeFloor;
        set
        {
            _explicit.MagnitudeFloor = value;
            if (_implicit is not null) _implicit.MagnitudeFloor = value;
        }
    }

    public override void Reset() => _active.Reset();

    public override void ResetKeepingDerivative() => _active.ResetKeepingDerivative();

    public override void ResetComponent(int component, double value, double derivative) => _active.ResetComponent(component, value, derivative);

    // Fully optimised at once: ReadyToRun does not precompile the solver's instantiation, so it ran as tier-0 code for a
    // cohort's first patients (benchmarks/results/cohort.md, session 12).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step<TSystem>(ref TSystem system, double tLimit)
    {
        if (_agreeing >= (_active == _explicit ? _required : Persistence)) HandOver();
        if (_active == _implicit) _implicit.MaximumStep = MaximumStiffness / Math.Max(_explicit.SpectralRadius, 1e-300);
        long evaluations = _explicit.Evaluations;
        _active.Step(ref system, tLimit);
        double h = _active.T - _active.TPrevious;
        if (_active == _explicit)
        {
            // A step that ended at the caller's limit was capped from outside, not by stability: it does not count.
            bool stiff = _explicit.LastStages >= _stiffStages && _explicit.T < tLimit;
            _agreeing = stiff ? _agreeing + 1 : 0;
            _explicitSpan = stiff ? _explicitSpan + h : 0;
            _lastStiffStep = stiff ? h : 0;
            _explicitCost = stiff ? _explicitCost + (_explicit.Evaluations - evaluations) : 0;
            return;
        }
        _agreeing = _explicit.StagesForStep(h) <= CheapStages ? _agreeing + 1 : 0;
        if (_trialSteps < TrialSteps)
        {
            // The first steps after a handover decide whether the implicit method pays: steps at least Gain times RKC's.
            _trialSpan += h;
            if (++_trialSteps < TrialSteps) return;
            bool pays = _trialSpan / TrialSteps >= Gain * _explicitStep;
            _required = pays ? Persistence : Math.Min(2 * _required, MaxPersistence);
            _judgedStart = _active.T;
            _judgedStartCost = ImplicitCost();
            _judgedSteps = 0;
            if (pays) return;
            _agreeing = Persistence; // hand back before the next step
            _failedTrials++;
            _priced = true;
            return;
        }
        // After the trial the stay is priced step by step: when its steps since the trial cost more per day than RKC's
        // stiff steps before the handover did, it does not pay and the state moves back.
        if (++_judgedSteps >= JudgedSteps && ImplicitCost() - _judgedStartCost > _explicitRate * (_active.T - _judgedStart))
        {
            _agreeing = Persistence;
            _priced = true;
        }
    }

    /// <summary>The implicit method's work so far, in evaluation-equivalents (<see cref="AttemptPrice"/>, <see cref="FactorisationPrice"/>).</summary>
    private double ImplicitCost() =>
        _implicit is null ? 0 : _implicit.Evaluations + AttemptPrice * (_implicit.AcceptedSteps + _implicit.RejectedSteps) + FactorisationPrice * _implicit.Factorisations;

    /// <summary>Moves the state to the other method (between steps).</summary>
    private void HandOver()
    {
        int n = _active.Dimension;
        if (_implicit is null)
        {
            _implicit = new RosenbrockW(_explicit.Y.Length, _relativeTolerance, _absoluteTolerance) { PatternSource = _patternSource, MagnitudeFloor = _explicit.MagnitudeFloor };
            _implicit.Dimension = n;
        }
        OdeStepper next = _active == _explicit ? _implicit : _explicit;
        Array.Copy(_active.Y, next.Y, n);
        next.T = _active.T;
        next.Reset();
        if (next == _implicit)
        {
            _implicit.DiscardJacobian(); // it dates from the last stiff phase
            _explicitStep = _explicitSpan / Math.Max(_agreeing, 1);
            // The stay's first step: the implicit method's own guess, but at least StartGain times RKC's last (stiff) step
            // rather than a step left from an earlier stay.
            _implicit.StartAfresh(StartGain * _lastStiffStep);
            _explicitRate = _explicitCost / Math.Max(_explicitSpan, 1e-300);
            _trialSteps = 0;
            _trialSpan = 0;
            _stayStart = _active.T;
            _stayStartCost = ImplicitCost();
            _priced = false;
        }
        else
        {
            // The stay is over: did it cost less per day, its handover included, than RKC's stiff steps before it?
            double cost = ImplicitCost() - _stayStartCost, span = _active.T - _stayStart;
            bool paid = !_priced && cost <= _explicitRate * span;
            if (!paid) _unpaidStays++;
            _stiffStages = paid ? StiffStages : Math.Min(_stiffStages + BarRise, MaxStiffStages);
        }
        _active = next;
        _agreeing = 0;
        _explicitSpan = 0;
        _explicitCost = 0;
        _handovers++;
    }

    public override void Interpolate(double time, Span<double> output) => _active.Interpolate(time, output);

    public override double InterpolateComponent(double time, int component) => _active.InterpolateComponent(time, component);

    public override bool TryGetHermiteSegment(int component, out HermiteSegment segment) => _active.TryGetHermiteSegment(component, out segment);

    public override bool TryGetHermiteStep(out HermiteStep step) => _active.TryGetHermiteStep(out step);

    public override void InterpolateComponents(double time, ReadOnlySpan<int> components, Span<double> output) =>
        _active.InterpolateComponents(time, components, output);
}
