using Reconstitution.Compartments;
using Reconstitution.Kernel;
using Reconstitution.Numerics;
using Reconstitution.Randomness;
using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// One simulated person: a <see cref="CompartmentSystem"/> running a <see cref="PhysiologyModel"/>,
/// with the hooks a treatment protocol calls at exact kernel event times (kills, drug-like extra death,
/// graft infusion, transfusion, G-CSF) and a daily readout trajectory.
/// </summary>
/// <remarks>
/// <para>Attach the patient to a kernel <see cref="Simulation"/> with <c>simulation.AddAdvancer(patient)</c>
/// (its start time must match the simulation's) and call the hooks from event callbacks or processes;
/// <see cref="ObserveDaily"/> records readouts once a day. Without a kernel, call <see cref="AdvanceTo"/>
/// or <see cref="RunTo"/> directly.</para>
/// <para>By default the hybrid solver runs with <see cref="DefaultSolverOptions"/>: stem cells and the
/// autoreactive clone are exact while small (extinction decides engraftment and cure), everything else is
/// integrated as the mean field.</para>
/// <para>Not thread-safe: one patient per thread, each with its own <see cref="RandomStream"/>. The same
/// model, seed and calls give the same trajectory.</para>
/// </remarks>
public sealed class Patient : IStateAdvancer
{
    /// <summary>Below this expected number of survivors a kill of a continuous compartment draws whole cells (binomially).</summary>
    private const double ThinningLimit = 1e6;

    private readonly RandomStream _random;
    private readonly ModelCatalogue _catalogue;
    private readonly ClinicalReadoutsPlan _readoutsPlan;
    private readonly int _donorUnits;                  // the catalogue's donor origins (read daily by Record)
    private ClinicalReadouts _readouts;
    private long _readoutsVersion = -1;                // the CountsVersion _readouts were computed at
    private readonly ClinicalReadoutsConstants _readoutsConstants; // the model's values the readouts use, read once

    /// <summary>Creates a patient at the model's untreated steady state.</summary>
    /// <param name="model">The patient's model.</param>
    /// <param name="random">The random stream of this patient (not shared).</param>
    /// <param name="options">Solver options; null for <see cref="DefaultSolverOptions"/>.</param>
    /// <param name="startTimeDays">The time in days of the initial state (e.g. −8 to start before conditioning).</param>
    public Patient(PhysiologyModel model, RandomStream random, SolverOptions? options = null, double startTimeDays = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        Model = model;
        _random = random;
        _catalogue = model.Catalogue;
        _readoutsPlan = model.Template.Readouts;
        _donorUnits = _catalogue.Donors.Count;
        _readoutsConstants = new ClinicalReadoutsConstants(model);
        System = new CompartmentSystem(model.Network, options ?? DefaultSolverOptions, random.Derive("solver"), startTimeDays);
        // The daily readouts read ≈ 50 of the ≈ 120 compartments: the solver writes those at each stop, the rest on demand.
        System.DeclareObserved(_readoutsPlan.Inputs);
        // Host and donor cells of one type add up in every readout: a shrinking member is held to the tolerance of the sum.
        System.DeclareToleranceGroups(_catalogue.ToleranceGroups);
    }

