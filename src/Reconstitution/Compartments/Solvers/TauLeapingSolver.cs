using System.Runtime.CompilerServices;
using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Adaptive explicit tau-leaping (Gillespie 2001) with the step selection of Cao, Gillespie and
/// Petzold (<i>J Chem Phys</i> 124, 044109, 2006), critical transitions (Cao, Gillespie and
/// Petzold, <i>J Chem Phys</i> 123, 054104, 2005) and exact-step fallback.
/// </summary>
/// <remarks>
/// <para><b>Step.</b> A transition is critical when it could exhaust a reactant in fewer than
/// n_c firings (<see cref="SolverOptions.CriticalThreshold"/>). For every compartment i that a
/// non-critical transition consumes or reads, μᵢ = Σⱼ νᵢⱼaⱼ and σᵢ² = Σⱼ νᵢⱼ²aⱼ over the
/// non-critical transitions, and τ′ = minᵢ{max(εxᵢ/gᵢ, 1)/|μᵢ|, max(εxᵢ/gᵢ, 1)²/σᵢ²} (CGP 2006,
/// eq. 33), with gᵢ from the highest order in which i is consumed (CGP 2006, eq. 27). For
/// compartments that are only read (Hill feedback), gᵢ is the largest Hill coefficient reading
/// them, or 2 for custom rates, since a relative change δ of the input changes the rate by at
/// most about gᵢ·δ. If τ′ &lt; 10/a₀ a leap would fire fewer than ~10 transitions, so a run of
/// 100 exact steps is taken instead (CGP 2006, §IV). Otherwise the critical transitions fire at
/// most once, at an exact waiting time τ″, and each non-critical one fires Poisson(aⱼτ) times with
/// τ = min(τ′, τ″).</para>
/// <para><b>No negative counts.</b> A leap that would make any count negative is rejected and τ′
/// halved (CGP 2006, step 6); the draws are repeated with fresh randomness. Critical transitions
/// make rejections rare.</para>
/// <para><b>Time-dependent rates.</b> Within a window each time-dependent propensity is modelled
/// by the parabola through its values at the start, middle and end (frozen counts); Poisson means
/// are the integrals of that parabola and the critical waiting time solves
/// ∫ a_crit = Exp(1), so a rate varying within the step is integrated, not frozen. The window is
/// halved until each time-dependent rate changes by at most ε relatively or by less than one
/// expected firing across it.</para>
/// <para><b>Counts</b> must be integers: non-integer counts written from outside (or left by a
/// continuous solver) are rounded stochastically (down or up with probabilities that keep the
/// mean) when the solver refreshes. Allocation-free per step; not thread-safe.</para>
/// </remarks>
internal sealed class TauLeapingSolver : ICompartmentSolver
{
    /// <summary>Leap only when τ′ ≥ this many mean exact waiting times (CGP 2006 use 10).</summary>
    private const double ExactStepFactor = 10;

    /// <summary>Exact steps per fallback run (CGP 2006 use 100).</summary>
    private const int ExactStepRun = 100;

    private readonly CompiledNetwork _net;
    private readonly RandomStream _random;
    private readonly double _epsilon;
    private readonly int _criticalThreshold;
    private readonly bool _hasCustom;
    private readonly int[] _timeDependent;
    private readonly int[] _tdIndex;        // transition → index among the time-dependent ones, or −1
    private readonly double[] _a;          // propensities at the window start
    private readonly double[] _b, _c;      // parabola coefficients of time-dependent rates (by td index)
    private readonly double[] _tdA, _tdB, _tdC; // scratch: critical time-dependent parabolas
    private readonly bool[] _critical;
    private readonly double[] _mu, _sigma2;
    private readonly int[] _order;          // highest order of a transition consuming the compartment (0: none)
    private readonly int[] _orderCoefficient; // the compartment's coefficient in that transition
    private readonly double[] _inputG;      // g for compartments only read (Hill, custom)
    private readonly int[] _boundCompartments; // compartments with a CGP bound (consumed or read)
    private readonly double[] _firings;
    private readonly double[] _backup;
    private bool _valid;
    private double _tdWindowHint = double.PositiveInfinity; // twice the last window the time-dependent rates allowed

