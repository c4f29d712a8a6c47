namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Hazard-only firings: the signals a firing inside a step leaves as they were, so that it does not compute them again.
/// </summary>
/// <remarks>
/// <para>A hazard-only firing at t* changes only exact compartments (<see cref="PartitionLayout"/>); the varying signals
/// were just computed at t* with the continuous inputs read from the dense output (<see cref="InterpolateVaryingInputsWith"/>,
/// to choose the firing). A signal that reads no exact compartment, directly or through another signal, has the value at
/// t* that computing it again would give, to the bit (the same inputs, parameters and time, and a signal function is a
/// function of them). So after such a firing only the signals that read an exact compartment are computed again
/// (<see cref="Fire"/>), and at the step's end T, whose continuous inputs are the same for every fit inside one step
/// (<see cref="EnterPolynomialHazard"/>), the first fit keeps the other varying signals' values and the later fits of the
/// step put them back instead of computing them (<see cref="VaryingRateAtStepEndOfFit"/>); they also put back the signals
/// that do read an exact compartment when no firing since the step's first fit changed one of their inputs
/// (<see cref="MarkEndSignalsChanged"/>). The course is the one computing every signal gives, to the bit (tests compare
/// both: <see cref="KeepsUnchangedSignals"/>, <see cref="KeepsSignalsNoFiringChanged"/>).</para>
/// <para>In the physiology, the autoreactive clone's birth signal reads the clone (its antigen limit) and is computed
/// again; graft-versus-autoimmunity (donor and host T cells) and the clone's drug-induced death
/// (concentrations, time) read no exact compartment and are kept; the stem cells' niche signal reads the exact host stem
/// cells, which the clone's firings do not change: the later fits put it back.</para>
/// </remarks>
internal sealed partial class HybridSolver
{
    /// <summary>
    /// Per signal: whether a hazard-only firing computes it again: it reads an exact compartment of the current partition,
    /// directly or through an earlier signal, or it is not one of the varying signals (computed at the firing's time).
    /// </summary>
    private bool[] _signalRecomputed = [];
    /// <summary>The varying signals among them, ascending.</summary>
    private int[] _recomputedVarying = [];
    private int _recomputedVaryingCount;
    /// <summary>The varying signals not among them (read no exact compartment), ascending.</summary>
    private int[] _keptVarying = [];
    private int _keptVaryingCount;
    /// <summary>The partition the two lists above were made for: <see cref="Switches"/> + <see cref="Refreshes"/> then (−1: none).</summary>
    private long _recomputedPartition = -1;
    /// <summary>The varying signals' values at the step's end, kept by the step's first fit (by signal).</summary>
    private double[] _endSignals = [];
    /// <summary>Whether <see cref="_endSignals"/> holds the current step's values (cleared when a step is taken or restarted).</summary>
    private bool _endSignalsKept;
    /// <summary>The partition <see cref="_endSignals"/> was kept in (as <see cref="_recomputedPartition"/>).</summary>
    private long _endSignalsPartition = -1;
    /// <summary>Counts the keepings of <see cref="_endSignals"/> (each step's first fit makes one).</summary>
    private long _endSignalsKeeping;
    /// <summary>
    /// Per signal: the <see cref="_endSignalsKeeping"/> during which a firing changed a compartment it reads (directly or
    /// through another signal; <see cref="MarkEndSignalsChanged"/>): its kept value at the step's end may no longer hold.
    /// </summary>
    private long[] _endSignalChanged = [];

    /// <summary>
    /// Whether hazard-only firings compute again only the signals that read an exact compartment (<see cref="Fire"/>) and the
    /// fits after the first of a step put the other varying signals' values at the step's end back; the same course either
    /// way (tests compare both).
    /// </summary>
    internal bool KeepsUnchangedSignals { get; set; } = true;

    /// <summary>How many fits took the step's end values of the signals that read no exact compartment as kept (tests).</summary>
    internal long EndSignalsReused { get; private set; }

