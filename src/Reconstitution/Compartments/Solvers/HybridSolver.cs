using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
/// transitions, integrated by <see cref="DormandPrince45"/> or, on request (<see cref="SolverOptions.OdeMethod"/>),
/// <see cref="RungeKuttaChebyshev"/>, <see cref="RosenbrockW"/> or <see cref="StiffnessSwitching"/> between the two
/// (error-controlled, dense output; the implicit method asks for the Jacobian's sparsity through
/// <see cref="IJacobianPattern"/> and for its values through <see cref="IJacobianSource"/>, assembled from the network's
/// structure with the signals as intermediate variables: HybridSolver.Jacobian.cs).
/// Discrete transitions fire as a time-inhomogeneous Poisson process: the ODE carries one more
/// component, the integrated hazard R(t) = ∫ Σⱼ aⱼ(x(s), s) ds of the <em>varying</em> discrete
/// transitions (those reading a continuous compartment or time), carried in units of 1/128 of a firing (so that an
/// absolute tolerance set for cell counts holds it tightly); the <em>static</em> ones (reading
/// only exact compartments) are constant between firings and their hazard S·Δt is added
/// analytically. The next firing is at the time the total hazard reaches a unit exponential E
/// (located on the dense output); the firing transition is chosen with probability aⱼ/Σa at that
/// time (Salis &amp; Kaznessis 2005; the direct-method form of Anderson's 2007 modified next
/// reaction method). A firing that changes no continuous compartment and nothing the ODE reads is
/// "ODE-neutral": the current step's dense output stays valid and the next firing is sought in the
/// rest of the same step, so small exact compartments (clones) cost a crossing search per firing, not an
/// ODE restart. A firing that changes only what varying discrete rates read (an exact clone whose
/// birth rate follows continuous T cells) is "hazard-only": the continuous dense output stays valid
/// too, and the hazard for the rest of the step is the integral of a quadratic fitted to the new
/// rate at three points of the step (Simpson). Other firings restart the integrator at the firing
/// time. Steps are not cut at the caller's stop times: the counts at a stop are read from the
/// dense output and the next call goes on inside the same step, so daily observation costs no
/// extra steps; a reader that declared what it reads (<see cref="DeclareObserved"/>) gets only those counts (and what the
/// solver reads itself) written at such a stop, the others when asked for (<see cref="CompleteCounts"/>); those counts, and the
/// varying discrete rates' inputs at a firing, are read from a pack of the step's dense output (<see cref="HermitePack"/>),
/// filled once per step and read at every stop and firing inside it. While no compartment is
/// continuous and no rate depends on time the solver runs the exact direct method with no ODE at
/// all. Time-dependent rates are integrated, not frozen, in both parts.</para>
/// <para><b>External changes.</b> A change of counts or parameters between calls (a dose, a kill, an infusion)
/// refreshes the solver at that time: compartments are re-classified and the integrator restarts from the new state.
/// When no compartment changed treatment, the transition classes, the right-hand side's rows and the varying inputs
/// are kept and only the rate constants, the static propensities and the integrator's state are reloaded. When it changed,
/// they come from the partition's <see cref="PartitionLayout"/>, built once per network structure and set of continuous
/// compartments and shared by every solver of the structure (a cohort's patients).</para>
/// <para><b>Switching conserves mass.</b> Exact → continuous keeps the integer value. Continuous →
/// exact rounds the amount x stochastically to ⌊x⌋ + Bernoulli(x − ⌊x⌋), which conserves it in
/// expectation. Large compartments lose their intrinsic noise (relative size below the
/// tolerance), by design; small ones keep it, and with it extinction.</para>
/// <para>Allocation-free per step and per firing; not thread-safe. Only discrete firings are
/// counted in <c>FiringCounts</c>.</para>
/// </remarks>
internal sealed partial class HybridSolver : ICompartmentSolver, IJacobianSource
{
    private readonly CompiledNetwork _net;
    private readonly RandomStream _random;
    private readonly bool _deterministic;
    private readonly double _upper, _lower;
    private readonly OdeStepper _ode;
    private readonly bool[] _continuous;
    private readonly int[] _previousComponent; // Repartition: each new ODE component's index in the old partition
    // The partition's layout (PartitionLayout: what depends on the structure and _continuous alone, shared by the solvers
    // of every patient), and its arrays and counts as this solver reads them (Adopt).
    private PartitionLayout? _layout, _ownLayout; // _ownLayout: built here when the structure keeps no more layouts
    private int[] _compToOde = [];      // compartment → ODE component, −1 when exact
    private int[] _odeToComp;
    private int[] _runStart = [], _runLength = []; // runs of ODE components whose compartments are consecutive (Derivative's copy)
    private int _runCount;
    private int[] _dynamicContinuous = []; // continuous compartments that may switch back to exact, ascending
    private int _dynamicContinuousCount;
    private readonly double[] _published;      // scratch: the dense output at a stop (or at the varying inputs' times)
    private int[] _contTransitions = [];
    private int[] _staticDiscrete = [];  // discrete, constant between firings
    private int[] _varyingDiscrete = []; // discrete, reads a continuous compartment or time
    private bool[] _isStatic = [];
    private bool[] _odeNeutral = [];     // firing changes nothing the ODE integrates or reads
    private bool _keepingDiscrete;       // some discrete transition leaves the integrator running: ODE-neutral or hazard-only (StepLimit)
    private int[] _restartingStatic = [], _restartingVarying = []; // the discrete transitions that restart it (StepLimit)
    private int _restartingStaticCount, _restartingVaryingCount;
    private bool[] _hazardOnly = [];     // firing changes only exact compartments that only varying discrete transitions read
    private int[] _varyingInputs = [];   // ODE components the varying discrete propensities read (directly or through signals)
    private int[] _varyingSignals = [];  // signals they need, ascending and closed under dependencies
    private bool[] _inputMarks = [];     // the varying inputs by compartment
    private int _varyingInputCount, _varyingSignalCount;
    private readonly double[] _a;            // propensities of discrete transitions (static: cached)
    private readonly DiscreteTerm[] _varyingTerms; // what each varying discrete transition's propensity reads, by position in _varyingDiscrete (Adopt)
    // The continuous transitions' rates ("fluxes") of one right-hand-side evaluation, by slot: first the unmodulated
    // first-order terms, then the first-order terms times a signal, then the general ones (evaluated by the network).
    private readonly ContinuousTerm[] _terms;  // slots [0, _plainCount + _modulatedCount): what a first-order rate reads
    private readonly double[] _rateConstants;  // the same slots' rate constants side by side: what the generated code reads, four at a time
    private int[] _slotOf = [];                // continuous transition (by position in _contTransitions) → its slot
    private int[] _slotTransition = [];        // slot → transition
    private readonly double[] _flux;           // scratch: each slot's rate in the current evaluation
    private int _plainCount, _modulatedCount;
    // The changes gathered by ODE component (CSR, rows in component order, each row in the order of _contTransitions):
    // component k receives Σ _rowAmount[e]·_flux[_rowSlot[e]] over e in [_rowEnd[k−1], _rowEnd[k]).
    private int[] _rowEnd = [], _rowSlot = [];
    private double[] _rowAmount = [];
    // The same rates and sums written out for the partition's structure (RightHandSideCode): the structure's entry, looked up
    // at the partition's first evaluation (null where none is kept), and _code once it is compiled.
    private RightHandSideCode? _codeEntry, _code;
    private bool _codeLookedUp;
    private bool _usesCode = true;
    private int _odeCompartments, _contCount, _staticCount, _varyingCount, _hazardIndex, _sinceRebuild;
    private double _staticTotal;
    // Total discrete hazard since the last firing: _hazardBase + S·(t − _anchorTime) + R(t) − _anchorR.
    private double _hazardBase, _anchorTime, _anchorR, _target;
    private double[] _counts = [], _parameters = [];
    private bool _valid, _odeActive;
    private bool _classified;   // the transition classes, rows and varying inputs match _continuous
    private double _varyingRate; // the varying discrete hazard rate averaged over the last step (per day)
    // After a hazard-only firing inside a step: R(t) on [_polyStart, ode.T] from a quadratic fit of the rate.
    private bool _polynomialHazard;
    private double _polyStart, _polyRate0, _polySlope, _polyCurvature;
    // The last fit's rate at the step's end (EnterPolynomialHazard): VaryingRateAtStepEnd's value to the bit when the dense
    // output ends on Y (DenseOutputEndsOnY, checked when leaving the fit).
    private double _polyRateEnd;
    // The last point the crossing search evaluated and R there (VaryingHazard's value to the bit), NaN before a search.
    private double _probeTime = double.NaN, _probeR;
    // Partial publication at a stop (DeclareObserved): the ODE components written at once (what the reader declared, and
    // what the solver reads itself), and the others, written when asked (CompleteCounts) while they are pending.
    private bool[]? _observed;
    private int[] _eagerComponents = [], _lazyComponents = [];
    private int _eagerCount, _lazyCount;
    private bool _publicationSplit;    // the two lists match the partition
    // The eager components' and the varying inputs' dense output packed for the stops and firings inside one step.
    private readonly HermitePack _eagerPack, _inputPack;
    private bool _pending;             // the lazy components' counts are not written for the stop at _pendingTime
    private double _pendingTime;
    // After a step the call goes on from (WriteBackRead): the ODE components the solver reads before the next step's first
    // evaluation writes every count (_stepReadMarks: the varying discrete transitions' reactants, by compartment).
    private readonly int[] _stepReads;
    private readonly bool[] _stepReadMarks;
    private int _stepReadCount;
    private bool _stepReadsListed;     // the list matches the partition
    // Tolerance groups (DeclareToleranceGroups): each compartment's group or −1, the groups' totals at a step's start, and
    // the integrator's magnitude floors by ODE component (null: the ordinary error scale).
    private readonly bool _groupErrorScale;
    private int[]? _toleranceGroup;
    private double[] _groupTotal = [];
    private double[]? _magnitudeFloor;

