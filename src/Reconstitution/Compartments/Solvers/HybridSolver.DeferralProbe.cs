using Reconstitution.Numerics;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// A measurement (session 15, issue 15), off by default: how many of the firings that restart the integrator change the
/// continuous part so little that an error-bounded deferral (keep the step, evaluate f afresh at its end) could skip the
/// restart. It only observes: the course is the one without it (the restart still happens).
/// </summary>
/// <remarks>
/// <para>At a restarting firing at t* that changes no continuous compartment (it changes an exact compartment a continuous
/// rate reads, directly or through a signal: a donor stem cell in the host-versus-graft target sum), every continuous
/// transition's rate a_r is evaluated at t* before and after the firing (counts of the continuous compartments from the dense
/// output, every signal computed at t*). Continuing the discarded step with the old rates would put component i off by at
/// most e_i = Σ_r |ν_ir|·|Δa_r|·(T − t*) at the step's end T (to first order: the rates change along the step too). The
/// firing passes when e_i ≤ κ·(atol + rtol·|y_i(t*)|) for every component, κ = <see cref="DeferralSafety"/> (tolerance
/// groups and magnitude floors are not applied: the plain per-component tolerance).</para>
/// </remarks>
internal sealed partial class HybridSolver
{
    /// <summary>κ: the share of the integrator's per-component tolerance a deferred firing's error may take.</summary>
    internal const double DeferralSafety = 0.1;

    private bool _probesDeferral;
    private double[] _probeRates = [], _probeError = [];
    private double _relativeTolerance, _absoluteTolerance;

    /// <summary>Whether restarting firings are measured against the deferral bound (benchmarks; off by default).</summary>
    internal bool ProbesDeferral
    {
        get => _probesDeferral;
        set
        {
            _probesDeferral = value;
            if (value && _probeRates.Length == 0)
            {
                _probeRates = new double[_a.Length];
                _probeError = new double[_published.Length];
            }
        }
    }

    /// <summary>Restarting firings that changed no continuous compartment (the candidates for deferral).</summary>
    internal long DeferralCandidates { get; private set; }

    /// <summary>Candidates whose bound held (κ = <see cref="DeferralSafety"/>).</summary>
    internal long DeferralWithinBound { get; private set; }

    /// <summary>Candidates by the decade of their largest ratio e_i / (atol + rtol·|y_i|): ≤ 10⁻⁴, 10⁻³, …, 10², above.</summary>
    internal long[] DeferralRatioDecades { get; } = new long[8];

    /// <summary>Σ (T − t*) over the candidates: the days of step a restart discarded (days).</summary>
    internal double DeferralDiscardedDays { get; private set; }

    /// <summary>Sets the tolerances the bound uses (the integrator's).</summary>
    private void SetProbeTolerances(double relative, double absolute) => (_relativeTolerance, _absoluteTolerance) = (relative, absolute);