    /// <summary>
    /// Whether the later fits of a step compute again, of the signals that read an exact compartment, only those a firing
    /// since the step's first fit changed an input of (<see cref="MarkEndSignalsChanged"/>), and put the others back too;
    /// the same course either way (tests compare both). Only with <see cref="KeepsUnchangedSignals"/>.
    /// </summary>
    internal bool KeepsSignalsNoFiringChanged { get; set; } = true;

    /// <summary>How many signals the later fits of a step put back although they read an exact compartment (tests).</summary>
    internal long ExactReadingEndSignalsReused { get; private set; }

    /// <summary>
    /// Allocates the lists by the network's signal count, once per solver (its constructor: the network does not change), so
    /// that no firing allocates.
    /// </summary>
    private void SizeSignalLists()
    {
        int signals = _net.SignalCount;
        _signalRecomputed = new bool[signals];
        _recomputedVarying = new int[signals];
        _keptVarying = new int[signals];
        _endSignals = new double[signals];
        _endSignalChanged = new long[signals];
        _endSignalsKeeping = 0;
        _recomputedPartition = -1;
    }

    /// <summary>
    /// Marks the signals a hazard-only firing computes again (<see cref="_signalRecomputed"/>) and lists the varying ones among
    /// them; done again only after the partition may have changed (every repartition and reload counts a switch or a refresh).
    /// </summary>
    private void ListRecomputedSignals()
    {
        long partition = Switches + Refreshes;
        if (partition == _recomputedPartition) return;
        CompiledNetwork net = _net;
        // Not a varying signal: not computed at the firing's time before it (InterpolateVaryingInputsWith), so computed again as
        // before. A varying one reads only varying ones (the list is closed under dependencies) and only earlier ones
        // (CompiledNetwork.CloseSignalDependencies): one pass in order marks those reading an exact compartment through another.
        Array.Fill(_signalRecomputed, true);
        for (int i = 0; i < _varyingSignalCount; i++)
        {
            int s = _varyingSignals[i];
            bool reads = false;
            for (int c = net.SignalCountOffsets[s]; c < net.SignalCountOffsets[s + 1] && !reads; c++)
                reads = !_continuous[net.SignalCounts[c]];
            for (int p = net.SignalParameterOffsets[s]; p < net.SignalParameterOffsets[s + 1] && !reads; p++)
            {
                int q = net.SignalParameters[p] - net.ParameterCount;
                reads = q >= 0 && _signalRecomputed[q];
            }
            _signalRecomputed[s] = reads;
        }
        _recomputedVaryingCount = 0;
        _keptVaryingCount = 0;
        for (int i = 0; i < _varyingSignalCount; i++)
        {
            int s = _varyingSignals[i];
            if (_signalRecomputed[s]) _recomputedVarying[_recomputedVaryingCount++] = s;
            else _keptVarying[_keptVaryingCount++] = s;
        }
        _recomputedPartition = partition;
    }

    /// <summary>
    /// After hazard-only firing <paramref name="j"/> at <paramref name="t"/>: computes again the signals its dependents read
    /// that read an exact compartment, and marks them as changed since the step's first fit (<see cref="MarkEndSignalsChanged"/>:
    /// the others are not computed again at the step's end either); the others hold their values at t (see the type's remarks).
    /// </summary>
    private void UpdateRecomputedSignals(int j, double t)
    {
        CompiledNetwork net = _net;
        ListRecomputedSignals();
        int[] dependentSignals = net.DependentSignals;
        long keeping = _endSignalsKeeping;
        for (int d = net.DependentSignalOffsets[j]; d < net.DependentSignalOffsets[j + 1]; d++)
        {
            int s = dependentSignals[d];
            if (!_signalRecomputed[s]) continue;
            net.UpdateSignals(_counts, _parameters, t, dependentSignals.AsSpan(d, 1));
            _endSignalChanged[s] = keeping;
        }
    }