    /// <summary>How long a step may last when a firing could restart the integrator: a factor on the expected time to the next restarting firing.</summary>
    /// <remarks>
    /// A firing that restarts the integrator discards the rest of its step, and a step's cost does not shrink with its length
    /// (two RKC stages at the least; more where h·ρ is large), so the cap should reach just past the firing: the predicted
    /// wait is close to the actual one (the target is drawn, the hazard rate changes little over one wait), and a cap short
    /// of the firing costs a whole step more. Measured (`work`, 100 patients × 365 d, evaluations per patient, session 13,
    /// restarting firings alone counted): margin 3 / 1.5 / 1.3 / 1.2 take `ric-flu-bu-atg` days 30–100 from 376 to 354 /
    /// 350 / 347 (the steps cut at three waits took more stages) and days 0–30 from 642 to 630 / 628 / 627. Session 9 had
    /// found 1.1 worse than 3 (≈ 3.4 steps per firing interval in days 0–30): then the hazard-only firings were counted
    /// too, and a step cut at the cap shrank the controller's next step (<see cref="OdeStepper.ProposalAfterLimit"/> keeps
    /// it since session 10). 1.3 rather than 1.2: within one evaluation of it, and a margin of 30 % for a predicted wait that
    /// comes out shorter than the actual one (a cap short of its firing costs a whole step).
    /// </remarks>
    private const double FiringMargin = 1.3;

    /// <summary>How far past a stop time a step may reach (days); the counts at the stop come from its dense output.</summary>
    private const double LookAheadDays = 365;

    /// <summary>
    /// The integrated hazard is carried by the integrator in units of 1/<see cref="HazardScale"/> of an expected firing, so
    /// that the absolute tolerance, set for cell counts (<see cref="SolverOptions.OdeAbsoluteTolerance"/>; one cell in
    /// <c>Patient.DefaultSolverOptions</c>), holds the hazard to 1/128 of that in expected firings (≈ 0.008 there, tighter
    /// than the 10⁻² cells and firings of the default before session 9). A power of two, so scaling in and out is exact.
    /// </summary>
    private const double HazardScale = 128, HazardUnit = 1.0 / HazardScale;

    public HybridSolver(CompiledNetwork network, SolverOptions options, RandomStream random, bool deterministic)
    {
        _net = network;
        _random = random;
        _deterministic = deterministic;
        _groupErrorScale = options.OdeGroupErrorScale;
        double cvThreshold = options.HybridSwitchTolerance > 0 ? 1 / (options.HybridSwitchTolerance * options.HybridSwitchTolerance) : double.PositiveInfinity;
        _upper = Math.Min(options.HybridSwitchMinimum, cvThreshold);
        _lower = _upper * options.HybridExactFraction;
        int n = network.CompartmentCount, m = network.TransitionCount;
        _ode = options.OdeMethod switch
        {
            OdeMethod.RungeKuttaChebyshev => new RungeKuttaChebyshev(n + 1, options.OdeRelativeTolerance, options.OdeAbsoluteTolerance),
            OdeMethod.RosenbrockW => new RosenbrockW(n + 1, options.OdeRelativeTolerance, options.OdeAbsoluteTolerance),
            OdeMethod.StiffnessSwitching => new StiffnessSwitching(n + 1, options.OdeRelativeTolerance, options.OdeAbsoluteTolerance),
            _ => new DormandPrince45(n + 1, options.OdeRelativeTolerance, options.OdeAbsoluteTolerance),
        };
        _ode.PatternSource = this;
        SetProbeTolerances(options.OdeRelativeTolerance, options.OdeAbsoluteTolerance);
        _continuous = new bool[n];
        _odeToComp = new int[n]; // a layout's from the first repartition on; its length (the compartments) sizes the publication lists
        _previousComponent = new int[n + 1];
        _published = new double[n + 1];
        _eagerPack = new HermitePack(n);
        _inputPack = new HermitePack(n);
        _stepReads = new int[n];
        _stepReadMarks = new bool[n];
        _a = new double[m];
        _terms = new ContinuousTerm[m];
        _varyingTerms = new DiscreteTerm[m];
        _rateConstants = new double[m];
        _flux = new double[m];
        SizeSignalLists();
        _defersRestarts = options.HybridDeferNegligibleRestarts;
        if (_defersRestarts) SizeDeferralLists();
        _target = ExponentialZiggurat.Next(random);
    }

    /// <summary>The integrator (for tests and benchmarks: steps, stiffness).</summary>
    internal OdeStepper Integrator => _ode;

    /// <summary>
    /// Whether the right-hand side may run code generated for the partition (<see cref="RightHandSideCode"/>); the same
    /// bits either way. Tests turn it off to compare the two paths.
    /// </summary>
    internal bool UsesGeneratedCode
    {
        get => _usesCode;
        set
        {
            _usesCode = value;
            _code = _codeEntry = null;  // looked up again at the next evaluation (when allowed)
            _codeLookedUp = false;
        }
    }

    /// <summary>
    /// Whether each partition gets code of its own compiled at its first evaluation, outside the shared cache, instead of
    /// the cache's entry compiled after <see cref="RightHandSideCode.CompileAfter"/> evaluations over the process (tests and
    /// benchmarks of the generated path).
    /// </summary>
    internal bool CompilesCodeAtOnce { get; set; }

    /// <summary>
    /// When positive, each partition gets code of its own, outside the shared cache, handed to the background compiler
    /// after this many evaluations of the partition; the right-hand side switches to it at its first evaluation after the
    /// compilation ends, mid-run (tests of that switch). 0 (default): the cache's entry.
    /// </summary>
    internal long CompilesCodeAfter { get; set; }

    /// <summary>The current partition's code entry once looked up (at its first evaluation), compiled or not (tests).</summary>
    internal RightHandSideCode? CodeEntry => _codeEntry;

    /// <summary>
    /// Whether the counts written at a stop and the varying inputs interpolated at a firing are read from a pack of the
    /// step's dense output (<see cref="HermitePack"/>) instead of the integrator's vectors directly; the same bits either
    /// way. Tests turn it off to compare the two paths.
    /// </summary>
    internal bool PacksDenseOutput { get; set; } = true;

    /// <summary>
    /// Whether leaving a quadratic-rate hazard at the next step's start takes the fit's rate at the step's end when it has the
    /// bits of evaluating the rate on Y there (<see cref="DenseOutputEndsOnY"/>) instead of evaluating it again; the same
    /// course either way (tests compare both).
    /// </summary>
    internal bool ReusesFittedEndRate { get; set; } = true;

    /// <summary>How many times leaving a quadratic-rate hazard took the fit's rate at the step's end (tests).</summary>
    internal long FittedEndRatesReused { get; private set; }

    /// <summary>
    /// Tests only: whether the counts that the solver leaves unwritten on purpose are set to NaN instead of keeping an
    /// earlier value: after a step the call goes on from, every continuous count but the step's reads
    /// (<see cref="WriteBackRead"/>); at a stop, the counts no reader declared (<see cref="PublishStop"/>, until
    /// <see cref="CompleteCounts"/>). Every path that reads such a count must write it first; a path that forgets reads
    /// NaN, where an earlier value (an evaluation's, nearly the step's end) would pass unnoticed. Off by default.
    /// </summary>
    internal bool PoisonsUnwrittenCounts { get; set; }

    /// <summary>
    /// Whether a repartition takes its layout from those kept with the network's structure (<see cref="PartitionLayout.For"/>)
    /// instead of building one of its own; the same layout to the bit either way. Tests turn it off to compare the two paths.
    /// </summary>
    internal bool UsesLayoutCache { get; set; } = true;

    /// <summary>The current partition's layout (tests).</summary>
    internal PartitionLayout? Layout => _layout;

    /// <summary>Whether the current partition's right-hand side runs generated code (tests).</summary>
    internal bool RunsGeneratedCode => _code is not null;

    /// <summary>Discrete firings simulated.</summary>
    public long DiscreteFirings { get; private set; }

    /// <summary>Partition changes (a compartment switched treatment).</summary>
    public long Switches { get; private set; }

    /// <summary>Integrator restarts caused by firings that changed the continuous part.</summary>
    public long Restarts { get; private set; }

    /// <summary>Rebuilds after an external change of the counts or parameters (each kernel event that touched the system).</summary>
    public long Refreshes { get; private set; }

    /// <summary>Whether compartment <paramref name="i"/> is currently treated as continuous.</summary>
    internal bool IsContinuous(int i) => _continuous[i];

    public void Invalidate() => _valid = false;

    public void DeclareObserved(bool[]? observed)
    {
        CompleteCounts();
        _observed = (bool[]?)observed?.Clone();   // the caller's later edits do not reach a split made from it
        _publicationSplit = false;
        if (observed is not null && _eagerComponents.Length == 0)
        {
            _eagerComponents = new int[_odeToComp.Length];
            _lazyComponents = new int[_odeToComp.Length];
        }
    }

    public void DeclareToleranceGroups(int[] groupOf)
    {
        int groups = 0;
        foreach (int g in groupOf) groups = Math.Max(groups, g + 1);
        // A group of one is its own total: only shared groups change the scale (and only then is the floor computed).
        var members = new int[groups];
        foreach (int g in groupOf)
            if (g >= 0) members[g]++;
        bool shared = _groupErrorScale && members.Any(m => m > 1);
        _toleranceGroup = shared ? (int[])groupOf.Clone() : null;
        _groupTotal = shared ? new double[groups] : [];
        _magnitudeFloor = shared ? new double[_net.CompartmentCount + 1] : null; // capacity: every compartment and the hazard
        _ode.MagnitudeFloor = _magnitudeFloor;
    }

    /// <summary>
    /// The integrator's magnitude floors for the next step: each ODE component in a tolerance group gets the group's total
    /// at the step's start (continuous members from the integrator's state, exact ones from their counts), the others
    /// and the hazard 0 (<see cref="StepSizeControl"/>).
    /// </summary>
    private void SetMagnitudeFloors()
    {
        int[] group = _toleranceGroup!;
        double[] floor = _magnitudeFloor!, total = _groupTotal, y = _ode.Y;
        Array.Clear(total);
        for (int c = 0; c < group.Length; c++)
        {
            int g = group[c];
            if (g >= 0) total[g] += _continuous[c] ? Math.Abs(y[_compToOde[c]]) : _counts[c];
        }
        int nc = _odeCompartments;
        for (int k = 0; k < nc; k++)
        {
            int g = group[_odeToComp[k]];
            floor[k] = g >= 0 ? total[g] : 0;
        }
        floor[nc] = 0;
    }

