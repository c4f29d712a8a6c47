using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reconstitution.Numerics;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// What the hybrid solver derives from a network's structure and the set of its continuous compartments alone: the ODE
/// components, the transitions' classes (continuous, static or varying discrete, ODE-neutral, hazard-only), the continuous
/// rates' slots and the right-hand side's rows, the varying discrete transitions' inputs and signals, the generated
/// right-hand-side code's entry, the Jacobian's sparsity pattern and the assembled Jacobian's structure.
/// </summary>
/// <remarks>
/// <para>A cohort's patients share their network's structure (<see cref="CompiledNetwork.WithValues"/>) and pass through the
/// same few partitions, so a layout is built once per (structure, continuous set) and kept with the structure
/// (<see cref="For"/>, <see cref="CompiledNetwork.PartitionLayouts"/>); a repartition then takes the kept layout instead
/// of ≈ 15 µs of rebuilding. What depends on a patient's counts and parameters (rate constants, propensities, the
/// integrator's state) stays with the solver.</para>
/// <para>Written only by <see cref="Build"/>, so a kept layout is never written again and is shared by the solvers of
/// every thread (its fields are public for the solver's hot paths and for tests, not for writing); only the generated
/// code's entry, the Jacobian's pattern (with its column groups and LU analysis) and the assembled Jacobian's structure
/// are made at their first use (<see cref="Code"/>, <see cref="Pattern"/>, <see cref="JacobianLayout"/>), the same
/// whichever thread does it. A solver whose structure has no room left builds its layout into one of its own
/// (<see cref="Build"/>), the same arrays to the bit. Every array has the solver's full length (compartments,
/// transitions, change entries, signals), zero past what the partition uses.</para>
/// </remarks>
internal sealed class PartitionLayout
{
    /// <summary>Partitions kept per network structure (see <see cref="CompiledNetwork.PartitionLayouts"/>).</summary>
    public const int CacheCapacity = 64;

    /// <summary>Which compartments are continuous: the partition this layout is for.</summary>
    public readonly bool[] Continuous;
    /// <summary>Compartment → ODE component, −1 when exact; and ODE component → compartment.</summary>
    public readonly int[] CompToOde, OdeToComp;
    /// <summary>Runs of ODE components whose compartments are consecutive: each run's first component and length.</summary>
    public readonly int[] RunStart, RunLength;
    /// <summary>Continuous compartments that may switch back to exact, ascending.</summary>
    public readonly int[] DynamicContinuous;
    /// <summary>Compartments read by a continuous or varying discrete transition; by a continuous one.</summary>
    public readonly bool[] ReadByOde, ReadByContinuous;
    /// <summary>The continuous, the static discrete (constant between firings) and the varying discrete transitions, in order.</summary>
    public readonly int[] ContTransitions, StaticDiscrete, VaryingDiscrete;
    /// <summary>Per transition: static discrete; its firing changes nothing the ODE integrates or reads; only what varying discrete transitions read.</summary>
    public readonly bool[] IsStatic, OdeNeutral, HazardOnly;
    /// <summary>The static and the varying discrete transitions whose firing restarts the integrator (neither ODE-neutral nor hazard-only), in the order of <see cref="StaticDiscrete"/> and <see cref="VaryingDiscrete"/>.</summary>
    public readonly int[] RestartingStatic, RestartingVarying;
    /// <summary>Per continuous transition (by position in <see cref="ContTransitions"/>) its slot, and per slot its transition.</summary>
    public readonly int[] SlotOf, SlotTransition;
    /// <summary>The first-order slots' reactant and signal (rate constants 0: each solver reads its own).</summary>
    public readonly HybridSolver.ContinuousTerm[] Terms;
    /// <summary>The first-order slots' reactants, and the modulated slots' signals (the generated code's structure).</summary>
    public readonly int[] CodeArguments, CodeModulators;
    /// <summary>The continuous changes gathered by ODE component (CSR: row k is entries [RowEnd[k − 1], RowEnd[k])).</summary>
    public readonly int[] RowEnd, RowSlot;
    /// <summary>Each row entry's change.</summary>
    public readonly double[] RowAmount;
    /// <summary>The varying discrete transitions' inputs, by compartment; and the signals they need (closed under dependencies).</summary>
    public readonly bool[] InputMarks, SignalMarks;
    /// <summary>The ODE components the varying discrete transitions read, and their signals, ascending.</summary>
    public readonly int[] VaryingInputs, VaryingSignals;

