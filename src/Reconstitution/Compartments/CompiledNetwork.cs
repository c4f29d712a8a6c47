using System.Globalization;
using System.Runtime.CompilerServices;
using Reconstitution.Validation;

namespace Reconstitution.Compartments;

/// <summary>
/// A <see cref="ReactionNetwork"/> compiled to flat arrays: the seam between the model and the
/// solvers. Immutable after construction and safe to share between threads (many patients).
/// </summary>
/// <remarks>
/// <para>Variable-length rows are stored in CSR form: row r of <c>XOffsets/X</c> is
/// <c>X[XOffsets[r] .. XOffsets[r+1]]</c>.</para>
/// <para>The dependency graph (Gibson and Bruck 2000) maps a transition j to the transitions whose
/// propensity reads a compartment j changes (net change ≠ 0), always including j itself; after j
/// fires only those are re-evaluated.</para>
/// </remarks>
internal sealed class CompiledNetwork
{
    // ---- Sizes and names ----
    public readonly int CompartmentCount;
    public readonly int TransitionCount;
    public readonly int ParameterCount;
    public readonly string[] CompartmentNames;
    public readonly string[] ParameterNames;
    public readonly string[] TransitionNames;
    public readonly CompartmentMode[] Modes;
    /// <summary>The values a <see cref="WithValues"/> copy replaces (everything else is structure, shared by the copies).</summary>
    public double[] InitialCounts { get; private set; }
    public double[] InitialParameters { get; private set; }
    public readonly ParameterConstraint[] ParameterConstraints;
    /// <summary>For a constrained parameter, the use that constrains it (for messages): its role and transition (see <see cref="ParameterRole"/>).</summary>
    private readonly string?[] _parameterRoles;
    private readonly int[] _parameterRoleTransitions;

    // ---- Stoichiometry ----
    /// <summary>Net change CSR (only nonzero changes): transition → (compartment, amount).</summary>
    public readonly int[] ChangeOffsets, ChangeCompartments, ChangeAmounts;
    /// <summary>Reactants consumed CSR: transition → (compartment, coefficient).</summary>
    public readonly int[] ReactantOffsets, ReactantCompartments, ReactantCoefficients;
    /// <summary>Compartments each propensity reads (reactants, Hill inputs, declared custom inputs), CSR.</summary>
    public readonly int[] InputOffsets, InputCompartments;
    /// <summary>Compartment → transitions whose propensity reads it, CSR.</summary>
    public readonly int[] ReaderOffsets, Readers;
    /// <summary>Transition → transitions to re-evaluate after it fires (includes itself), CSR.</summary>
    public readonly int[] DependentOffsets, Dependents;

    // ---- Propensities ----
    public readonly PropensityKind[] Kinds;
    /// <summary>Rate-constant parameter index of mass-action transitions (−1 for custom).</summary>
    public readonly int[] RateParameters;
    /// <summary>First and second reactant compartment for the fast mass-action kinds (−1 if none).</summary>
    public readonly int[] Argument0, Argument1;
    /// <summary>Hill factors CSR: transition → factor indices.</summary>
    public readonly int[] HillOffsets;
    /// <summary>Per Hill factor: input terms CSR, K and n parameter indices, repressing flag.</summary>
    public readonly int[] HillTermOffsets, HillTermCompartments;
    public readonly double[] HillTermWeights;
    public readonly int[] HillHalfSaturation, HillCoefficient;
    public readonly bool[] HillRepressing;
    /// <summary>Custom rate functions (null for built-in kinds) and their declared inputs (CSR).</summary>
    public readonly RateFunction?[] Functions;
    public readonly int[] CustomCountOffsets, CustomCounts, CustomParameterOffsets, CustomParameters;
    /// <summary>Whether a transition's propensity depends on time between firings.</summary>
    public readonly bool[] TimeDependent;
    /// <summary>The indices of the time-dependent transitions.</summary>
    public readonly int[] TimeDependentTransitions;

    // ---- Derived signals (values live after the parameters in the state's parameter buffer) ----
    public readonly int SignalCount;
    public readonly string[] SignalNames;
    /// <summary>The signal functions as the network evaluates them (inputs by reference): values of a <see cref="WithValues"/> copy.</summary>
    public ByRefSignalFunction[] ByRefSignalFunctions { get; private set; }
    /// <summary>The public form of each signal function (for a <see cref="WithValues"/> copy, wrapped on first use).</summary>
    public SignalFunction[] SignalFunctions => _signalFunctions ?? WrapSignalFunctions();
    private SignalFunction[]? _signalFunctions;
    public readonly int[] SignalCountOffsets, SignalCounts, SignalParameterOffsets, SignalParameters;
    /// <summary>Whether some signal depends on time between firings.</summary>
    public readonly bool HasTimeDependentSignals;
    /// <summary>Per transition: the signals multiplying its mass-action propensity, CSR.</summary>
    public readonly int[] ModulatorOffsets, Modulators;
    /// <summary>Per transition: whether firing it changes a compartment some signal reads.</summary>
    public readonly bool[] ChangesSignalInput;
    /// <summary>
    /// Per transition, CSR: the signals its <see cref="Dependents"/> read, ascending and closed under
    /// <see cref="CloseSignalDependencies"/> (what a firing must recompute before those propensities are re-evaluated).
    /// </summary>
    public readonly int[] DependentSignalOffsets, DependentSignals;
    /// <summary>
    /// Per transition: for first-order mass action with no Hill factor and at most one signal (the common
    /// case in large physiology networks), the parameter-buffer index of that signal, <see cref="NoModulator"/>
    /// without one; <see cref="NotFast"/> otherwise. Lets an ODE right-hand side skip the general evaluation.
    /// </summary>
    public readonly int[] FastModulator;
    public const int NoModulator = -1, NotFast = -2;