    /// <summary>
    /// The default solver: <see cref="SolverKind.Hybrid"/>; dynamic compartments (stem cells, the autoreactive clone)
    /// are exact below 100 cells and continuous above 200; the continuous part is integrated by
    /// <see cref="OdeMethod.StiffnessSwitching"/>: the stabilised Runge–Kutta–Chebyshev method while the course is busy
    /// (the G-CSF-like release loop makes blood neutrophils a −3.5 d⁻¹ mode that caps explicit Dormand–Prince steps at
    /// ≈ 1 day; RKC covers it with a few more stages, with strong damping for the granulopoiesis chain's weakly damped
    /// oscillatory modes), handing over to the L-stable Rosenbrock–W method in quiet phases, where those modes would cap
    /// RKC's steps at ≈ 7 days (docs/performance.md § The integrator's steps); relative tolerance 10⁻³ and absolute
    /// tolerance 1 cell.
    /// </summary>
    /// <remarks>
    /// One cell is the natural absolute scale of a count model: the continuous part stands for whole cells, and the mean
    /// field of a compartment holding N cells is itself only meaningful to about √N cells (its Poisson noise), more than
    /// one cell for every N &gt; 1; counts small enough for single cells to matter (stem cells, the autoreactive clone)
    /// are exact below 100 cells. A tighter absolute tolerance only bought sub-cell precision in compartments dying out
    /// (the host's blood lineages after donor engraftment, 10 to 10⁴ cells), which the readouts (10⁹–10¹² cells, donor
    /// chimerism in %) cannot see. Measured (benchmarks/results/cohort.md, session 9, absolute tolerance): against
    /// 10⁻² cells, evaluations per two-year patient −13 % (<c>allo-pbsc-mac</c>), −10 % (<c>cord-single-mac</c>),
    /// −4.5 % (<c>ric-flu-bu-atg</c>), −0.7 % (<c>auto-cy-atg</c>); the worst daily deviation of the blood counts from a
    /// tight Dormand–Prince course unchanged at the maximum over patients (medians +2 to +37 %, still below 1 %), donor
    /// chimerism within 0.1 percentage points, and the exact part's firing times as close to the reference as before,
    /// but for +0.024 d at the median in <c>ric-flu-bu-atg</c>. The hybrid solver holds its integrated hazard (in
    /// expected firings) to 1/128 of this tolerance, so the exact part is integrated more tightly than before.
    /// <para>The patient declares host and donor cells of one type as a tolerance group; with
    /// <see cref="SolverOptions.OdeGroupErrorScale"/> (off here: opt in with <c>DefaultSolverOptions with { OdeGroupErrorScale
    /// = true }</c>) a member that shrinks over a step is measured against the group's total, so the host's lineages dying
    /// out after an allogeneic graft no longer set the step size (session 10: −13 to −35 % evaluations in days 100–731,
    /// little CPU, slightly looser chimerism; see that option). Measured again in session 17 on top of the stiffness switch's
    /// stay pricing: fewer evaluation-equivalents, no lower CPU, so it stays off.</para>
    /// <para>An exact stem-cell firing that only nudges a signal the continuous part reads (a donor stem cell's renewal in the
    /// host-versus-graft target sum, a host stem cell's in the niche signal) keeps the integrator's step when its effect
    /// on the rest of the step is within a tenth of the tolerance (<see cref="SolverOptions.HybridDeferNegligibleRestarts"/>,
    /// on here since session 16: −25 % evaluations for the cord and <c>ric-flu-bu-atg</c>, outputs within sampling error).</para>
    /// </remarks>
    public static SolverOptions DefaultSolverOptions { get; } = new()
    {
        Kind = SolverKind.Hybrid,
        OdeMethod = OdeMethod.StiffnessSwitching,
        HybridSwitchMinimum = 200,
        OdeRelativeTolerance = 1e-3,
        OdeAbsoluteTolerance = 1,
        HybridDeferNegligibleRestarts = true,
    };

    /// <summary>The model this patient runs.</summary>
    public PhysiologyModel Model { get; }

    /// <summary>The running compartment system (counts, parameters, solver); internal: use the readouts and the hooks.</summary>
    internal CompartmentSystem System { get; }

    /// <summary>The current time in days.</summary>
    public double TimeDays => System.TimeDays;

    /// <summary>The readouts at the current time.</summary>
    /// <remarks>Computed once per state: the daily observation, the clinical course and supportive care read the same day's counts.</remarks>
    public ClinicalReadouts Readouts => CurrentReadouts;

    /// <summary>
    /// The readouts at the current time, by reference (the daily processes read them without copying their 18 values); valid
    /// until the counts change and the readouts are read again.
    /// </summary>
    internal ref readonly ClinicalReadouts CurrentReadouts
    {
        get
        {
            long version = System.CountsVersion;
            if (version != _readoutsVersion)
            {
                ClinicalReadouts.From(System.ObservedCounts, in _readoutsConstants, _readoutsPlan, out _readouts);
                _readoutsVersion = version;
            }
            return ref _readouts;
        }
    }

    /// <summary>The readouts recorded so far (<see cref="Record"/>, <see cref="RunTo"/>, <see cref="ObserveDaily"/>).</summary>
    public ReadoutTrajectory Trajectory { get; } = ReadoutTrajectory.WithoutStorage();

    /// <summary>Advances the patient to <paramref name="timeDays"/> (the kernel calls this before each event).</summary>
    /// <param name="timeDays">The target time in days, not before <see cref="TimeDays"/>.</param>
    public void AdvanceTo(double timeDays) => System.AdvanceTo(timeDays);

