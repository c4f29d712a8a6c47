using System.Runtime.CompilerServices;
using Reconstitution.Numerics;
using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// The partitioned hybrid of Haseltine &amp; Rawlings (<i>J Chem Phys</i> 117, 6959, 2002) and
/// Salis &amp; Kaznessis (<i>J Chem Phys</i> 122, 054103, 2005), with per-compartment modes and
/// dynamic switching as in GillesPy2's tau-hybrid solver; with every compartment continuous it is
/// the deterministic mean-field ODE (<see cref="SolverKind.Ode"/>).
/// </summary>
/// <remarks>
/// <para><b>Partition.</b> Each compartment is exact (integer count) or continuous (real amount).
/// <see cref="CompartmentMode.Exact"/> and <see cref="CompartmentMode.Continuous"/> compartments
/// keep their treatment; a <see cref="CompartmentMode.Dynamic"/> one becomes continuous when its
/// count reaches the upper threshold U = min(<see cref="SolverOptions.HybridSwitchMinimum"/>,
/// 1/<see cref="SolverOptions.HybridSwitchTolerance"/>²) — the count above which a Poisson-like
/// population's coefficient of variation 1/√x is below the tolerance — and returns to exact
/// treatment when it falls below <see cref="SolverOptions.HybridExactFraction"/>·U (hysteresis, so
/// a count near U does not flip at every step). A transition is continuous when every compartment
/// it changes is continuous; otherwise it is discrete and fires exactly.</para>
/// <para><b>Evolution.</b> Continuous compartments follow the mean-field ODE of the continuous
/// transitions, integrated by <see cref="DormandPrince45"/> (error-controlled, dense output).
/// Discrete transitions fire as a time-inhomogeneous Poisson process: the ODE carries one more
/// component, the integrated discrete hazard R(t) = ∫ Σⱼ aⱼ(x(s), s) ds, and the next firing is at
/// the time R reaches a unit exponential E (located on the dense output); the firing transition is
/// chosen with probability aⱼ/Σa at that time (Salis &amp; Kaznessis 2005; the direct-method form
/// of Anderson's 2007 modified next reaction method). Discrete transitions whose propensity reads
/// only exact compartments and not time are constant between firings, so while no compartment is
/// continuous and no rate depends on time the solver runs the exact direct method with no ODE at
/// all. Time-dependent rates are integrated, not frozen, in both parts.</para>
/// <para><b>Switching conserves mass.</b> Exact → continuous keeps the integer value. Continuous →
/// exact rounds the amount x stochastically to ⌊x⌋ + Bernoulli(x − ⌊x⌋), which conserves it in
/// expectation. Large compartments lose their intrinsic noise (relative size below the
/// tolerance), by design; small ones keep it, and with it extinction.</para>
/// <para>Allocation-free per step and per firing; not thread-safe. Only discrete firings are
/// counted in <c>FiringCounts</c>.</para>
/// </remarks>
internal sealed class HybridSolver : ICompartmentSolver
{
    private readonly CompiledNetwork _net;
    private readonly RandomStream _random;
    private readonly bool _deterministic;
    private readonly double _upper, _lower;
    private readonly DormandPrince45 _ode;
    private readonly bool[] _continuous;
    private readonly int[] _compToOde;      // compartment → ODE component, −1 when exact
    private readonly int[] _odeToComp;
    private readonly int[] _contTransitions;
    private readonly int[] _staticDiscrete;  // discrete, constant between firings
    private readonly int[] _varyingDiscrete; // discrete, reads a continuous compartment or time
    private readonly bool[] _isStatic;
    private readonly double[] _a;            // cached propensities of static discrete transitions
    private int _odeCompartments, _contCount, _staticCount, _varyingCount, _hazardIndex;
    private double _staticTotal;
    private double _hazard, _target;
    private double[] _counts = [], _parameters = [];
    private bool _valid, _odeActive;

    public HybridSolver(CompiledNetwork network, SolverOptions options, RandomStream random, bool deterministic)
    {
        _net = network;
        _random = random;
        _deterministic = deterministic;
        double cvThreshold = options.HybridSwitchTolerance > 0 ? 1 / (options.HybridSwitchTolerance * options.HybridSwitchTolerance) : double.PositiveInfinity;
        _upper = Math.Min(options.HybridSwitchMinimum, cvThreshold);
        _lower = _upper * options.HybridExactFraction;
        int n = network.CompartmentCount, m = network.TransitionCount;
        _ode = new DormandPrince45(n + 1, options.OdeRelativeTolerance, options.OdeAbsoluteTolerance);
        _continuous = new bool[n];
        _compToOde = new int[n];
        _odeToComp = new int[n];
        _contTransitions = new int[m];
        _staticDiscrete = new int[m];
        _varyingDiscrete = new int[m];
        _isStatic = new bool[m];
        _a = new double[m];
        _target = ExponentialZiggurat.Next(random);
    }