    public void CompleteCounts()
    {
        if (!_pending) return;
        _pending = false;
        PublishComponents(_lazyComponents.AsSpan(0, _lazyCount), _pendingTime);
    }

    public void AdvanceTo(CompartmentState state, double timeDays)
    {
        _pending = false; // the counts left unwritten at the last stop are not needed: the integrator holds them
        if (!_valid) Refresh(state);
        double t = state.TimeDays;
        while (t < timeDays)
        {
            t = _odeActive ? AdvanceOde(state, t, timeDays) : AdvanceExact(state, t, timeDays);
        }
        state.TimeDays = timeDays;
    }

    // ---------------------------------------------------------------------------------------
    // Hazard bookkeeping
    // ---------------------------------------------------------------------------------------

    /// <summary>R(t) of the varying discrete transitions on the last step's dense output (0 without them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double VaryingHazard(double t) => VaryingHazard(t, _ode.T);

    /// <summary><see cref="VaryingHazard(double)"/> with the integrator's time <paramref name="stepEnd"/> already read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double VaryingHazard(double t, double stepEnd)
    {
        if (_varyingCount == 0) return 0;
        if (_polynomialHazard)
        {
            double u = t - _polyStart;
            return u * (_polyRate0 + u * (0.5 * _polySlope + u * _polyCurvature / 3));
        }
        return HazardUnit * (t == stepEnd ? _ode.Y[_hazardIndex] : _ode.InterpolateComponent(t, _hazardIndex));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Hazard(double t) => _hazardBase + _staticTotal * (t - _anchorTime) + VaryingHazard(t) - _anchorR;

    /// <summary>Folds the hazard accumulated up to <paramref name="t"/> into the base (before S or R change meaning).</summary>
    private void FoldHazard(double t)
    {
        _hazardBase = _odeActive ? Hazard(t) : _hazardBase + _staticTotal * (t - _anchorTime);
        _anchorTime = t;
        _anchorR = _odeActive ? VaryingHazard(t) : 0;
    }

    // ---------------------------------------------------------------------------------------
    // Partition
    // ---------------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Refresh(CompartmentState state)
    {
        Refreshes++;
        if (_counts.Length != 0) FoldHazard(state.TimeDays);
        else _anchorTime = state.TimeDays;
        // The right-hand side reads and writes these arrays at network indices unchecked (Derivative, ComputeFluxes).
        if (state.Counts.Length != _net.CompartmentCount || state.Parameters.Length < _net.ParameterCount + _net.SignalCount)
            throw new ArgumentException($"The state holds {state.Counts.Length} counts and {state.Parameters.Length} parameter values; the network needs {_net.CompartmentCount} and {_net.ParameterCount + _net.SignalCount}.", nameof(state));
        _counts = state.Counts;
        if (!ReferenceEquals(_parameters, state.Parameters)) _ratesCurrent = false; // another state's parameters: read afresh
        _parameters = state.Parameters;
        bool switched = !_classified;
        if (!_classified || _deterministic)
        {
            for (int i = 0; i < _counts.Length; i++) switched |= Classify(i);
        }
        else
        {
            // Once classified, a compartment of continuous mode stays continuous: only the others (exact, and dynamic ones
            // that switch at their thresholds) are looked at, in index order as above, so the rounding draws are the same.
            foreach (int i in _nonContinuousModes ??= NonContinuousModes(_net)) switched |= Classify(i);
        }
        // Most external changes (a kill, a dose, a parameter) leave the partition as it was: then the transition classes,
        // the right-hand side's rows and the varying inputs still hold, and only what reads counts or parameters is redone.
        if (switched) Repartition(state.TimeDays);
        else Reload(state.TimeDays);
        _valid = true;
    }

    /// <summary>
    /// Puts compartment <paramref name="i"/> in the continuous or the exact part by its mode (a dynamic one by its count
    /// against the switching thresholds, with hysteresis) and rounds it to a whole count when exact; true when it moved.
    /// </summary>
    private bool Classify(int i)
    {
        bool continuous = _deterministic || _net.Modes[i] switch
        {
            CompartmentMode.Exact => false,
            CompartmentMode.Continuous => true,
            _ => _continuous[i] ? _counts[i] >= _lower : _counts[i] >= _upper,
        };
        bool moved = continuous != _continuous[i];
        _continuous[i] = continuous;
        if (!continuous) RoundToInteger(i);
        return moved;
    }

    /// <summary>The compartments whose mode is not <see cref="CompartmentMode.Continuous"/>, ascending (<see cref="Refresh"/>'s after the first classification).</summary>
    private int[]? _nonContinuousModes;

    /// <summary>Whether the slots' rate constants (<see cref="Reload"/>) are those of the current parameters and layout: a change of counts alone keeps them.</summary>
    private bool _ratesCurrent;

    private static int[] NonContinuousModes(CompiledNetwork net)
    {
        int count = 0;
        for (int i = 0; i < net.CompartmentCount; i++) if (net.Modes[i] != CompartmentMode.Continuous) count++;
        var list = new int[count];
        for (int i = 0, k = 0; i < net.CompartmentCount; i++) if (net.Modes[i] != CompartmentMode.Continuous) list[k++] = i;
        return list;
    }

    /// <summary>
    /// Called after parameters were changed from outside (<see cref="CompartmentSystem.SetParameter(int, double)"/>): as
    /// <see cref="Invalidate"/>, and the next <see cref="Reload"/> reads the rate constants again. A change of counts alone
    /// (<see cref="Invalidate"/>: a kill, an infusion, a transfusion) keeps them.
    /// </summary>
    public void InvalidateParameters()
    {
        _ratesCurrent = false;
        _valid = false;
    }

    private void RoundToInteger(int i)
    {
        double x = _counts[i], f = Math.Floor(x);
        if (f != x) _counts[i] = f + (_random.NextDouble() < x - f ? 1 : 0);
    }

    /// <summary>
    /// Takes the layout of the new set of continuous compartments (the transition classes, slots, rows and varying inputs:
    /// <see cref="PartitionLayout"/>, kept with the structure) and restructures the ODE after the set changed (hazard already
    /// folded at <paramref name="t"/>), then <see cref="Reload"/>s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Repartition(double t)
    {
        // Each new ODE component's index in the old partition (none before the first), for the integrator to carry over what
        // it learnt: read from the old layout before the new one replaces it (an own layout is rebuilt in place).
        bool before = _classified;
        int[] previous = _previousComponent, oldCompToOde = _compToOde;
        int nc = 0;
        for (int i = 0; i < _continuous.Length; i++)
            if (_continuous[i]) previous[nc++] = before ? oldCompToOde[i] : -1;
        int oldHazard = _hazardIndex;
        PartitionLayout? layout = UsesLayoutCache ? PartitionLayout.For(_net, _continuous) : null;
        if (layout is null)
        {
            layout = _ownLayout ??= new PartitionLayout(_net);
            layout.Build(_net, _continuous);
        }
        Adopt(layout);
        _publicationSplit = false;
        _stepReadsListed = false;
        // The integrator's structure (its dimension, RKC's power-iteration vector, an implicit method's Jacobian pattern)
        // changes only here: a reload keeps it.
        int dimension = nc + (_varyingCount > 0 ? 1 : 0);
        if (_varyingCount > 0) previous[nc] = before ? oldHazard : -1; // the old hazard component (−1 if there was none), until Reload sets the new
        _ode.Restructure(dimension, previous.AsSpan(0, dimension));
        _classified = true;
        Reload(t);
    }

    /// <summary>
    /// Reads the partition through <paramref name="layout"/>'s arrays and counts, and copies its first-order terms' reactants
    /// and signals (each solver sets their rate constants, <see cref="Reload"/>).
    /// </summary>
    private void Adopt(PartitionLayout layout)
    {
        _layout = layout;
        (_compToOde, _odeToComp, _runStart, _runLength, _dynamicContinuous) = (layout.CompToOde, layout.OdeToComp, layout.RunStart, layout.RunLength, layout.DynamicContinuous);
        (_odeCompartments, _runCount, _dynamicContinuousCount) = (layout.OdeCompartments, layout.RunCount, layout.DynamicContinuousCount);
        (_contTransitions, _staticDiscrete, _varyingDiscrete) = (layout.ContTransitions, layout.StaticDiscrete, layout.VaryingDiscrete);
        (_contCount, _staticCount, _varyingCount) = (layout.ContCount, layout.StaticCount, layout.VaryingCount);
        (_isStatic, _odeNeutral, _hazardOnly, _keepingDiscrete) = (layout.IsStatic, layout.OdeNeutral, layout.HazardOnly, layout.KeepingDiscrete);
        (_restartingStatic, _restartingVarying, _restartingStaticCount, _restartingVaryingCount) = (layout.RestartingStatic, layout.RestartingVarying, layout.RestartingStaticCount, layout.RestartingVaryingCount);
        (_slotOf, _slotTransition, _plainCount, _modulatedCount) = (layout.SlotOf, layout.SlotTransition, layout.PlainCount, layout.ModulatedCount);
        (_rowEnd, _rowSlot, _rowAmount) = (layout.RowEnd, layout.RowSlot, layout.RowAmount);
        (_inputMarks, _varyingInputs, _varyingSignals) = (layout.InputMarks, layout.VaryingInputs, layout.VaryingSignals);
        (_varyingInputCount, _varyingSignalCount) = (layout.VaryingInputCount, layout.VaryingSignalCount);
        layout.Terms.AsSpan(0, _plainCount + _modulatedCount).CopyTo(_terms);
        _ratesCurrent = false; // the layout's terms carry no patient's rate constants
        ListVaryingTerms();
        _code = _codeEntry = null;
        _codeLookedUp = false;
        _inputPack.Clear();
        if (_defersRestarts) ListDeferrable();
    }

    /// <summary>
    /// Redoes, for an unchanged partition, what depends on the counts and parameters: the first-order rate constants, the
    /// static discrete propensities and their sum, and the integrator's state at <paramref name="t"/> (hazard already folded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Reload(double t)
    {
        CompiledNetwork net = _net;
        int nc = _odeCompartments;
        Array.Clear(_a);
        if (!_ratesCurrent)
        {
            for (int slot = 0; slot < _plainCount + _modulatedCount; slot++)
                _rateConstants[slot] = _terms[slot].Rate = _parameters[net.RateParameters[_slotTransition[slot]]];
            _ratesCurrent = true;
        }
        _staticTotal = 0;
        if (net.SignalCount > 0) net.UpdateSignals(_counts, _parameters, t);
        for (int s = 0; s < _staticCount; s++)
        {
            int j = _staticDiscrete[s];
            _a[j] = EvaluateDiscrete(j, t);
            _staticTotal += _a[j];
        }
        _hazardIndex = _varyingCount > 0 ? nc : -1;
        _polynomialHazard = false;
        _odeActive = nc > 0 || _varyingCount > 0;
        _anchorTime = t;
        _anchorR = 0;
        if (_odeActive)
        {
            double[] y = _ode.Y; // read once: a virtual property (and the stiffness switch's forwards to its active method)
            for (int k = 0; k < nc; k++) y[k] = _counts[_odeToComp[k]];
            if (_varyingCount > 0) y[nc] = 0;
            _ode.T = t;
            _ode.Reset();
            _derivativeStale = false;
            ForgetPackedSteps();
        }
    }

    /// <summary>
    /// Tells an implicit integrator which ODE components each component's derivative reads under the current partition, and
    /// whether the right-hand side depends on time: the layout's pattern (<see cref="PartitionLayout.Pattern"/>, built once
    /// per layout).
    /// </summary>
    void IJacobianPattern.Declare(OdeStepper stepper)
    {
        stepper.SetJacobianPattern(_layout!.Pattern(_net));
    }

    /// <summary>
    /// Sets the continuous inputs of the varying discrete transitions to their dense-output values at <paramref name="t"/>
    /// (inside the last step) and updates their signals; <paramref name="packed"/>: <see cref="InputsPacked"/>' answer for
    /// the integrator's last step, already asked.
    /// </summary>
    private void InterpolateVaryingInputsWith(double t, bool packed)
    {
        WriteVaryingInputs(t, packed);
        if (_varyingSignalCount > 0) _net.UpdateSignals(_counts, _parameters, t, _varyingSignals.AsSpan(0, _varyingSignalCount));
    }

    /// <summary>
    /// Whether the varying inputs are read through the input pack for the integrator's last step (packing it at the step's first
    /// request): <see cref="HermitePack.Ready"/>, whose answer stays the same until the integrator steps or restarts or the pack
    /// is forgotten.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool InputsPacked() => PacksDenseOutput && _inputPack.Ready(_ode, _varyingInputs.AsSpan(0, _varyingInputCount), _odeToComp);

    /// <summary>The varying inputs' counts at <paramref name="t"/> inside the last step: from the pack when <paramref name="packed"/>, else from the dense output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteVaryingInputs(double t, bool packed)
    {
        if (packed) _inputPack.Write(t, _counts);
        else InterpolateInputs(t);
    }

    /// <summary><see cref="InterpolateVaryingInputsWith"/>' counts read from the integrator's dense output directly (the pack's values to the bit).</summary>
    private void InterpolateInputs(double t)
    {
        Span<double> amounts = _published.AsSpan(0, _varyingInputCount);
        _ode.InterpolateComponents(t, _varyingInputs.AsSpan(0, _varyingInputCount), amounts);
        for (int i = 0; i < amounts.Length; i++) _counts[_odeToComp[_varyingInputs[i]]] = Math.Max(0, amounts[i]);
    }

    // ---------------------------------------------------------------------------------------
    // Purely exact phase: direct method with constant propensities
    // ---------------------------------------------------------------------------------------

    private double AdvanceExact(CompartmentState state, double t, double end)
    {
        while (true)
        {
            double total = _staticTotal;
            double dt = total > 0 ? (_target - _hazardBase) / total : double.PositiveInfinity;
            if (dt > end - t)
            {
                _hazardBase += total * (end - t);
                _anchorTime = end;
                return end;
            }
            t += dt;
            _anchorTime = t;
            int j = SelectDiscrete(total);
            if (j < 0)
            {
                // S was only round-off residue: rebuild it from the cached propensities and go on.
                _staticTotal = 0;
                for (int s = 0; s < _staticCount; s++) _staticTotal += _a[_staticDiscrete[s]];
                _hazardBase = 0;
                _target = ExponentialZiggurat.Next(_random);
                continue;
            }
            if (Fire(state, j, t)) return t; // partition changed: let the caller pick the phase
        }
    }

    // ---------------------------------------------------------------------------------------
    // ODE phase
    // ---------------------------------------------------------------------------------------

    /// <summary>
    /// Advances the continuous part from <paramref name="t"/> (the time the counts hold) to
    /// <paramref name="end"/>, or to an earlier time at which the partition changed (returned).
    /// </summary>
    /// <remarks>
    /// Steps are not cut at <paramref name="end"/>: the integrator takes its natural step (up to
    /// <see cref="LookAheadDays"/> past <paramref name="end"/>) and the counts at
    /// <paramref name="end"/> are read from the step's dense output. The next call goes on inside
    /// the same step, so daily observation does not force daily steps (a stabilised method would
    /// otherwise take multi-day steps). Discrete firings are only ever placed at or before
    /// <paramref name="end"/>, so an external change at <paramref name="end"/> (which invalidates
    /// the solver and restarts the integrator there) is applied to the right state.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double AdvanceOde(CompartmentState state, double t, double end)
    {
        var system = new Rhs(this);
        OdeStepper ode = _ode;
        int nc = _odeCompartments;
        bool hasDiscrete = _staticCount + _varyingCount > 0;
        while (true)
        {
            // The integrator's time, read once per pass (through the switching integrator it is two virtual calls): only
            // a step and a restart change it, and a firing that repartitions leaves the method.
            double stepEnd = ode.T;
            // The step's start and whether the input pack holds the step (InputsPacked), each read at the pass's first need and
            // kept: both stay until a step, a restart or a repartition, and each of those ends the pass.
            double stepStart = 0;
            bool stepStartRead = false, packed = false, packedAsked = false;
            // The last step already reaches past t (look-ahead from an earlier call): go on inside it.
            if (stepEnd <= t)
            {
                if (_polynomialHazard) LeavePolynomialHazard();
                if (_derivativeStale) RefreshStaleDerivative();
                // R at the step's start: the dense output there is 1·y₀ + 0·f₀ + 0·y₁ + 0·f₁, y₀ to the bit (finite slopes).
                double hazardAtStart = _varyingCount > 0 ? HazardUnit * ode.Y[_hazardIndex] : 0;
                if (_magnitudeFloor is not null) SetMagnitudeFloors();
                _endSignalsKept = false;
                ode.Step(ref system, StepLimit(t, end));
                stepEnd = ode.T;
                if (_varyingCount > 0)
                {
                    stepStart = ode.TPrevious;
                    stepStartRead = true;
                    if (stepEnd > stepStart) _varyingRate = (HazardUnit * ode.Y[_hazardIndex] - hazardAtStart) / (stepEnd - stepStart);
                }
            }
            double reach = Math.Min(stepEnd, end);
            bool restarted = false;
            double hazardAtReach;
            // R(reach), kept across the firings that leave it (round-off, ODE-neutral): Hazard(reach) with its operations.
            double rAtReach = hasDiscrete ? VaryingHazard(reach, stepEnd) : 0;
            while (hasDiscrete && (hazardAtReach = _hazardBase + _staticTotal * (reach - _anchorTime) + rAtReach - _anchorR) >= _target)
            {
                if (!stepStartRead)
                {
                    stepStart = ode.TPrevious;
                    stepStartRead = true;
                }
                double lo = Math.Max(_anchorTime, stepStart);
                // With only static exact transitions the hazard is linear in t: solve directly.
                double tStar = _varyingCount == 0
                    ? Math.Clamp(_anchorTime + (_target - _hazardBase) / _staticTotal, lo, reach)
                    : LocateCrossing(lo, reach, hazardAtReach, stepEnd);
                // Continuous amounts at t* are needed by the varying propensities (a restart interpolates them anyway).
                if (_varyingCount > 0)
                {
                    if (!packedAsked) (packed, packedAsked) = (InputsPacked(), true);
                    InterpolateVaryingInputsWith(tStar, packed);
                }
                double total = _staticTotal;
                for (int v = 0; v < _varyingCount; v++)
                {
                    int jv = _varyingDiscrete[v];
                    _a[jv] = EvaluateDiscrete(jv, tStar);
                    total += _a[jv];
                }
                int j = SelectDiscrete(total);
                if (j < 0)
                {
                    // Round-off: nothing can fire after all; restart the clock.
                    FoldHazard(tStar);
                    _hazardBase = 0;
                    _target = ExponentialZiggurat.Next(_random);
                    continue;
                }
                if (_hazardOnly[j])
                {
                    if (Fire(state, j, tStar, insideStep: true, hazardOnly: true)) return tStar; // switched: repartitioned at t*
                    if (!packedAsked) (packed, packedAsked) = (InputsPacked(), true);
                    EnterPolynomialHazard(tStar, stepEnd, packed);
                    rAtReach = VaryingHazard(reach, stepEnd);
                    continue; // the continuous part's dense output is still valid
                }
                if (_odeNeutral[j])
                {
                    double rAtStar = _varyingCount == 0 ? 0 : tStar == reach ? rAtReach : tStar == _probeTime ? _probeR : VaryingHazard(tStar, stepEnd);
                    if (Fire(state, j, tStar, insideStep: true)) return tStar; // switched: repartitioned at t*
                    _hazardBase = 0;
                    _anchorTime = tStar;
                    _anchorR = rAtStar;
                    continue; // the step's dense output is still valid: look for the next firing in it
                }
                if (Deferrable(j) && DeferralHolds(j, tStar, stepEnd))
                {
                    // The rest of the step keeps the rates of before the firing, within the bound (HybridSolver.Deferral.cs);
                    // the next step starts with a fresh derivative. A switch repartitions at t* from the dense output.
                    if (Fire(state, j, tStar, insideStep: true)) return tStar;
                    _derivativeStale = true;
                    if (_varyingCount > 0)
                    {
                        EnterPolynomialHazard(tStar, stepEnd, packed); // packed: asked for the inputs at t*
                        rAtReach = VaryingHazard(reach, stepEnd);
                    }
                    else
                    {
                        _hazardBase = 0;
                        _anchorTime = tStar;
                        _anchorR = 0;
                    }
                    continue;
                }
                // The firing changes what the ODE integrates or reads: restart from t*.
                // The integrator's vector, read where it is used (a virtual property, two calls through the switching integrator):
                // only a step's handover or a repartition replaces it, and neither comes within a pass.
                double[] y = ode.Y;
                ode.Interpolate(tStar, y.AsSpan(0, ode.Dimension));
                ode.T = tStar;
                if (_hazardIndex >= 0) y[_hazardIndex] = 0;
                _polynomialHazard = false;
                _endSignalsKept = false;
                WriteBack(y, nc);
                Restarts++;
                _hazardBase = 0;
                _anchorTime = tStar;
                _anchorR = 0;
                ode.Reset();
                ForgetPackedSteps();
                bool probed = _probesDeferral && ChangesNoContinuous(j);
                if (probed) ProbeBefore(tStar);
                if (Fire(state, j, tStar)) return tStar;
                if (probed) ProbeAfter(tStar, stepEnd);
                restarted = true;
                break;
            }
            if (restarted)
            {
                t = ode.T;
                continue;
            }
            if (stepEnd > end)
            {
                PublishStop(nc, end);
                SwitchFallen(end);
                return end;
            }
            double[] amounts = ode.Y; // not read for a stop inside the step (above), the usual pass
            if (stepEnd >= end) WriteBack(amounts, nc);
            else WriteBackRead(amounts, nc);
            if (SwitchFallen(stepEnd, countsBehind: stepEnd < end) || stepEnd >= end) return stepEnd;
            t = stepEnd;
        }
    }

    /// <summary>
    /// Where the next step may end at the latest: <see cref="LookAheadDays"/> past the stop, but, when some discrete firing
    /// would restart the integrator (it changes the continuous part), at most <see cref="FiringMargin"/> times the expected
    /// time to the next firing that restarts it (it discards the rest of the step).
    /// </summary>
    /// <remarks>
    /// <para>The next firing comes after the predicted wait w (remaining hazard over the current hazard rate λ); it restarts
    /// the integrator with probability p = λc/λ (λc the rate of the firings that do), and after one that does not, the next
    /// comes on average 1/λ later: the expected time to the next restart is w + (1 − p)/λc = w + 1/λc − 1/λ (w when every
    /// firing restarts). So frequent firings that leave the integrator running (a clone dividing beside a few stem cells
    /// whose firings restart; the autoreactive clone dying under ATG beside exact host stem cells) do not hold the steps.
    /// The varying discrete transitions' share of λc is taken from their propensities at the last firing (all of their rate
    /// before one, the cautious choice). The cap only sizes steps: firing times stay exact.</para>
    /// <para>Hazard-only firings were counted as cuts until session 13 (after one the rest of the step's hazard is the
    /// quadratic fit of <see cref="EnterPolynomialHazard"/>, which no error control checks), on session 10's measurement that
    /// counting them out moved `ric-flu-bu-atg`'s firing times from a tight reference (`firing-accuracy`, every matched
    /// |Δt|, 90th percentile over 60 patients, 0.144 → 0.202 day). Over 120 patients that percentile is 0.155 day as it
    /// was, 0.182 with them counted out (margin 3; 0.167 at 1.3), and 0.192 when every hazard-only firing restarts the
    /// integrator (no quadratic fit at all, the exact treatment): the percentile moves by the chance of which firings stay
    /// matched with the reference, not with the fit; the worst |Δt| of the first 20 firings is 0.066–0.067 / 0.205–0.212
    /// day (median / 90th) in all of them.</para>
    /// <para>With <see cref="SolverOptions.HybridDeferNegligibleRestarts"/> the firings that may be deferred
    /// (HybridSolver.Deferral.cs) are not counted as cuts either: one only restarts when its bound fails (none of
    /// <c>cord-single-mac</c>'s or <c>ric-flu-bu-atg</c>'s did, session 16), and capping the steps at them was most of what
    /// their restarts cost (sessions 15–16: keeping the cap gave a third of the saving).</para>
    /// </remarks>
    private double StepLimit(double t, double end)
    {
        double limit = end + LookAheadDays;
        // Only transitions that can fire now count (an empty exact compartment's transitions cannot).
        bool restartPossible = false;
        for (int r = 0; r < _restartingStaticCount && !restartPossible; r++)
            restartPossible = _a[_restartingStatic[r]] > 0 && !Deferrable(_restartingStatic[r]);
        for (int r = 0; r < _restartingVaryingCount && !restartPossible; r++)
            restartPossible = _net.ReactantsAvailable(_restartingVarying[r], _counts) && !Deferrable(_restartingVarying[r]);
        if (!restartPossible) return limit;
        double varyingRate = _varyingCount > 0 ? _varyingRate : 0;
        double rate = _staticTotal + varyingRate;
        if (!(rate > 0)) return limit;
        double wait = (_target - Hazard(t)) / rate;
        if (!(wait > 0)) return limit;
        // When every discrete firing restarts the integrator the expected time is the wait.
        double expected = _keepingDiscrete || _anyDeferrable ? ExpectedTimeToRestart(wait, rate, varyingRate) : wait;
        return Math.Min(limit, t + FiringMargin * expected);
    }

    /// <summary>The expected time to the next firing that restarts the integrator, w + 1/λc − 1/λ (<see cref="StepLimit"/>).</summary>
    private double ExpectedTimeToRestart(double wait, double rate, double varyingRate)
    {
        // The restarting transitions' lists keep the order of all: each sum adds the same terms in the same order.
        double staticCutRate = 0;
        for (int r = 0; r < _restartingStaticCount; r++)
            if (!Deferrable(_restartingStatic[r])) staticCutRate += _a[_restartingStatic[r]];
        double varyingKnown = 0, varyingCutKnown = 0;
        for (int v = 0; v < _varyingCount; v++) varyingKnown += _a[_varyingDiscrete[v]];
        for (int r = 0; r < _restartingVaryingCount; r++)
            if (!Deferrable(_restartingVarying[r])) varyingCutKnown += _a[_restartingVarying[r]];
        double cutRate = staticCutRate + (varyingKnown > 0 ? varyingRate * (varyingCutKnown / varyingKnown) : varyingRate);
        return cutRate > 0 && cutRate < rate ? wait + (1 / cutRate - 1 / rate) : wait;
    }

    /// <summary>
    /// After a firing that changed only exact compartments read by varying discrete transitions (not
    /// by the continuous part): the continuous dense output of the step stays valid, so instead of
    /// restarting the integrator the new varying hazard on [t*, T] is the integral of the quadratic
    /// through the varying rate at t*, the midpoint and T (Simpson's rule, fourth order, evaluated on
    /// the dense output). The next step starts with the integrator's hazard component re-anchored.
    /// </summary>
    /// <param name="tStar">The firing's time.</param>
    /// <param name="stepEnd">The integrator's T, as the caller read it (through the switching integrator it is two virtual calls).</param>
    /// <param name="packed"><see cref="InputsPacked"/>' answer for the integrator's last step, as the caller asked it (it stays
    /// until a step, a restart or a repartition, none of which comes between the firing and the fit).</param>
    private void EnterPolynomialHazard(double tStar, double stepEnd, bool packed)
    {
        double span = stepEnd - tStar;
        double r0 = VaryingRateAtFiring(tStar), rMid = r0, r1 = r0;
        if (span > 0)
        {
            rMid = VaryingRateAt(tStar + 0.5 * span, packed);
            r1 = VaryingRateAtStepEndOfFit(stepEnd, packed);
        }
        _polynomialHazard = true;
        _polyStart = tStar;
        _polyRate0 = r0;
        _polySlope = span > 0 ? (4 * rMid - 3 * r0 - r1) / span : 0;
        _polyCurvature = span > 0 ? 2 * (r0 - 2 * rMid + r1) / (span * span) : 0;
        _polyRateEnd = r1;
        _hazardBase = 0;
        _anchorTime = tStar;
        _anchorR = 0;
    }

    /// <summary>
    /// Folds the polynomial hazard at the step's end and restarts the integrator's hazard component at 0. Its derivative
    /// changed with the firings; the continuous part's did not (they changed nothing it reads), so the integrator keeps
    /// the derivative it carries into the next step with only the hazard rate replaced (<see cref="OdeStepper.ResetComponent"/>),
    /// instead of evaluating the whole right-hand side again.
    /// </summary>
    private void LeavePolynomialHazard()
    {
        double t = _ode.T;
        _hazardBase = Hazard(t);
        _polynomialHazard = false;
        _endSignalsKept = false;
        _anchorTime = t;
        _anchorR = 0;
        // The fits' step is still the integrator's last (a step or a restart comes after this), so the dense output is checked
        // once here rather than at every fit of the step.
        _ode.ResetComponent(_hazardIndex, 0, HazardScale * (ReusesFittedEndRate && DenseOutputEndsOnY() ? PolyRateAtStepEnd() : VaryingRateAtStepEnd()));
        ForgetPackedSteps();
    }

    /// <summary>
    /// Whether the last step's dense output at its end, T, is the integrator's Y to the bit (with the clamp at 0 that reading
    /// the inputs applies): so the fit's rate at T (<see cref="EnterPolynomialHazard"/>, the varying inputs read from the dense
    /// output at T) is <see cref="VaryingRateAtStepEnd"/>'s value.
    /// </summary>
    /// <remarks>
    /// A cubic Hermite step (<see cref="RungeKuttaChebyshev"/>, <see cref="RosenbrockW"/>) records its length as T − TPrevious,
    /// so at T the weights' θ = (T − start)/h is h/h = 1 exactly when T − start is that length, and the weights are 0, 0, 1, 0:
    /// the value is 0·y₀ + 0·f₀ + y₁ + 0·f₁, y₁ itself (a −0 becomes +0 under either clamp) for finite y₀, f₀, f₁ (an accepted
    /// step's error norm is finite). <see cref="DormandPrince45"/>'s dense output at T is y₀ + (y₁ − y₀), not always y₁: no
    /// reuse there. <see cref="LeavePolynomialHazard"/> checks it before the next step, so on the step the fits used: between
    /// the fits and it the integrator is neither stepped nor restarted (a restart or a repartition ends the fit); a clamp of
    /// Y at the step's end (<see cref="WriteBack"/>) drops the dense output, and the rate is then evaluated on the clamped Y,
    /// the same value (the inputs are clamped at 0 either way).
    /// </remarks>
    private bool DenseOutputEndsOnY() =>
        _ode.TryGetHermiteSegment(_hazardIndex, out HermiteSegment segment) && segment.Length > 0 && _ode.T - segment.Start == segment.Length;

    /// <summary>
    /// <see cref="VaryingRateAtStepEnd"/> when the fit's rate at T has its bits (<see cref="DenseOutputEndsOnY"/>): the
    /// varying inputs are set from Y as it sets them (what the step limit may read), the signals and propensities are not
    /// evaluated again. Between the fit and here only ODE-neutral firings, which change nothing the varying transitions
    /// read, can have happened (a hazard-only one fits again; any other restarts the integrator or repartitions, and an
    /// external change invalidates the solver): their counts are the fit's.
    /// </summary>
    private double PolyRateAtStepEnd()
    {
        SetVaryingInputsFromY();
        FittedEndRatesReused++;
        return _polyRateEnd;
    }

    /// <summary>Resets the integrator keeping its carried derivative (<see cref="OdeStepper.ResetKeepingDerivative"/>).</summary>
    private void ResetOdeKeepingDerivative()
    {
        _ode.ResetKeepingDerivative();
        ForgetPackedSteps();
    }

    /// <summary>The integrator's vectors changed without a step: the packs no longer hold its dense output.</summary>
    private void ForgetPackedSteps()
    {
        _eagerPack.Forget();
        _inputPack.Forget();
    }

    /// <summary>
    /// The varying discrete transitions' total rate at the end of the last step, (T, Y), as <see cref="Derivative"/> computes
    /// it there (the same value to the bit): their continuous inputs from Y (clamped at 0), their signals, their propensities.
    /// </summary>
    private double VaryingRateAtStepEnd()
    {
        CompiledNetwork net = _net;
        double t = _ode.T;
        SetVaryingInputsFromY();
        if (_varyingSignalCount > 0) net.UpdateSignals(_counts, _parameters, t, _varyingSignals.AsSpan(0, _varyingSignalCount));
        return VaryingPropensitySum(t);
    }

    /// <summary>The varying discrete transitions' continuous inputs set from the integrator's Y (clamped at 0).</summary>
    private void SetVaryingInputsFromY()
    {
        double[] y = _ode.Y;
        for (int i = 0; i < _varyingInputCount; i++)
        {
            int k = _varyingInputs[i];
            double v = y[k];
            _counts[_odeToComp[k]] = v > 0 ? v : 0;
        }
    }

    /// <summary>
    /// The varying discrete transitions' propensities at <paramref name="t"/> from the current counts and signals, summed in
    /// transition order (the hazard rate <see cref="Derivative"/> integrates); throws for one that is negative, NaN or infinite.
    /// </summary>
    /// <remarks>
    /// A first-order transition with at most one modulator and no Hill factor (<see cref="CompiledNetwork.FastModulator"/>;
    /// the physiology's varying transitions are of this form) is k·x times its signal, <see cref="CompiledNetwork.Propensity"/>'s
    /// operations in its order without its kind switch (as <see cref="EvaluateDiscrete"/>): the same bits.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double VaryingPropensitySum(double t)
    {
        double rate = 0;
        DiscreteTerm[] terms = _varyingTerms;
        double[] parameters = _parameters, counts = _counts;
        for (int v = 0; v < _varyingCount; v++)
        {
            DiscreteTerm term = terms[v];
            double a;
            if (term.Modulator != CompiledNetwork.NotFast)
            {
                a = parameters[term.Rate] * counts[term.Argument];
                if (term.Modulator >= 0) a *= parameters[term.Modulator];
            }
            else a = _net.Propensity(term.Transition, counts, parameters, t);
            if (!(a >= 0 && a < double.PositiveInfinity)) throw _net.InvalidPropensity(term.Transition, t, a);
            rate += a;
        }
        return rate;
    }

    /// <summary>
    /// Lists what each varying discrete transition's propensity reads (<see cref="DiscreteTerm"/>, in the order of
    /// <see cref="_varyingDiscrete"/>), once per partition adopted: the network's arrays read through one 16-byte entry.
    /// </summary>
    private void ListVaryingTerms()
    {
        CompiledNetwork net = _net;
        for (int v = 0; v < _varyingCount; v++)
        {
            int j = _varyingDiscrete[v];
            int modulator = net.FastModulator[j];
            _varyingTerms[v] = modulator == CompiledNetwork.NotFast
                ? new DiscreteTerm { Transition = j, Modulator = CompiledNetwork.NotFast }
                : new DiscreteTerm { Transition = j, Rate = net.RateParameters[j], Argument = net.Argument0[j], Modulator = modulator };
        }
    }

    /// <summary>
    /// The total rate of the varying discrete transitions at <paramref name="t"/> inside the last step (continuous amounts from
    /// the dense output; <paramref name="packed"/>: <see cref="InputsPacked"/>' answer for that step).
    /// </summary>
    private double VaryingRateAt(double t, bool packed)
    {
        InterpolateVaryingInputsWith(t, packed);
        return VaryingRateAtFiring(t);
    }

    /// <summary>
    /// <see cref="VaryingRateAt"/> at the time <paramref name="tStar"/> of a hazard-only firing just made: the counts still
    /// hold the continuous inputs interpolated at t* for choosing that firing, and the firing recomputed the signals its
    /// dependents read (the others read nothing it changed), so only the propensities are evaluated again (the same values
    /// to the bit as interpolating again).
    /// </summary>
    private double VaryingRateAtFiring(double tStar)
    {
        double rate = 0;
        DiscreteTerm[] terms = _varyingTerms;
        double[] parameters = _parameters, counts = _counts;
        for (int v = 0; v < _varyingCount; v++)
        {
            DiscreteTerm term = terms[v];
            if (term.Modulator == CompiledNetwork.NotFast)
            {
                rate += EvaluateDiscrete(term.Transition, tStar);
                continue;
            }
            // EvaluateDiscrete's first-order path (the same operations in its order, the same check) from the listed term.
            double a = parameters[term.Rate] * counts[term.Argument];
            if (term.Modulator >= 0) a *= parameters[term.Modulator];
            if (!(a >= 0 && a < double.PositiveInfinity)) throw _net.InvalidPropensity(term.Transition, tStar, a);
            rate += a;
        }
        return rate;
    }

    /// <summary>
    /// The time in [<paramref name="lo"/>, <paramref name="hi"/>] where the total hazard reaches the target
    /// (<paramref name="hazardAtHi"/> = H(hi) ≥ target), within 10⁻¹⁵·max(1, |hi|) days: Newton steps on H, whose rate is
    /// the hazard rate (<see cref="HazardCrossing"/>); <paramref name="stepEnd"/> is the integrator's T, as the caller read it.
    /// </summary>
    /// <remarks>
    /// The search reads H through <see cref="StepHazard"/>: the step's cubic Hermite segment of the hazard component is
    /// taken from the integrator once (<see cref="OdeStepper.TryGetHermiteSegment"/>), so each evaluation is a few
    /// operations with no call, and gives <see cref="Hazard"/>'s value to the bit. After a hazard-only firing
    /// (<see cref="EnterPolynomialHazard"/>) H is the quadratic-rate polynomial; with an integrator whose dense output
    /// is not a cubic Hermite one (<see cref="DormandPrince45"/>) H is interpolated and its rate is left unknown (secant
    /// steps).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double LocateCrossing(double lo, double hi, double hazardAtHi, double stepEnd)
    {
        _probeTime = double.NaN;
        var hazard = new StepHazard(this, stepEnd);
        return HazardCrossing.Locate(ref hazard, lo, hi, hazardAtHi, _target);
    }

    /// <summary><see cref="Hazard"/> on the last step, with its rate dH/dt (NaN when the dense output gives none).</summary>
    private readonly struct StepHazard : HazardCrossing.ICurve
    {
        private readonly HybridSolver _solver;
        private readonly HermiteSegment _segment;
        private readonly bool _cubic;
        /// <summary>The integrator's time T, read once: it stays while the search runs (no step), and through the switching integrator it is two virtual calls.</summary>
        private readonly double _stepEnd;

        /// <summary>H on the integrator's last step, which ends at <paramref name="stepEnd"/> (its T).</summary>
        public StepHazard(HybridSolver solver, double stepEnd)
        {
            _solver = solver;
            _stepEnd = stepEnd;
            _cubic = !solver._polynomialHazard && solver._ode.TryGetHermiteSegment(solver._hazardIndex, out _segment);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Value(double time, out double rate)
        {
            HybridSolver s = _solver;
            double r;
            if (_cubic)
            {
                r = HazardUnit * _segment.Value(time, out double slope);
                if (time == _stepEnd) r = HazardUnit * s._ode.Y[s._hazardIndex];
                rate = s._staticTotal + HazardUnit * slope;
            }
            else
            {
                r = s.VaryingHazard(time, _stepEnd);
                double u = time - s._polyStart;
                rate = s._polynomialHazard ? s._staticTotal + s._polyRate0 + u * (s._polySlope + u * s._polyCurvature) : double.NaN;
            }
            s._probeTime = time;
            s._probeR = r;
            // Hazard(t)'s operations in its order (VaryingHazard's value is r).
            return s._hazardBase + s._staticTotal * (time - s._anchorTime) + r - s._anchorR;
        }
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
        if (clamped) ResetOdeKeepingDerivative(); // Derivative reads the amounts clamped: f(T, Y) is unchanged
    }

    /// <summary>
    /// <see cref="WriteBack"/> after a step that the call goes on from: clamps every amount as it does, but writes into the
    /// counts only what the solver reads before the next step (<see cref="ListStepReads"/>), whose first right-hand-side
    /// evaluation writes every count (<see cref="Derivative"/>). The others hold an evaluation's values until then.
    /// </summary>
    // Fully optimised at once: ReadyToRun leaves it out, so it ran as tier-0 code for a cohort's first patients (session 12).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteBackRead(double[] y, int nc)
    {
        if (!_stepReadsListed) ListStepReads(nc);
        bool clamped = false;
        int k = 0;
        // Whole vectors without a negative amount first (the usual case), then one by one from the first that has one.
        if (Vector.IsHardwareAccelerated)
        {
            ref double amounts = ref MemoryMarshal.GetArrayDataReference(y);
            for (; k <= nc - Vector<double>.Count; k += Vector<double>.Count)
                if (Vector.LessThanAny(Vector.LoadUnsafe(ref amounts, (nuint)k), Vector<double>.Zero)) break;
        }
        for (; k < nc; k++)
        {
            if (y[k] < 0)
            {
                y[k] = 0;
                clamped = true;
            }
        }
        if (PoisonsUnwrittenCounts)
            for (int c = 0; c < nc; c++) _counts[_odeToComp[c]] = double.NaN;
        for (int r = 0; r < _stepReadCount; r++)
        {
            int c = _stepReads[r];
            _counts[_odeToComp[c]] = y[c];
        }
        if (clamped) ResetOdeKeepingDerivative(); // Derivative reads the amounts clamped: f(T, Y) is unchanged
    }

    /// <summary>
    /// Lists the ODE components that the solver reads between two steps: the varying discrete transitions' inputs and
    /// reactants (<see cref="StepLimit"/>, <see cref="EvaluateDiscrete"/>) and the dynamic compartments
    /// (<see cref="SwitchFallen"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ListStepReads(int nc)
    {
        CompiledNetwork net = _net;
        Array.Clear(_stepReadMarks);
        for (int v = 0; v < _varyingCount; v++)
        {
            int j = _varyingDiscrete[v];
            for (int r = net.ReactantOffsets[j]; r < net.ReactantOffsets[j + 1]; r++) _stepReadMarks[net.ReactantCompartments[r]] = true;
        }
        _stepReadCount = 0;
        for (int k = 0; k < nc; k++)
        {
            int i = _odeToComp[k];
            if (_stepReadMarks[i] || _inputMarks[i] || net.Modes[i] == CompartmentMode.Dynamic) _stepReads[_stepReadCount++] = k;
        }
        _stepReadsListed = true;
    }

    /// <summary>
    /// Writes the continuous amounts at <paramref name="t"/> inside the last step into the counts
    /// (dense output, clamped at 0) while the integrator stays at the step's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Publish(int nc, double t)
    {
        Span<double> amounts = _published.AsSpan(0, _ode.Dimension);
        _ode.Interpolate(t, amounts);
        ReadOnlySpan<int> odeToComp = _odeToComp.AsSpan(0, nc);
        double[] counts = _counts;
        for (int k = 0; k < odeToComp.Length; k++)
        {
            // Math.Max(0, v) without its general-case work: positive values stay, NaN stays, everything else is +0.
            double v = amounts[k];
            counts[odeToComp[k]] = v > 0 || double.IsNaN(v) ? v : 0;
        }
    }

    /// <summary>
    /// <see cref="Publish"/> at the stop <paramref name="t"/> of a call, or, when a reader declared what it reads
    /// (<see cref="DeclareObserved"/>), only that, the varying discrete transitions' inputs and reactants and the dynamic
    /// compartments (what the solver itself reads before its next step); the others stay pending until <see cref="CompleteCounts"/>.
    /// </summary>
    private void PublishStop(int nc, double t)
    {
        if (_observed is null)
        {
            Publish(nc, t);
            return;
        }
        if (!_publicationSplit) SplitPublication(nc);
        ReadOnlySpan<int> eager = _eagerComponents.AsSpan(0, _eagerCount);
        if (PacksDenseOutput && _eagerPack.Ready(_ode, eager, _odeToComp)) _eagerPack.Write(t, _counts);
        else PublishComponents(eager, t);
        if (PoisonsUnwrittenCounts)
            for (int i = 0; i < _lazyCount; i++) _counts[_odeToComp[_lazyComponents[i]]] = double.NaN;
        _pending = _lazyCount > 0;
        _pendingTime = t;
    }

    /// <summary>Sorts the ODE components of the current partition into those <see cref="PublishStop"/> writes at once and the others.</summary>
    private void SplitPublication(int nc)
    {
        CompiledNetwork net = _net;
        if (!_stepReadsListed) ListStepReads(nc);   // marks the varying discrete transitions' reactants
        _eagerCount = _lazyCount = 0;
        for (int k = 0; k < nc; k++)
        {
            int i = _odeToComp[k];
            if (_observed![i] || _inputMarks[i] || _stepReadMarks[i] || net.Modes[i] == CompartmentMode.Dynamic) _eagerComponents[_eagerCount++] = k;
            else _lazyComponents[_lazyCount++] = k;
        }
        _publicationSplit = true;
        _eagerPack.Clear();
    }

    /// <summary>Writes the listed ODE components' amounts at <paramref name="t"/> inside the last step into the counts (as <see cref="Publish"/>, to the bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PublishComponents(ReadOnlySpan<int> components, double t)
    {
        Span<double> amounts = _published.AsSpan(0, components.Length);
        _ode.InterpolateComponents(t, components, amounts);
        // The listed components are ODE components of the current partition, which map to compartments within the counts
        // (Repartition, Refresh): written unchecked.
        ref int odeToComp = ref MemoryMarshal.GetArrayDataReference(_odeToComp);
        ref double counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        for (int i = 0; i < components.Length; i++)
        {
            double v = amounts[i];
            Unsafe.Add(ref counts, Unsafe.Add(ref odeToComp, components[i])) = v > 0 || double.IsNaN(v) ? v : 0;
        }
    }

    /// <summary>
    /// Switches continuous dynamic compartments whose count (at <paramref name="t"/>) fell below the lower threshold; true when
    /// the partition changed (then rebuilt at t). <paramref name="countsBehind"/>: only the step's reads were written
    /// (<see cref="WriteBackRead"/>), so the rest is written from the integrator's state before the first switch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SwitchFallen(double t, bool countsBehind = false)
    {
        if (_deterministic) return false;
        bool changed = false;
        for (int d = 0; d < _dynamicContinuousCount; d++)
        {
            int i = _dynamicContinuous[d];
            if (_counts[i] < _lower)
            {
                if (!changed && countsBehind) WriteBack(_ode.Y, _odeCompartments);
                _continuous[i] = false;
                RoundToInteger(i);
                changed = true;
            }
        }
        if (changed)
        {
            CompleteCounts(); // the new partition starts from every count
            FoldHazard(t);
            Switches++;
            Repartition(t);
        }
        return changed;
    }

    // ---------------------------------------------------------------------------------------
    // Firing
    // ---------------------------------------------------------------------------------------

    /// <summary>
    /// Fires discrete transition <paramref name="j"/> at <paramref name="t"/>; starts a new waiting
    /// time; true when the partition changed (then the hazard bookkeeping and the ODE are rebuilt at
    /// t). The counts of continuous compartments must hold their values at t, unless
    /// <paramref name="insideStep"/> says t lies inside the integrator's last step (a firing that
    /// leaves the continuous part alone): then they are read from its dense output if the partition
    /// changes.
    /// </summary>
    private bool Fire(CompartmentState state, int j, double t, bool insideStep = false, bool hazardOnly = false)
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
        _hazardBase = 0;
        _target = ExponentialZiggurat.Next(_random);
        if (switched)
        {
            if (insideStep) Publish(_odeCompartments, t);
            Switches++;
            Repartition(t);
            return true;
        }
        // Static discrete propensities that read a compartment j changed (the signals they read first). The other signals
        // keep stale values until the next full update (every right-hand-side evaluation and every repartition make one);
        // nothing reads them in between. A hazard-only firing inside a step follows the varying signals' update at t: only
        // those reading an exact compartment can have changed (HybridSolver.UnchangedSignals.cs).
        if (net.ChangesSignalInput[j] || net.HasTimeDependentSignals)
        {
            if (hazardOnly && KeepsUnchangedSignals) UpdateRecomputedSignals(j, t); // marks what it computes (UnchangedSignals.cs)
            else
            {
                if (_endSignalsKept) MarkEndSignalsChanged(j);
                net.UpdateSignals(_counts, _parameters, t, net.DependentSignals.AsSpan(net.DependentSignalOffsets[j], net.DependentSignalOffsets[j + 1] - net.DependentSignalOffsets[j]));
            }
        }
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
            // Rebuild the incremental sum to bound round-off drift (and to clear a tiny residue at 0).
            _sinceRebuild = 0;
            _staticTotal = 0;
            for (int s = 0; s < _staticCount; s++) _staticTotal += _a[_staticDiscrete[s]];
        }
        return false;
    }