    /// <summary>ODE components (continuous compartments); runs; dynamic continuous compartments.</summary>
    public int OdeCompartments, RunCount, DynamicContinuousCount;
    /// <summary>Continuous, static discrete and varying discrete transitions.</summary>
    public int ContCount, StaticCount, VaryingCount;
    /// <summary>Slots of unmodulated and of modulated first-order rates (the general ones follow them).</summary>
    public int PlainCount, ModulatedCount;
    /// <summary>Varying inputs and signals listed.</summary>
    public int VaryingInputCount, VaryingSignalCount;
    /// <summary>Whether some discrete transition's firing leaves the integrator running (it is ODE-neutral or hazard-only).</summary>
    public bool KeepingDiscrete => RestartingStaticCount < StaticCount || RestartingVaryingCount < VaryingCount;
    /// <summary>How many of <see cref="RestartingStatic"/> and <see cref="RestartingVarying"/> are listed.</summary>
    public int RestartingStaticCount, RestartingVaryingCount;

    private bool _built;
    private RightHandSideCode? _code;
    private volatile bool _codeLookedUp;
    private volatile JacobianPattern? _pattern;
    private volatile HybridJacobianLayout? _jacobianLayout;

    /// <summary>Allocates an empty layout for <paramref name="network"/>'s sizes (filled by <see cref="Build"/>).</summary>
    public PartitionLayout(CompiledNetwork network)
    {
        int n = network.CompartmentCount, m = network.TransitionCount, changes = network.ChangeCompartments.Length, signals = network.SignalCount;
        Continuous = new bool[n];
        CompToOde = new int[n];
        OdeToComp = new int[n];
        RunStart = new int[n];
        RunLength = new int[n];
        DynamicContinuous = new int[n];
        ReadByOde = new bool[n];
        ReadByContinuous = new bool[n];
        ContTransitions = new int[m];
        StaticDiscrete = new int[m];
        VaryingDiscrete = new int[m];
        IsStatic = new bool[m];
        OdeNeutral = new bool[m];
        HazardOnly = new bool[m];
        RestartingStatic = new int[m];
        RestartingVarying = new int[m];
        SlotOf = new int[m];
        SlotTransition = new int[m];
        Terms = new HybridSolver.ContinuousTerm[m];
        CodeArguments = new int[m];
        CodeModulators = new int[m];
        RowEnd = new int[n];
        RowSlot = new int[changes];
        RowAmount = new double[changes];
        InputMarks = new bool[n];
        SignalMarks = new bool[signals];
        VaryingInputs = new int[n];
        VaryingSignals = new int[signals];
    }

    /// <summary>
    /// The layout of <paramref name="network"/>'s structure with <paramref name="continuous"/> compartments: kept with the
    /// structure, or built and kept now; null when the structure keeps <see cref="CacheCapacity"/> others already.
    /// Allocates only when it builds.
    /// </summary>
    public static PartitionLayout? For(CompiledNetwork network, ReadOnlySpan<bool> continuous)
    {
        return network.PartitionLayouts.FindOrAdd(Hash(continuous), new Key(network, continuous));
    }

    /// <summary>A hash of the continuous set (its length and its flags' bytes).</summary>
    private static int Hash(ReadOnlySpan<bool> continuous)
    {
        var hash = new HashCode();
        hash.Add(continuous.Length);
        hash.AddBytes(MemoryMarshal.AsBytes(continuous));
        return hash.ToHashCode();
    }

    /// <summary>A partition looked up in a structure's kept layouts.</summary>
    private readonly ref struct Key(CompiledNetwork network, ReadOnlySpan<bool> continuous) : BoundedCache<PartitionLayout>.IKey
    {
        private readonly ReadOnlySpan<bool> _continuous = continuous;

        public bool Matches(PartitionLayout kept) => _continuous.SequenceEqual(kept.Continuous);

        public PartitionLayout Keep(int index)
        {
            var layout = new PartitionLayout(network);
            layout.Build(network, _continuous);
            return layout;
        }
    }

    /// <summary>
    /// The generated right-hand-side code's entry for this layout's structure (<see cref="RightHandSideCode.For"/>), looked
    /// up at the first call; null where no code is generated.
    /// </summary>
    public RightHandSideCode? Code
    {
        get
        {
            if (_codeLookedUp) return _code;
            _code = FindCode(compileNow: false);
            _codeLookedUp = true;  // volatile: the entry is written before the flag that publishes it
            return _code;
        }
    }

    /// <summary>Code of this layout's own, compiled now outside the cache (tests and benchmarks of the generated path).</summary>
    public RightHandSideCode? CompileCode() => FindCode(compileNow: true);

