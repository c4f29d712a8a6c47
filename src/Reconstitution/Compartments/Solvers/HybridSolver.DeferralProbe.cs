using Reconstitution.Numerics;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// A measurement (session 15, issue 15; the work benchmark's <c>WORK_DEFER_PROBE=1</c>), off by default: how many of the
/// firings that restart the integrator change the continuous part so little that an error-bounded deferral (keep the step,
/// evaluate f afresh at its end: <see cref="SolverOptions.HybridDeferNegligibleRestarts"/>, HybridSolver.Deferral.cs) could
/// skip the restart, with the exact change of every continuous rate. It only observes: the course is the one without it.
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
}