    /// <summary>
    /// Discrete transition <paramref name="j"/>'s propensity at <paramref name="t"/> from the current counts and signals, checked.
    /// First-order mass action with at most one signal and no Hill factor (<see cref="CompiledNetwork.FastModulator"/>: the
    /// autoreactive clone's birth and deaths, most of a physiology's exact transitions) is computed here with
    /// <see cref="CompiledNetwork.Propensity"/>'s operations in its order (k·x, then times the signal: the same bits), without
    /// its kind switch and Hill and modulator lists.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double EvaluateDiscrete(int j, double t)
    {
        CompiledNetwork net = _net;
        int modulator = net.FastModulator[j];
        double a;
        if (modulator != CompiledNetwork.NotFast)
        {
            a = _parameters[net.RateParameters[j]] * _counts[net.Argument0[j]];
            if (modulator >= 0) a *= _parameters[modulator];
            if (!(a >= 0 && a < double.PositiveInfinity)) throw net.InvalidPropensity(j, t, a);
            return a;
        }
        a = net.Propensity(j, _counts, _parameters, t);
        if (!(a >= 0 && a < double.PositiveInfinity)) throw net.InvalidPropensity(j, t, a);
        if (a > 0 && net.Kinds[j] == PropensityKind.Custom && !net.ReactantsAvailable(j, _counts))
            throw new PropensityException(net.TransitionNames[j], t, a, "is positive while its reactants are not available (a firing would make a count negative)");
        return a;
    }

