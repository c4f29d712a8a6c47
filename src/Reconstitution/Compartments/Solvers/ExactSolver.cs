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
/// by integrating their hazards, as in Anderson's modified next reaction method (J Chem Phys 2007):
/// each time-dependent transition k has its own clock, a unit-exponential target Pₖ and the
/// hazard ∫aₖ accumulated towards it; it fires at the τ where the accumulated hazard reaches Pₖ.
/// The time-homogeneous transitions form one more channel with constant total a_c between
/// firings, selected by <typeparamref name="TSelector"/>. Because aₖ depends on counts only through
/// its declared inputs, a firing that does not change them leaves k's predicted firing time
/// valid: only the clocks of the time-dependent transitions that read a changed compartment are
/// brought up to date (with the old counts) and searched again. Integrals use 5-point
/// Gauss–Legendre panels, halved until two half-panels agree to
/// <see cref="SolverOptions.HazardRelativeTolerance"/>; roots use safeguarded Newton iteration.</para>
/// <para><b>Generated code.</b> For the direct method on a small time-homogeneous network, the common firings run in a
/// loop compiled for the network (<see cref="DirectMethodCompiler"/>: counts and propensities in locals, each firing's
/// updates written out) instead of the array-driven <c>FastFirings</c>; both do the same arithmetic in the same order,
/// so the path is the same either way.</para>
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
    private readonly int[] _changeOffsets;        // per transition: its net changes (CSR into _changes)
    private readonly Change[] _changes;
    private readonly int[] _dependentOffsets;     // dependency graph without time-dependent transitions (CSR into _dependents)
    private readonly Dependent[] _dependents;
    private readonly FastTransition[] _fastTransitions; // per transition, for FastFirings: its ranges in _changes and _dependents in one record
    private readonly int[] _timeDependent;          // transition index of each time-dependent transition
    private readonly int[] _timeDependentDependentOffsets; // transition j → time-dependent transitions (positions in _timeDependent) whose inputs j changes
    private readonly int[] _timeDependentDependents;
    private readonly double[] _clock;               // per time-dependent transition: time its hazard is integrated up to
    private readonly double[] _target;              // … unit-exponential hazard still to accumulate from _clock before it fires
    private readonly double[] _next;                // … its firing time if found before the current end, else +∞
    private readonly double[] _searchEnd;           // … when _next is +∞: the end searched to
    private readonly double[] _searchHazard;        // … and the hazard from _clock to that end
    private readonly double[] _panelWidth;          // … width of the narrowest quadrature panel its last search accepted
    private readonly bool _hasCustom;
    private readonly bool _generate;                // the direct method may run a loop generated for the network
    private DirectMethodCode? _generated;           // … that loop (or none) for the current Hill coefficients, once asked for
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
        int m = _timeDependent.Length;
        _clock = new double[m];
        _target = new double[m];
        _next = new double[m];
        _searchEnd = new double[m];
        _searchHazard = new double[m];
        _panelWidth = new double[m];
        var position = new int[network.TransitionCount];
        Array.Fill(position, -1);
        for (int i = 0; i < m; i++) position[_timeDependent[i]] = i;
        var tdOffsets = new int[network.TransitionCount + 1];
        var tdDependents = new List<int>();
        var offsets = new int[network.TransitionCount + 1];
        var dependents = new List<Dependent>(network.Dependents.Length);
        for (int j = 0; j < network.TransitionCount; j++)
        {
            for (int d = network.DependentOffsets[j]; d < network.DependentOffsets[j + 1]; d++)
            {
                int k = network.Dependents[d];
                if (!network.TimeDependent[k]) dependents.Add(Dependent.For(network, k));
                else if (k != j) tdDependents.Add(position[k]);
            }
            offsets[j + 1] = dependents.Count;
            tdOffsets[j + 1] = tdDependents.Count;
        }
        _timeDependentDependentOffsets = tdOffsets;
        _timeDependentDependents = [.. tdDependents];
        _dependentOffsets = offsets;
        _dependents = [.. dependents];
        _changeOffsets = network.ChangeOffsets;
        _fastTransitions = new FastTransition[network.TransitionCount];
        for (int j = 0; j < network.TransitionCount; j++)
        {
            bool fast = !network.ChangesSignalInput[j];
            for (int d = offsets[j]; d < offsets[j + 1]; d++) fast &= _dependents[d].Simple;
            _fastTransitions[j] = new FastTransition(_changeOffsets[j], _changeOffsets[j + 1], offsets[j], offsets[j + 1], fast);
        }
        _changes = new Change[network.ChangeCompartments.Length];
        for (int c = 0; c < _changes.Length; c++) _changes[c] = new Change(network.ChangeCompartments[c], network.ChangeAmounts[c]);
        foreach (var kind in network.Kinds) _hasCustom |= kind == PropensityKind.Custom;
        _generate = options.GenerateCode && typeof(TSelector) == typeof(DirectSelector) && m == 0
            && network.TransitionCount <= DirectMethodCompiler.MaxTransitions;
        _selector = default;
        _selector.Initialize(_a);
        _remaining = ExponentialZiggurat.Next(random);
        for (int i = 0; i < m; i++) _target[i] = ExponentialZiggurat.Next(random);
    }

    /// <summary>Total firings this solver has simulated (for benchmarks).</summary>
    public long Firings { get; private set; }

    /// <summary>a₀ and the unit-exponential hazard still to accumulate before the next firing: for tests comparing paths bit for bit.</summary>
    internal (double Total, double Remaining) Clock => (_selector.Total, _remaining);

    /// <summary>The propensities of the time-homogeneous transitions, for the same tests.</summary>
    internal ReadOnlySpan<double> Propensities => _a;

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
        if (typeof(TSelector) == typeof(DirectSelector))
        {
            AdvanceDirect(state, end);
            return;
        }
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

    /// <summary>
    /// <see cref="AdvanceHomogeneous"/> for the direct method. The common firing (a transition whose dependents are all
    /// plain mass action and which changes no signal input, the usual Exp(1) draw) runs in <see cref="FastFirings"/>, a
    /// loop without calls whose state stays in registers, or in the loop generated for the network, which also fires
    /// transitions whose propensities carry Hill factors or signals; anything else returns here and is done by the general code.
    /// Draws the same numbers in the same order as the general loop.
    /// </summary>
    private void AdvanceDirect(CompartmentState state, double end)
    {
        ref DirectSelector selector = ref Unsafe.As<TSelector, DirectSelector>(ref _selector);
        double[] counts = state.Counts;
        double[] parameters = state.Parameters;
        var loop = new DirectLoop
        {
            Time = state.TimeDays,
            Remaining = _remaining,
            Total = selector.Total,
            Scale = _rebuildScale,
            SinceRebuild = _sinceRebuild,
        };
        bool logging = state.Log is not null;
        var generated = _generate && !logging ? Generated(parameters) : null;
        while (true)
        {
            var exit = logging ? DirectExit.Select
                : generated is not null ? RunGenerated(generated, ref loop, counts, parameters, state.FiringCounts, end)
                : FastFirings(ref loop, counts, parameters, state.FiringCounts, end);
            if (exit == DirectExit.End) break;
            if (exit == DirectExit.Invalid) ThrowFirstInvalid(loop.Time);
            if (exit == DirectExit.Rebuild)
            {
                // Periodically, and when a₀ is zero or so far below its largest value since the last rebuild that
                // the round-off of incremental updates could matter: recompute it from scratch.
                selector.SetTotal(loop.Total);
                selector.Rebuild();
                loop.Total = loop.Scale = selector.Total;
                loop.SinceRebuild = 0;
                if (!(loop.Total > 0)) break;
                continue;
            }
            if (exit == DirectExit.Draw)
            {
                loop.Remaining = ExponentialZiggurat.Finish(_random, loop.Bits);
                continue;
            }

            // One firing by the general code: at the time FastFirings reached, or from here when logging.
            if (exit == DirectExit.Select)
            {
                double total = loop.Total;
                if (total > loop.Scale) loop.Scale = total;
                else if (!(total > loop.Scale * RebuildDrop) || loop.SinceRebuild >= RebuildInterval)
                {
                    selector.SetTotal(total);
                    selector.Rebuild();
                    loop.Total = loop.Scale = selector.Total;
                    loop.SinceRebuild = 0;
                    if (!(loop.Total > 0)) break;
                    continue;
                }
                if (loop.Remaining > total * (end - loop.Time))
                {
                    loop.Remaining = Math.Max(0, loop.Remaining - total * (end - loop.Time));
                    break;
                }
                loop.Time += loop.Remaining / total;
                selector.SetTotal(total);
                loop.Transition = selector.Select(_random);
            }
            if (loop.Transition < 0)
            {
                // Round-off left a₀ above the sum of the propensities: rebuild and select again.
                selector.Rebuild();
                loop.Total = loop.Scale = selector.Total;
                loop.SinceRebuild = 0;
                if (!(loop.Total > 0)) break;
                loop.Transition = selector.Select(_random);
                if (loop.Transition < 0) throw new InvalidOperationException("Internal error: the exact SSA could not select a transition after rebuilding a₀.");
            }
            int j = loop.Transition;
            selector.SetTotal(loop.Total);
            Fire(j, counts, parameters, loop.Time);
            loop.Total = selector.Total;
            state.FiringCounts[j]++;
            state.Log?.Add(loop.Time, j, 1);
            loop.Firings++;
            loop.SinceRebuild++;
            loop.Remaining = ExponentialZiggurat.Next(_random);
        }
        selector.SetTotal(loop.Total);
        _rebuildScale = loop.Scale;
        _sinceRebuild = loop.SinceRebuild;
        _remaining = loop.Remaining;
        Firings += loop.Firings;
        state.TimeDays = end;
    }

    /// <summary>The loop generated for this network and the current Hill coefficients, compiled (or taken from the cache) when first needed; null if none.</summary>
    private GeneratedFirings? Generated(double[] parameters)
    {
        if (_generated is null || !_generated.Holds(parameters)) _generated = DirectMethodCompiler.For(_network, parameters);
        return _generated.Run;
    }

    /// <summary><see cref="FastFirings"/> by the generated loop: the same contract, with the generator's state passed by reference.</summary>
    private DirectExit RunGenerated(GeneratedFirings generated, ref DirectLoop loop, double[] counts, double[] parameters, long[] fired, double end)
    {
        XoshiroState random = _random.SaveState();
        var exit = generated(ref loop, ref random, counts, _a, parameters, fired, end);
        _random.RestoreState(random);
        return exit;
    }

    /// <summary>Runs common firings until one needs the general code; no calls, so its state stays in registers.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private DirectExit FastFirings(ref DirectLoop loop, double[] counts, double[] parameters, long[] fired, double end)
    {
        // The generator's state in a local, so that it stays in registers; written back at every exit.
        XoshiroState random = _random.SaveState();
        double[] propensities = _a;
        Change[] changes = _changes;
        Dependent[] dependents = _dependents;
        FastTransition[] transitions = _fastTransitions;
        double t = loop.Time, remaining = loop.Remaining, total = loop.Total, scale = loop.Scale;
        int sinceRebuild = loop.SinceRebuild;
        long firings = loop.Firings;
        bool valid = true;
        DirectExit exit;
        while (true)
        {
            if (total > scale) scale = total;
            else if (!(total > scale * RebuildDrop) || sinceRebuild >= RebuildInterval)
            {
                exit = DirectExit.Rebuild;
                break;
            }
            // remaining > a₀·(end − t) rather than remaining/a₀ > end − t: keeps the division off the critical path.
            if (remaining > total * (end - t))
            {
                remaining = Math.Max(0, remaining - total * (end - t));
                exit = DirectExit.End;
                break;
            }
            double target = random.NextUniform() * total;
            double sum = 0;
            int j = 0;
            for (; j < propensities.Length; j++)
            {
                sum += propensities[j];
                if (target <= sum && propensities[j] > 0) break;
            }
            t += remaining / total;
            if (j == propensities.Length || !transitions[j].Fast)
            {
                // Round-off (no transition found: −1) or a firing for the general code.
                loop.Transition = j == propensities.Length ? -1 : j;
                exit = DirectExit.Fire;
                break;
            }

            ref readonly FastTransition transition = ref transitions[j];
            for (int c = transition.ChangeStart; c < transition.ChangeEnd; c++)
            {
                ref readonly Change change = ref changes[c];
                counts[change.Compartment] += change.Amount;
            }
            for (int d = transition.DependentStart; d < transition.DependentEnd; d++)
            {
                ref readonly Dependent dependent = ref dependents[d];
                int k = dependent.Transition;
                double a = dependent.Evaluate(counts, parameters);
                valid &= a >= 0 && a < double.PositiveInfinity;
                total += a - propensities[k];
                propensities[k] = a;
            }
            fired[j]++;
            firings++;
            sinceRebuild++;
            if (!valid)
            {
                exit = DirectExit.Invalid;
                break;
            }
            if (!ExponentialZiggurat.TryNextFast(ref random, out remaining, out ulong bits))
            {
                loop.Bits = bits;
                exit = DirectExit.Draw;
                break;
            }
        }
        _random.RestoreState(random);
        loop.Time = t;
        loop.Remaining = remaining;
        loop.Total = total;
        loop.Scale = scale;
        loop.SinceRebuild = sinceRebuild;
        loop.Firings = firings;
        return exit;
    }

    /// <summary>Applies the net change of <paramref name="j"/> and re-evaluates its dependents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Fire(int j, double[] counts, double[] parameters, double t)
    {
        Change[] changes = _changes;
        int end = _changeOffsets[j + 1];
        for (int c = _changeOffsets[j]; c < end; c++)
        {
            ref readonly Change change = ref changes[c];
            counts[change.Compartment] += change.Amount;
        }
        if (_network.ChangesSignalInput[j]) _network.UpdateSignals(counts, parameters, t);
        Dependent[] dependents = _dependents;
        double[] propensities = _a;
        int dEnd = _dependentOffsets[j + 1];
        for (int d = _dependentOffsets[j]; d < dEnd; d++)
        {
            ref readonly Dependent dependent = ref dependents[d];
            int k = dependent.Transition;
            double a;
            if (dependent.Simple)
            {
                a = dependent.Evaluate(counts, parameters);
                if (!(a >= 0 && a < double.PositiveInfinity)) throw _network.InvalidPropensity(k, t, a);
            }
            else
            {
                a = Evaluate(k, counts, parameters, t);
            }
            double old = propensities[k];
            propensities[k] = a;
            _selector.Update(k, old, a);
        }
    }

    /// <summary>A net change of a transition: add <see cref="Amount"/> to compartment <see cref="Compartment"/>.</summary>
    private readonly record struct Change(int Compartment, double Amount);

    /// <summary>A transition's ranges in the change and dependent arrays, and whether <see cref="FastFirings"/> can fire it: one record read per firing instead of four offset reads.</summary>
    /// <param name="ChangeStart">First of its net changes in the change array.</param>
    /// <param name="ChangeEnd">One past its last net change.</param>
    /// <param name="DependentStart">First of its dependents in the dependent array.</param>
    /// <param name="DependentEnd">One past its last dependent.</param>
    /// <param name="Fast">It changes no signal input and all its dependents are plain mass action.</param>
    private readonly record struct FastTransition(int ChangeStart, int ChangeEnd, int DependentStart, int DependentEnd, bool Fast);

    /// <summary>
    /// A transition to re-evaluate after a firing. Constant, first-order and distinct second-order mass action without
    /// Hill factors or signals are <see cref="Simple"/>: k·x·y with an absent reactant read as 1 (its compartment index
    /// is then 0 and its <c>Present</c> weight 0); anything else goes through <see cref="CompiledNetwork.Propensity"/>.
    /// </summary>
    private readonly struct Dependent
    {
        public readonly int Transition;
        public readonly int Rate;
        public readonly int Argument0, Argument1;
        public readonly double Present0, Present1;
        public readonly bool Simple;

        private Dependent(int transition, int rate, int argument0, int argument1, bool simple)
        {
            Transition = transition;
            Rate = rate;
            Simple = simple;
            Argument0 = Math.Max(argument0, 0);
            Argument1 = Math.Max(argument1, 0);
            Present0 = argument0 >= 0 ? 1 : 0;
            Present1 = argument1 >= 0 ? 1 : 0;
        }

        /// <summary>
        /// k·x·y of a <see cref="Simple"/> transition: absent reactants read as x·0 + 1, so no branch on the kind. The
        /// rate is folded into the first factor, fma(x, k·p, k·(1 − p)) with p ∈ {0, 1}, which rounds exactly as k·x
        /// (or k) does but leaves one multiplication fewer between a count's change and the new a₀.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Evaluate(double[] counts, double[] parameters)
        {
            double k = parameters[Rate];
            return Math.FusedMultiplyAdd(counts[Argument0], k * Present0, k * (1 - Present0))
                * Math.FusedMultiplyAdd(counts[Argument1], Present1, 1 - Present1);
        }

        public static Dependent For(CompiledNetwork network, int k)
        {
            bool plain = network.HillOffsets[k] == network.HillOffsets[k + 1] && network.ModulatorOffsets[k] == network.ModulatorOffsets[k + 1];
            return network.Kinds[k] switch
            {
                PropensityKind.Constant when plain => new(k, network.RateParameters[k], -1, -1, true),
                PropensityKind.FirstOrder when plain => new(k, network.RateParameters[k], network.Argument0[k], -1, true),
                PropensityKind.SecondOrderDistinct when plain => new(k, network.RateParameters[k], network.Argument0[k], network.Argument1[k], true),
                _ => new(k, 0, -1, -1, false),
            };
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowFirstInvalid(double t)
    {
        for (int k = 0; k < _a.Length; k++)
            if (!(_a[k] >= 0 && _a[k] < double.PositiveInfinity)) throw _network.InvalidPropensity(k, t, _a[k]);
        throw new InvalidOperationException("Internal error: an invalid propensity was reported but none was found.");
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
    // Time-dependent rates: one integrated-hazard clock per time-dependent transition.
    // ------------------------------------------------------------------------------------------

    private void AdvanceInhomogeneous(CompartmentState state, double end)
    {
        double[] counts = state.Counts;
        double[] parameters = state.Parameters;
        double t = state.TimeDays;
        double remaining = _remaining;
        int m = _timeDependent.Length;
        // Every clock is at t (the end of the previous advance, or the start); events may have
        // changed counts or parameters since, so search each afresh.
        for (int i = 0; i < m; i++)
        {
            _clock[i] = t;
            Search(i, counts, parameters, t, end);
        }
        while (true)
        {
            double ac = _selector.Total;
            if (ac > _rebuildScale) _rebuildScale = ac;
            else if (!(ac > _rebuildScale * RebuildDrop))
            {
                Rebuild();
                ac = Math.Max(0, _selector.Total);
            }
            double homogeneousTime = ac > 0 ? t + remaining / ac : double.PositiveInfinity;
            int first = -1;
            double firstTime = double.PositiveInfinity;
            for (int i = 0; i < m; i++)
            {
                if (_next[i] < firstTime)
                {
                    firstTime = _next[i];
                    first = i;
                }
            }
            double next = Math.Min(homogeneousTime, firstTime);
            if (!(next <= end))
            {
                remaining = Math.Max(0, remaining - ac * (end - t));
                break;
            }

            int j = -1;
            if (homogeneousTime <= firstTime)
            {
                j = _selector.Select(_random);
                if (j < 0)
                {
                    Rebuild();
                    if (_selector.Total > 0) j = _selector.Select(_random);
                    if (j < 0)
                    {
                        // a_c was only round-off residue: no homogeneous firing; retry from here.
                        remaining = ExponentialZiggurat.Next(_random);
                        continue;
                    }
                }
                t = next;
                remaining = ExponentialZiggurat.Next(_random);
            }
            else
            {
                remaining = Math.Max(0, remaining - ac * (next - t));
                t = next;
                j = _timeDependent[first];
                _target[first] = ExponentialZiggurat.Next(_random);
                _clock[first] = t;
            }

            // Bring the clocks of the time-dependent transitions whose inputs j changes up to t
            // with the counts that held until now, then fire, then search them again.
            int dEnd = _timeDependentDependentOffsets[j + 1];
            for (int d = _timeDependentDependentOffsets[j]; d < dEnd; d++)
            {
                int i = _timeDependentDependents[d];
                _target[i] = Math.Max(0, _target[i] - Integrate(i, counts, parameters, _clock[i], t));
                _clock[i] = t;
            }
            Fire(j, counts, parameters, t);
            state.FiringCounts[j]++;
            state.Log?.Add(t, j, 1);
            Firings++;
            for (int d = _timeDependentDependentOffsets[j]; d < dEnd; d++) Search(_timeDependentDependents[d], counts, parameters, t, end);
            if (first >= 0 && j == _timeDependent[first]) Search(first, counts, parameters, t, end);
            if (++_sinceRebuild >= RebuildInterval) Rebuild();
        }

        // Every clock to the end time, so the next advance starts from a common time whatever
        // events change in between.
        for (int i = 0; i < m; i++)
        {
            double hazard = _next[i] == double.PositiveInfinity && _searchEnd[i] == end
                ? _searchHazard[i]
                : Integrate(i, counts, parameters, _clock[i], end);
            _target[i] = Math.Max(0, _target[i] - hazard);
            _clock[i] = end;
        }
        _remaining = remaining;
        state.TimeDays = end;
    }

    /// <summary>aₖ(s) of the i-th time-dependent transition (its time-dependent signals evaluated at s first).</summary>
    private double RateOf(int i, double[] counts, double[] parameters, double s)
    {
        int j = _timeDependent[i];
        if (_network.HasTimeDependentSignals && _network.ModulatorOffsets[j] != _network.ModulatorOffsets[j + 1])
            _network.UpdateSignals(counts, parameters, s);
        return Evaluate(j, counts, parameters, s);
    }

    private double Gauss(int i, double[] counts, double[] parameters, double from, double width)
    {
        double half = 0.5 * width, mid = from + half, sum = 0;
        for (int g = 0; g < GaussNodes.Length; g++) sum += GaussWeights[g] * RateOf(i, counts, parameters, mid + half * GaussNodes[g]);
        return sum * half;
    }

    /// <summary>∫ over [from, from+h] of the i-th hazard, halving h until two half-panels agree.</summary>
    private double Panel(int i, double[] counts, double[] parameters, double from, ref double h)
    {
        double minimum = 1e-13 * Math.Max(1, Math.Abs(from));
        while (true)
        {
            double whole = Gauss(i, counts, parameters, from, h);
            double halves = Gauss(i, counts, parameters, from, 0.5 * h) + Gauss(i, counts, parameters, from + 0.5 * h, 0.5 * h);
            if (Math.Abs(whole - halves) <= _hazardTolerance * Math.Abs(halves) + 1e-300 || h <= minimum) return halves;
            h *= 0.5;
        }
    }

    /// <summary>∫ from a to b of the i-th hazard with the current counts.</summary>
    private double Integrate(int i, double[] counts, double[] parameters, double a, double b)
    {
        if (!(b > a)) return 0;
        // An interval of the last search's region no wider than its narrowest accepted panel is
        // resolved by one Gauss rule as well as the search resolved it.
        if (b - a <= _panelWidth[i] && a >= _clock[i]) return Gauss(i, counts, parameters, a, b - a);
        double sum = 0, h = b - a;
        while (a < b)
        {
            h = Math.Min(h, b - a);
            sum += Panel(i, counts, parameters, a, ref h);
            a = h >= b - a ? b : a + h;
            h *= 2;
        }
        return sum;
    }

    /// <summary>
    /// Finds when the i-th clock, at <c>_clock[i]</c> = <paramref name="from"/> with
    /// <c>_target[i]</c> hazard to go, fires: the x with ∫_from^{from+x} aₖ = target, if before
    /// <paramref name="end"/>; otherwise records the hazard accumulated up to the end.
    /// </summary>
    private void Search(int i, double[] counts, double[] parameters, double from, double end)
    {
        double target = _target[i];
        double start = from;
        double rate = RateOf(i, counts, parameters, start);
        double h = rate > 0 ? 2 * target / rate : end - start;
        double accumulated = 0;
        double narrowest = double.PositiveInfinity;
        _panelWidth[i] = 0;
        while (start < end)
        {
            h = Math.Min(h, end - start);
            double hazard = Panel(i, counts, parameters, start, ref h);
            narrowest = Math.Min(narrowest, h);
            _panelWidth[i] = narrowest;
            if (accumulated + hazard < target)
            {
                accumulated += hazard;
                start = h >= end - start ? end : start + h;
                h *= 2;
                continue;
            }
            _next[i] = start + SolveInPanel(i, counts, parameters, start, h, target - accumulated, hazard);
            return;
        }
        _next[i] = double.PositiveInfinity;
        _searchEnd[i] = end;
        _searchHazard[i] = accumulated;
    }

    /// <summary>The x ∈ (0, h] with ∫_from^{from+x} aₖ = target, by safeguarded Newton iteration.</summary>
    private double SolveInPanel(int i, double[] counts, double[] parameters, double from, double h, double target, double hazardAtH)
    {
        double lo = 0, hi = h;
        double x = h * (target / hazardAtH);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double g = Gauss(i, counts, parameters, from, x) - target;
            if (Math.Abs(g) <= 1e-13 * target) break;
            if (g > 0) hi = x;
            else lo = x;
            double slope = RateOf(i, counts, parameters, from + x);
            double next = slope > 0 ? x - g / slope : double.NaN;
            x = next > lo && next < hi ? next : 0.5 * (lo + hi);
            if (hi - lo <= 1e-15 * Math.Max(1, Math.Abs(from))) break;
        }
        return x;
    }
}