    /// <summary>The integrator (for tests and benchmarks: steps, stiffness).</summary>
    internal DormandPrince45 Integrator => _ode;

    /// <summary>Discrete firings simulated.</summary>
    public long DiscreteFirings { get; private set; }

    /// <summary>Partition changes (a compartment switched treatment).</summary>
    public long Switches { get; private set; }

    /// <summary>Whether compartment <paramref name="i"/> is currently treated as continuous.</summary>
    internal bool IsContinuous(int i) => _continuous[i];

    public void Invalidate() => _valid = false;

    public void AdvanceTo(CompartmentState state, double timeDays)
    {
        if (!_valid) Refresh(state);
        double t = state.TimeDays;
        while (t < timeDays)
        {
            if (_odeCompartments == 0 && _varyingCount == 0) t = AdvanceExact(state, t, timeDays);
            else t = AdvanceOde(state, t, timeDays);
        }
        state.TimeDays = timeDays;
    }

    // ---------------------------------------------------------------------------------------
    // Partition
    // ---------------------------------------------------------------------------------------

    private void Refresh(CompartmentState state)
    {
        _counts = state.Counts;
        _parameters = state.Parameters;
        if (_odeActive && _hazardIndex >= 0) _hazard = _ode.Y[_hazardIndex];
        for (int i = 0; i < _counts.Length; i++)
        {
            bool continuous = _deterministic || _net.Modes[i] switch
            {
                CompartmentMode.Exact => false,
                CompartmentMode.Continuous => true,
                _ => _continuous[i] ? _counts[i] >= _lower : _counts[i] >= _upper,
            };
            _continuous[i] = continuous;
            if (!continuous) RoundToInteger(i);
        }
        Repartition(state.TimeDays);
        _valid = true;
    }

    private void RoundToInteger(int i)
    {
        double x = _counts[i], f = Math.Floor(x);
        if (f != x) _counts[i] = f + (_random.NextDouble() < x - f ? 1 : 0);
    }