    /// <summary>Appends the current readouts to <see cref="Trajectory"/>.</summary>
    public void Record()
    {
        Trajectory.Add(TimeDays, in CurrentReadouts);
        if (_donorUnits < 2) return;
        var donors = _catalogue.Donors;
        Span<double> shares = stackalloc double[donors.Count];
        var x = System.ObservedCounts; // blood neutrophils are among the readouts' inputs
        double total = 0;
        for (int u = 0; u < donors.Count; u++) total += shares[u] = x[donors[u].BloodNeutrophils];
        for (int u = 0; u < donors.Count; u++) shares[u] = total > 0 ? 100 * shares[u] / total : 0;
        Trajectory.SetUnitChimerism(shares);
    }

    /// <summary>Advances to <paramref name="untilDays"/>, recording readouts now and every <paramref name="intervalDays"/> after.</summary>
    /// <param name="untilDays">The end time in days.</param>
    /// <param name="intervalDays">The observation interval in days, &gt; 0 (default daily).</param>
    public void RunTo(double untilDays, double intervalDays = 1)
    {
        Guard.Positive(intervalDays, nameof(intervalDays), "days");
        Guard.InRange(untilDays, TimeDays, double.MaxValue, nameof(untilDays), "days");
        double t = TimeDays;
        ReserveObservations(untilDays, intervalDays);
        Record();
        while (t + intervalDays <= untilDays + 1e-9)
        {
            t += intervalDays;
            AdvanceTo(Math.Min(t, untilDays));
            Record();
        }
        if (TimeDays < untilDays) AdvanceTo(untilDays);
    }

    /// <summary>Starts a kernel process that records readouts now and every <paramref name="intervalDays"/> until <paramref name="untilDays"/>.</summary>
    /// <param name="simulation">The simulation this patient is attached to.</param>
    /// <param name="untilDays">The last observation time in days.</param>
    /// <param name="intervalDays">The interval in days (default daily).</param>
    /// <param name="priority">Kernel priority of the observations (default high, so they see the effect of other events at the same time).</param>
    /// <returns>The observation process.</returns>
    public Process ObserveDaily(Simulation simulation, double untilDays, double intervalDays = 1, int priority = SameDayOrder.ReadoutObservation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Guard.Positive(intervalDays, nameof(intervalDays), "days");
        ReserveObservations(untilDays, intervalDays);
        return simulation.Repeat(() => Observe(simulation, untilDays, intervalDays), 0, intervalDays, priority, "observe");
    }

    /// <summary>
    /// <see cref="ObserveDaily(Simulation, double, double, int)"/> (daily, at <see cref="SameDayOrder.ReadoutObservation"/>) that also
    /// throws <see cref="OperationCanceledException"/> at the first observation after <paramref name="cancellation"/> is cancelled,
    /// before recording it: a patient's run checks its cancellation in the observation it makes every day anyway, instead of in a
    /// fourth daily process of its own (an event, or a ride, every day of every patient).
    /// </summary>
    /// <param name="simulation">The simulation this patient is attached to.</param>
    /// <param name="untilDays">The last observation time in days.</param>
    /// <param name="cancellation">Ends the run; a token that cannot be cancelled adds no check.</param>
    /// <returns>The observation process.</returns>
    internal Process ObserveDailyUntilCancelled(Simulation simulation, double untilDays, CancellationToken cancellation)
    {
        if (!cancellation.CanBeCanceled) return ObserveDaily(simulation, untilDays);
        ArgumentNullException.ThrowIfNull(simulation);
        ReserveObservations(untilDays, 1);
        return simulation.Repeat(() =>
        {
            cancellation.ThrowIfCancellationRequested();
            return Observe(simulation, untilDays, 1);
        }, 0, 1, SameDayOrder.ReadoutObservation, "observe");
    }

    /// <summary>At most this many observations are reserved at once (about three years of daily ones); beyond, the storage doubles as it fills.</summary>
    private const int MaxReservedObservations = 1100;

