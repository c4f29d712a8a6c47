using System.Diagnostics;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Kernel;
using Reconstitution.Randomness;
using Reconstitution.Validation;

namespace Reconstitution.Compartments;

/// <summary>
/// A running instance of a <see cref="ReactionNetwork"/>: its counts, parameters and time, and
/// the solver that advances them. Attach it to a kernel <c>Simulation</c> as an
/// <see cref="IStateAdvancer"/>; kernel events (a dose, an infusion, an observation) then read
/// and change counts and parameters at their exact time.
/// </summary>
/// <remarks>
/// <para>Not thread-safe: one system per patient, each with its own <see cref="RandomStream"/>.
/// The same network, options, seed and sequence of calls always give the same trajectory.</para>
/// <para>A change of counts or parameters invalidates the solver's caches, which are rebuilt on
/// the next advance; the pending waiting time is kept (it is exact by the memoryless property).
/// Access by index (<see cref="CompartmentIndex"/>, <see cref="ParameterIndex"/>) avoids a name lookup in
/// frequently run events.</para>
/// </remarks>
public sealed class CompartmentSystem : IStateAdvancer
{
    private readonly CompiledNetwork _network;
    private readonly CompartmentState _state;
    private readonly ICompartmentSolver _solver;
    private readonly bool _exact;

    /// <summary>Creates a system at time 0 with the network's initial counts and parameters, using the default options.</summary>
    /// <param name="network">The model.</param>
    /// <param name="random">The random stream this system draws from (not shared with anything else).</param>
    public CompartmentSystem(ReactionNetwork network, RandomStream random)
        : this(network, SolverOptions.Default, random)
    {
    }

    /// <summary>Creates a system with the network's initial counts and parameters.</summary>
    /// <param name="network">The model.</param>
    /// <param name="options">The solver and its tuning.</param>
    /// <param name="random">The random stream this system draws from (not shared with anything else).</param>
    /// <param name="startTimeDays">The time in days of the initial counts; match the kernel's start time (e.g. −7 for day −7 of conditioning).</param>
    /// <exception cref="NotSupportedException">The requested solver is not available.</exception>
    public CompartmentSystem(ReactionNetwork network, SolverOptions options, RandomStream random, double startTimeDays = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        Guard.Finite(startTimeDays, unit: "days");
        Network = network;
        Options = options;
        _network = network.Compiled;
        _state = new CompartmentState(_network, options.RecordFirings) { TimeDays = startTimeDays };
        SolverKind = SolverFactory.Resolve(options.Kind, _network, options);
        _exact = SolverKind is SolverKind.Direct or SolverKind.SortingDirect or SolverKind.CompositionRejection;
        for (int i = 0; i < _network.CompartmentCount; i++) CheckWhole(i, _state.Counts[i]);
        _solver = SolverFactory.Create(_network, options, random);
    }

    /// <summary>The model.</summary>
    public ReactionNetwork Network { get; }

    /// <summary>The solver (for tests and benchmarks of its internals).</summary>
    internal ICompartmentSolver Solver => _solver;

    /// <summary>The solver options.</summary>
    public SolverOptions Options { get; }

    /// <summary>The solver actually used (<see cref="SolverKind.Exact"/> resolved by network size).</summary>
    public SolverKind SolverKind { get; }

    /// <summary>The time in days the counts refer to.</summary>
    public double TimeDays => _state.TimeDays;

    /// <summary>The current counts, indexed like <see cref="ReactionNetwork.Compartments"/>; valid until the next advance or change.</summary>
    public ReadOnlySpan<double> Counts
    {
        get
        {
            _solver.CompleteCounts();
            return _state.Counts;
        }
    }

    /// <summary>
    /// The counts as the last advance left them, without writing the ones outside the compartments declared by
    /// <see cref="DeclareObserved"/> (those entries may be stale): for a reader that reads only declared compartments at
    /// every stop. Every other read goes through <see cref="Counts"/> or <see cref="GetCount(int)"/>, which see every count.
    /// </summary>
    internal ReadOnlySpan<double> ObservedCounts => _state.Counts;