    /// <summary>
    /// After firing <paramref name="j"/> (not repartitioning) while the step's first fit has kept the signals' values at its
    /// end: marks the signals <paramref name="j"/>'s dependents read (<see cref="CompiledNetwork.DependentSignals"/>) as
    /// changed since that fit, so that the later fits of the step compute them again. A hazard-only firing marks those of
    /// them it computes again (<see cref="UpdateRecomputedSignals"/>), the only ones a later fit may compute: the same marks
    /// for what the fits read; <see cref="Fire"/> calls this for the others (deferred and ODE-neutral firings).
    /// </summary>
    /// <remarks>
    /// The list holds every signal whose inputs the firing changed that some transition reads, directly or through other
    /// signals: a signal's declared counts include those of the earlier signals it reads, a transition's inputs include its
    /// signals' counts, so a transition reading such a signal is a dependent of <paramref name="j"/>, and the list is closed
    /// under signal dependencies. Every varying signal is read by a varying transition (the varying list is its transitions'
    /// signals, closed). Between a step's first fit and a later one, firings are the only change of an exact count (a restart,
    /// a new step, a repartition or a reload ends the keeping); the continuous inputs at the step's end, the parameters and the
    /// time are the same: so a signal no firing marked has the kept value to the bit.
    /// </remarks>
    private void MarkEndSignalsChanged(int j)
    {
        CompiledNetwork net = _net;
        int[] dependentSignals = net.DependentSignals;
        long keeping = _endSignalsKeeping;
        for (int d = net.DependentSignalOffsets[j]; d < net.DependentSignalOffsets[j + 1]; d++)
            _endSignalChanged[dependentSignals[d]] = keeping;
    }

    /// <summary>
    /// The varying discrete transitions' total rate at the step's end T for a fit (<see cref="EnterPolynomialHazard"/>):
    /// <see cref="VaryingRateAt"/>(T), with the varying signals that read no exact compartment, and those that do but whose
    /// inputs no firing since the step's first fit changed (<see cref="MarkEndSignalsChanged"/>), put back as the step's
    /// first fit left them instead of computed (see the type's remarks).
    /// </summary>
    private double VaryingRateAtStepEndOfFit(double t, bool packed)
    {
        if (!KeepsUnchangedSignals) return VaryingRateAt(t, packed);
        ListRecomputedSignals();
        ReadOnlySpan<int> varyingSignals = _varyingSignals.AsSpan(0, _varyingSignalCount);
        int offset = _net.ParameterCount;
        if (!_endSignalsKept || _endSignalsPartition != _recomputedPartition)
        {
            double rate = VaryingRateAt(t, packed);
            foreach (int s in varyingSignals) _endSignals[s] = _parameters[offset + s];
            _endSignalsKept = true;
            _endSignalsKeeping++;
            _endSignalsPartition = _recomputedPartition;
            return rate;
        }
        // The continuous inputs at T as InterpolateVaryingInputsWith writes them; the kept signals back; the others computed.
        WriteVaryingInputs(t, packed);
        if (!KeepsSignalsNoFiringChanged)
        {
            foreach (int s in varyingSignals)
                if (!_signalRecomputed[s]) _parameters[offset + s] = _endSignals[s];
            if (_recomputedVaryingCount > 0) _net.UpdateSignals(_counts, _parameters, t, _recomputedVarying.AsSpan(0, _recomputedVaryingCount));
        }
        else
        {
            // Those reading an exact compartment are put back too when no firing since the first fit changed their inputs.
            // The others first (none reads an exact-reading one); then the exact-reading ones in ascending order, so that a
            // computed one reads the earlier ones' values at T, put back or computed.
            long keeping = _endSignalsKeeping;
            double[] parameters = _parameters, kept = _endSignals;
            for (int i = 0; i < _keptVaryingCount; i++)
            {
                int s = _keptVarying[i];
                parameters[offset + s] = kept[s];
            }
            for (int i = 0; i < _recomputedVaryingCount; i++)
            {
                int s = _recomputedVarying[i];
                if (_endSignalChanged[s] == keeping) _net.UpdateSignals(_counts, parameters, t, _recomputedVarying.AsSpan(i, 1));
                else
                {
                    parameters[offset + s] = kept[s];
                    ExactReadingEndSignalsReused++;
                }
            }
        }
        EndSignalsReused++;
        return VaryingRateAtFiring(t);
    }
}