    public TauLeapingSolver(CompiledNetwork network, SolverOptions options, RandomStream random)
    {
        _net = network;
        _random = random;
        _epsilon = options.TauLeapingEpsilon;
        _criticalThreshold = options.CriticalThreshold;
        int n = network.CompartmentCount, m = network.TransitionCount;
        _timeDependent = network.TimeDependentTransitions;
        int td = _timeDependent.Length;
        _a = new double[m];
        _tdIndex = new int[m];
        Array.Fill(_tdIndex, -1);
        for (int k = 0; k < td; k++) _tdIndex[_timeDependent[k]] = k;
        _b = new double[td];
        _c = new double[td];
        _tdA = new double[td];
        _tdB = new double[td];
        _tdC = new double[td];
        _critical = new bool[m];
        _mu = new double[n];
        _sigma2 = new double[n];
        _order = new int[n];
        _orderCoefficient = new int[n];
        _inputG = new double[n];
        _firings = new double[m];
        _backup = new double[n];
        foreach (var kind in network.Kinds) _hasCustom |= kind == PropensityKind.Custom;

        for (int j = 0; j < m; j++)
        {
            int order = 0;
            for (int r = network.ReactantOffsets[j]; r < network.ReactantOffsets[j + 1]; r++) order += network.ReactantCoefficients[r];
            for (int r = network.ReactantOffsets[j]; r < network.ReactantOffsets[j + 1]; r++)
            {
                int i = network.ReactantCompartments[r], nu = network.ReactantCoefficients[r];
                if (order > _order[i] || (order == _order[i] && nu > _orderCoefficient[i]))
                {
                    _order[i] = order;
                    _orderCoefficient[i] = nu;
                }
            }
        }
        var bound = new List<int>();
        for (int i = 0; i < n; i++)
            if (_order[i] > 0 || network.ReaderOffsets[i + 1] > network.ReaderOffsets[i]) bound.Add(i);
        _boundCompartments = [.. bound];
    }

    /// <summary>Leaps taken (for tests and benchmarks).</summary>
    public long Leaps { get; private set; }

    /// <summary>Exact steps taken in fallback runs.</summary>
    public long ExactSteps { get; private set; }

    /// <summary>Leaps rejected because a count would have become negative.</summary>
    public long Rejections { get; private set; }

    public void Invalidate() => _valid = false;

    public void AdvanceTo(CompartmentState state, double timeDays)
    {
        if (!_valid) Refresh(state);
        double[] x = state.Counts;
        double[] p = state.Parameters;
        double t = state.TimeDays;
        while (t < timeDays)
        {
            double a0 = EvaluateAll(x, p, t);
            if (a0 == 0 && _timeDependent.Length == 0)
            {
                t = timeDays;
                break;
            }
            MarkCritical(x);
            double tauPrime = StepBound(x, p);
            if (a0 > 0 && tauPrime < ExactStepFactor / a0)
            {
                t = RunExact(state, t, timeDays);
                continue;
            }
            t = Leap(state, t, timeDays, tauPrime, a0);
        }
        state.TimeDays = timeDays;
    }

