using Reconstitution.Numerics;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Deferring the integrator restarts that a negligible signal change causes (<see cref="SolverOptions.HybridDeferNegligibleRestarts"/>).
/// </summary>
/// <remarks>
/// <para><b>What.</b> An exact firing at t* inside the integrator's last step [t₀, T] that changes no continuous compartment
/// but changes a signal a continuous rate reads (a donor stem cell's renewal in the host-versus-graft target sum, a host
/// stem cell's renewal in the niche signal) used to restart the integrator at t*: the step's rest was discarded and the
/// next steps were capped by the expected time to such a firing (<see cref="StepLimit"/>). Deferred, the step is kept: the
/// firing is made at t* like a hazard-only one (the exact counts, the signals, the static propensities, the varying hazard's
/// fit from t*), the continuous course keeps the rates of before the firing up to T, and the derivative the integrator
/// carries into the next step is stale: the stabilised explicit method starts the next step from it while the bound below,
/// per day, keeps that step's added error within the same share of the tolerance, and evaluates f afresh otherwise
/// (<see cref="RefreshStaleDerivative"/>). Such firings no longer cap the step.</para>
/// <para><b>The bound.</b> Let the continuous part be y′ = Σ_r ν_r a_r(y, s). After the firing the rates are a_r + Δa_r;
/// the deferred course integrates a_r instead over [t*, T], so to first order its state at T is off by
/// e = Σ_r ν_r Δa_r (T − t*) (the difference of the two right-hand sides integrated over the rest of the step; from T on
/// the fresh evaluation uses the new rates, so the error does not grow past the step). Only first-order terms k·y·s
/// (<see cref="ContinuousTerm"/>: the plain and modulated slots) may depend on the firing (see <see cref="ListDeferrable"/>),
/// and such a rate is linear in its signal: Δa_r = a_r·Δs/s exactly, with s before and after the firing computed at t*
/// (the firing's own recompute list, <see cref="CompiledNetwork.DependentSignals"/>, with the change applied and put back).
/// The bound per ODE component i is e_i = Σ_r |ν_ir|·a_r·|Δs_r/s_r|·(T − t*), each e_i measured against the integrator's
/// plain per-component scale atol + rtol·|y_i(T)|: tighter than the tolerance-group and magnitude-floor scales
/// (<see cref="SolverOptions.OdeGroupErrorScale"/>), which only ever raise it. The deferral is allowed when the largest
/// ratio, added to the ratios of the firings already deferred in the same step, is at most κ = <see cref="DeferralSafety"/>:
/// all deferred firings of a step together add at most κ of the tolerance the step's own local error is held to.</para>
/// <para><b>What the estimate neglects, and why κ = 0.1.</b> a_r is the slot's flux of the integrator's last evaluation
/// (a stage of the step, not t* itself), and the rates' own change along [t*, T] and the perturbation's propagation through
/// the Jacobian (a factor e^{λ(T − t*)}, ≤ 1 for decaying modes) are second-order terms the estimate leaves out. The step
/// was accepted at the integrator's tolerance, which keeps the state (hence a_r = k·y·s) from changing by more than a
/// modest factor over one step; κ leaves a factor 10 for that before the deferred error reaches the tolerance itself.
/// Measured (session 15, the exact probe, HybridSolver.DeferralProbe.cs: every continuous rate evaluated before and after
/// the firing): every candidate of <c>cord-single-mac</c> and <c>ric-flu-bu-atg</c> had a largest ratio ≤ 10⁻² (most
/// ≤ 10⁻⁴), 10 to 10³ times below κ, and the bound would have held over > 10 days of step for all but 0.7 a patient-year.</para>
/// <para><b>Refused</b> (the firing restarts as before, <see cref="DeferralRefused"/>): a ratio above the remaining budget,
/// a NaN or an infinite change (a signal leaving 0: |Δs/s| infinite); not considered at all: a firing that changes a
/// continuous compartment, changes a compartment a continuous first-order term reads as its reactant, or is a dependent of
/// a general continuous rate (a Hill factor, a custom rate, second order: not linear in one signal). A deferred firing that
/// switches a compartment's treatment repartitions at t* from the dense output there, as any firing inside a step does
/// (the deferred error only starts after t*).</para>
/// </remarks>
internal sealed partial class HybridSolver
{
    /// <summary>κ: the share of the integrator's per-component tolerance the deferred firings of one step may take together.</summary>
    internal const double DeferralSafety = 0.1;