    /// <summary>
    /// Makes room in <see cref="Trajectory"/> for the observations from now to <paramref name="untilDays"/> every
    /// <paramref name="intervalDays"/> (up to <see cref="MaxReservedObservations"/>), so that a course's trajectory is
    /// allocated once instead of growing by doubling and copying.
    /// </summary>
    private void ReserveObservations(double untilDays, double intervalDays)
    {
        double coming = Math.Floor((untilDays - TimeDays) / intervalDays + 1e-9) + 1;
        if (coming > 0) Trajectory.Reserve(Trajectory.Count + (int)Math.Min(coming, MaxReservedObservations));
    }

    /// <summary>One daily observation (<see cref="Simulation.Repeat"/>): records, and tells whether another one is due.</summary>
    private bool Observe(Simulation simulation, double untilDays, double intervalDays)
    {
        if (!(simulation.Now <= untilDays + 1e-9)) return false;
        Record();
        return simulation.Now + intervalDays <= untilDays + 1e-9;
    }

    /// <summary>The current count of a compartment by name (e.g. <c>"hH"</c>, <c>"dNB"</c>, <c>"A"</c>).</summary>
    /// <param name="compartment">The compartment name.</param>
    /// <returns>The count.</returns>
    public double GetCount(string compartment) => System.GetCount(compartment);

    /// <summary>
    /// Kills cells of a group, both origins (docs/model.md §10): each cell survives with probability
    /// <paramref name="survivingFraction"/> (e.g. e^(−k·exposure)). Whole-cell compartments are thinned
    /// binomially; large continuous ones are scaled; small continuous remnants (fewer than 10⁶ expected
    /// survivors) are rounded to whole cells and thinned binomially, so an ablated population can go extinct.
    /// </summary>
    /// <param name="group">The kill group; <see cref="KillGroup.Thymus"/> and <see cref="KillGroup.Niche"/> damage tissue.</param>
    /// <param name="survivingFraction">Surviving fraction in [0, 1].</param>
    public void ApplyKill(KillGroup group, double survivingFraction)
    {
        Guard.InRange(survivingFraction, 0.0, 1.0, nameof(survivingFraction));
        var members = _catalogue.KillGroups[CheckGroup(group)].Members;
        if (members.Length == 0) return;
        // The group's counts read once (every count written, as a read of each member would) and set as one change
        // (CompartmentSystem.SetCounts: one check of the indices, one invalidation of the solver), in the members' order, so
        // the draws are those of a count-by-count kill.
        var counts = System.Counts;
        if (survivingFraction == 1) return;
        Span<int> changed = members.Length <= MaxStackMembers ? stackalloc int[members.Length] : new int[members.Length];
        Span<double> survivors = members.Length <= MaxStackMembers ? stackalloc double[members.Length] : new double[members.Length];
        bool tissue = group is KillGroup.Thymus or KillGroup.Niche;
        int n = 0;
        foreach (int i in members)
        {
            double x = counts[i];
            if (x <= 0) continue;
            double mean = x * survivingFraction;
            survivors[n] = tissue || (mean >= ThinningLimit && x != Math.Floor(x)) ? mean : BinomialSampler.Sample(_random, WholeCells(x), survivingFraction);
            changed[n++] = i;
        }
        System.SetCounts(changed[..n], survivors[..n]);
    }

    /// <summary>Kill groups up to this size keep their new counts on the stack (the largest holds a few dozen compartments per origin).</summary>
    private const int MaxStackMembers = 256;