    /// <summary>
    /// Code of this layout's own outside the cache, handed to the background compiler after <paramref name="compileAfter"/>
    /// uses (tests of a solver's switch to generated code in the middle of a run).
    /// </summary>
    public RightHandSideCode? UncachedCode(long compileAfter) => FindCode(compileNow: false, compileAfter);

    private RightHandSideCode? FindCode(bool compileNow, long compileAfter = 0)
    {
        if (!GeneratedCode.IsSupported) return null;
        int fast = PlainCount + ModulatedCount, nc = OdeCompartments;
        int entries = nc == 0 ? 0 : RowEnd[nc - 1];
        ReadOnlySpan<int> arguments = CodeArguments.AsSpan(0, fast), modulators = CodeModulators.AsSpan(0, ModulatedCount);
        ReadOnlySpan<int> rowEnd = RowEnd.AsSpan(0, nc), rowSlot = RowSlot.AsSpan(0, entries);
        ReadOnlySpan<double> rowAmount = RowAmount.AsSpan(0, entries);
        const int stride = sizeof(double); // the solver's rate constants side by side (HybridSolver._rateConstants)
        return compileNow ? RightHandSideCode.Compile(PlainCount, stride, arguments, modulators, rowEnd, rowSlot, rowAmount)
            : compileAfter > 0 ? RightHandSideCode.Uncached(PlainCount, stride, arguments, modulators, rowEnd, rowSlot, rowAmount, compileAfter)
            : RightHandSideCode.For(PlainCount, stride, arguments, modulators, rowEnd, rowSlot, rowAmount);
    }

    /// <summary>
    /// Which ODE components each component's derivative reads under this partition (the inputs of the continuous transitions
    /// that change it, directly or through signals; for the hazard component, the inputs of the varying discrete transitions),
    /// and whether the right-hand side depends on time; built at the first call (<paramref name="network"/>: the structure
    /// this layout was built for), the same pattern whichever thread does it. The pattern keeps its column groups and LU
    /// analysis (<see cref="JacobianPattern"/>), so an integrator declared this layout's pattern only points at them.
    /// Row k's columns are the diagonal first, then the components in the order the row's terms read them.
    /// </summary>
    public JacobianPattern Pattern(CompiledNetwork network) => _pattern ??= BuildPattern(network);

    /// <summary>
    /// The assembled Jacobian's structure under this partition (<see cref="HybridJacobianLayout"/>), built at the first call
    /// (<paramref name="network"/>: the structure this layout was built for), the same whichever thread does it.
    /// </summary>
    public HybridJacobianLayout JacobianLayout(CompiledNetwork network) =>
        _jacobianLayout ??= new HybridJacobianLayout(network, OdeToComp, OdeCompartments);

    private JacobianPattern BuildPattern(CompiledNetwork net)
    {
        int nc = OdeCompartments, rows = nc + (VaryingCount > 0 ? 1 : 0);
        var offsets = new int[rows + 1];
        var marks = new int[rows];
        Array.Fill(marks, -1);
        var columns = new List<int>();
        bool timeDependent = false;
        int e = 0;
        for (int k = 0; k < rows; k++)
        {
            offsets[k] = columns.Count;
            marks[k] = k;
            columns.Add(k); // the diagonal is always declared
            if (k < nc)
            {
                for (int end = RowEnd[k]; e < end; e++) timeDependent |= AddInputs(net, SlotTransition[RowSlot[e]], k, marks, columns);
            }
            else
            {
                for (int v = 0; v < VaryingCount; v++) timeDependent |= AddInputs(net, VaryingDiscrete[v], k, marks, columns);
            }
        }
        offsets[rows] = columns.Count;
        return new JacobianPattern(offsets, [.. columns], timeDependent);
    }

    /// <summary>Adds the continuous inputs of transition <paramref name="j"/> to row <paramref name="row"/> of the pattern (once each); true when its rate depends on time.</summary>
    private bool AddInputs(CompiledNetwork net, int j, int row, int[] marks, List<int> columns)
    {
        for (int i = net.InputOffsets[j]; i < net.InputOffsets[j + 1]; i++)
        {
            int column = CompToOde[net.InputCompartments[i]];
            if (column < 0 || marks[column] == row) continue;
            marks[column] = row;
            columns.Add(column);
        }
        return net.TimeDependent[j];
    }