    /// <summary>
    /// The hybrid solver's layouts of this structure's partitions (<see cref="Solvers.PartitionLayout.For"/>): shared by the
    /// <see cref="WithValues"/> copies, so by every patient of a physiology shape, and gone with the structure.
    /// </summary>
    internal readonly Numerics.BoundedCache<Solvers.PartitionLayout> PartitionLayouts = new(Solvers.PartitionLayout.CacheCapacity);

    /// <summary>The runs of signals a full update computes with one call each (values of a <see cref="WithValues"/> copy), by first signal.</summary>
    public SignalBlock[] SignalBlocks { get; private set; } = [];
    /// <summary>
    /// A full update as its calls in signal order (values of a <see cref="WithValues"/> copy): each block's, and each signal's
    /// outside a block, with the declared inputs it reads by position (a block's signals' lists concatenated in signal order).
    /// </summary>
    private SignalCall[] _fullUpdate;
    /// <summary>Per signal: its own function with its declared inputs (what a firing's or a hazard's recomputation of a few signals calls).</summary>
    private SignalCall[] _ownCalls;

    /// <summary>Per signal: its rows of <see cref="SignalCounts"/> and <see cref="SignalParameters"/> as arrays of their own (no slicing per evaluation).</summary>
    private readonly int[][] _signalCountMaps, _signalParameterMaps;

    /// <summary>
    /// Per first signal of a block: the block's rows of <see cref="SignalCounts"/> and <see cref="SignalParameters"/> as
    /// arrays of their own, made at the first full update with that block and then shared by every <see cref="WithValues"/>
    /// copy (structure, like the per-signal maps), so that binding a patient's values does not copy them again.
    /// </summary>
    private readonly BlockMaps?[] _blockMaps;

    /// <summary>A block's input rows (<see cref="_blockMaps"/>); immutable.</summary>
    private sealed class BlockMaps(int count, int[] counts, int[] parameters)
    {
        public int Count { get; } = count;
        public int[] Counts { get; } = counts;
        public int[] Parameters { get; } = parameters;
    }

    private readonly Dictionary<string, int> _compartmentIndex;
    private readonly Dictionary<string, int> _parameterIndex;
    private readonly Dictionary<string, int> _transitionIndex;

    /// <summary>Validates the definitions and compiles them.</summary>
    /// <exception cref="ArgumentException">A name is empty, duplicated or unknown; a stoichiometry is empty or malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An initial count or parameter value is out of its range.</exception>
    public CompiledNetwork(IReadOnlyList<CompartmentDefinition> compartments, IReadOnlyList<ParameterDefinition> parameters,
        IReadOnlyList<TransitionDefinition> transitions)
        : this(compartments, parameters, transitions, [])
    {
    }

    /// <summary>Validates the definitions, including derived signals, and compiles them.</summary>
    public CompiledNetwork(IReadOnlyList<CompartmentDefinition> compartments, IReadOnlyList<ParameterDefinition> parameters,
        IReadOnlyList<TransitionDefinition> transitions, IReadOnlyList<SignalDefinition> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(compartments);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(transitions);
        int n = compartments.Count, m = transitions.Count, q = parameters.Count;
        CompartmentCount = n;
        TransitionCount = m;
        ParameterCount = q;

        // ---- Compartments ----
        CompartmentNames = new string[n];
        Modes = new CompartmentMode[n];
        InitialCounts = new double[n];
        _compartmentIndex = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var c = compartments[i] ?? throw new ArgumentException($"Compartment definition {i} is null.", nameof(compartments));
            string name = CheckName(c.Name, "compartment", i, nameof(compartments));
            if (!_compartmentIndex.TryAdd(name, i))
                throw new ArgumentException($"Compartment '{name}' is defined twice.", nameof(compartments));
            if (c.Mode is not (CompartmentMode.Dynamic or CompartmentMode.Exact or CompartmentMode.Continuous))
                throw new ArgumentOutOfRangeException(nameof(compartments), c.Mode, $"Compartment '{name}': mode {c.Mode} is not a CompartmentMode.");
            Guard.NonNegative(c.InitialCount, $"initial count of compartment {name}");
            CompartmentNames[i] = name;
            Modes[i] = c.Mode;
            InitialCounts[i] = c.InitialCount;
        }

        // ---- Parameters ----
        ParameterNames = new string[q];
        InitialParameters = new double[q];
        ParameterConstraints = new ParameterConstraint[q];
        _parameterRoles = new string?[q];
        _parameterRoleTransitions = new int[q];
        _parameterIndex = new Dictionary<string, int>(q, StringComparer.Ordinal);
        for (int i = 0; i < q; i++)
        {
            var p = parameters[i] ?? throw new ArgumentException($"Parameter definition {i} is null.", nameof(parameters));
            string name = CheckName(p.Name, "parameter", i, nameof(parameters));
            if (!_parameterIndex.TryAdd(name, i))
                throw new ArgumentException($"Parameter '{name}' is defined twice.", nameof(parameters));
            Guard.Finite(p.Value, name);
            ParameterNames[i] = name;
            InitialParameters[i] = p.Value;
        }