    /// <summary>
    /// Starts a time-dependent extra death rate on a lymphoid group (an antibody such as ATG):
    /// rate(t) = <paramref name="maxRatePerDay"/>·C(t)/(C(t) + <paramref name="ec50"/>) with
    /// C(t) = <paramref name="concentration"/>·2^(−(t − now)/<paramref name="halfLifeDays"/>); with
    /// <paramref name="ec50"/> = 0 the effect is linear, rate = <paramref name="maxRatePerDay"/>·C(t).
    /// The engine integrates the time-dependent hazard exactly. A second dose with the same kinetics adds
    /// to the remaining concentration; up to two courses with different kinetics can run together.
    /// </summary>
    /// <param name="group">One of <see cref="KillGroup.TCells"/>, <see cref="KillGroup.Treg"/>, <see cref="KillGroup.BCells"/>,
    /// <see cref="KillGroup.NkCells"/>, <see cref="KillGroup.Autoreactive"/>.</param>
    /// <param name="maxRatePerDay">Maximal extra death rate per day (per unit concentration when <paramref name="ec50"/> is 0), ≥ 0.</param>
    /// <param name="concentration">Concentration added now (any unit, the unit of <paramref name="ec50"/>), ≥ 0.</param>
    /// <param name="ec50">Concentration at half effect, ≥ 0 (0: linear effect).</param>
    /// <param name="halfLifeDays">Elimination half-life in days, &gt; 0 (+∞ for a constant level).</param>
    /// <exception cref="ArgumentException">The group accepts no extra death rate.</exception>
    /// <exception cref="InvalidOperationException">Two courses with other kinetics are already running on the group.</exception>
    public void StartExtraDeath(KillGroup group, double maxRatePerDay, double concentration, double ec50, double halfLifeDays)
    {
        int g = ExtraDeathGroup(group);
        Guard.NonNegative(maxRatePerDay, nameof(maxRatePerDay), "per day");
        Guard.NonNegative(concentration, nameof(concentration));
        Guard.NonNegative(ec50, nameof(ec50));
        if (!(halfLifeDays > 0)) throw Guard.OutOfRange(nameof(halfLifeDays), halfLifeDays, "(0, +∞]", "days");
        double half = Math.Min(halfLifeDays, 1e300), now = TimeDays;
        int free = -1;
        for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
        {
            int row = g * ModelSignals.ExtraDeathSlots + k;
            double max = Param(row, ModelSignals.ExtraDeathMax);
            if (max <= 0) { if (free < 0) free = row; continue; }
            if (max == maxRatePerDay && Param(row, ModelSignals.ExtraDeathEc50) == ec50 && Param(row, ModelSignals.ExtraDeathHalfLife) == half)
            {
                double remaining = Param(row, ModelSignals.ExtraDeathConcentration) * PowerOfTwo.Of(-(now - Param(row, ModelSignals.ExtraDeathStart)) / half);
                SetParam(row, ModelSignals.ExtraDeathConcentration, remaining + concentration);
                SetParam(row, ModelSignals.ExtraDeathStart, now);
                return;
            }
        }
        if (free < 0)
            throw new InvalidOperationException($"Two extra-death courses with other kinetics are already running on {group}; stop them first (StopExtraDeath).");
        SetParam(free, ModelSignals.ExtraDeathEc50, ec50);
        SetParam(free, ModelSignals.ExtraDeathHalfLife, half);
        SetParam(free, ModelSignals.ExtraDeathConcentration, concentration);
        SetParam(free, ModelSignals.ExtraDeathStart, now);
        SetParam(free, ModelSignals.ExtraDeathMax, maxRatePerDay);
    }

    /// <summary>Starts a linear, exponentially decaying extra death rate: rate(t) = <paramref name="ratePerDay"/>·2^(−(t − now)/<paramref name="halfLifeDays"/>).</summary>
    /// <param name="group">A lymphoid group (see <see cref="StartExtraDeath(KillGroup, double, double, double, double)"/>).</param>
    /// <param name="ratePerDay">Extra death rate now, per day.</param>
    /// <param name="halfLifeDays">Half-life of the effect in days (+∞ for constant).</param>
    public void StartExtraDeath(KillGroup group, double ratePerDay, double halfLifeDays) =>
        StartExtraDeath(group, ratePerDay, 1.0, 0.0, halfLifeDays);

    /// <summary>Stops every extra death rate on a group from now on.</summary>
    /// <param name="group">A lymphoid group.</param>
    public void StopExtraDeath(KillGroup group)
    {
        int g = ExtraDeathGroup(group);
        for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
        {
            int row = g * ModelSignals.ExtraDeathSlots + k;
            SetParam(row, ModelSignals.ExtraDeathMax, 0);
            SetParam(row, ModelSignals.ExtraDeathConcentration, 0);
        }
    }

    /// <summary>The current extra death rate of a group, per day.</summary>
    /// <param name="group">A lymphoid group.</param>
    /// <returns>The rate at <see cref="TimeDays"/>.</returns>
    public double ExtraDeathRate(KillGroup group)
    {
        int g = ExtraDeathGroup(group);
        double rate = 0;
        for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
        {
            int row = g * ModelSignals.ExtraDeathSlots + k;
            double max = Param(row, ModelSignals.ExtraDeathMax);
            if (max <= 0) continue;
            double c = Param(row, ModelSignals.ExtraDeathConcentration) * PowerOfTwo.Of(-Math.Max(0, TimeDays - Param(row, ModelSignals.ExtraDeathStart)) / Param(row, ModelSignals.ExtraDeathHalfLife));
            double ec50 = Param(row, ModelSignals.ExtraDeathEc50);
            rate += ec50 > 0 ? max * c / (c + ec50) : max * c;
        }
        return rate;
    }