    /// <summary>
    /// Fills this layout for <paramref name="network"/> (the structure it was allocated for) with <paramref name="continuous"/>
    /// compartments; a layout built before is cleared first, so a rebuild equals a fresh build to the bit.
    /// </summary>
    public void Build(CompiledNetwork network, ReadOnlySpan<bool> continuous)
    {
        if (continuous.Length != Continuous.Length)
            throw new ArgumentException($"The partition lists {continuous.Length} compartments; the network has {Continuous.Length}.", nameof(continuous));
        if (_built) Clear();
        _built = true;
        _code = null;
        _codeLookedUp = false;
        _pattern = null;
        _jacobianLayout = null;
        continuous.CopyTo(Continuous);
        Classify(network);
        BuildRows(network);
        MarkNeutral(network);
        MarkVaryingInputs(network);
    }

    /// <summary>Zeroes every array and count (before a rebuild).</summary>
    private void Clear()
    {
        Array.Clear(Continuous);
        Array.Clear(CompToOde);
        Array.Clear(OdeToComp);
        Array.Clear(RunStart);
        Array.Clear(RunLength);
        Array.Clear(DynamicContinuous);
        Array.Clear(ReadByOde);
        Array.Clear(ReadByContinuous);
        Array.Clear(ContTransitions);
        Array.Clear(StaticDiscrete);
        Array.Clear(VaryingDiscrete);
        Array.Clear(IsStatic);
        Array.Clear(OdeNeutral);
        Array.Clear(HazardOnly);
        Array.Clear(RestartingStatic);
        Array.Clear(RestartingVarying);
        Array.Clear(SlotOf);
        Array.Clear(SlotTransition);
        Array.Clear(Terms);
        Array.Clear(CodeArguments);
        Array.Clear(CodeModulators);
        Array.Clear(RowEnd);
        Array.Clear(RowSlot);
        Array.Clear(RowAmount);
        Array.Clear(InputMarks);
        Array.Clear(SignalMarks);
        Array.Clear(VaryingInputs);
        Array.Clear(VaryingSignals);
        OdeCompartments = RunCount = DynamicContinuousCount = 0;
        ContCount = StaticCount = VaryingCount = PlainCount = ModulatedCount = VaryingInputCount = VaryingSignalCount = 0;
        RestartingStaticCount = RestartingVaryingCount = 0;
    }