    private bool _defersRestarts;
    /// <summary>Per transition, for the current partition: a restarting firing that may be deferred (<see cref="ListDeferrable"/>).</summary>
    private bool[] _deferrable = [];
    private bool _anyDeferrable;
    /// <summary>Whether a firing was deferred inside the current step (the carried derivative is stale).</summary>
    private bool _derivativeStale;
    /// <summary>The largest ratios of the firings deferred in the current step, summed (valid while <see cref="_derivativeStale"/>).</summary>
    private double _deferralSpent;
    /// <summary>
    /// The same firings' largest ratios per day of the step's rest (each ratio over T − t*), summed: a bound, in error scales per
    /// day, on how far the carried derivative is from f at the step's end (valid while <see cref="_derivativeStale"/>).
    /// </summary>
    private double _staleDerivativeError;
    // Scratch, sized once per solver (no allocation per firing): by transition, by compartment, by signal, by ODE component.
    private int[] _slotByTransition = [];
    private bool[] _changedMarks = [];
    private double[] _savedCounts = [], _savedSignals = [], _relativeChange = [], _deferralError = [];
    private int[] _touched = [];
    // The carried derivative's first-order correction for the current step's deferred firings (RefreshStaleDerivative): by
    // signal the signed relative change of one firing, by ODE component that firing's share and the step's sum, and the
    // components the sum touches.
    private double[] _signedChange = [], _firingCorrection = [], _staleCorrection = [];
    private int[] _staleTouched = [];
    private bool[] _staleMarked = [];
    private int _staleTouchedCount;

    /// <summary>Whether restarting firings whose change of the continuous rates is within the bound are deferred (the option; tests set it).</summary>
    internal bool DefersRestarts
    {
        get => _defersRestarts;
        set
        {
            _defersRestarts = value;
            if (value && _deferrable.Length == 0) SizeDeferralLists();
            if (_classified) ListDeferrable();
        }
    }

    /// <summary>Restarting firings deferred.</summary>
    internal long DeferredFirings { get; private set; }

    /// <summary>Candidates (<see cref="ListDeferrable"/>) whose bound failed: they restarted as before.</summary>
    internal long DeferralRefused { get; private set; }

    /// <summary>Σ (T − t*) over the refused candidates: the days of step their restarts discarded (days).</summary>
    internal double DeferralRefusedDays { get; private set; }

    /// <summary>Allocates the scratch lists by the network's size, once per solver.</summary>
    private void SizeDeferralLists()
    {
        CompiledNetwork net = _net;
        int m = net.TransitionCount, n = net.CompartmentCount, signals = net.SignalCount;
        _deferrable = new bool[m];
        _slotByTransition = new int[m];
        _changedMarks = new bool[n];
        _savedCounts = new double[net.ChangeCompartments.Length + 1];
        _savedSignals = new double[signals + 1];
        _relativeChange = new double[signals + 1];
        _deferralError = new double[n + 1];
        _touched = new int[n + 1];
        _signedChange = new double[signals + 1];
        _firingCorrection = new double[n + 1];
        _staleCorrection = new double[n + 1];
        _staleTouched = new int[n + 1];
        _staleMarked = new bool[n + 1];
    }

    /// <summary>
    /// Marks, for the partition just adopted, the restarting discrete transitions that may be deferred: each changes only
    /// exact compartments, none of them the reactant of a continuous first-order term, and each continuous transition that
    /// depends on it is a first-order term (plain or modulated slot), so that its rate changes only through its signal.
    /// </summary>
    private void ListDeferrable()
    {
        Array.Clear(_deferrable);
        _anyDeferrable = false;
        if (!_defersRestarts) return;
        Array.Fill(_slotByTransition, -1);
        for (int s = 0; s < _contCount; s++) _slotByTransition[_contTransitions[s]] = _slotOf[s];
        for (int r = 0; r < _restartingStaticCount; r++) MarkDeferrable(_restartingStatic[r]);
        for (int r = 0; r < _restartingVaryingCount; r++) MarkDeferrable(_restartingVarying[r]);
    }