    /// <summary>
    /// Declares the compartments read through <see cref="ObservedCounts"/> after each advance: the solver may then write
    /// only these (and what it reads itself) at a stop, and the others when something asks for them (any other read, a
    /// change of a count or a parameter). Without a declaration every count is written at every stop.
    /// </summary>
    /// <param name="observed">One flag per compartment; null to write every count again.</param>
    internal void DeclareObserved(bool[]? observed)
    {
        if (observed is not null && observed.Length != _network.CompartmentCount)
            throw new ArgumentException($"Expected {_network.CompartmentCount} flags (one per compartment), got {observed.Length}.", nameof(observed));
        _solver.DeclareObserved(observed);
    }

    /// <summary>
    /// Declares which compartments are one quantity for error control: compartments of one group (the same cell type of
    /// several origins, e.g. host and donor red cells of one age stage) add up to what a reader sees, so with
    /// <see cref="SolverOptions.OdeGroupErrorScale"/> a member that shrinks over an integrator step has its relative
    /// error measured against the group's total instead of its own count. Without a declaration every compartment is
    /// its own scale.
    /// </summary>
    /// <param name="groupOf">One entry per compartment: its group (0, 1, …) or −1 for none.</param>
    internal void DeclareToleranceGroups(int[] groupOf)
    {
        ArgumentNullException.ThrowIfNull(groupOf);
        if (groupOf.Length != _network.CompartmentCount)
            throw new ArgumentException($"Expected {_network.CompartmentCount} group entries (one per compartment), got {groupOf.Length}.", nameof(groupOf));
        foreach (int g in groupOf)
            if (g < -1) throw new ArgumentOutOfRangeException(nameof(groupOf), g, "A tolerance group is −1 (none) or a non-negative group number.");
        _solver.DeclareToleranceGroups(groupOf);
    }

    /// <summary>Changes whenever <see cref="Counts"/> may have changed (an advance, a set): lets a reader cache what it derives from them.</summary>
    internal long CountsVersion { get; private set; }

    /// <summary>The current parameter values, indexed like <see cref="ReactionNetwork.Parameters"/>.</summary>
    public ReadOnlySpan<double> Parameters => _state.Parameters.AsSpan(0, _network.ParameterCount);

    /// <summary>Firings per transition since time 0, indexed like <see cref="ReactionNetwork.Transitions"/>.</summary>
    public ReadOnlySpan<long> FiringCounts => _state.FiringCounts;

    /// <summary>The total number of firings since time 0.</summary>
    public long TotalFirings
    {
        get
        {
            long sum = 0;
            foreach (long n in _state.FiringCounts) sum += n;
            return sum;
        }
    }

    /// <summary>The log of every firing, or null unless <see cref="SolverOptions.RecordFirings"/> was set.</summary>
    public FiringLog? FiringLog => _state.Log;

    internal string[] CompartmentNames => _network.CompartmentNames;

    internal CompartmentState State
    {
        get
        {
            _solver.CompleteCounts();
            return _state;
        }
    }

    /// <summary>The index of a compartment, for fast access in events that run often.</summary>
    /// <param name="name">The compartment name.</param>
    /// <returns>The index.</returns>
    /// <exception cref="ArgumentException">No compartment has that name.</exception>
    public int CompartmentIndex(string name) => Network.CompartmentIndex(name);

    /// <summary>The index of a parameter, for fast access in events that run often.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The index.</returns>
    /// <exception cref="ArgumentException">No parameter has that name.</exception>
    public int ParameterIndex(string name) => Network.ParameterIndex(name);

    /// <summary>The current count of a compartment.</summary>
    /// <param name="name">The compartment name.</param>
    /// <returns>The count.</returns>
    public double GetCount(string name) => Counts[CompartmentIndex(name)];

    /// <summary>The current count of a compartment.</summary>
    /// <param name="index">The compartment index.</param>
    /// <returns>The count.</returns>
    public double GetCount(int index) => Counts[CheckCompartment(index)];

    /// <summary>Sets the count of a compartment at the current time (e.g. cells infused or killed by an event).</summary>
    /// <param name="name">The compartment name.</param>
    /// <param name="count">The new count; finite and ≥ 0.</param>
    public void SetCount(string name, double count) => SetCount(CompartmentIndex(name), count);