    /// <summary>The ODE components and their runs, the transitions' classes and what the ODE reads, the continuous rates' slots.</summary>
    private void Classify(CompiledNetwork net)
    {
        bool[] continuous = Continuous;
        int nc = 0;
        for (int i = 0; i < continuous.Length; i++)
        {
            CompToOde[i] = continuous[i] ? nc : -1;
            if (continuous[i]) OdeToComp[nc++] = i;
            if (continuous[i] && net.Modes[i] == CompartmentMode.Dynamic) DynamicContinuous[DynamicContinuousCount++] = i;
        }
        OdeCompartments = nc;
        for (int k = 0; k < nc; k++)
        {
            if (k > 0 && OdeToComp[k] == OdeToComp[k - 1] + 1) RunLength[RunCount - 1]++;
            else
            {
                RunStart[RunCount] = k;
                RunLength[RunCount++] = 1;
            }
        }
        for (int j = 0; j < net.TransitionCount; j++)
        {
            // A transition with no net change has no effect on any count: skip it.
            if (net.ChangeOffsets[j + 1] == net.ChangeOffsets[j]) continue;
            bool isContinuous = true;
            for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1] && isContinuous; c++)
                isContinuous = continuous[net.ChangeCompartments[c]];
            bool varying = net.TimeDependent[j];
            for (int k = net.InputOffsets[j]; k < net.InputOffsets[j + 1] && !varying; k++)
                varying = continuous[net.InputCompartments[k]];
            if (isContinuous) ContTransitions[ContCount++] = j;
            else if (varying) VaryingDiscrete[VaryingCount++] = j;
            else
            {
                StaticDiscrete[StaticCount++] = j;
                IsStatic[j] = true;
            }
            if (isContinuous || varying)
                for (int k = net.InputOffsets[j]; k < net.InputOffsets[j + 1]; k++) ReadByOde[net.InputCompartments[k]] = true;
            if (isContinuous)
                for (int k = net.InputOffsets[j]; k < net.InputOffsets[j + 1]; k++) ReadByContinuous[net.InputCompartments[k]] = true;
        }
        // The continuous transitions' rates by slot (plain, modulated, general: no branch per term).
        for (int s = 0; s < ContCount; s++)
            if (net.FastModulator[ContTransitions[s]] == CompiledNetwork.NoModulator) PlainCount++;
            else if (net.FastModulator[ContTransitions[s]] != CompiledNetwork.NotFast) ModulatedCount++;
        int plain = 0, modulated = PlainCount, general = PlainCount + ModulatedCount;
        for (int s = 0; s < ContCount; s++)
        {
            int j = ContTransitions[s];
            int modulator = net.FastModulator[j];
            int slot = modulator == CompiledNetwork.NotFast ? general++ : modulator == CompiledNetwork.NoModulator ? plain++ : modulated++;
            SlotOf[s] = slot;
            SlotTransition[slot] = j;
            if (modulator == CompiledNetwork.NotFast) continue;
            Terms[slot] = new HybridSolver.ContinuousTerm { Argument = net.Argument0[j], Modulator = modulator };
            CodeArguments[slot] = net.Argument0[j];
            if (modulator != CompiledNetwork.NoModulator) CodeModulators[slot - PlainCount] = modulator;
        }
    }

    /// <summary>
    /// Gathers the continuous terms' changes by ODE component (a counting sort of the change list by component, stable in
    /// term order), so that the right-hand side adds each component's contributions in the order the terms come, as a
    /// term-by-term scatter would, but into a local sum instead of through memory.
    /// </summary>
    private void BuildRows(CompiledNetwork net)
    {
        int[] changeOffsets = net.ChangeOffsets, changeCompartments = net.ChangeCompartments, changeAmounts = net.ChangeAmounts;
        int[] compToOde = CompToOde, slotOf = SlotOf, rowSlot = RowSlot;
        double[] rowAmount = RowAmount;
        int nc = OdeCompartments;
        ReadOnlySpan<int> continuous = ContTransitions.AsSpan(0, ContCount);
        Span<int> rowEnd = RowEnd.AsSpan(0, nc);
        foreach (int j in continuous)
            for (int c = changeOffsets[j]; c < changeOffsets[j + 1]; c++) rowEnd[compToOde[changeCompartments[c]]]++;
        // Prefix sums give each row's end; filling then walks each row's cursor from its start up to its end.
        int total = 0;
        for (int k = 0; k < nc; k++)
        {
            int count = rowEnd[k];
            rowEnd[k] = total;
            total += count;
        }
        for (int s = 0; s < continuous.Length; s++)
        {
            int j = continuous[s], slot = slotOf[s];
            for (int c = changeOffsets[j]; c < changeOffsets[j + 1]; c++)
            {
                int e = rowEnd[compToOde[changeCompartments[c]]]++;
                rowSlot[e] = slot;
                rowAmount[e] = changeAmounts[c];
            }
        }
    }

    /// <summary>Which firings are ODE-neutral (they change nothing the ODE integrates or reads) and which hazard-only.</summary>
    private void MarkNeutral(CompiledNetwork net)
    {
        for (int j = 0; j < net.TransitionCount; j++)
        {
            bool neutral = true, hazardOnly = true;
            for (int c = net.ChangeOffsets[j]; c < net.ChangeOffsets[j + 1]; c++)
            {
                int i = net.ChangeCompartments[c];
                neutral &= !Continuous[i] && !ReadByOde[i];
                hazardOnly &= !Continuous[i] && !ReadByContinuous[i];
            }
            OdeNeutral[j] = neutral;
            HazardOnly[j] = hazardOnly && !neutral;
        }
        for (int s = 0; s < StaticCount; s++)
        {
            int j = StaticDiscrete[s];
            if (!OdeNeutral[j] && !HazardOnly[j]) RestartingStatic[RestartingStaticCount++] = j;
        }
        for (int v = 0; v < VaryingCount; v++)
        {
            int j = VaryingDiscrete[v];
            if (!OdeNeutral[j] && !HazardOnly[j]) RestartingVarying[RestartingVaryingCount++] = j;
        }
    }

    /// <summary>Lists the continuous inputs and the signals of the varying discrete transitions (to evaluate them at a point inside a step cheaply).</summary>
    private void MarkVaryingInputs(CompiledNetwork net)
    {
        for (int v = 0; v < VaryingCount; v++)
        {
            int j = VaryingDiscrete[v];
            for (int k = net.InputOffsets[j]; k < net.InputOffsets[j + 1]; k++) InputMarks[net.InputCompartments[k]] = true;
            for (int k = net.ModulatorOffsets[j]; k < net.ModulatorOffsets[j + 1]; k++) SignalMarks[net.Modulators[k]] = true;
        }
        net.CloseSignalDependencies(SignalMarks);
        for (int k = 0; k < OdeCompartments; k++)
            if (InputMarks[OdeToComp[k]]) VaryingInputs[VaryingInputCount++] = k;
        for (int sg = 0; sg < SignalMarks.Length; sg++)
            if (SignalMarks[sg]) VaryingSignals[VaryingSignalCount++] = sg;
    }
}
