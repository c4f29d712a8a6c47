using System.Runtime.CompilerServices;
using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// An exact stochastic simulation algorithm (Gillespie 1977) with a dependency graph, generic in
/// how the next transition is selected (<see cref="DirectSelector"/>,
/// <see cref="SortingDirectSelector"/>, <see cref="CompositionRejectionSelector"/>).
/// </summary>
/// <remarks>
/// <para><b>Waiting times across calls.</b> The solver keeps the unit-exponential target E of
/// the next firing and the hazard accumulated towards it. When an advance ends before the next
/// firing, the remainder is carried into the next call; by the memoryless property the remainder
/// is again Exp(1) whatever a kernel event changes in between, so the result is exact and a grid
/// of observations does not perturb the path.</para>
/// <para><b>Time-dependent rates</b> (custom rates declared time-dependent) are simulated exactly
/// by integrating the hazard: the next firing is the time τ at which
/// a_c·τ + ∫ₜ^{t+τ} Σₖ aₖ(s) ds = E, where a_c is the (constant between firings) total of the
/// time-homogeneous transitions and aₖ the time-dependent ones; the firing transition is then
/// chosen with probability proportional to its propensity at t+τ. This is the first-reaction
/// law of a time-inhomogeneous Poisson process (the direct-method form of Anderson's 2007
/// modified next reaction method). The integral is computed by 5-point Gauss–Legendre panels
/// with step halving until two half-panels agree to <see cref="SolverOptions.HazardRelativeTolerance"/>,
/// and the root by safeguarded Newton iteration.</para>
/// <para><b>Round-off.</b> a₀ is updated incrementally and rebuilt from the propensity array every
/// <see cref="RebuildInterval"/> firings, or when it falls below <see cref="RebuildDrop"/> times its
/// largest value since the last rebuild.</para>
/// </remarks>
internal sealed class ExactSolver<TSelector> : ICompartmentSolver where TSelector : struct, IPropensitySelector
{
    /// <summary>Firings between rebuilds of a₀ from scratch.</summary>
    internal const int RebuildInterval = 1 << 16;

    /// <summary>
    /// a₀ is also rebuilt when it falls below this fraction of its largest value since the last
    /// rebuild: incremental updates accumulate round-off of order ε·max·(firings), so a total far
    /// below its maximum could otherwise be dominated by that residue.
    /// </summary>
    internal const double RebuildDrop = 1e-6;

    // Gauss–Legendre 5-point nodes and weights on [−1, 1].
    private static readonly double[] GaussNodes =
        [-0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831, 0.9061798459386640];
    private static readonly double[] GaussWeights =
        [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891];

    private readonly CompiledNetwork _network;
    private readonly RandomStream _random;
    private readonly double _hazardTolerance;
    private readonly double[] _a;                 // propensities of homogeneous transitions (0 for time-dependent ones)
    private readonly int[] _dependentOffsets;     // dependency graph without time-dependent transitions
    private readonly int[] _dependents;
    private readonly int[] _timeDependent;
    private readonly double[] _timeDependentA;
    private readonly bool _hasCustom;
    private TSelector _selector;
    private bool _valid;
    private double _remaining;                    // unit-exponential hazard still to accumulate before the next firing
    private int _sinceRebuild;
    private double _rebuildScale;

    public ExactSolver(CompiledNetwork network, SolverOptions options, RandomStream random)
    {
        _network = network;
        _random = random;
        _hazardTolerance = options.HazardRelativeTolerance;
        _a = new double[network.TransitionCount];
        _timeDependent = network.TimeDependentTransitions;
        _timeDependentA = new double[_timeDependent.Length];
        var offsets = new int[network.TransitionCount + 1];
        var dependents = new List<int>(network.Dependents.Length);
        for (int j = 0; j < network.TransitionCount; j++)
        {
            for (int d = network.DependentOffsets[j]; d < network.DependentOffsets[j + 1]; d++)
            {
                int k = network.Dependents[d];
                if (!network.TimeDependent[k]) dependents.Add(k);
            }
            offsets[j + 1] = dependents.Count;
        }
        _dependentOffsets = offsets;
        _dependents = [.. dependents];
        foreach (var kind in network.Kinds) _hasCustom |= kind == PropensityKind.Custom;
        _selector = default;
        _selector.Initialize(_a);
        _remaining = ExponentialZiggurat.Next(random);
    }

    /// <summary>Total firings this solver has simulated (for benchmarks).</summary>
    public long Firings { get; private set; }

    public void Invalidate() => _valid = false;