    /// <summary>Infuses graft cells into the host (autologous) or donor (allogeneic) copies; stem cells and autoreactive cells are rounded to whole cells.</summary>
    /// <param name="cells">The homed cells.</param>
    /// <param name="origin">Host for an autologous graft, donor for an allogeneic one.</param>
    public void Infuse(GraftCells cells, CellOrigin origin) => Infuse(cells, origin, 0);

    /// <summary>Infuses graft cells into the host copies or into one donor unit's copies (docs/model.md §17).</summary>
    /// <param name="cells">The homed cells.</param>
    /// <param name="origin">Host for an autologous graft, donor for an allogeneic one.</param>
    /// <param name="donorUnit">The donor origin (0-based, below <see cref="DonorUnits"/>) for an allogeneic graft; ignored for the host.</param>
    public void Infuse(GraftCells cells, CellOrigin origin, int donorUnit)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (!Enum.IsDefined(origin)) throw new ArgumentOutOfRangeException(nameof(origin), origin, $"Parameter 'origin' was {origin}; allowed: Host, Donor.");
        CheckUnit(donorUnit);
        if (cells.FirstMppStage > cells.LastMppStage || cells.LastMppStage > Model.Parameters.StemCells.MppStages)
            throw new ArgumentException($"MPP stages {cells.FirstMppStage}..{cells.LastMppStage} are not within 1..{Model.Parameters.StemCells.MppStages}.", nameof(cells));
        var o = origin == CellOrigin.Host ? _catalogue.Host : _catalogue.Donors[donorUnit];
        Add(o.LongTermStemCells, WholeCells(cells.Hsc));
        int stages = cells.LastMppStage - cells.FirstMppStage + 1;
        for (int s = cells.FirstMppStage; s <= cells.LastMppStage; s++) Add(o.Mpp[s - 1], cells.Mpp / stages);
        Add(o.GranulocyteProgenitors, cells.GranulocyteProgenitors);
        Add(o.ErythroidProgenitors, cells.ErythroidProgenitors);
        Add(o.MegakaryocyteProgenitors, cells.MegakaryocyteProgenitors);
        Add(o.LymphoidProgenitors, cells.LymphoidProgenitors);
        Add(o.NaiveCd4, cells.NaiveCd4);
        Add(o.MemoryCd4, cells.MemoryCd4);
        Add(o.Treg, cells.Treg);
        Add(o.NaiveCd8, cells.NaiveCd8);
        Add(o.MemoryCd8, cells.MemoryCd8);
        Add(_catalogue.Autoreactive, WholeCells(cells.Autoreactive));
    }

    /// <summary>
    /// Infuses a graft given by its CD34+ dose (docs/model.md §11): the cells of <see cref="GraftCells.FromCd34Dose"/>
    /// with this patient's weight and homing efficiency; each stem cell homes independently (binomial). An autologous
    /// graft of a patient with autoimmune disease carries autoreactive cells in proportion to its T cells:
    /// A·(graft T cells / body T cells)·10^(−depletion).
    /// </summary>
    /// <param name="source">The graft source composition.</param>
    /// <param name="cd34PerKg">CD34+ cells per kg, ≥ 0.</param>
    /// <param name="origin">Host (autologous) or donor (allogeneic).</param>
    /// <param name="tCellDepletionLogs">Log₁₀ T-cell depletion (CD34 selection 3–5).</param>
    /// <param name="cd3PerKg">T cells per kg if known; null for the source's ratio.</param>
    /// <param name="autoreactiveShareFactor">Factor on the autoreactive share of the graft's T cells, in [0, 1] (e.g. after
    /// cyclophosphamide mobilisation, which kills the cycling clone more than resting T cells); default 1.</param>
    /// <returns>The cells infused.</returns>
    public GraftCells InfuseGraft(GraftComposition source, double cd34PerKg, CellOrigin origin, double tCellDepletionLogs = 0, double? cd3PerKg = null,
        double autoreactiveShareFactor = 1) => InfuseGraft(source, cd34PerKg, origin, 0, tCellDepletionLogs, cd3PerKg, autoreactiveShareFactor);

    /// <summary>Infuses a graft into the host or into one donor unit's copies (see the overload without a unit).</summary>
    /// <param name="source">The graft source composition.</param>
    /// <param name="cd34PerKg">CD34+ cells per kg, ≥ 0.</param>
    /// <param name="origin">Host (autologous) or donor (allogeneic).</param>
    /// <param name="donorUnit">The donor origin, 0-based, below <see cref="DonorUnits"/>.</param>
    /// <param name="tCellDepletionLogs">Log₁₀ T-cell depletion (CD34 selection 3–5).</param>
    /// <param name="cd3PerKg">T cells per kg if known; null for the source's ratio.</param>
    /// <param name="autoreactiveShareFactor">Factor on the autoreactive share of the graft's T cells, in [0, 1].</param>
    /// <returns>The cells infused.</returns>
    internal GraftCells InfuseGraft(GraftComposition source, double cd34PerKg, CellOrigin origin, int donorUnit, double tCellDepletionLogs = 0, double? cd3PerKg = null,
        double autoreactiveShareFactor = 1)
    {
        CheckUnit(donorUnit);
        ArgumentNullException.ThrowIfNull(source);
        Guard.InRange(autoreactiveShareFactor, 0.0, 1.0, nameof(autoreactiveShareFactor));
        double weight = Model.Covariates.WeightKg, homing = Model.Parameters.HomingEfficiency;
        var cells = GraftCells.FromCd34Dose(source, cd34PerKg, weight, homing, tCellDepletionLogs, cd3PerKg);
        double infusedHsc = WholeCells(cd34PerKg * weight * source.HscPerCd34);
        cells = cells with { Hsc = BinomialSampler.Sample(_random, infusedHsc, homing * source.HomingFactor) };
        if (origin == CellOrigin.Host && Model.Autoimmunity is not null)
        {
            var d = Model.Design;
            double graftT = cells.NaiveCd4 + cells.MemoryCd4 + cells.Treg + cells.NaiveCd8 + cells.MemoryCd8;
            double mean = d.AutoreactiveCells * graftT / d.TotalTCells * autoreactiveShareFactor;
            cells = cells with { Autoreactive = PoissonSampler.Sample(_random, mean) };
        }
        Infuse(cells, origin, donorUnit);
        return cells;
    }

    /// <summary>Transfuses red cells (host copies, spread evenly over the age stages: a unit holds cells of all ages).</summary>
    /// <param name="cells">Red cells, ≥ 0 (one adult unit ≈ 2×10¹²).</param>
    public void TransfuseRedCells(double cells)
    {
        Guard.NonNegative(cells, nameof(cells), "cells");
        var stages = _catalogue.Host.RedCells;
        foreach (int i in stages) Add(i, cells / stages.Length);
    }

    /// <summary>Transfuses platelets (host copies, spread over the age stages); a third pools in the spleen like native platelets.</summary>
    /// <param name="platelets">Platelets, ≥ 0 (one adult dose ≈ 3×10¹¹).</param>
    public void TransfusePlatelets(double platelets)
    {
        Guard.NonNegative(platelets, nameof(platelets), "cells");
        var stages = _catalogue.Host.Platelets;
        foreach (int i in stages) Add(i, platelets / stages.Length);
    }

    /// <summary>
    /// Sets exogenous G-CSF-like stimulation from now on: progenitor self-renewal moves this fraction of the way to its
    /// maximum, and the mitotic, post-mitotic and release gains this fraction of the way to 2× their endogenous maximum
    /// (pharmacological serum levels exceed the endogenous peak, so the drug acts even in aplasia).
    /// </summary>
    /// <param name="intensity">0 (none, stops the drug) to 1 (maximal, as with no neutrophils).</param>
    public void ApplyGcsf(double intensity)
    {
        Guard.InRange(intensity, 0.0, 1.0, nameof(intensity));
        System.SetParameter(_catalogue.GcsfExogenous, intensity);
    }

    /// <summary>The donor origins this patient's model traces (1, or one per allogeneic unit; docs/model.md §17).</summary>
    public int DonorUnits => _donorUnits;

    /// <summary>
    /// Starts the alloimmune transitions of one donor unit at its infusion (docs/model.md §17): the alloreactivity of its T cells
    /// against the host (graft-versus-host, and against other units), the host's resistance to it (host-versus-graft), whether the host
    /// carries antibodies against it, and the accessory nucleated cells it brought (targets of host effectors). The first allogeneic
    /// unit also starts graft-versus-autoimmunity.
    /// </summary>
    /// <param name="donorUnit">The donor origin, 0-based, below <see cref="DonorUnits"/>.</param>
    /// <param name="alloreactivity">Alloreactivity of the unit's T cells relative to a sibling donor's, ≥ 0.</param>
    /// <param name="resistance">Host-versus-graft factor of the unit's HLA disparity relative to a sibling's, ≥ 0.</param>
    /// <param name="antibodies">Whether the host carries donor-specific antibodies against the unit.</param>
    /// <param name="accessoryCells">Whole-body accessory nucleated cells infused with the unit, ≥ 0.</param>
    internal void StartAlloimmunity(int donorUnit, double alloreactivity, double resistance, bool antibodies, double accessoryCells)
    {
        CheckUnit(donorUnit);
        Guard.NonNegative(alloreactivity, nameof(alloreactivity));
        Guard.NonNegative(resistance, nameof(resistance));
        Guard.NonNegative(accessoryCells, nameof(accessoryCells), "cells");
        // A later unit of the same origin (a boost into a shared origin) keeps the stronger reactivity and renews the window.
        void Set(int field, double value) => System.SetParameter(_catalogue.UnitParameter(donorUnit, field), value);
        double Get(int field) => System.GetParameter(_catalogue.UnitParameter(donorUnit, field));
        Set(ModelSignals.UnitAlloreactivity, Math.Max(Get(ModelSignals.UnitAlloreactivity), alloreactivity));
        Set(ModelSignals.UnitResistance, Math.Max(Get(ModelSignals.UnitResistance), resistance));
        if (antibodies) Set(ModelSignals.UnitAntibodies, 1);
        Set(ModelSignals.UnitStart, TimeDays);
        Set(ModelSignals.UnitAccessory, accessoryCells);
        if (System.GetParameter(_catalogue.GraftVersusAutoimmunityRate) == 0)
            System.SetParameter(_catalogue.GraftVersusAutoimmunityRate, Model.Parameters.Alloimmunity.GraftVersusAutoimmunityPerDay);
    }

    /// <summary>Sets the immunosuppression factor on every cellular alloimmune kill from now on (1 none; a calcineurin inhibitor's factor).</summary>
    /// <param name="factor">Factor in [0, 1].</param>
    internal void SetImmunosuppression(double factor) =>
        System.SetParameter(_catalogue.Immunosuppression, Guard.InRange(factor, 0.0, 1.0, nameof(factor)));

    private void CheckUnit(int donorUnit)
    {
        if (donorUnit < 0 || donorUnit >= _catalogue.Donors.Count)
            throw Guard.OutOfRange(nameof(donorUnit), donorUnit, $"[0, {_catalogue.Donors.Count - 1}]", "");
    }

    private void Add(int index, double amount)
    {
        if (amount > 0) System.SetCount(index, System.GetCount(index) + amount);
    }

    /// <summary>x rounded stochastically to an integer (⌊x⌋ + Bernoulli(x − ⌊x⌋)), conserving the mean.</summary>
    private double WholeCells(double x)
    {
        double f = Math.Floor(x);
        return f == x ? x : f + (_random.NextDouble() < x - f ? 1 : 0);
    }

    private double Param(int row, int field) => System.GetParameter(_catalogue.ExtraDeathParameter(row, field));

    private void SetParam(int row, int field, double value) => System.SetParameter(_catalogue.ExtraDeathParameter(row, field), value);

    // The catalogue holds one kill group per defined KillGroup (numbered 0, 1, …): a range check instead of Enum.IsDefined.
    private int CheckGroup(KillGroup group) => (uint)group < (uint)_catalogue.KillGroups.Count
        ? (int)group
        : throw new ArgumentOutOfRangeException(nameof(group), group, $"Parameter 'group' was {group}; allowed: a defined KillGroup.");

    private static int ExtraDeathGroup(KillGroup group)
    {
        int g = Array.IndexOf(ModelSignals.ExtraDeathGroups, group);
        return g >= 0 ? g : throw new ArgumentException(
            $"Parameter 'group' was {group}; allowed: TCells, Treg, BCells, NkCells, Autoreactive (groups with a time-dependent extra death rate).", nameof(group));
    }
}