    /// <summary>Whether firing <paramref name="j"/> changes no continuous compartment.</summary>
    private bool ChangesNoContinuous(int j)
    {
        CompiledNetwork net = _net;
        for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1]; c++)
            if (_continuous[net.ChangeCompartments[c]]) return false;
        return true;
    }

    /// <summary>Before the firing: every signal at <paramref name="t"/>, the continuous rates into the probe's buffer.</summary>
    private void ProbeBefore(double t)
    {
        CompiledNetwork net = _net;
        if (net.SignalCount > 0) net.UpdateSignals(_counts, _parameters, t);
        for (int s = 0; s < _contCount; s++) _probeRates[s] = net.Propensity(_contTransitions[s], _counts, _parameters, t);
    }

    /// <summary>After the firing: the rates' changes, the components' error bound over [t*, <paramref name="stepEnd"/>], the counters.</summary>
    private void ProbeAfter(double t, double stepEnd)
    {
        double rest = Math.Max(0, stepEnd - t), worst = WorstRatio(t, rest);
        DeferralCandidates++;
        DeferralDiscardedDays += rest;
        if (worst <= DeferralSafety) DeferralWithinBound++;
        int decade = worst <= 1e-4 ? 0 : (int)Math.Min(7, Math.Ceiling(Math.Log10(worst)) + 4);
        DeferralRatioDecades[decade]++;
        // The days of step over which the bound would hold (the error grows with the step's rest): by decade ≤ 0.1, 1, 10 d, above.
        double horizon = worst > 0 ? DeferralSafety * rest / worst : double.PositiveInfinity;
        DeferralHorizonDecades[horizon <= 0.1 ? 0 : horizon <= 1 ? 1 : horizon <= 10 ? 2 : 3]++;
    }

    /// <summary>Candidates by the days of step over which their bound would hold: ≤ 0.1, ≤ 1, ≤ 10, above.</summary>
    internal long[] DeferralHorizonDecades { get; } = new long[4];

    /// <summary>
    /// The largest ratio e_i / (atol + rtol·|y_i|) over the components, for rates before the firing in the probe's buffer and
    /// the counts after it (every signal computed again at <paramref name="t"/>), over <paramref name="rest"/> days.
    /// </summary>
    private double WorstRatio(double t, double rest)
    {
        CompiledNetwork net = _net;
        int nc = _odeCompartments;
        if (net.SignalCount > 0) net.UpdateSignals(_counts, _parameters, t);
        Array.Clear(_probeError, 0, nc);
        for (int s = 0; s < _contCount; s++)
        {
            int r = _contTransitions[s];
            double change = Math.Abs(net.Propensity(r, _counts, _parameters, t) - _probeRates[s]);
            if (change == 0) continue;
            for (int c = net.ChangeOffsets[r]; c < net.ChangeOffsets[r + 1]; c++)
            {
                int k = _compToOde[net.ChangeCompartments[c]];
                if (k >= 0) _probeError[k] += Math.Abs(net.ChangeAmounts[c]) * change;
            }
        }
        double worst = 0;
        for (int k = 0; k < nc; k++)
        {
            double ratio = _probeError[k] * rest / (_absoluteTolerance + _relativeTolerance * Math.Abs(_counts[_odeToComp[k]]));
            if (ratio > worst) worst = ratio;
        }
        return worst;
    }

    // ---------------------------------------------------------------------------------------
    // The deferral itself (prototype): RECONSTITUTION_DEFER_RESTARTS = 1 (the step cap as before) or 2 (the firings that
    // could be deferred no longer cap the step), read once per process; 0 or unset: off, the default course to the bit.
    // ---------------------------------------------------------------------------------------

    /// <summary>The deferral prototype's default mode, read once per process from RECONSTITUTION_DEFER_RESTARTS: 0 off, 1 defer, 2 defer and no step cap for them.</summary>
    internal static readonly int DeferralModeFromEnvironment = int.TryParse(Environment.GetEnvironmentVariable("RECONSTITUTION_DEFER_RESTARTS"), out int mode) ? mode : 0;

    /// <summary>This solver's deferral mode (<see cref="DeferralModeFromEnvironment"/> at construction; benchmarks set a reference's to 0).</summary>
    internal int DeferralMode { get; set; } = DeferralModeFromEnvironment;

    private double[] _deferSaved = [];
    private bool _derivativeStale;
    private bool[] _dependentMarks = [];
    private double[] _relativeChange = [], _savedSignals = [];
    private int[] _touched = [];

    /// <summary>Restarting firings deferred (mode 1 or 2).</summary>
    internal long DeferredFirings { get; private set; }

    /// <summary>Candidates whose bound failed: they restarted as before.</summary>
    internal long DeferralRefused { get; private set; }

    /// <summary>
    /// Whether restarting firing <paramref name="j"/> at <paramref name="tStar"/>, inside the integrator's last step (ending at
    /// <paramref name="stepEnd"/>), changes the continuous rates little enough to keep the step. An estimate from the last
    /// evaluation: each modulated continuous rate a_r (its slot's flux) changes by a_r·|Δs/s| when its signal s changes (the
    /// signals the firing's dependents read, computed with the firing's change applied and put back); component i's error is
    /// bounded by Σ_r |ν_ir|·a_r·|Δs_r/s_r|·(T − t*) against κ·(atol + rtol·|y_i(T)|). A continuous dependent that is not a
    /// first-order term times one signal (a Hill factor, a custom rate) refuses the deferral.
    /// </summary>
    private bool DeferralHolds(int j, double tStar, double stepEnd)
    {
        CompiledNetwork net = _net;
        int p0 = net.ParameterCount;
        if (_deferSaved.Length == 0)
        {
            _deferSaved = new double[_a.Length + 1];
            _dependentMarks = new bool[_a.Length];
            _relativeChange = new double[net.SignalCount + 1];
            _touched = new int[_published.Length];
            _savedSignals = new double[net.SignalCount + 1];
            if (_probeError.Length == 0) _probeError = new double[_published.Length];
        }
        int dFirst = net.DependentOffsets[j], dEnd = net.DependentOffsets[j + 1];
        for (int d = dFirst; d < dEnd; d++) _dependentMarks[net.Dependents[d]] = true;
        bool general = false;
        for (int slot = _plainCount + _modulatedCount; slot < _contCount && !general; slot++) general = _dependentMarks[_slotTransition[slot]];
        for (int d = dFirst; d < dEnd; d++) _dependentMarks[net.Dependents[d]] = false;
        if (general)
        {
            DeferralRefused++;
            return false;
        }
        ReadOnlySpan<int> signals = net.DependentSignals.AsSpan(net.DependentSignalOffsets[j], net.DependentSignalOffsets[j + 1] - net.DependentSignalOffsets[j]);
        for (int k = 0; k < signals.Length; k++) _savedSignals[k] = _parameters[p0 + signals[k]];
        int first = net.ChangeOffsets[j], end = net.ChangeOffsets[j + 1];
        for (int c = first; c < end; c++)
        {
            int i = net.ChangeCompartments[c];
            _deferSaved[c - first] = _counts[i];
            _counts[i] = Math.Max(0, _counts[i] + net.ChangeAmounts[c]);
        }
        net.UpdateSignals(_counts, _parameters, tStar, signals);
        for (int k = 0; k < signals.Length; k++)
        {
            double before = _savedSignals[k], after = _parameters[p0 + signals[k]];
            _relativeChange[signals[k]] = before == after ? 0 : before != 0 ? Math.Abs(after / before - 1) : double.PositiveInfinity;
            _parameters[p0 + signals[k]] = before; // Fire computes them again (the deferral) or the restart's Fire does
        }
        for (int c = end - 1; c >= first; c--) _counts[net.ChangeCompartments[c]] = _deferSaved[c - first];
        double rest = Math.Max(0, stepEnd - tStar);
        int touched = 0;
        for (int slot = _plainCount; slot < _plainCount + _modulatedCount; slot++)
        {
            int sg = _terms[slot].Modulator - p0;
            if (sg < 0) continue;
            double rel = _relativeChange[sg];
            if (rel == 0) continue;
            double change = _flux[slot] * rel * rest;
            if (change == 0) continue; // (a NaN, from a signal leaving 0, goes on and refuses)
            int r = _slotTransition[slot];
            for (int c = net.ChangeOffsets[r]; c < net.ChangeOffsets[r + 1]; c++)
            {
                int k = _compToOde[net.ChangeCompartments[c]];
                if (k < 0) continue;
                if (_probeError[k] == 0) _touched[touched++] = k;
                _probeError[k] += Math.Abs(net.ChangeAmounts[c]) * change;
            }
        }
        double[] y = _ode.Y;
        bool holds = true;
        for (int e = 0; e < touched; e++)
        {
            int k = _touched[e];
            if (!(_probeError[k] <= DeferralSafety * (_absoluteTolerance + _relativeTolerance * Math.Abs(y[k])))) holds = false;
            _probeError[k] = 0;
        }
        for (int k = 0; k < signals.Length; k++) _relativeChange[signals[k]] = 0;
        if (holds) DeferredFirings++;
        else DeferralRefused++;
        return holds;
    }

    /// <summary>At a step's start after a deferred firing: the carried derivative is stale, so the integrator evaluates f afresh.</summary>
    private void RefreshStaleDerivative()
    {
        _derivativeStale = false;
        _ode.Reset();
        ForgetPackedSteps();
    }
}
