namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Hazard-only firings: the signals and rates a firing inside a step leaves as they were, so that it does not compute them
/// again.
/// </summary>
/// <remarks>
/// <para>A hazard-only firing at t* changes only exact compartments (<see cref="PartitionLayout"/>); the varying signals
/// were just computed at t* with the continuous inputs read from the dense output (<see cref="InterpolateVaryingInputs"/>,
/// to choose the firing). A signal that reads no exact compartment, directly or through another signal, has the value at
/// t* that computing it again would give, to the bit (the same inputs, parameters and time, and a signal function is a
/// function of them). So after such a firing only the signals that read an exact compartment are computed again
/// (<see cref="Fire"/>), and at the step's end T, whose continuous inputs are the same for every fit inside one step
/// (<see cref="EnterPolynomialHazard"/>), the first fit keeps the other varying signals' values and the later fits of the
/// step put them back instead of computing them (<see cref="VaryingRateAtStepEndOfFit"/>). The course is the one
/// computing every signal gives, to the bit (tests compare both: <see cref="KeepsUnchangedSignals"/>).</para>
/// <para>The same holds for the varying discrete transitions' rates: one that does not read what the firing changed
/// (it is not among the firing's dependents, <see cref="CompiledNetwork.Dependents"/>; a transition reads the compartments
/// its signals read) has the value it had before the firing. At t* the fit takes those from the rates the firing was chosen
/// by (<see cref="VaryingRateAfterFiring"/>); at T, a later fit of a step puts back the continuous inputs, the varying signals
/// and the rates the previous fit of the step left there and computes again only the fired transition's dependent signals
/// that read an exact compartment and its dependents' rates (<see cref="VaryingRateAtStepEndOfFit"/>). Between two fits of
/// one step nothing else the varying transitions read changes: the continuous inputs at T are the same step's dense output;
/// an exact count changes only by a firing, and a firing inside the step is hazard-only (it fits again), ODE-neutral (it
/// changes nothing a varying transition reads) or restarts the integrator (the kept values are dropped); a repartition or a
/// refresh changes the partition key.</para>
/// <para>In the physiology, the autoreactive clone's birth signal reads the clone (its antigen limit) and is computed
/// again; graft-versus-autoimmunity (donor and host T cells) and the clone's drug-induced death (concentrations, time)
/// read no exact compartment and are kept.</para>
/// </remarks>
internal sealed partial class HybridSolver
{
    /// <summary>
    /// Per signal: whether a hazard-only firing computes it again: it reads an exact compartment of the current partition,
    /// directly or through an earlier signal, or it is not one of the varying signals (computed at the firing's time).
    /// </summary>
    private bool[] _signalRecomputed = [];
    /// <summary>The partition <see cref="_signalRecomputed"/> and <see cref="_endRecomputed"/> were made for: <see cref="Switches"/> + <see cref="Refreshes"/> then (−1: none).</summary>
    private long _recomputedPartition = -1;
    /// <summary>The varying signals' values at the step's end, kept by the step's first fit (by signal).</summary>
    private double[] _endSignals = [];
    /// <summary>Whether <see cref="_endSignals"/>, <see cref="_endRates"/> and <see cref="_endInputs"/> hold the current step's values (cleared when a step is taken or restarted).</summary>
    private bool _endSignalsKept;
    /// <summary>The partition <see cref="_endSignals"/> was kept in (as <see cref="_recomputedPartition"/>).</summary>
    private long _endSignalsPartition = -1;
    /// <summary>Per signal: a varying signal that a hazard-only firing computes again (the varying ones of <see cref="_signalRecomputed"/>).</summary>
    private bool[] _endRecomputed = [];
    /// <summary>The varying discrete transitions' rates at the step's end, kept with <see cref="_endSignals"/> (by transition).</summary>
    private double[] _endRates = [];
    /// <summary>The varying inputs' counts at the step's end, kept with <see cref="_endSignals"/> (in the order of the varying inputs).</summary>
    private double[] _endInputs = [];
    /// <summary>Per transition: whether it reads what the hazard-only firing being fitted changed (its dependents; <see cref="MarkChangedRates"/>).</summary>
    private bool[] _rateChanged = [];

    /// <summary>
    /// Whether hazard-only firings compute again only the signals that read an exact compartment (<see cref="Fire"/>), their
    /// fits evaluate again only the rates the firing changed, and the fits after the first of a step put the step's end
    /// values they did not change back; the same course either way (tests compare both).
    /// </summary>
    internal bool KeepsUnchangedSignals { get; set; } = true;

    /// <summary>How many fits took the step's end values (inputs, signals and rates) the firing did not change as kept (tests).</summary>
    internal long EndSignalsReused { get; private set; }

    /// <summary>
    /// Allocates the lists by the network's signal count, once per solver (its constructor: the network does not change), so
    /// that no firing allocates.
    /// </summary>
    private void SizeSignalLists()
    {
        int signals = _net.SignalCount;
        _signalRecomputed = new bool[signals];
        _endSignals = new double[signals];
        _endRecomputed = new bool[signals];
        _endRates = new double[_net.TransitionCount];
        _rateChanged = new bool[_net.TransitionCount];
        _endInputs = new double[_net.CompartmentCount];
        _recomputedPartition = -1;
    }