        // ---- Signals ----
        int sc = signals.Count;
        SignalCount = sc;
        SignalNames = new string[sc];
        var signalFunctions = new SignalFunction[sc];
        ByRefSignalFunctions = new ByRefSignalFunction[sc];
        var signalIndex = new Dictionary<string, int>(sc, StringComparer.Ordinal);
        var signalCountOffsets = new List<int>(sc + 1) { 0 };
        var signalCounts = new List<int>();
        var signalParameterOffsets = new List<int>(sc + 1) { 0 };
        var signalParameters = new List<int>();
        var signalTimeDependent = new bool[sc];
        for (int s = 0; s < sc; s++)
        {
            var d = signals[s] ?? throw new ArgumentException($"Signal definition {s} is null.", nameof(signals));
            string name = CheckName(d.Name, "signal", s, nameof(signals));
            if (!signalIndex.TryAdd(name, s))
                throw new ArgumentException($"Signal '{name}' is defined twice.", nameof(signals));
            SignalNames[s] = name;
            signalFunctions[s] = d.Function ?? throw new ArgumentException($"Signal '{name}': the function is null.", nameof(signals));
            ByRefSignalFunctions[s] = ByReference(d.Function);
            if (d.Compartments is null || d.Parameters is null)
                throw new ArgumentException($"Signal '{name}': the declared compartment and parameter lists must not be null.", nameof(signals));
            foreach (string c in d.Compartments)
            {
                if (c is null || !_compartmentIndex.TryGetValue(c, out int ci))
                    throw new ArgumentException($"Signal '{name}': unknown compartment '{c}'.", nameof(signals));
                signalCounts.Add(ci);
            }
            foreach (string p in d.Parameters)
            {
                // A name may also be an earlier signal: its value sits after the parameters in the same buffer.
                if (p is not null && _parameterIndex.TryGetValue(p, out int pi)) signalParameters.Add(pi);
                else if (p is not null && signalIndex.TryGetValue(p, out int earlier) && earlier < s)
                {
                    signalParameters.Add(q + earlier);
                    for (int c = signalCountOffsets[earlier]; c < signalCountOffsets[earlier + 1]; c++)
                        signalCounts.Add(signalCounts[c]);
                    signalTimeDependent[s] |= signalTimeDependent[earlier];
                }
                else
                    throw new ArgumentException($"Signal '{name}': unknown parameter or earlier signal '{p}'.", nameof(signals));
            }
            signalCountOffsets.Add(signalCounts.Count);
            signalParameterOffsets.Add(signalParameters.Count);
            signalTimeDependent[s] |= d.TimeDependent;
            HasTimeDependentSignals |= signalTimeDependent[s];
        }
        _signalFunctions = signalFunctions;
        SignalCountOffsets = [.. signalCountOffsets];
        SignalCounts = [.. signalCounts];
        SignalParameterOffsets = [.. signalParameterOffsets];
        SignalParameters = [.. signalParameters];
        _signalCountMaps = new int[sc][];
        _signalParameterMaps = new int[sc][];
        _blockMaps = new BlockMaps?[sc];
        for (int s = 0; s < sc; s++)
        {
            _signalCountMaps[s] = SignalCounts[SignalCountOffsets[s]..SignalCountOffsets[s + 1]];
            _signalParameterMaps[s] = SignalParameters[SignalParameterOffsets[s]..SignalParameterOffsets[s + 1]];
        }
        _fullUpdate = FullUpdate(ByRefSignalFunctions, []);
        _ownCalls = OwnCalls(ByRefSignalFunctions);
        var modulatorOffsets = new List<int>(m + 1) { 0 };
        var modulators = new List<int>();

        // ---- Transitions ----
        TransitionNames = new string[m];
        _transitionIndex = new Dictionary<string, int>(m, StringComparer.Ordinal);
        Kinds = new PropensityKind[m];
        RateParameters = new int[m];
        Argument0 = new int[m];
        Argument1 = new int[m];
        Functions = new RateFunction?[m];
        TimeDependent = new bool[m];
        var changeOffsets = new List<int>(m + 1) { 0 };
        var changeCompartments = new List<int>();
        var changeAmounts = new List<int>();
        var reactantOffsets = new List<int>(m + 1) { 0 };
        var reactantCompartments = new List<int>();
        var reactantCoefficients = new List<int>();
        var inputOffsets = new List<int>(m + 1) { 0 };
        var inputCompartments = new List<int>();
        var hillOffsets = new List<int>(m + 1) { 0 };
        var hillTermOffsets = new List<int> { 0 };
        var hillTermCompartments = new List<int>();
        var hillTermWeights = new List<double>();
        var hillK = new List<int>();
        var hillN = new List<int>();
        var hillRepressing = new List<bool>();
        var customCountOffsets = new List<int>(m + 1) { 0 };
        var customCounts = new List<int>();
        var customParameterOffsets = new List<int>(m + 1) { 0 };
        var customParameters = new List<int>();
        var timeDependent = new List<int>();
        var net = new int[n];
        var reactantOf = new int[n];
        var inputMark = new int[n];
        Array.Fill(inputMark, -1);
        var reactantOrder = new List<int>();
        var touched = new List<int>(); // compartments this transition mentions: only their net/reactantOf entries are reset
        var touchMark = new int[n];
        Array.Fill(touchMark, -1);
        void Touch(int c, int transition)
        {
            if (touchMark[c] == transition) return;
            touchMark[c] = transition;
            touched.Add(c);
        }