    public void AdvanceTo(CompartmentState state, double timeDays)
    {
        try
        {
            if (!_valid) Refresh(state);
            if (_timeDependent.Length == 0) AdvanceHomogeneous(state, timeDays);
            else AdvanceInhomogeneous(state, timeDays);
        }
        catch (PropensityException e)
        {
            // Leave the state at the failure: the counts already include the last firing.
            state.TimeDays = e.TimeDays;
            _valid = false;
            throw;
        }
    }

    private void Refresh(CompartmentState state)
    {
        double t = state.TimeDays;
        if (_network.SignalCount > 0) _network.UpdateSignals(state.Counts, state.Parameters, t);
        for (int j = 0; j < _a.Length; j++)
            _a[j] = _network.TimeDependent[j] ? 0 : Evaluate(j, state.Counts, state.Parameters, t);
        Rebuild();
        _valid = true;
    }

    private void Rebuild()
    {
        _selector.Rebuild();
        _sinceRebuild = 0;
        _rebuildScale = _selector.Total;
    }

    private void AdvanceHomogeneous(CompartmentState state, double end)
    {
        double[] counts = state.Counts;
        double[] parameters = state.Parameters;
        long[] fired = state.FiringCounts;
        FiringLog? log = state.Log;
        double t = state.TimeDays;
        double remaining = _remaining;
        long firings = 0;
        while (true)
        {
            double total = _selector.Total;
            if (total > _rebuildScale) _rebuildScale = total;
            else if (!(total > _rebuildScale * RebuildDrop))
            {
                // Possibly zero, or so far below its largest value since the last rebuild that the
                // round-off accumulated by incremental updates could matter.
                Rebuild();
                total = _selector.Total;
                if (!(total > 0)) break;
            }
            double dt = remaining / total;
            if (dt > end - t)
            {
                remaining = Math.Max(0, remaining - total * (end - t));
                break;
            }
            t += dt;
            int j = _selector.Select(_random);
            if (j < 0)
            {
                Rebuild();
                if (!(_selector.Total > 0)) break;
                j = _selector.Select(_random);
                if (j < 0) throw new InvalidOperationException("Internal error: the exact SSA could not select a transition after rebuilding a₀.");
            }
            Fire(j, counts, parameters, t);
            fired[j]++;
            log?.Add(t, j, 1);
            firings++;
            remaining = ExponentialZiggurat.Next(_random);
            if (++_sinceRebuild >= RebuildInterval) Rebuild();
        }
        _remaining = remaining;
        Firings += firings;
        state.TimeDays = end;
    }

    /// <summary>Applies the net change of <paramref name="j"/> and re-evaluates its dependents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Fire(int j, double[] counts, double[] parameters, double t)
    {
        CompiledNetwork net = _network;
        int end = net.ChangeOffsets[j + 1];
        for (int c = net.ChangeOffsets[j]; c < end; c++) counts[net.ChangeCompartments[c]] += net.ChangeAmounts[c];
        if (net.ChangesSignalInput[j]) net.UpdateSignals(counts, parameters, t);
        int dEnd = _dependentOffsets[j + 1];
        for (int d = _dependentOffsets[j]; d < dEnd; d++)
        {
            int k = _dependents[d];
            double old = _a[k];
            double a = Evaluate(k, counts, parameters, t);
            _a[k] = a;
            _selector.Update(k, old, a);
        }
    }

    /// <summary>Evaluates and checks a propensity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Evaluate(int k, double[] counts, double[] parameters, double t)
    {
        double a = _network.Propensity(k, counts, parameters, t);
        if (!(a >= 0 && a < double.PositiveInfinity)) throw _network.InvalidPropensity(k, t, a);
        if (_hasCustom && a > 0 && _network.Kinds[k] == PropensityKind.Custom && !_network.ReactantsAvailable(k, counts))
            throw new PropensityException(_network.TransitionNames[k], t, a, "is positive while its reactants are not available (a firing would make a count negative)");
        return a;
    }

    // ------------------------------------------------------------------------------------------
    // Time-dependent rates: integrate the hazard.
    // ------------------------------------------------------------------------------------------