    /// <summary>Rebuilds the transition classes and the ODE after the set of continuous compartments changed.</summary>
    private void Repartition(double t)
    {
        CompiledNetwork net = _net;
        int nc = 0;
        for (int i = 0; i < _continuous.Length; i++)
        {
            _compToOde[i] = _continuous[i] ? nc : -1;
            if (_continuous[i]) _odeToComp[nc++] = i;
        }
        _odeCompartments = nc;
        _contCount = _staticCount = _varyingCount = 0;
        for (int j = 0; j < net.TransitionCount; j++)
        {
            _isStatic[j] = false;
            // A transition with no net change has no effect on any count: skip it.
            if (net.ChangeOffsets[j + 1] == net.ChangeOffsets[j]) continue;
            bool continuous = true;
            for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1] && continuous; c++)
                continuous = _continuous[net.ChangeCompartments[c]];
            if (continuous)
            {
                _contTransitions[_contCount++] = j;
                continue;
            }
            bool varying = net.TimeDependent[j];
            for (int k = net.InputOffsets[j]; k < net.InputOffsets[j + 1] && !varying; k++)
                varying = _continuous[net.InputCompartments[k]];
            if (varying) _varyingDiscrete[_varyingCount++] = j;
            else
            {
                _staticDiscrete[_staticCount++] = j;
                _isStatic[j] = true;
            }
        }
        _staticTotal = 0;
        if (net.SignalCount > 0) net.UpdateSignals(_counts, _parameters, t);
        for (int s = 0; s < _staticCount; s++)
        {
            int j = _staticDiscrete[s];
            _a[j] = EvaluateDiscrete(j, t);
            _staticTotal += _a[j];
        }
        bool hasDiscrete = _staticCount + _varyingCount > 0;
        _hazardIndex = hasDiscrete ? nc : -1;
        _odeActive = nc > 0 || _varyingCount > 0;
        if (_odeActive)
        {
            _ode.Dimension = nc + (hasDiscrete ? 1 : 0);
            for (int k = 0; k < nc; k++) _ode.Y[k] = _counts[_odeToComp[k]];
            if (hasDiscrete) _ode.Y[nc] = _hazard;
            _ode.T = t;
            _ode.Reset();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Purely exact phase: direct method with constant propensities
    // ---------------------------------------------------------------------------------------

    private double AdvanceExact(CompartmentState state, double t, double end)
    {
        while (true)
        {
            double total = _staticTotal;
            if (!(total > 0))
            {
                return end;
            }
            double dt = (_target - _hazard) / total;
            if (dt > end - t)
            {
                _hazard += total * (end - t);
                return end;
            }
            t += dt;
            int j = SelectStatic(total);
            if (Fire(state, j, t)) return t; // partition changed: let the caller pick the phase
        }
    }

    private int SelectStatic(double total)
    {
        double u = _random.NextUniform() * total;
        int last = -1;
        for (int s = 0; s < _staticCount; s++)
        {
            int j = _staticDiscrete[s];
            double a = _a[j];
            if (a <= 0) continue;
            last = j;
            u -= a;
            if (u <= 0) return j;
        }
        return last;
    }

    // ---------------------------------------------------------------------------------------
    // ODE phase
    // ---------------------------------------------------------------------------------------

    private double AdvanceOde(CompartmentState state, double t, double end)
    {
        var system = new Rhs(this);
        DormandPrince45 ode = _ode;
        int nc = _odeCompartments;
        while (ode.T < end)
        {
            ode.Step(ref system, end);
            double[] y = ode.Y;
            if (_hazardIndex >= 0 && y[_hazardIndex] >= _target)
            {
                double tStar = LocateCrossing();
                ode.Interpolate(tStar, y.AsSpan(0, ode.Dimension));
                ode.T = tStar;
                WriteBack(y, nc);
                if (_net.SignalCount > 0) _net.UpdateSignals(_counts, _parameters, tStar);
                // Select among discrete transitions at t*.
                double total = _staticTotal;
                for (int v = 0; v < _varyingCount; v++)
                {
                    int j = _varyingDiscrete[v];
                    _a[j] = EvaluateDiscrete(j, tStar);
                    total += _a[j];
                }
                int chosen = SelectDiscrete(total);
                _hazard = 0;
                y[_hazardIndex] = 0;
                ode.Reset();
                if (chosen >= 0 && Fire(state, chosen, tStar)) return tStar;
                continue;
            }
            if (WriteBackAndSwitch(y, nc, ode.T)) return ode.T;
        }
        if (_hazardIndex >= 0) _hazard = ode.Y[_hazardIndex];
        return end;
    }

    /// <summary>The time in the last step where the dense output of R reaches the target (bisection; R is non-decreasing).</summary>
    private double LocateCrossing()
    {
        double lo = _ode.TPrevious, hi = _ode.T;
        for (int iteration = 0; iteration < 60 && hi - lo > 1e-15 * Math.Max(1, Math.Abs(hi)); iteration++)
        {
            double mid = 0.5 * (lo + hi);
            if (_ode.InterpolateComponent(mid, _hazardIndex) >= _target) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    private int SelectDiscrete(double total)
    {
        if (!(total > 0)) return -1;
        double u = _random.NextUniform() * total;
        int last = -1;
        for (int s = 0; s < _staticCount; s++)
        {
            int j = _staticDiscrete[s];
            if (_a[j] <= 0) continue;
            last = j;
            u -= _a[j];
            if (u <= 0) return j;
        }
        for (int v = 0; v < _varyingCount; v++)
        {
            int j = _varyingDiscrete[v];
            if (_a[j] <= 0) continue;
            last = j;
            u -= _a[j];
            if (u <= 0) return j;
        }
        return last;
    }

    /// <summary>Copies the ODE amounts into the counts (clamping round-off negatives at 0).</summary>
    private void WriteBack(double[] y, int nc)
    {
        bool clamped = false;
        for (int k = 0; k < nc; k++)
        {
            double v = y[k];
            if (v < 0)
            {
                v = 0;
                y[k] = 0;
                clamped = true;
            }
            _counts[_odeToComp[k]] = v;
        }
        if (clamped) _ode.Reset();
    }

    /// <summary>After an accepted step: write back, and switch continuous dynamic compartments that fell below the lower threshold.</summary>
    private bool WriteBackAndSwitch(double[] y, int nc, double t)
    {
        WriteBack(y, nc);
        if (_deterministic) return false;
        bool changed = false;
        for (int k = 0; k < nc; k++)
        {
            int i = _odeToComp[k];
            if (_net.Modes[i] == CompartmentMode.Dynamic && _counts[i] < _lower)
            {
                _continuous[i] = false;
                RoundToInteger(i);
                changed = true;
            }
        }
        if (changed) SwitchPartition(t);
        return changed;
    }

    private void SwitchPartition(double t)
    {
        if (_odeActive && _hazardIndex >= 0) _hazard = _ode.Y[_hazardIndex];
        Switches++;
        Repartition(t);
    }

    // ---------------------------------------------------------------------------------------
    // Firing
    // ---------------------------------------------------------------------------------------

    /// <summary>Fires discrete transition <paramref name="j"/> at <paramref name="t"/>; true when the partition changed.</summary>
    private bool Fire(CompartmentState state, int j, double t)
    {
        CompiledNetwork net = _net;
        bool switched = false;
        for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1]; c++)
        {
            int i = net.ChangeCompartments[c];
            double v = _counts[i] + net.ChangeAmounts[c];
            if (v < 0) v = 0; // a continuous amount below one unit loses its last fraction
            _counts[i] = v;
            int k = _compToOde[i];
            if (k >= 0) _ode.Y[k] = v;
            if (_deterministic || net.Modes[i] != CompartmentMode.Dynamic) continue;
            if (!_continuous[i] && v >= _upper) { _continuous[i] = true; switched = true; }
            else if (_continuous[i] && v < _lower) { _continuous[i] = false; RoundToInteger(i); switched = true; }
        }
        state.FiringCounts[j]++;
        state.Log?.Add(t, j, 1);
        DiscreteFirings++;
        _hazard = 0;
        _target = ExponentialZiggurat.Next(_random);
        if (_odeActive)
        {
            _ode.Y[_hazardIndex] = 0;
            _ode.Reset();
        }
        if (switched)
        {
            Switches++;
            Repartition(t);
            return true;
        }
        // Static discrete propensities that read a compartment j changed.
        if (net.ChangesSignalInput[j] || net.HasTimeDependentSignals) net.UpdateSignals(_counts, _parameters, t);
        for (int d = net.DependentOffsets[j]; d < net.DependentOffsets[j + 1]; d++)
        {
            int k = net.Dependents[d];
            if (!_isStatic[k]) continue;
            double a = EvaluateDiscrete(k, t);
            _staticTotal += a - _a[k];
            _a[k] = a;
        }
        if (!(_staticTotal > 0) || ++_sinceRebuild >= 4096)
        {
            _sinceRebuild = 0;
            _staticTotal = 0;
            for (int s = 0; s < _staticCount; s++) _staticTotal += _a[_staticDiscrete[s]];
        }
        return false;
    }

    private int _sinceRebuild;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double EvaluateDiscrete(int j, double t)
    {
        double a = _net.Propensity(j, _counts, _parameters, t);
        if (!(a >= 0 && a < double.PositiveInfinity)) throw _net.InvalidPropensity(j, t, a);
        if (a > 0 && _net.Kinds[j] == PropensityKind.Custom && !_net.ReactantsAvailable(j, _counts))
            throw new PropensityException(_net.TransitionNames[j], t, a, "is positive while its reactants are not available (a firing would make a count negative)");
        return a;
    }

    /// <summary>The right-hand side: mean-field rates of continuous transitions, and the discrete hazard rate.</summary>
    internal void Derivative(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        CompiledNetwork net = _net;
        double[] counts = _counts;
        int nc = _odeCompartments;
        for (int k = 0; k < nc; k++)
        {
            double v = y[k];
            counts[_odeToComp[k]] = v > 0 ? v : 0;
        }
        if (net.SignalCount > 0) net.UpdateSignals(counts, _parameters, t);
        dydt.Clear();
        for (int s = 0; s < _contCount; s++)
        {
            int j = _contTransitions[s];
            double a = net.Propensity(j, counts, _parameters, t);
            if (a == 0) continue; // most often an empty compartment (e.g. donor copies before a graft)
            if (!(a > 0 && a < double.PositiveInfinity)) throw net.InvalidPropensity(j, t, a);
            int end = net.ChangeOffsets[j + 1];
            for (int c = net.ChangeOffsets[j]; c < end; c++)
                dydt[_compToOde[net.ChangeCompartments[c]]] += net.ChangeAmounts[c] * a;
        }
        if (_hazardIndex >= 0)
        {
            double rate = _staticTotal;
            for (int v = 0; v < _varyingCount; v++)
            {
                int j = _varyingDiscrete[v];
                double a = net.Propensity(j, counts, _parameters, t);
                if (!(a >= 0 && a < double.PositiveInfinity)) throw net.InvalidPropensity(j, t, a);
                rate += a;
            }
            dydt[_hazardIndex] = rate;
        }
    }

    /// <summary>Devirtualised adapter for the integrator.</summary>
    private readonly struct Rhs(HybridSolver solver) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => solver.Derivative(timeDays, y, dydt);
    }
}