        for (int j = 0; j < m; j++)
        {
            var t = transitions[j] ?? throw new ArgumentException($"Transition definition {j} is null.", nameof(transitions));
            string name = CheckName(t.Name, "transition", j, nameof(transitions));
            if (!_transitionIndex.TryAdd(name, j))
                throw new ArgumentException($"Transition '{name}' is defined twice.", nameof(transitions));
            TransitionNames[j] = name;
            if (t.Reactants is null || t.Products is null || t.Propensity is null)
                throw new ArgumentException($"Transition '{name}': reactants, products and propensity must not be null.", nameof(transitions));
            if (t.Reactants.Count == 0 && t.Products.Count == 0)
                throw new ArgumentException($"Transition '{name}' has neither reactants nor products.", nameof(transitions));

            // Reactants (merged per compartment, in first-mention order) and net change (in compartment order).
            reactantOrder.Clear();
            touched.Clear();
            foreach (var term in t.Reactants)
            {
                int c = ResolveCompartment(term.Compartment, name, "reactant");
                CheckCoefficient(term, name, "reactant");
                if (reactantOf[c] == 0) reactantOrder.Add(c);
                Touch(c, j);
                reactantOf[c] += term.Coefficient;
                net[c] -= term.Coefficient;
            }
            foreach (var term in t.Products)
            {
                int c = ResolveCompartment(term.Compartment, name, "product");
                CheckCoefficient(term, name, "product");
                Touch(c, j);
                net[c] += term.Coefficient;
            }
            foreach (int c in reactantOrder)
            {
                reactantCompartments.Add(c);
                reactantCoefficients.Add(reactantOf[c]);
            }
            reactantOffsets.Add(reactantCompartments.Count);
            touched.Sort();
            foreach (int c in touched)
            {
                if (net[c] == 0) continue;
                changeCompartments.Add(c);
                changeAmounts.Add(net[c]);
            }
            changeOffsets.Add(changeCompartments.Count);

            // Propensity.
            void AddInput(int c)
            {
                if (inputMark[c] == j) return;
                inputMark[c] = j;
                inputCompartments.Add(c);
            }

            Argument0[j] = -1;
            Argument1[j] = -1;
            RateParameters[j] = -1;
            switch (t.Propensity)
            {
                case MassActionPropensity mass:
                {
                    int k = ResolveParameter(mass.RateParameter, name, "rate constant");
                    Constrain(k, ParameterConstraint.NonNegative, "rate constant", j);
                    RateParameters[j] = k;
                    foreach (int c in reactantOrder) AddInput(c);
                    Kinds[j] = reactantOrder.Count switch
                    {
                        0 => PropensityKind.Constant,
                        1 when reactantOf[reactantOrder[0]] == 1 => PropensityKind.FirstOrder,
                        1 when reactantOf[reactantOrder[0]] == 2 => PropensityKind.SecondOrderSame,
                        2 when reactantOf[reactantOrder[0]] == 1 && reactantOf[reactantOrder[1]] == 1 => PropensityKind.SecondOrderDistinct,
                        _ => PropensityKind.GeneralMassAction,
                    };
                    if (reactantOrder.Count >= 1) Argument0[j] = reactantOrder[0];
                    if (reactantOrder.Count >= 2) Argument1[j] = reactantOrder[1];

                    if (mass.Feedback is null)
                        throw new ArgumentException($"Transition '{name}': the feedback list must not be null (use an empty list).", nameof(transitions));
                    foreach (var hill in mass.Feedback)
                    {
                        if (hill?.Input is null || hill.Input.Count == 0)
                            throw new ArgumentException($"Transition '{name}': a Hill factor needs at least one input compartment.", nameof(transitions));
                        foreach (var w in hill.Input)
                        {
                            int c = ResolveCompartment(w.Compartment, name, "Hill input");
                            Guard.NonNegative(w.Weight, $"Hill weight of {w.Compartment} in transition '{name}'");
                            hillTermCompartments.Add(c);
                            hillTermWeights.Add(w.Weight);
                            AddInput(c);
                        }
                        hillTermOffsets.Add(hillTermCompartments.Count);
                        int kh = ResolveParameter(hill.HalfSaturationParameter, name, "Hill half-saturation");
                        int nh = ResolveParameter(hill.CoefficientParameter, name, "Hill coefficient");
                        Constrain(kh, ParameterConstraint.Positive, "Hill half-saturation", j);
                        Constrain(nh, ParameterConstraint.Positive, "Hill coefficient", j);
                        if (hill.Direction is not (HillDirection.Activating or HillDirection.Repressing))
                            throw new ArgumentOutOfRangeException(nameof(transitions), hill.Direction, $"Transition '{name}': {hill.Direction} is not a HillDirection.");
                        hillK.Add(kh);
                        hillN.Add(nh);
                        hillRepressing.Add(hill.Direction == HillDirection.Repressing);
                    }
                    if (mass.Modulators is not null)
                    {
                        foreach (string signal in mass.Modulators)
                        {
                            if (signal is null || !signalIndex.TryGetValue(signal, out int si))
                                throw new ArgumentException($"Transition '{name}': unknown signal '{signal}' used as modulator.", "transitions");
                            modulators.Add(si);
                            for (int c = SignalCountOffsets[si]; c < SignalCountOffsets[si + 1]; c++) AddInput(SignalCounts[c]);
                            if (signalTimeDependent[si] && !TimeDependent[j])
                            {
                                TimeDependent[j] = true;
                                timeDependent.Add(j);
                            }
                        }
                    }
                    break;
                }
                case CustomPropensity custom:
                {
                    Kinds[j] = PropensityKind.Custom;
                    Functions[j] = custom.Function ?? throw new ArgumentException($"Transition '{name}': the rate function is null.", nameof(transitions));
                    if (custom.Compartments is null || custom.Parameters is null)
                        throw new ArgumentException($"Transition '{name}': the declared compartment and parameter lists must not be null.", nameof(transitions));
                    foreach (string c in custom.Compartments)
                    {
                        int ci = ResolveCompartment(c, name, "rate input");
                        customCounts.Add(ci);
                        AddInput(ci);
                    }
                    foreach (string p in custom.Parameters) customParameters.Add(ResolveParameter(p, name, "rate input"));
                    TimeDependent[j] = custom.TimeDependent;
                    if (custom.TimeDependent) timeDependent.Add(j);
                    break;
                }
                default:
                    throw new ArgumentException($"Transition '{name}': unsupported propensity {t.Propensity.GetType().Name}.", nameof(transitions));
            }
            foreach (int c in touched)
            {
                net[c] = 0;
                reactantOf[c] = 0;
            }
            inputOffsets.Add(inputCompartments.Count);
            modulatorOffsets.Add(modulators.Count);
            hillOffsets.Add(hillK.Count);
            customCountOffsets.Add(customCounts.Count);
            customParameterOffsets.Add(customParameters.Count);
        }

        for (int i = 0; i < q; i++) CheckParameterValue(i, InitialParameters[i]);