    /// <summary>Sets the count of a compartment at the current time.</summary>
    /// <param name="index">The compartment index.</param>
    /// <param name="count">The new count; finite and ≥ 0, and a whole number when the solver is exact.</param>
    /// <exception cref="ArgumentException">The count is fractional and the solver is exact.</exception>
    public void SetCount(int index, double count)
    {
        CheckCompartment(index);
        CheckCount(index, count);
        CheckWhole(index, count);
        _solver.CompleteCounts();   // the solver restarts from every count
        _state.Counts[index] = count;
        CountsVersion++;
        _solver.Invalidate();
    }

    /// <summary>
    /// Sets the counts of several compartments at the current time as one change (a kill over a group of compartments):
    /// <paramref name="values"/>[k] becomes the count of <paramref name="indices"/>[k]. Every index and value is checked before
    /// any is written, and the solver is told once; the same as <see cref="SetCount(int, double)"/> for each in turn.
    /// </summary>
    /// <param name="indices">Compartment indices.</param>
    /// <param name="values">One new count per index; finite and ≥ 0, and whole numbers when the solver is exact.</param>
    /// <exception cref="ArgumentException">The spans differ in length, or a count is fractional and the solver is exact.</exception>
    internal void SetCounts(ReadOnlySpan<int> indices, ReadOnlySpan<double> values)
    {
        if (indices.Length != values.Length)
            throw new ArgumentException($"Expected one count per index ({indices.Length}), got {values.Length}.", nameof(values));
        if (indices.Length == 0) return;
        for (int k = 0; k < indices.Length; k++)
        {
            int i = CheckCompartment(indices[k]);
            CheckCount(i, values[k]);
            CheckWhole(i, values[k]);
        }
        _solver.CompleteCounts();   // the solver restarts from every count
        var counts = _state.Counts;
        for (int k = 0; k < indices.Length; k++) counts[indices[k]] = values[k];
        CountsVersion++;
        _solver.Invalidate();
    }

    /// <summary>Adds <paramref name="delta"/> to the count of a compartment (negative to remove); the result must stay ≥ 0.</summary>
    /// <param name="name">The compartment name.</param>
    /// <param name="delta">The change in count.</param>
    public void AddToCount(string name, double delta) => AddToCount(CompartmentIndex(name), delta);

    /// <summary>Adds <paramref name="delta"/> to the count of a compartment (negative to remove); the result must stay ≥ 0.</summary>
    /// <param name="index">The compartment index.</param>
    /// <param name="delta">The change in count.</param>
    public void AddToCount(int index, double delta)
    {
        CheckCompartment(index);
        Guard.Finite(delta);
        SetCount(index, GetCount(index) + delta);
    }

    /// <summary>Replaces all counts at once.</summary>
    /// <param name="counts">One count per compartment, in index order; each finite and ≥ 0.</param>
    /// <exception cref="ArgumentException">The length differs from the number of compartments.</exception>
    public void SetCounts(ReadOnlySpan<double> counts)
    {
        if (counts.Length != _network.CompartmentCount)
            throw new ArgumentException($"Expected {_network.CompartmentCount} counts (one per compartment), got {counts.Length}.", nameof(counts));
        for (int i = 0; i < counts.Length; i++)
        {
            CheckCount(i, counts[i]);
            CheckWhole(i, counts[i]);
        }
        _solver.CompleteCounts();   // nothing left to write later over these
        counts.CopyTo(_state.Counts);
        CountsVersion++;
        _solver.Invalidate();
    }

    /// <summary>The current value of a parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value.</returns>
    public double GetParameter(string name) => _state.Parameters[ParameterIndex(name)];

    /// <summary>The current value of a parameter.</summary>
    /// <param name="index">The parameter index.</param>
    /// <returns>The value.</returns>
    public double GetParameter(int index) => _state.Parameters[CheckParameter(index)];

    /// <summary>Sets a parameter at the current time (e.g. a drug changes a rate); rates change from now on.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The new value: finite; ≥ 0 for a rate constant, &gt; 0 for a Hill constant.</param>
    public void SetParameter(string name, double value) => SetParameter(ParameterIndex(name), value);

    /// <summary>Sets a parameter at the current time.</summary>
    /// <param name="index">The parameter index.</param>
    /// <param name="value">The new value: finite; ≥ 0 for a rate constant, &gt; 0 for a Hill constant.</param>
    public void SetParameter(int index, double value)
    {
        CheckParameter(index);
        _network.CheckParameterValue(index, value);
        _solver.CompleteCounts();   // the solver restarts from every count
        _state.Parameters[index] = value;
        _solver.InvalidateParameters();
    }