    private void Refresh(CompartmentState state)
    {
        double[] x = state.Counts;
        for (int i = 0; i < x.Length; i++)
        {
            double f = Math.Floor(x[i]);
            if (f != x[i]) x[i] = f + (_random.NextDouble() < x[i] - f ? 1 : 0);
        }
        // g for read-only inputs: the largest Hill coefficient reading the compartment, else 2.
        Array.Fill(_inputG, 0.0);
        for (int j = 0; j < _net.TransitionCount; j++)
        {
            if (_net.Kinds[j] == PropensityKind.Custom)
            {
                for (int k = _net.InputOffsets[j]; k < _net.InputOffsets[j + 1]; k++)
                    _inputG[_net.InputCompartments[k]] = Math.Max(_inputG[_net.InputCompartments[k]], 2);
                continue;
            }
            for (int h = _net.HillOffsets[j]; h < _net.HillOffsets[j + 1]; h++)
            {
                double n = state.Parameters[_net.HillCoefficient[h]];
                for (int w = _net.HillTermOffsets[h]; w < _net.HillTermOffsets[h + 1]; w++)
                {
                    int i = _net.HillTermCompartments[w];
                    _inputG[i] = Math.Max(_inputG[i], Math.Max(1, n));
                }
            }
        }
        _valid = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Evaluate(int j, double[] x, double[] p, double t)
    {
        // Derived signals are refreshed before each modulated propensity: simple and always current
        // (tau-leaping re-evaluates everything per step anyway).
        if (_net.ModulatorOffsets[j] != _net.ModulatorOffsets[j + 1]) _net.UpdateSignals(x, p, t);
        double a = _net.Propensity(j, x, p, t);
        if (!(a >= 0 && a < double.PositiveInfinity)) throw _net.InvalidPropensity(j, t, a);
        if (_hasCustom && a > 0 && _net.Kinds[j] == PropensityKind.Custom && !_net.ReactantsAvailable(j, x))
            throw new PropensityException(_net.TransitionNames[j], t, a, "is positive while its reactants are not available (a firing would make a count negative)");
        return a;
    }

    private double EvaluateAll(double[] x, double[] p, double t)
    {
        double a0 = 0;
        for (int j = 0; j < _a.Length; j++)
        {
            double a = Evaluate(j, x, p, t);
            _a[j] = a;
            a0 += a;
        }
        return a0;
    }

    private void MarkCritical(double[] x)
    {
        CompiledNetwork net = _net;
        for (int j = 0; j < _a.Length; j++)
        {
            bool critical = false;
            if (_a[j] > 0 || net.TimeDependent[j])
            {
                for (int r = net.ReactantOffsets[j]; r < net.ReactantOffsets[j + 1]; r++)
                {
                    int i = net.ReactantCompartments[r];
                    // Lⱼ = min over reactants of ⌊xᵢ/νᵢⱼ⌋ counted only where the net change is a loss.
                    if (NetChange(j, i) < 0 && Math.Floor(x[i] / net.ReactantCoefficients[r]) < _criticalThreshold)
                    {
                        critical = true;
                        break;
                    }
                }
            }
            _critical[j] = critical;
        }
    }

    private int NetChange(int j, int compartment)
    {
        for (int c = _net.ChangeOffsets[j]; c < _net.ChangeOffsets[j + 1]; c++)
            if (_net.ChangeCompartments[c] == compartment) return _net.ChangeAmounts[c];
        return 0;
    }

    /// <summary>τ′ of CGP 2006, eq. 33, over the non-critical transitions.</summary>
    private double StepBound(double[] x, double[] p)
    {
        CompiledNetwork net = _net;
        foreach (int i in _boundCompartments)
        {
            _mu[i] = 0;
            _sigma2[i] = 0;
        }
        for (int j = 0; j < _a.Length; j++)
        {
            if (_critical[j]) continue;
            double a = _a[j];
            if (a == 0) continue;
            for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1]; c++)
            {
                int i = net.ChangeCompartments[c];
                double nu = net.ChangeAmounts[c];
                _mu[i] += nu * a;
                _sigma2[i] += nu * nu * a;
            }
        }
        double tau = double.PositiveInfinity;
        foreach (int i in _boundCompartments)
        {
            double mu = Math.Abs(_mu[i]), s2 = _sigma2[i];
            if (mu == 0 && s2 == 0) continue;
            double bound = Math.Max(_epsilon * x[i] / G(i, x[i]), 1);
            if (mu > 0) tau = Math.Min(tau, bound / mu);
            if (s2 > 0) tau = Math.Min(tau, bound * bound / s2);
        }
        return tau;
    }

    /// <summary>gᵢ of CGP 2006, eq. 27 (and the read-only generalisation, see remarks).</summary>
    private double G(int i, double xi)
    {
        double g;
        int nu = _orderCoefficient[i];
        double y1 = Math.Max(xi - 1, 1), y2 = Math.Max(xi - 2, 1);
        switch (_order[i])
        {
            case 0: g = 1; break;
            case 1: g = 1; break;
            case 2: g = nu >= 2 ? 2 + 1 / y1 : 2; break;
            case 3: g = nu == 1 ? 3 : nu == 2 ? 1.5 * (2 + 1 / y1) : 3 + 1 / y1 + 2 / y2; break;
            default: g = _order[i]; break;
        }
        return Math.Max(g, _inputG[i]);
    }

    /// <summary>One leap (with rejections); returns the new time.</summary>
    private double Leap(CompartmentState state, double t, double end, double tauPrime, double a0)
    {
        double[] x = state.Counts;
        double[] p = state.Parameters;
        CompiledNetwork net = _net;
        int td = _timeDependent.Length;
        while (true)
        {
            double window = Math.Min(tauPrime, end - t);
            if (td > 0)
            {
                window = Math.Min(window, _tdWindowHint);
                if (!FitTimeDependent(x, p, t, window))
                {
                    tauPrime = window / 2;
                    _tdWindowHint = double.PositiveInfinity;
                    if (a0 > 0 && tauPrime < ExactStepFactor / a0) return RunExact(state, t, end);
                    continue;
                }
                _tdWindowHint = 2 * window;
            }

            // Critical waiting time τ″ (time-inhomogeneous if a critical rate varies).
            double criticalConstant = 0;
            int criticalTd = 0;
            for (int j = 0; j < _a.Length; j++)
                if (_critical[j] && !net.TimeDependent[j]) criticalConstant += _a[j];
            for (int k = 0; k < td; k++)
            {
                int j = _timeDependent[k];
                if (!_critical[j]) continue;
                _tdA[criticalTd] = _a[j];
                _tdB[criticalTd] = _b[k];
                _tdC[criticalTd] = _c[k];
                criticalTd++;
            }
            double target = ExponentialZiggurat.Next(_random);
            double hazard = criticalConstant * window;
            for (int k = 0; k < criticalTd; k++) hazard += QuadraticRate.Integral(_tdA[k], _tdB[k], _tdC[k], window);
            bool fireCritical = hazard >= target && hazard > 0;
            double tau = window;
            if (fireCritical)
            {
                tau = criticalTd == 0
                    ? target / criticalConstant
                    : QuadraticRate.SolveCrossing(criticalConstant, _tdA.AsSpan(0, criticalTd), _tdB.AsSpan(0, criticalTd), _tdC.AsSpan(0, criticalTd), target, window, hazard);
                tau = Math.Min(tau, window);
            }

            // Non-critical firings.
            Array.Copy(x, _backup, x.Length);
            for (int j = 0; j < _a.Length; j++)
            {
                int k = _tdIndex[j];
                double mean = k < 0 ? _a[j] * tau : QuadraticRate.Integral(_a[j], _b[k], _c[k], tau);
                _firings[j] = _critical[j] || !(mean > 0) ? 0 : PoissonSampler.Sample(_random, mean);
            }
            if (fireCritical) _firings[SelectCritical(tau)] += 1;

            bool negative = false;
            for (int j = 0; j < _a.Length; j++)
            {
                double k = _firings[j];
                if (k == 0) continue;
                for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1]; c++)
                {
                    int i = net.ChangeCompartments[c];
                    x[i] += net.ChangeAmounts[c] * k;
                }
            }
            for (int i = 0; i < x.Length; i++) negative |= x[i] < 0;
            if (negative)
            {
                Array.Copy(_backup, x, x.Length);
                Rejections++;
                tauPrime = tau / 2;
                if (a0 > 0 && tauPrime < ExactStepFactor / a0) return RunExact(state, t, end);
                continue;
            }

            double tNew = tau >= end - t ? end : t + tau;
            for (int j = 0; j < _a.Length; j++)
            {
                double k = _firings[j];
                if (k == 0) continue;
                state.FiringCounts[j] += (long)k;
                state.Log?.Add(tNew, j, (int)Math.Min(k, int.MaxValue));
            }
            Leaps++;
            return tNew;
        }
    }

    /// <summary>A critical transition drawn with probability proportional to its rate at τ.</summary>
    private int SelectCritical(double tau)
    {
        double total = 0;
        for (int j = 0; j < _a.Length; j++)
            if (_critical[j]) total += RateAt(j, tau);
        double u = _random.NextUniform() * total;
        int last = -1;
        for (int j = 0; j < _a.Length; j++)
        {
            if (!_critical[j]) continue;
            double a = RateAt(j, tau);
            if (a <= 0) continue;
            last = j;
            u -= a;
            if (u <= 0) return j;
        }
        return last >= 0 ? last : throw new InvalidOperationException("Internal error: no critical transition could be selected.");
    }

    /// <summary>The rate of <paramref name="j"/> at offset <paramref name="s"/> in the current window.</summary>
    private double RateAt(int j, double s)
    {
        int k = _tdIndex[j];
        if (k < 0) return _a[j];
        return QuadraticRate.Value(_a[j], _b[k], _c[k], s);
    }

    /// <summary>
    /// Fits the parabolas of the time-dependent rates over [t, t+h]; false when some rate changes
    /// by more than ε relatively and by more than one expected firing across the window.
    /// </summary>
    private bool FitTimeDependent(double[] x, double[] p, double t, double h)
    {
        for (int k = 0; k < _timeDependent.Length; k++)
        {
            int j = _timeDependent[k];
            double f0 = _a[j];
            double fm = Evaluate(j, x, p, t + 0.5 * h);
            double f1 = Evaluate(j, x, p, t + h);
            double change = Math.Max(Math.Abs(f1 - f0), Math.Abs(fm - f0));
            if (change > _epsilon * Math.Max(f0, Math.Max(fm, f1)) && change * h > 1) return false;
            (_b[k], _c[k]) = QuadraticRate.Fit(f0, fm, f1, h);
        }
        return true;
    }

    /// <summary>Up to <see cref="ExactStepRun"/> exact SSA steps (time-inhomogeneous where needed); returns the new time.</summary>
    private double RunExact(CompartmentState state, double t, double end)
    {
        double[] x = state.Counts;
        double[] p = state.Parameters;
        CompiledNetwork net = _net;
        int td = _timeDependent.Length;
        for (int step = 0; step < ExactStepRun && t < end; step++)
        {
            double a0 = EvaluateAll(x, p, t);
            double target = ExponentialZiggurat.Next(_random);
            double s;
            if (td == 0)
            {
                if (a0 == 0) return end;
                s = target / a0;
                if (s >= end - t) return end; // memoryless: the unused hazard is simply discarded
            }
            else
            {
                double h = end - t;
                double constant = 0;
                for (int j = 0; j < _a.Length; j++)
                    if (!net.TimeDependent[j]) constant += _a[j];
                int tries = 0;
                while (!FitTimeDependent(x, p, t, h) && ++tries < 60) h *= 0.5;
                for (int k = 0; k < td; k++) _tdA[k] = _a[_timeDependent[k]];
                double hazard = constant * h;
                for (int k = 0; k < td; k++) hazard += QuadraticRate.Integral(_tdA[k], _b[k], _c[k], h);
                if (hazard < target)
                {
                    // No firing in the window; by memorylessness a fresh target is drawn next step.
                    t = h >= end - t ? end : t + h;
                    ExactSteps++;
                    continue;
                }
                s = Math.Min(h, QuadraticRate.SolveCrossing(constant, _tdA, _b, _c, target, h, hazard));
            }

            // Select j with probability aⱼ(t+s)/a₀(t+s).
            double total = 0;
            for (int j = 0; j < _a.Length; j++) total += RateAt(j, s);
            double u = _random.NextUniform() * total;
            int chosen = -1;
            for (int j = 0; j < _a.Length; j++)
            {
                double a = RateAt(j, s);
                if (a <= 0) continue;
                chosen = j;
                u -= a;
                if (u <= 0) break;
            }
            t += s;
            if (chosen < 0) continue;
            for (int c = net.ChangeOffsets[chosen]; c < net.ChangeOffsets[chosen + 1]; c++)
                x[net.ChangeCompartments[c]] += net.ChangeAmounts[c];
            state.FiringCounts[chosen]++;
            state.Log?.Add(t, chosen, 1);
            ExactSteps++;
        }
        return t;
    }
}