        ChangeOffsets = [.. changeOffsets];
        ChangeCompartments = [.. changeCompartments];
        ChangeAmounts = [.. changeAmounts];
        ReactantOffsets = [.. reactantOffsets];
        ReactantCompartments = [.. reactantCompartments];
        ReactantCoefficients = [.. reactantCoefficients];
        InputOffsets = [.. inputOffsets];
        InputCompartments = [.. inputCompartments];
        HillOffsets = [.. hillOffsets];
        HillTermOffsets = [.. hillTermOffsets];
        HillTermCompartments = [.. hillTermCompartments];
        HillTermWeights = [.. hillTermWeights];
        HillHalfSaturation = [.. hillK];
        HillCoefficient = [.. hillN];
        HillRepressing = [.. hillRepressing];
        CustomCountOffsets = [.. customCountOffsets];
        CustomCounts = [.. customCounts];
        CustomParameterOffsets = [.. customParameterOffsets];
        CustomParameters = [.. customParameters];
        TimeDependentTransitions = [.. timeDependent];
        ModulatorOffsets = [.. modulatorOffsets];
        Modulators = [.. modulators];
        FastModulator = new int[m];
        for (int j = 0; j < m; j++)
        {
            int mods = ModulatorOffsets[j + 1] - ModulatorOffsets[j];
            bool fast = Kinds[j] == PropensityKind.FirstOrder && HillOffsets[j] == HillOffsets[j + 1] && mods <= 1;
            FastModulator[j] = !fast ? NotFast : mods == 0 ? NoModulator : ParameterCount + Modulators[ModulatorOffsets[j]];
        }
        var signalInput = new bool[n];
        foreach (int c in SignalCounts) signalInput[c] = true;
        ChangesSignalInput = new bool[m];
        for (int j = 0; j < m; j++)
            for (int c = ChangeOffsets[j]; c < ChangeOffsets[j + 1]; c++)
                ChangesSignalInput[j] |= signalInput[ChangeCompartments[c]];