    /// <summary>The right-hand side: mean-field rates of continuous transitions, and the varying discrete hazard rate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Derivative(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        CompiledNetwork net = _net;
        int nc = _odeCompartments;
        CopyClamped(y);
        if (net.SignalCount > 0) net.UpdateSignals(_counts, _parameters, t);
        if (_code is null && _usesCode) CountEvaluation();
        // Two passes: every term's rate first (independent loads), then each component's sum of its terms' contributions,
        // in term order (so each derivative is the same floating-point sum as a term-by-term scatter, written once). Where
        // every continuous rate is first-order, the generated code runs both passes in one call.
        bool generalValid = true;
        if (_code is { } code && _plainCount + _modulatedCount == _contCount)
            code.RatesAndSums(ref MemoryMarshal.GetArrayDataReference(_rateConstants), ref MemoryMarshal.GetArrayDataReference(_counts),
                ref MemoryMarshal.GetArrayDataReference(_parameters), ref MemoryMarshal.GetArrayDataReference(_flux), ref MemoryMarshal.GetReference(dydt[..nc]));
        else
        {
            generalValid = ComputeFluxes(t);
            Accumulate(dydt[..nc]);
        }
        // The first-order rates are checked after the sums: the vector loads then find them in the cache instead of waiting
        // for the scalar stores that wrote them to leave the store buffer (RateValidity).
        if (!(generalValid && RateValidity.AllValid(_flux.AsSpan(0, _plainCount + _modulatedCount)))) ThrowInvalidTerm(t);
        if (_hazardIndex >= 0) dydt[_hazardIndex] = HazardScale * VaryingPropensitySum(t);
    }

    /// <summary>The ODE components into their compartments' counts, each clamped at zero (<see cref="ClampNonNegative"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CopyClamped(ReadOnlySpan<double> y)
    {
        // Components map to compartments of the network (Repartition), all within the counts: written unchecked. The runs
        // (RunCount of them, within the layout's arrays) cover the components [0, _odeCompartments): read unchecked too.
        ReadOnlySpan<double> components = y[.._odeCompartments];
        // Copied run by run (compartments of a run are consecutive), on vector lanes where available.
        ref int odeToComp = ref MemoryMarshal.GetArrayDataReference(_odeToComp);
        ref int runStart = ref MemoryMarshal.GetArrayDataReference(_runStart), runLength = ref MemoryMarshal.GetArrayDataReference(_runLength);
        ref double count = ref MemoryMarshal.GetArrayDataReference(_counts);
        ref double component = ref MemoryMarshal.GetReference(components);
        for (nint r = 0, runs = _runCount; r < runs; r++)
        {
            int k = Unsafe.Add(ref runStart, r);
            ClampNonNegative(ref Unsafe.Add(ref component, k), ref Unsafe.Add(ref count, Unsafe.Add(ref odeToComp, k)), Unsafe.Add(ref runLength, r));
        }
    }

    /// <summary>
    /// target[i] = source[i] &gt; 0 ? source[i] : 0 for i &lt; <paramref name="length"/> (NaN and −0 give +0): on 256-bit
    /// vector lanes, four at a time, as the value masked by its own "greater than 0" comparison (all bits kept where it is,
    /// +0 where not): the same bits by construction, whatever order the JIT gives a maximum's operands. A length of four or
    /// more that is not a multiple of four ends with the last four, overlapping: a value written twice is the same value
    /// (and clamping is idempotent, so <paramref name="target"/> may be <paramref name="source"/> itself; the two must not
    /// overlap otherwise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ClampNonNegative(ref double source, ref double target, int length)
    {
        const int Lanes = 4;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && length >= Lanes)
        {
            for (nint j = 0, last = length - Lanes; ; j += Lanes)
            {
                if (j > last) j = last;
                var v = Vector256.LoadUnsafe(ref source, (nuint)j);
                (v & Vector256.GreaterThan(v, Vector256<double>.Zero)).StoreUnsafe(ref target, (nuint)j);
                if (j == last) return;
            }
        }
        for (; i < length; i++)
        {
            double v = Unsafe.Add(ref source, i);
            Unsafe.Add(ref target, i) = v > 0 ? v : 0;
        }
    }

    /// <summary>Every continuous transition's rate (per day) at the current counts and signals into its flux slot; false when a general one is negative, NaN or infinite.</summary>
    /// <remarks>
    /// The terms read counts and signals at indices of the network (<see cref="Repartition"/>), within the state's arrays
    /// (checked at each <see cref="Refresh"/>), so the loops read them unchecked; the first-order rates are then checked in
    /// one vector pass (<see cref="RateValidity.AllValid"/>, by <see cref="Derivative"/>) instead of term by term.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private bool ComputeFluxes(double t)
    {
        int plainCount = _plainCount, fastCount = _plainCount + _modulatedCount;
        ref ContinuousTerm term = ref MemoryMarshal.GetArrayDataReference(_terms);
        ref double flux = ref MemoryMarshal.GetArrayDataReference(_flux);
        ref double counts = ref MemoryMarshal.GetArrayDataReference(_counts), parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);
        if (_code is { } code) code.Fluxes(ref MemoryMarshal.GetArrayDataReference(_rateConstants), ref counts, ref parameters, ref flux);
        else ComputeFastFluxes(plainCount, fastCount, ref term, ref counts, ref parameters, ref flux);
        return fastCount == _contCount || ComputeGeneralFluxes(t);
    }

    /// <summary>The array-driven form of <see cref="RightHandSideCode.Fluxes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ComputeFastFluxes(int plainCount, int fastCount, ref ContinuousTerm term, ref double counts, ref double parameters, ref double flux)
    {
        // First-order mass action (rate constant × reactant), then the same times one shared signal: most physiology transitions.
        for (int s = 0; s < plainCount; s++)
        {
            ref ContinuousTerm x = ref Unsafe.Add(ref term, s);
            Unsafe.Add(ref flux, s) = x.Rate * Unsafe.Add(ref counts, x.Argument);
        }
        for (int s = plainCount; s < fastCount; s++)
        {
            ref ContinuousTerm x = ref Unsafe.Add(ref term, s);
            Unsafe.Add(ref flux, s) = x.Rate * Unsafe.Add(ref counts, x.Argument) * Unsafe.Add(ref parameters, x.Modulator);
        }
    }

    /// <summary>The rates of the general continuous transitions (slots from the fast ones' end), evaluated by the network.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ComputeGeneralFluxes(double t)
    {
        bool valid = true;
        for (int s = _plainCount + _modulatedCount; s < _contCount; s++)
        {
            double a = _net.Propensity(_slotTransition[s], _counts, _parameters, t);
            _flux[s] = a;
            valid &= a >= 0 & a < double.PositiveInfinity;
        }
        return valid;
    }

    /// <summary>Each ODE component's derivative: the sum of its transitions' flux × change, in transition order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private void Accumulate(Span<double> dydt)
    {
        if (_code is { } code)
        {
            code.Sums(ref MemoryMarshal.GetArrayDataReference(_flux), ref MemoryMarshal.GetReference(dydt));
            return;
        }
        ReadOnlySpan<int> rowEnd = _rowEnd.AsSpan(0, dydt.Length), rowSlot = _rowSlot;
        ReadOnlySpan<double> rowAmount = _rowAmount, flux = _flux;
        int e = 0;
        for (int k = 0; k < rowEnd.Length; k++)
        {
            double sum = 0;
            for (int end = rowEnd[k]; e < end; e++) sum += rowAmount[e] * flux[rowSlot[e]];
            dydt[k] = sum;
        }
    }

    /// <summary>Counts an evaluation on the partition's structure (looked up at the first), and takes its code once compiled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountEvaluation()
    {
        if (!_codeLookedUp)
        {
            _codeEntry = FindCode();
            _codeLookedUp = true;
        }
        if (_codeEntry is { } entry && entry.Count(1)) _code = entry;
    }

    /// <summary>
    /// The entry of the current partition's structure (the layout's, <see cref="PartitionLayout.Code"/>), or, with
    /// <see cref="CompilesCodeAtOnce"/>, code of its own compiled now, or, with <see cref="CompilesCodeAfter"/>, code of its
    /// own compiled later; null where no code is generated.
    /// </summary>
    private RightHandSideCode? FindCode() =>
        CompilesCodeAtOnce ? _layout!.CompileCode() : CompilesCodeAfter > 0 ? _layout!.UncachedCode(CompilesCodeAfter) : _layout!.Code;

    /// <summary>Throws for the first continuous term (in term order) whose rate in the last evaluation is negative, NaN or infinite.</summary>
    private void ThrowInvalidTerm(double t)
    {
        for (int s = 0; s < _contCount; s++)
        {
            double a = _flux[_slotOf[s]];
            if (!(a >= 0 && a < double.PositiveInfinity)) throw _net.InvalidPropensity(_contTransitions[s], t, a);
        }
        throw new InvalidOperationException("A continuous rate was invalid, but none is on a second look."); // unreachable
    }

    /// <summary>
    /// A first-order mass-action continuous transition as the right-hand side evaluates it: one 16-byte read gives its rate
    /// constant, reactant and modulating signal.
    /// </summary>
    internal struct ContinuousTerm
    {
        /// <summary>
        /// The rate constant's value (per day): parameters change only through the system, which invalidates the solver, so
        /// the value read at the last refresh (<see cref="Reload"/>) holds until the next one.
        /// </summary>
        public double Rate;

        /// <summary>The reactant compartment.</summary>
        public int Argument;

        /// <summary>The parameter-buffer index of the modulating signal (modulated slots only).</summary>
        public int Modulator;
    }

    /// <summary>
    /// A varying discrete transition's propensity as the hazard rate reads it: for a first-order one with at most one signal and
    /// no Hill factor (<see cref="CompiledNetwork.FastModulator"/>), its rate parameter, reactant and signal in one 16-byte read.
    /// </summary>
    internal struct DiscreteTerm
    {
        /// <summary>The rate constant's parameter index (first-order terms only).</summary>
        public int Rate;

        /// <summary>The reactant compartment (first-order terms only).</summary>
        public int Argument;

        /// <summary>
        /// The parameter-buffer index of the modulating signal, <see cref="CompiledNetwork.NoModulator"/> without one, or
        /// <see cref="CompiledNetwork.NotFast"/> for a transition evaluated by the network.
        /// </summary>
        public int Modulator;

        /// <summary>The transition.</summary>
        public int Transition;
    }

    /// <summary>Devirtualised adapter for the integrator.</summary>
    private readonly struct Rhs(HybridSolver solver) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => solver.Derivative(timeDays, y, dydt);
    }
}