    /// <summary>Firings of one transition since time 0.</summary>
    /// <param name="transition">The transition name.</param>
    /// <returns>The number of firings.</returns>
    public long FiringCount(string transition) => _state.FiringCounts[Network.TransitionIndex(transition)];

    /// <summary>Advances the counts from <see cref="TimeDays"/> to <paramref name="timeDays"/>.</summary>
    /// <param name="timeDays">The target time in days; finite and ≥ <see cref="TimeDays"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The target is earlier than the current time or not finite.</exception>
    /// <exception cref="PropensityException">A propensity became invalid; the state is left at the time of the failure.</exception>
    public void AdvanceTo(double timeDays)
    {
        if (!(timeDays >= _state.TimeDays) || double.IsPositiveInfinity(timeDays))
            throw Guard.OutOfRange(nameof(timeDays), timeDays, $"[{_state.TimeDays:R}, +∞) (not before the current time)", "days");
        if (timeDays == _state.TimeDays) return;
        CountsVersion++;
        _solver.AdvanceTo(_state, timeDays);
    }

    /// <summary>Advances through a grid of times and records the counts at each.</summary>
    /// <param name="gridDays">Sample times in days, non-decreasing, none before <see cref="TimeDays"/>.</param>
    /// <returns>The counts at the grid times.</returns>
    /// <exception cref="ArgumentException">The grid is decreasing somewhere or starts before the current time.</exception>
    public Trajectory Observe(ReadOnlySpan<double> gridDays)
    {
        double previous = _state.TimeDays;
        for (int i = 0; i < gridDays.Length; i++)
        {
            if (!(gridDays[i] >= previous) || !double.IsFinite(gridDays[i]))
                throw new ArgumentException($"Grid time {i} is {gridDays[i]:R} days; grid times must be finite, non-decreasing and not before the current time {_state.TimeDays:R} days.", nameof(gridDays));
            previous = gridDays[i];
        }
        var recorder = new TrajectoryRecorder(this, gridDays.Length);
        foreach (double t in gridDays)
        {
            AdvanceTo(t);
            recorder.Record();
        }
        return recorder.ToTrajectory();
    }

    /// <summary>Creates a recorder that samples this system whenever its <see cref="TrajectoryRecorder.Record"/> is called (e.g. from a kernel observation event).</summary>
    /// <param name="capacity">The expected number of samples (storage grows as needed).</param>
    /// <returns>A new recorder.</returns>
    public TrajectoryRecorder CreateRecorder(int capacity = 64) => new(this, capacity);

    /// <summary>Throws unless a compartment's new count is finite and ≥ 0; the message names the compartment (built only when it throws).</summary>
    private void CheckCount(int index, double count)
    {
        if (!(count >= 0) || double.IsPositiveInfinity(count)) Guard.NonNegative(count, $"count of compartment {_network.CompartmentNames[index]}");
    }

    /// <summary>
    /// Exact solvers fire whole units, so a fractional count would let a first-order transition
    /// fire from 0.3 cells to −0.7: reject it rather than produce a wrong trajectory.
    /// </summary>
    private void CheckWhole(int index, double count)
    {
        if (_exact && count != Math.Floor(count))
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Compartment '{_network.CompartmentNames[index]}': count {count:R} is not a whole number; the exact solver ({SolverKind}) needs whole counts (round, e.g. Math.Round, before setting)."), "count");
    }

    // One unsigned comparison inline; the exception (Guard's, as before) is built in a method of its own, called only when it throws.
    private int CheckCompartment(int index)
    {
        if ((uint)index >= (uint)_network.CompartmentCount) ThrowIndexOutOfRange(index, _network.CompartmentCount);
        return index;
    }

    private int CheckParameter(int index)
    {
        if ((uint)index >= (uint)_network.ParameterCount) ThrowIndexOutOfRange(index, _network.ParameterCount);
        return index;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowIndexOutOfRange(int index, int count)
    {
        Guard.InRange(index, 0, count - 1, nameof(index));
        throw new UnreachableException();
    }
}