    /// <summary>
    /// Marks the signals a hazard-only firing computes again (<see cref="_signalRecomputed"/>) and the varying ones among
    /// them (<see cref="_endRecomputed"/>); done again only after the partition may have changed (every repartition and reload counts a switch or a refresh).
    /// </summary>
    private void ListRecomputedSignals()
    {
        long partition = Switches + Refreshes;
        if (partition == _recomputedPartition) return;
        CompiledNetwork net = _net;
        // Not a varying signal: not computed at the firing's time before it (InterpolateVaryingInputs), so computed again as
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
        Array.Clear(_endRecomputed);
        for (int i = 0; i < _varyingSignalCount; i++)
        {
            int s = _varyingSignals[i];
            _endRecomputed[s] = _signalRecomputed[s];
        }
        _recomputedPartition = partition;
    }

    /// <summary>
    /// After hazard-only firing <paramref name="j"/> at <paramref name="t"/>: computes again the signals its dependents read
    /// that read an exact compartment; the others hold their values at t (see the type's remarks).
    /// </summary>
    private void UpdateRecomputedSignals(int j, double t)
    {
        CompiledNetwork net = _net;
        ListRecomputedSignals();
        int[] dependentSignals = net.DependentSignals;
        for (int d = net.DependentSignalOffsets[j]; d < net.DependentSignalOffsets[j + 1]; d++)
            if (_signalRecomputed[dependentSignals[d]]) net.UpdateSignals(_counts, _parameters, t, dependentSignals.AsSpan(d, 1));
    }

    /// <summary>
    /// Marks (<paramref name="on"/>) or clears the transitions whose rates hazard-only firing <paramref name="fired"/> may have
    /// changed: its dependents (itself and every transition reading a compartment it changes, through signals too).
    /// </summary>
    private void MarkChangedRates(int fired, bool on)
    {
        CompiledNetwork net = _net;
        int[] dependents = net.Dependents;
        for (int d = net.DependentOffsets[fired]; d < net.DependentOffsets[fired + 1]; d++) _rateChanged[dependents[d]] = on;
    }

    /// <summary>
    /// The varying discrete transitions' total rate at the time <paramref name="tStar"/> of the hazard-only firing just made
    /// (<see cref="VaryingRateAtFiring"/>'s value): the rates of the transitions it changed (<see cref="MarkChangedRates"/>)
    /// evaluated, the others' taken from those the firing was chosen by (the same inputs, so the same bits).
    /// </summary>
    private double VaryingRateAfterFiring(double tStar)
    {
        if (!KeepsUnchangedSignals) return VaryingRateAtFiring(tStar);
        double rate = 0;
        for (int v = 0; v < _varyingCount; v++)
        {
            int j = _varyingDiscrete[v];
            rate += _rateChanged[j] ? EvaluateDiscrete(j, tStar) : _a[j];
        }
        return rate;
    }

    /// <summary>
    /// The varying discrete transitions' total rate at the step's end T for a fit after hazard-only firing
    /// <paramref name="fired"/> (<see cref="EnterPolynomialHazard"/>): <see cref="VaryingRateAt"/>(T). The step's first fit
    /// evaluates it and keeps the continuous inputs, the varying signals and the rates there; a later fit of the same step puts
    /// them back and computes again only the signals and rates the firing may have changed (see the type's remarks).
    /// </summary>
    private double VaryingRateAtStepEndOfFit(int fired)
    {
        double t = _ode.T;
        if (!KeepsUnchangedSignals) return VaryingRateAt(t);
        ListRecomputedSignals();
        ReadOnlySpan<int> varyingSignals = _varyingSignals.AsSpan(0, _varyingSignalCount);
        ReadOnlySpan<int> inputs = _varyingInputs.AsSpan(0, _varyingInputCount);
        int[] odeToComp = _odeToComp;
        int offset = _net.ParameterCount;
        double rate = 0;
        if (!_endSignalsKept || _endSignalsPartition != _recomputedPartition)
        {
            // VaryingRateAt(T), keeping what it wrote and each rate.
            InterpolateVaryingInputs(t);
            for (int v = 0; v < _varyingCount; v++)
            {
                int j = _varyingDiscrete[v];
                double a = EvaluateDiscrete(j, t);
                _endRates[j] = a;
                rate += a;
            }
            for (int i = 0; i < inputs.Length; i++) _endInputs[i] = _counts[odeToComp[inputs[i]]];
            foreach (int s in varyingSignals) _endSignals[s] = _parameters[offset + s];
            _endSignalsKept = true;
            _endSignalsPartition = _recomputedPartition;
            return rate;
        }
        // The continuous inputs and the varying signals at T as the last fit left them; the fired transition's dependent
        // signals that read an exact compartment computed (in ascending order, as they read one another), its dependents' rates.
        for (int i = 0; i < inputs.Length; i++) _counts[odeToComp[inputs[i]]] = _endInputs[i];
        foreach (int s in varyingSignals) _parameters[offset + s] = _endSignals[s];
        CompiledNetwork net = _net;
        int[] dependentSignals = net.DependentSignals;
        for (int d = net.DependentSignalOffsets[fired]; d < net.DependentSignalOffsets[fired + 1]; d++)
        {
            int s = dependentSignals[d];
            if (!_endRecomputed[s]) continue;
            net.UpdateSignals(_counts, _parameters, t, dependentSignals.AsSpan(d, 1));
            _endSignals[s] = _parameters[offset + s];
        }
        for (int v = 0; v < _varyingCount; v++)
        {
            int j = _varyingDiscrete[v];
            if (_rateChanged[j]) _endRates[j] = EvaluateDiscrete(j, t);
            rate += _endRates[j];
        }
        EndSignalsReused++;
        return rate;
    }
}