    private void MarkDeferrable(int j)
    {
        CompiledNetwork net = _net;
        bool deferrable = true;
        for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1]; c++)
        {
            int i = net.ChangeCompartments[c];
            deferrable &= !_continuous[i];
            _changedMarks[i] = true;
        }
        int firstOrder = _plainCount + _modulatedCount;
        for (int d = net.DependentOffsets[j]; d < net.DependentOffsets[j + 1] && deferrable; d++)
        {
            int slot = _slotByTransition[net.Dependents[d]];
            if (slot < 0) continue; // a discrete transition
            deferrable = slot < firstOrder && !_changedMarks[_terms[slot].Argument];
        }
        for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1]; c++) _changedMarks[net.ChangeCompartments[c]] = false;
        _deferrable[j] = deferrable;
        _anyDeferrable |= deferrable;
    }

    /// <summary>Whether restarting firing <paramref name="j"/> is a candidate for deferral in the current partition.</summary>
    private bool Deferrable(int j) => _defersRestarts && _deferrable[j];

    /// <summary>
    /// Whether candidate <paramref name="j"/> at <paramref name="tStar"/>, inside the integrator's last step (ending at
    /// <paramref name="stepEnd"/>), changes the continuous rates little enough to keep the step (the bound of the type's
    /// remarks). Leaves the counts and signals as they were; counts the outcome.
    /// </summary>
    private bool DeferralHolds(int j, double tStar, double stepEnd)
    {
        CompiledNetwork net = _net;
        int p0 = net.ParameterCount;
        double[] counts = _counts, parameters = _parameters;
        // The signals the firing changes, before and after it at t* (the change applied and put back: Fire applies it).
        int signalFirst = net.DependentSignalOffsets[j];
        ReadOnlySpan<int> signals = net.DependentSignals.AsSpan(signalFirst, net.DependentSignalOffsets[j + 1] - signalFirst);
        for (int k = 0; k < signals.Length; k++) _savedSignals[k] = parameters[p0 + signals[k]];
        int first = net.ChangeOffsets[j], end = net.ChangeOffsets[j + 1];
        for (int c = first; c < end; c++)
        {
            int i = net.ChangeCompartments[c];
            _savedCounts[c - first] = counts[i];
            counts[i] = Math.Max(0, counts[i] + net.ChangeAmounts[c]);
        }
        net.UpdateSignals(counts, parameters, tStar, signals);
        for (int k = 0; k < signals.Length; k++)
        {
            double before = _savedSignals[k], after = parameters[p0 + signals[k]];
            _relativeChange[signals[k]] = before == after ? 0 : before != 0 ? Math.Abs(after / before - 1) : double.PositiveInfinity;
            _signedChange[signals[k]] = before == after ? 0 : after / before - 1; // used only where the ratio is finite
            parameters[p0 + signals[k]] = before;
        }
        for (int c = end - 1; c >= first; c--) counts[net.ChangeCompartments[c]] = _savedCounts[c - first];
        // e_i = Σ_r |ν_ir|·a_r·|Δs_r/s_r|·(T − t*) over the continuous dependents (first-order slots: ListDeferrable).
        double rest = Math.Max(0, stepEnd - tStar);
        int touched = 0;
        for (int d = net.DependentOffsets[j]; d < net.DependentOffsets[j + 1]; d++)
        {
            int r = net.Dependents[d], slot = _slotByTransition[r];
            if (slot < 0) continue;
            int signal = _terms[slot].Modulator - p0;
            if (signal < 0) continue; // a rate constant or no modulator: unchanged (its reactant is not changed)
            double rel = _relativeChange[signal];
            if (rel == 0) continue;
            double change = _flux[slot] * rel * rest; // NaN (0·∞) or ∞ go on and refuse
            if (change == 0) continue;
            double rateChange = _flux[slot] * _signedChange[signal]; // Δa_r = a_r·Δs/s, per day
            for (int c = net.ChangeOffsets[r]; c < net.ChangeOffsets[r + 1]; c++)
            {
                int k = _compToOde[net.ChangeCompartments[c]];
                if (_deferralError[k] == 0) _touched[touched++] = k;
                _deferralError[k] += Math.Abs(net.ChangeAmounts[c]) * change;
                _firingCorrection[k] += net.ChangeAmounts[c] * rateChange;
            }
        }
        for (int k = 0; k < signals.Length; k++) _relativeChange[signals[k]] = 0;
        double[] y = _ode.Y;
        double worst = 0;
        for (int e = 0; e < touched; e++)
        {
            int k = _touched[e];
            double ratio = _deferralError[k] / (_absoluteTolerance + _relativeTolerance * Math.Abs(y[k]));
            if (ratio > worst || double.IsNaN(ratio)) worst = ratio; // a NaN, once in, stays
            _deferralError[k] = 0;
        }
        double spent = (_derivativeStale ? _deferralSpent : 0) + worst;
        bool holds = spent <= DeferralSafety;
        if (holds && !_derivativeStale) ForgetStaleCorrection(); // the step's first deferral: a new sum
        for (int e = 0; e < touched; e++)
        {
            int k = _touched[e];
            if (holds)
            {
                if (!_staleMarked[k])
                {
                    _staleMarked[k] = true;
                    _staleTouched[_staleTouchedCount++] = k;
                    _staleCorrection[k] = 0;
                }
                _staleCorrection[k] += _firingCorrection[k];
            }
            _firingCorrection[k] = 0;
        }
        if (holds)
        {
            _deferralSpent = spent;
            // Per day: e_i / (T − t*) is Σ_r |ν_ir|·a_r·|Δs_r/s_r|, how far the firing moves component i's derivative (a firing
            // at T itself has no rest to measure it by: unbounded, so the next step evaluates afresh).
            _staleDerivativeError = (_derivativeStale ? _staleDerivativeError : 0) + (rest > 0 ? worst / rest : double.PositiveInfinity);
            DeferredFirings++;
            return true;
        }
        DeferralRefused++;
        DeferralRefusedDays += rest;
        return false;
    }

    /// <summary>Empties the step's correction list (consumed at the next step's start, or dropped by a restart or a refresh).</summary>
    private void ForgetStaleCorrection()
    {
        for (int e = 0; e < _staleTouchedCount; e++) _staleMarked[_staleTouched[e]] = false;
        _staleTouchedCount = 0;
    }

    /// <summary>
    /// At a step's start after a deferred firing: the carried derivative is stale. The stabilised explicit method
    /// (<see cref="RungeKuttaChebyshev"/>, alone or as the stiffness switch's active method) corrects it by the firings'
    /// first-order change and may start the next step from it while the uncorrected bound keeps that step's added error
    /// within <see cref="DeferralSafety"/> of the tolerance (<see cref="RungeKuttaChebyshev.ResetKeepingApproximateDerivative"/>,
    /// with the firings' bound per day); any other integrator, or a step beyond the bound, evaluates f afresh.
    /// </summary>
    /// <remarks>
    /// <para>The carried derivative Fₙ is the evaluation at (T, Y) with the rates of before the step's deferred firings; f(T, Y)
    /// after them differs from it by δ_i = Σ_r ν_ir Δa_r, where each changed rate is a first-order term linear in its signal
    /// (<see cref="ListDeferrable"/>): Δa_r = a_r·Δs_r/s_r, a_r that very evaluation's flux and Δs_r/s_r the firing's relative
    /// change at t* (<see cref="DeferralHolds"/>). The correction adds these δ_i, summed over the step's firings, to Fₙ; what
    /// is left are the terms the deferral bound neglects too (the signal's change measured at t* rather than T, products of
    /// two firings' changes).</para>
    /// <para>The gate is the bound of the uncorrected Fₙ, |δ_i| ≤ Σ_r |ν_ir|·a_r·|Δs_r/s_r| (the deferral bound's e_i per day
    /// of rest), summed over the firings and taken at the largest component: <see cref="_staleDerivativeError"/>, in error
    /// scales atol + rtol·|y_i(T)| per day. Why the correction as well: RKC's two-stage step weighs Fₙ by −5 (ε = 8), so an
    /// uncorrected Fₙ adds up to 5h|δ| to every step that starts from it, an error of one sign when the firings push a signal
    /// one way, which adds up over a course (benchmarks/results/cohort.md, session 18).</para>
    /// </remarks>
    private void RefreshStaleDerivative()
    {
        _derivativeStale = false;
        RungeKuttaChebyshev? chebyshev = ReusesStaleDerivative ? ActiveChebyshev() : null;
        if (chebyshev is not null)
        {
            chebyshev.ResetKeepingApproximateDerivative(_staleDerivativeError, DeferralSafety);
            for (int e = 0; e < _staleTouchedCount; e++)
            {
                int k = _staleTouched[e];
                chebyshev.AdjustCarriedDerivative(k, _staleCorrection[k]);
            }
        }
        else _ode.Reset();
        ForgetStaleCorrection();
        ForgetPackedSteps();
    }

    /// <summary>
    /// Whether a step after deferred firings may start from the stale derivative within its bound (<see cref="RefreshStaleDerivative"/>;
    /// on by default; tests and the benchmarks turn it off to compare).
    /// </summary>
    internal bool ReusesStaleDerivative { get; set; } = true;

    /// <summary>The integrator that takes the next step when it is the stabilised explicit method (alone or in the stiffness switch), else null.</summary>
    private RungeKuttaChebyshev? ActiveChebyshev() => _ode switch
    {
        RungeKuttaChebyshev chebyshev => chebyshev,
        StiffnessSwitching { ImplicitActive: false } pair => pair.Explicit,
        _ => null,
    };
}