    private void AdvanceInhomogeneous(CompartmentState state, double end)
    {
        double[] counts = state.Counts;
        double[] parameters = state.Parameters;
        double t = state.TimeDays;
        double remaining = _remaining;
        while (t < end)
        {
            double ac = _selector.Total;
            if (ac > _rebuildScale) _rebuildScale = ac;
            else if (!(ac > _rebuildScale * RebuildDrop))
            {
                Rebuild();
                ac = Math.Max(0, _selector.Total);
            }
            // Find the firing time: a_c·x + ∫ₜ^{t+x} A(s) ds = remaining, panel by panel.
            double start = t;
            double total0 = ac + TimeDependentTotal(counts, parameters, start);
            double h = total0 > 0 ? 2 * remaining / total0 : end - start;
            double eventTime = double.NaN;
            while (start < end)
            {
                h = Math.Min(h, end - start);
                double integral = PanelIntegral(counts, parameters, start, ac, ref h);
                double hazard = ac * h + integral;
                if (hazard < remaining)
                {
                    remaining -= hazard;
                    start = h >= end - start ? end : start + h;
                    h *= 2;
                    continue;
                }
                eventTime = start + SolveInPanel(counts, parameters, start, h, ac, remaining, hazard);
                break;
            }
            if (double.IsNaN(eventTime))
            {
                t = end;
                break;
            }

            // Which transition: homogeneous with probability a_c / a₀(τ), else a time-dependent one.
            t = eventTime;
            double timeDependentTotal = TimeDependentTotal(counts, parameters, t);
            double target = _random.NextUniform() * (ac + timeDependentTotal);
            int j = -1;
            if (target <= ac && ac > 0)
            {
                j = _selector.Select(_random);
                if (j < 0)
                {
                    // Round-off in the incremental total: rebuild; if the homogeneous total was
                    // only residue, the firing belongs to a time-dependent transition.
                    Rebuild();
                    if (_selector.Total > 0) j = _selector.Select(_random);
                }
            }
            if (j < 0)
            {
                double sum = ac;
                for (int i = 0; i < _timeDependent.Length; i++)
                {
                    sum += _timeDependentA[i];
                    if (target <= sum && _timeDependentA[i] > 0)
                    {
                        j = _timeDependent[i];
                        break;
                    }
                }
                if (j < 0)
                {
                    for (int i = _timeDependent.Length - 1; i >= 0; i--)
                        if (_timeDependentA[i] > 0) { j = _timeDependent[i]; break; }
                }
            }
            if (j < 0) throw new InvalidOperationException("Internal error: no transition could be selected at a hazard crossing.");
            Fire(j, counts, parameters, t);
            state.FiringCounts[j]++;
            state.Log?.Add(t, j, 1);
            Firings++;
            remaining = ExponentialZiggurat.Next(_random);
            if (++_sinceRebuild >= RebuildInterval) Rebuild();
        }
        _remaining = remaining;
        state.TimeDays = end;
    }

    /// <summary>Σₖ aₖ(s) over the time-dependent transitions (values kept in <see cref="_timeDependentA"/>).</summary>
    private double TimeDependentTotal(double[] counts, double[] parameters, double s)
    {
        double sum = 0;
        if (_network.HasTimeDependentSignals) _network.UpdateSignals(counts, parameters, s);
        for (int i = 0; i < _timeDependent.Length; i++)
        {
            double a = Evaluate(_timeDependent[i], counts, parameters, s);
            _timeDependentA[i] = a;
            sum += a;
        }
        return sum;
    }

    private double Gauss(double[] counts, double[] parameters, double from, double width)
    {
        double half = 0.5 * width, mid = from + half, sum = 0;
        for (int g = 0; g < GaussNodes.Length; g++) sum += GaussWeights[g] * TimeDependentTotal(counts, parameters, mid + half * GaussNodes[g]);
        return sum * half;
    }

    /// <summary>
    /// ∫ over [from, from+h] of the time-dependent hazard, halving h until the estimate is accurate
    /// relative to the total hazard a_c·h + ∫ (what determines the firing time).
    /// </summary>
    private double PanelIntegral(double[] counts, double[] parameters, double from, double ac, ref double h)
    {
        double minimum = 1e-13 * Math.Max(1, Math.Abs(from));
        while (true)
        {
            double whole = Gauss(counts, parameters, from, h);
            double halves = Gauss(counts, parameters, from, 0.5 * h) + Gauss(counts, parameters, from + 0.5 * h, 0.5 * h);
            if (Math.Abs(whole - halves) <= _hazardTolerance * (ac * h + Math.Abs(halves)) + 1e-300 || h <= minimum) return halves;
            h *= 0.5;
        }
    }

    /// <summary>The x ∈ (0, h] with a_c·x + ∫_from^{from+x} A = target, by safeguarded Newton iteration.</summary>
    private double SolveInPanel(double[] counts, double[] parameters, double from, double h, double ac, double target, double hazardAtH)
    {
        double lo = 0, hi = h;
        double x = h * (target / hazardAtH);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double g = ac * x + Gauss(counts, parameters, from, x) - target;
            if (Math.Abs(g) <= 1e-13 * target) break;
            if (g > 0) hi = x;
            else lo = x;
            double slope = ac + TimeDependentTotal(counts, parameters, from + x);
            double next = slope > 0 ? x - g / slope : double.NaN;
            x = next > lo && next < hi ? next : 0.5 * (lo + hi);
            if (hi - lo <= 1e-15 * Math.Max(1, from)) break;
        }
        return x;
    }
}