        (ReaderOffsets, Readers) = Transpose(InputOffsets, InputCompartments, n);
        (DependentOffsets, Dependents) = BuildDependencies();
        (DependentSignalOffsets, DependentSignals) = BuildDependentSignals();
    }

    /// <summary>
    /// This network with other values: a shallow copy sharing every structural array, name index and the dependency graph
    /// (immutable, so safe to share between threads), owning only the given initial counts, parameter values and signal
    /// functions, and the <see cref="SignalBlocks"/> (none when null). The values are checked as the constructor checks them:
    /// all of them, or, when the caller names the only counts (<paramref name="changedCounts"/>) or parameters
    /// (<paramref name="changedParameters"/>) that may differ from this network's, only those (the others were checked when
    /// this network was made: a template binding a patient's few values checks only them).
    /// </summary>
    /// <exception cref="ArgumentException">A length differs from this network's; a block covers fewer than 2 signals, lies outside them, or overlaps or precedes the one before it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or parameter value is out of its range.</exception>
    public CompiledNetwork WithValues(double[] initialCounts, double[] initialParameters, ByRefSignalFunction[] signalFunctions,
        SignalBlock[]? signalBlocks = null, int[]? changedCounts = null, int[]? changedParameters = null)
    {
        ArgumentNullException.ThrowIfNull(initialCounts);
        ArgumentNullException.ThrowIfNull(initialParameters);
        ArgumentNullException.ThrowIfNull(signalFunctions);
        if (initialCounts.Length != CompartmentCount || initialParameters.Length != ParameterCount || signalFunctions.Length != SignalCount)
            throw new ArgumentException($"Expected {CompartmentCount} counts, {ParameterCount} parameters and {SignalCount} signal functions; " +
                $"got {initialCounts.Length}, {initialParameters.Length} and {signalFunctions.Length}.");
        if (changedCounts is null)
            for (int i = 0; i < CompartmentCount; i++) CheckCount(i, initialCounts[i]);
        else
            foreach (int i in changedCounts) CheckCount(i, initialCounts[i]);
        if (changedParameters is null)
            for (int i = 0; i < ParameterCount; i++) CheckParameterValue(i, initialParameters[i]);
        else
            foreach (int i in changedParameters) CheckParameterValue(i, initialParameters[i]);
        for (int s = 0; s < SignalCount; s++)
            if (signalFunctions[s] is null) throw new ArgumentException($"Signal '{SignalNames[s]}': the function is null.", nameof(signalFunctions));
        signalBlocks ??= [];
        int end = 0;
        foreach (var block in signalBlocks)
        {
            if (block?.Function is null || block.Count < 2 || block.First < end || block.First > SignalCount - block.Count)
                throw new ArgumentException($"A signal block must cover at least 2 signals, after the previous block's end ({end}) and within the {SignalCount} signals; " +
                    $"got first {block?.First}, count {block?.Count}.", nameof(signalBlocks));
            end = block.First + block.Count;
        }
        var copy = (CompiledNetwork)MemberwiseClone();
        copy.InitialCounts = initialCounts;
        copy.InitialParameters = initialParameters;
        copy.ByRefSignalFunctions = signalFunctions;
        copy.SignalBlocks = signalBlocks;
        copy._fullUpdate = FullUpdate(signalFunctions, signalBlocks);
        copy._ownCalls = OwnCalls(signalFunctions);
        copy._signalFunctions = null;
        return copy;
    }

    /// <summary>Throws unless <paramref name="count"/> is a valid initial count (finite, ≥ 0) of compartment <paramref name="index"/>.</summary>
    private void CheckCount(int index, double count)
    {
        // The message (the compartment's name) is only built for a count that fails.
        if (!(count >= 0 && count < double.PositiveInfinity)) Guard.NonNegative(count, $"initial count of compartment {CompartmentNames[index]}");
    }

    /// <summary>The calls of a full update (<see cref="_fullUpdate"/>): the blocks (checked: ordered, disjoint) and the signals between them.</summary>
    private SignalCall[] FullUpdate(ByRefSignalFunction[] functions, SignalBlock[] blocks)
    {
        // One call per block and per signal outside the blocks, written into an array of that length (no list to copy).
        int length = SignalCount;
        foreach (var block in blocks) length -= block.Count - 1;
        var calls = new SignalCall[length];
        int s = 0, c = 0;
        foreach (var block in blocks)
        {
            for (; s < block.First; s++) calls[c++] = new(functions[s], null, _signalCountMaps[s], _signalParameterMaps[s], s, 1);
            int last = block.First + block.Count;
            // Written once by whichever thread comes first (another may write equal rows meanwhile: either is right).
            var maps = Volatile.Read(ref _blockMaps[s]);
            if (maps is null || maps.Count != block.Count)
            {
                maps = new BlockMaps(block.Count, SignalCounts[SignalCountOffsets[s]..SignalCountOffsets[last]],
                    SignalParameters[SignalParameterOffsets[s]..SignalParameterOffsets[last]]);
                Volatile.Write(ref _blockMaps[s], maps);
            }
            calls[c++] = new(null, block.Function, maps.Counts, maps.Parameters, s, block.Count);
            s = last;
        }
        for (; s < SignalCount; s++) calls[c++] = new(functions[s], null, _signalCountMaps[s], _signalParameterMaps[s], s, 1);
        return calls;
    }

    /// <summary>Each signal's own call (<see cref="_ownCalls"/>).</summary>
    private SignalCall[] OwnCalls(ByRefSignalFunction[] functions)
    {
        var calls = new SignalCall[SignalCount];
        for (int s = 0; s < calls.Length; s++) calls[s] = new(functions[s], null, _signalCountMaps[s], _signalParameterMaps[s], s, 1);
        return calls;
    }

    /// <summary>One call of a full update: a signal's function (<paramref name="Signal"/>) or a block's (<paramref name="Block"/>), the other null.</summary>
    private readonly record struct SignalCall(ByRefSignalFunction? Signal, SignalBlockFunction? Block, int[] Counts, int[] Parameters, int First, int Count);

    /// <summary>A by-reference function as a public <see cref="SignalFunction"/> (which <see cref="ByReference"/> unwraps again).</summary>
    internal static SignalFunction ByValue(ByRefSignalFunction function) => new ByValueSignal(function).Invoke;

    /// <summary>
    /// A public <see cref="SignalFunction"/> in the by-reference form the network evaluates: the original function when it is a
    /// <see cref="ByValue"/> wrapper, else a wrapper of it. Decided by the function itself, so a definition copied with another
    /// function (<c>with { Function = … }</c>) runs that function.
    /// </summary>
    private static ByRefSignalFunction ByReference(SignalFunction function) =>
        function.Target is ByValueSignal wrapper && function.Method.Name == nameof(ByValueSignal.Invoke) ? wrapper.Function : (in RateInputs x) => function(x);

    /// <summary>The object behind a <see cref="ByValue"/> wrapper: it keeps the by-reference function to unwrap.</summary>
    private sealed class ByValueSignal(ByRefSignalFunction function)
    {
        public ByRefSignalFunction Function { get; } = function;

        public double Invoke(RateInputs inputs) => Function(in inputs);
    }

    private SignalFunction[] WrapSignalFunctions()
    {
        var wrapped = Array.ConvertAll(ByRefSignalFunctions, ByValue);
        return Interlocked.CompareExchange(ref _signalFunctions, wrapped, null) ?? wrapped;
    }

    /// <summary>The index of a compartment, or −1.</summary>
    public int FindCompartment(string name) => _compartmentIndex.TryGetValue(name, out int i) ? i : -1;

    /// <summary>The index of a parameter, or −1.</summary>
    public int FindParameter(string name) => _parameterIndex.TryGetValue(name, out int i) ? i : -1;

    /// <summary>The index of a transition, or −1.</summary>
    public int FindTransition(string name) => _transitionIndex.TryGetValue(name, out int i) ? i : -1;

    /// <summary>Whether the propensity of <paramref name="transition"/> depends on time between firings.</summary>
    public bool IsTimeDependent(int transition) => TimeDependent[transition];

    /// <summary>Throws unless <paramref name="value"/> is allowed for the parameter at <paramref name="index"/>.</summary>
    public void CheckParameterValue(int index, double value)
    {
        string name = ParameterNames[index];
        switch (ParameterConstraints[index])
        {
            case ParameterConstraint.Finite:
                Guard.Finite(value, name);
                break;
            // The message (name and role) is only built for a value that fails.
            case ParameterConstraint.NonNegative:
                if (!(value >= 0 && value < double.PositiveInfinity)) Guard.NonNegative(value, $"{name} ({ParameterRole(index)})");
                break;
            default:
                if (!(value > 0 && value < double.PositiveInfinity)) Guard.Positive(value, $"{name} ({ParameterRole(index)})");
                break;
        }
    }

    /// <summary>
    /// The propensity (expected firings per day) of <paramref name="transition"/> in the given state.
    /// Built-in kinds are evaluated from the flat arrays; custom kinds call their delegate.
    /// The result is not checked here: solvers check it (see <see cref="PropensityException"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Propensity(int transition, ReadOnlySpan<double> counts, ReadOnlySpan<double> parameters, double timeDays)
    {
        double a;
        switch (Kinds[transition])
        {
            case PropensityKind.Constant:
                a = parameters[RateParameters[transition]];
                break;
            case PropensityKind.FirstOrder:
                a = parameters[RateParameters[transition]] * counts[Argument0[transition]];
                break;
            case PropensityKind.SecondOrderDistinct:
                a = parameters[RateParameters[transition]] * counts[Argument0[transition]] * counts[Argument1[transition]];
                break;
            case PropensityKind.SecondOrderSame:
            {
                double x = counts[Argument0[transition]];
                a = x > 1 ? parameters[RateParameters[transition]] * x * (x - 1) * 0.5 : 0;
                break;
            }
            case PropensityKind.GeneralMassAction:
                a = parameters[RateParameters[transition]] * Combinations(transition, counts);
                break;
            default:
                return Custom(transition, counts, parameters, timeDays);
        }
        if (HillOffsets[transition] != HillOffsets[transition + 1]) a *= HillProduct(transition, counts, parameters);
        for (int s = ModulatorOffsets[transition]; s < ModulatorOffsets[transition + 1]; s++) a *= parameters[ParameterCount + Modulators[s]];
        return a;
    }

    /// <summary>
    /// Evaluates every derived signal in the given state and stores the values after the parameters
    /// (<c>parameters[ParameterCount + s]</c>), where <see cref="Propensity"/> reads them. Solvers call
    /// it once per propensity update: before evaluating propensities after counts, parameters or
    /// (for time-dependent signals) the time changed.
    /// </summary>
    /// <remarks>The signals of a <see cref="SignalBlock"/> are computed by its one call, the others by their own functions.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void UpdateSignals(double[] counts, double[] parameters, double timeDays)
    {
        // Signal functions read counts by network index unchecked (RateInputs.CountOf): the counts must cover the network.
        if (counts.Length < CompartmentCount) ThrowShortCounts(counts.Length);
        ReadOnlySpan<double> countSpan = counts, parameterSpan = parameters;
        Span<double> values = parameters.AsSpan(ParameterCount, SignalCount);
        // One call per block (its signals' inputs, concatenated) and per signal outside a block, in signal order, from one list.
        SignalCall[] calls = _fullUpdate;
        for (int i = 0; i < calls.Length; i++)
        {
            ref readonly SignalCall call = ref calls[i];
            var inputs = new RateInputs(countSpan, parameterSpan, call.Counts, call.Parameters, timeDays);
            if (call.Block is { } block) block(in inputs, values.Slice(call.First, call.Count));
            else values[call.First] = call.Signal!(in inputs);
        }
    }

    /// <summary>Recomputes only the listed signals, in the order given (ascending and closed under <see cref="CloseSignalDependencies"/>).</summary>
    public void UpdateSignals(double[] counts, double[] parameters, double timeDays, ReadOnlySpan<int> signals)
    {
        if (counts.Length < CompartmentCount) ThrowShortCounts(counts.Length);
        foreach (int s in signals) UpdateSignal(s, counts, parameters, timeDays);
    }

    /// <summary>Throws for counts that do not cover every compartment (signal functions read them by network index, unchecked).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowShortCounts(int length) =>
        throw new ArgumentException($"The counts hold {length} entries; the network has {CompartmentCount} compartments.", "counts");

    /// <summary>Marks, besides the signals already marked, every earlier signal whose value a marked one reads.</summary>
    public void CloseSignalDependencies(bool[] marked)
    {
        for (int s = SignalCount - 1; s >= 0; s--)
        {
            if (!marked[s]) continue;
            for (int p = SignalParameterOffsets[s]; p < SignalParameterOffsets[s + 1]; p++)
                if (SignalParameters[p] >= ParameterCount) marked[SignalParameters[p] - ParameterCount] = true;
        }
    }

    private void UpdateSignal(int s, double[] counts, double[] parameters, double timeDays)
    {
        ref readonly SignalCall call = ref _ownCalls[s];
        parameters[ParameterCount + s] = call.Signal!(new RateInputs(counts, parameters, call.Counts, call.Parameters, timeDays));
    }

    /// <summary>Πᵢ C(xᵢ, νᵢ) over the reactants, 0 when any xᵢ &lt; νᵢ.</summary>
    private double Combinations(int transition, ReadOnlySpan<double> counts)
    {
        double product = 1;
        for (int r = ReactantOffsets[transition]; r < ReactantOffsets[transition + 1]; r++)
        {
            double x = counts[ReactantCompartments[r]];
            int nu = ReactantCoefficients[r];
            for (int k = 0; k < nu; k++)
            {
                double factor = x - k;
                if (factor <= 0) return 0;
                product *= factor / (k + 1);
            }
        }
        return product;
    }

    /// <summary>The product of the transition's Hill factors (Hill 1910).</summary>
    private double HillProduct(int transition, ReadOnlySpan<double> counts, ReadOnlySpan<double> parameters)
    {
        double product = 1;
        for (int h = HillOffsets[transition]; h < HillOffsets[transition + 1]; h++)
        {
            double x = 0;
            for (int w = HillTermOffsets[h]; w < HillTermOffsets[h + 1]; w++) x += HillTermWeights[w] * counts[HillTermCompartments[w]];
            double ratio = x / parameters[HillHalfSaturation[h]];
            double n = parameters[HillCoefficient[h]];
            // rⁿ with r = x/K: integer coefficients avoid Math.Pow on the hot path.
            double rn = n switch
            {
                1 => ratio,
                2 => ratio * ratio,
                3 => ratio * ratio * ratio,
                4 => ratio * ratio * (ratio * ratio),
                _ => ratio > 0 ? Math.Pow(ratio, n) : 0,
            };
            // Activating xⁿ/(Kⁿ+xⁿ) = rⁿ/(1+rⁿ); repressing Kⁿ/(Kⁿ+xⁿ) = 1/(1+rⁿ).
            // For huge rⁿ (overflow to ∞) use the limits rather than ∞/∞.
            double factor = double.IsPositiveInfinity(rn)
                ? (HillRepressing[h] ? 0 : 1)
                : (HillRepressing[h] ? 1 / (1 + rn) : rn / (1 + rn));
            product *= factor;
        }
        return product;
    }

    private double Custom(int transition, ReadOnlySpan<double> counts, ReadOnlySpan<double> parameters, double timeDays)
    {
        if (counts.Length < CompartmentCount) ThrowShortCounts(counts.Length);   // RateInputs.CountOf reads unchecked
        var inputs = new RateInputs(counts, parameters,
            CustomCounts.AsSpan(CustomCountOffsets[transition], CustomCountOffsets[transition + 1] - CustomCountOffsets[transition]),
            CustomParameters.AsSpan(CustomParameterOffsets[transition], CustomParameterOffsets[transition + 1] - CustomParameterOffsets[transition]),
            timeDays);
        return Functions[transition]!(inputs);
    }

    /// <summary>Describes why a propensity value is invalid, or null if it is a finite number ≥ 0.</summary>
    public static string? InvalidPropensityReason(double value) =>
        value >= 0 && value < double.PositiveInfinity ? null
        : double.IsNaN(value) ? "is NaN"
        : double.IsInfinity(value) ? "is infinite"
        : "is negative";

    /// <summary>Builds the exception for an invalid propensity value.</summary>
    public PropensityException InvalidPropensity(int transition, double timeDays, double value) =>
        new(TransitionNames[transition], timeDays, value, InvalidPropensityReason(value) ?? "is invalid");

    /// <summary>
    /// Whether the reactants of <paramref name="transition"/> are available for one firing; a custom
    /// rate that is positive when they are not is a modelling error (it would make a count negative).
    /// </summary>
    public bool ReactantsAvailable(int transition, ReadOnlySpan<double> counts)
    {
        for (int r = ReactantOffsets[transition]; r < ReactantOffsets[transition + 1]; r++)
            if (counts[ReactantCompartments[r]] < ReactantCoefficients[r]) return false;
        return true;
    }

    private static string CheckName(string? name, string what, int position, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException($"The name of {what} {position.ToString(CultureInfo.InvariantCulture)} is empty.", parameterName);
        return name;
    }

    private int ResolveCompartment(string? compartment, string transition, string role)
    {
        if (compartment is not null && _compartmentIndex.TryGetValue(compartment, out int i)) return i;
        throw new ArgumentException($"Transition '{transition}': unknown compartment '{compartment}' used as {role}.", "transitions");
    }

    private int ResolveParameter(string? parameter, string transition, string role)
    {
        if (parameter is not null && _parameterIndex.TryGetValue(parameter, out int i)) return i;
        throw new ArgumentException($"Transition '{transition}': unknown parameter '{parameter}' used as {role}.", "transitions");
    }

    private static void CheckCoefficient(StoichiometryTerm term, string transition, string role)
    {
        if (term.Coefficient < 1)
            throw new ArgumentOutOfRangeException("transitions", term.Coefficient,
                $"Transition '{transition}': {role} coefficient of '{term.Compartment}' was {term.Coefficient}; allowed range: [1, {int.MaxValue}].");
    }

    /// <summary>Records that a parameter is used as <paramref name="role"/> of transition <paramref name="transition"/> (the first use, or the first that constrains it more).</summary>
    private void Constrain(int parameter, ParameterConstraint constraint, string role, int transition)
    {
        if (constraint > ParameterConstraints[parameter] || _parameterRoles[parameter] is null)
        {
            if (constraint > ParameterConstraints[parameter]) ParameterConstraints[parameter] = constraint;
            _parameterRoles[parameter] = role;
            _parameterRoleTransitions[parameter] = transition;
        }
    }

    /// <summary>The use that constrains a parameter, e.g. "rate constant of transition 'death'" (null when unconstrained).</summary>
    private string? ParameterRole(int parameter) => _parameterRoles[parameter] is { } role
        ? $"{role} of transition '{TransitionNames[_parameterRoleTransitions[parameter]]}'"
        : null;

    private static (int[] Offsets, int[] Values) Transpose(int[] offsets, int[] values, int columns)
    {
        var counts = new int[columns + 1];
        foreach (int v in values) counts[v + 1]++;
        for (int c = 0; c < columns; c++) counts[c + 1] += counts[c];
        var result = new int[values.Length];
        var next = (int[])counts.Clone();
        for (int row = 0; row + 1 < offsets.Length; row++)
            for (int k = offsets[row]; k < offsets[row + 1]; k++) result[next[values[k]]++] = row;
        return (counts, result);
    }

    private (int[] Offsets, int[] Values) BuildDependencies()
    {
        // An upper bound of the list's length (readers of every changed compartment, duplicates included) sizes it once.
        int bound = TransitionCount;
        for (int c = 0; c < ChangeCompartments.Length; c++)
            bound += ReaderOffsets[ChangeCompartments[c] + 1] - ReaderOffsets[ChangeCompartments[c]];
        var offsets = new int[TransitionCount + 1];
        var values = new int[bound];
        int count = 0;
        var mark = new int[TransitionCount];
        Array.Fill(mark, -1);
        for (int j = 0; j < TransitionCount; j++)
        {
            mark[j] = j;
            values[count++] = j;
            for (int c = ChangeOffsets[j]; c < ChangeOffsets[j + 1]; c++)
            {
                int compartment = ChangeCompartments[c];
                for (int r = ReaderOffsets[compartment]; r < ReaderOffsets[compartment + 1]; r++)
                {
                    int k = Readers[r];
                    if (mark[k] == j) continue;
                    mark[k] = j;
                    values[count++] = k;
                }
            }
            offsets[j + 1] = count;
        }
        return (offsets, values[..count]);
    }

    /// <summary>
    /// For each transition, the signals the transitions depending on it read, closed under signal dependencies (a firing
    /// recomputes these; all signals are ≈ half a right-hand side, the ones a few exact clones' rates read a handful).
    /// </summary>
    private (int[] Offsets, int[] Values) BuildDependentSignals()
    {
        var offsets = new int[TransitionCount + 1];
        var values = new List<int>();
        var marked = new bool[SignalCount];
        for (int j = 0; j < TransitionCount; j++)
        {
            Array.Clear(marked);
            for (int d = DependentOffsets[j]; d < DependentOffsets[j + 1]; d++)
            {
                int k = Dependents[d];
                for (int s = ModulatorOffsets[k]; s < ModulatorOffsets[k + 1]; s++) marked[Modulators[s]] = true;
            }
            CloseSignalDependencies(marked);
            for (int s = 0; s < SignalCount; s++)
                if (marked[s]) values.Add(s);
            offsets[j + 1] = values.Count;
        }
        return (offsets, [.. values]);
    }
}
