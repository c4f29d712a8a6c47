using System.Runtime.CompilerServices;
using Reconstitution.Numerics;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// The hybrid solver's Jacobian ∂f/∂y for an implicit integrator (<see cref="IJacobianSource"/>), assembled from the
/// network's structure with the signals as intermediate variables: J = ∂f/∂y|ₛ + ∂f/∂s · ∂s/∂y.
/// </summary>
/// <remarks>
/// <para>Every rate is a base term times its modulating signals, a = g(x)·Πₘ sₘ (signals enter a transition only as
/// modulators, <see cref="CompiledNetwork.Modulators"/>), so</para>
/// <list type="bullet">
/// <item>∂a/∂xⱼ at fixed signals reads only the term's own compartments: analytic for first-order mass action
/// (rate·Πₘ sₘ), a forward difference of that one rate per input compartment otherwise;</item>
/// <item>∂a/∂sₘ is the rate with sₘ set to 1 (times r·sₘ^(r−1) for a signal that modulates it r times): exact, as a is
/// linear in each modulator occurrence;</item>
/// <item>∂s/∂y, the signals' sensitivities to the ODE components, is the only part that needs evaluations of the
/// network: forward differences of the signals alone (<see cref="CompiledNetwork.UpdateSignals(double[], double[], double)"/>),
/// with the components grouped so that no two in a group feed one signal (Curtis, Powell and Reid's grouping on the
/// signals' inputs instead of on the rows of f).</item>
/// </list>
/// <para>Differencing the whole right-hand side groups columns by the rows of f, and a row reads every input of every
/// signal that modulates one of its terms: the physiology network needs 36–54 groups, each a full evaluation. Here a
/// group's columns need only feed disjoint signals, and a group costs an update of the signals they feed alone (no
/// rates, no sums): the later groups of the greedy grouping hold the few components feeding the widest signals.
/// The result is the same matrix up to the differences' error (tests compare it with the column-grouped difference of
/// f). Perturbations are those of <see cref="SparseJacobian"/>: √ε·max(|yⱼ|, floor) upwards, with the right-hand side's
/// clamp of amounts at zero.</para>
/// <para>The structure (each transition's inputs, each component's signals, the groups) depends on the network and the
/// partition alone: it is a <see cref="HybridJacobianLayout"/>, made once per partition layout and shared; the solver's own
/// buffers are allocated at the first call and kept. Not thread-safe, as the solver.</para>
/// </remarks>
internal sealed partial class HybridSolver
{
    /// <summary>A group updates every signal at once (blocks share their inputs' sums) when it feeds more than 1/WholeUpdate of them (measured: 1–4 alike).</summary>
    private const int WholeUpdate = 4;

    private static readonly double SqrtEpsilon = Math.Sqrt(Math.ScaleB(1.0, -52));

    // What depends on the structure and the partition alone (HybridJacobianLayout, kept with the partition's layout), as
    // this solver reads it at each call: each transition's own compartment inputs; per ODE component its (signal,
    // sensitivity) entries, CSR, per signal its entries, and the groups of components perturbed together.
    private int[] _directOffsets = [], _directInputs = [];
    private int[] _columnEntryStart = [], _entrySignal = [], _entryColumn = [], _signalEntryStart = [], _signalEntries = [];
    private int[] _groupStart = [], _groupColumns = [];
    // This solver's buffers, allocated at the first call at the network's sizes.
    private int[] _position = [], _touchedSignals = [], _rowSignals = [];
    private bool[] _signalTouched = [], _rowSignalListed = [];
    private double[] _sensitivity = [], _signalBase = [], _raised = [], _rowSignalCoefficient = [];
    // The general rates' derivatives: by their own inputs (aligned with _directInputs) and by their modulators (aligned
    // with the network's Modulators).
    private double[] _directDerivative = [], _modulatorDerivative = [];
    // Whether a call is under way: still set at the next call when an exception ended the last one part-way, leaving
    // positions, marks or row coefficients behind (each call otherwise leaves them clean), which are then cleared.
    private bool _jacobianUnderWay;

    /// <summary>
    /// <see cref="IJacobianSource.Jacobian"/>: ∂f/∂y in the given pattern's order, from the structure (class remarks); the
    /// cost is one evaluation for the base state and the groups' updates of the signals, counted in updates of every signal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    int IJacobianSource.Jacobian(double t, ReadOnlySpan<double> y, double floor, ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns, Span<double> values)
    {
        CompiledNetwork net = _net;
        int nc = _odeCompartments, rows = rowOffsets.Length - 1, p = net.ParameterCount, signalCount = net.SignalCount;
        HybridJacobianLayout layout = _layout!.JacobianLayout(net);
        if (_position.Length == 0) AllocateJacobianBuffers(layout);
        if (_jacobianUnderWay) ClearJacobianScratch();
        _jacobianUnderWay = true;
        (_directOffsets, _directInputs) = (layout.DirectOffsets, layout.DirectInputs);
        (_columnEntryStart, _entrySignal, _entryColumn) = (layout.ColumnEntryStart, layout.EntrySignal, layout.EntryColumn);
        (_signalEntryStart, _signalEntries, _groupStart, _groupColumns) = (layout.SignalEntryStart, layout.SignalEntries, layout.GroupStart, layout.GroupColumns);
        int groups = layout.Groups;
        // The base state: the clamped amounts and every signal, as an evaluation of f sets them.
        CopyClamped(y);
        if (signalCount > 0) net.UpdateSignals(_counts, _parameters, t);
        double[] counts = _counts, parameters = _parameters;
        double[] baseSignals = _signalBase;
        Array.Copy(parameters, p, baseSignals, 0, signalCount);
        // ∂s/∂y: each group's components raised together, the signals they feed updated (in signal order: a signal's
        // inputs include those of the earlier signals it reads, so the list is closed), each component's signals
        // differenced, and the amounts and signals put back.
        long updated = 0;
        for (int g = 0; g < groups; g++)
        {
            int touched = 0;
            for (int c = _groupStart[g]; c < _groupStart[g + 1]; c++)
            {
                int k = _groupColumns[c];
                double raised = Raise(y[k], floor);
                _raised[k] = raised;
                counts[_odeToComp[k]] = raised > 0 ? raised : 0;
                for (int e = _columnEntryStart[k]; e < _columnEntryStart[k + 1]; e++) _signalTouched[_entrySignal[e]] = true;
            }
            for (int s = 0; s < signalCount; s++)
                if (_signalTouched[s])
                {
                    _touchedSignals[touched++] = s;
                    _signalTouched[s] = false;
                }
            // Few signals one by one; many (the first groups) by a whole update, whose blocks share their inputs' sums.
            bool whole = WholeUpdate * touched > signalCount;
            ReadOnlySpan<int> signals = _touchedSignals.AsSpan(0, touched);
            if (whole) net.UpdateSignals(counts, parameters, t);
            else net.UpdateSignals(counts, parameters, t, signals);
            updated += whole ? signalCount : touched;
            for (int c = _groupStart[g]; c < _groupStart[g + 1]; c++)
            {
                int k = _groupColumns[c];
                double inverse = 1 / (_raised[k] - y[k]);
                for (int e = _columnEntryStart[k]; e < _columnEntryStart[k + 1]; e++)
                {
                    int s = _entrySignal[e];
                    _sensitivity[e] = (parameters[p + s] - baseSignals[s]) * inverse;
                }
                counts[_odeToComp[k]] = y[k] > 0 ? y[k] : 0;
            }
            if (whole) Array.Copy(baseSignals, 0, parameters, p, signalCount);
            else foreach (int s in signals) parameters[p + s] = baseSignals[s];
        }
        // The general rates' derivatives, once per transition: by their own compartments, and by their signals.
        for (int slot = _plainCount + _modulatedCount; slot < _contCount; slot++) DifferenceGeneralRate(_slotTransition[slot], t, y, floor);
        for (int v = 0; v < _varyingCount; v++)
            if (net.FastModulator[_varyingDiscrete[v]] == CompiledNetwork.NotFast) DifferenceGeneralRate(_varyingDiscrete[v], t, y, floor);
        // Row by row: each term's change times its rate's derivatives, through the row's pattern positions; the signals'
        // part gathered per signal first (Σ over the row's terms of change × ∂a/∂s), then spread over ∂s/∂y once.
        values.Clear();
        int[] position = _position;
        for (int row = 0; row < rows; row++)
        {
            for (int e = rowOffsets[row]; e < rowOffsets[row + 1]; e++) position[columns[e]] = e;
            int rowSignals = 0;
            if (row < nc)
            {
                for (int e = row == 0 ? 0 : _rowEnd[row - 1]; e < _rowEnd[row]; e++)
                    rowSignals = AddRateDerivative(_slotTransition[_rowSlot[e]], _rowAmount[e], values, rowSignals);
            }
            else if (row == _hazardIndex)
            {
                for (int v = 0; v < _varyingCount; v++) rowSignals = AddRateDerivative(_varyingDiscrete[v], HazardScale, values, rowSignals);
            }
            for (int i = 0; i < rowSignals; i++)
            {
                int signal = _rowSignals[i];
                double coefficient = _rowSignalCoefficient[signal];
                _rowSignalCoefficient[signal] = 0;
                _rowSignalListed[signal] = false;
                for (int c = _signalEntryStart[signal]; c < _signalEntryStart[signal + 1]; c++)
                {
                    int entry = _signalEntries[c], at = position[_entryColumn[entry]];
                    if (at >= 0) values[at] += coefficient * _sensitivity[entry];
                }
            }
            for (int e = rowOffsets[row]; e < rowOffsets[row + 1]; e++) position[columns[e]] = -1;
        }
        _jacobianUnderWay = false;
        // The cost: the base evaluation, and the signals' updates counted in whole updates of every signal (rounded up).
        return signalCount == 0 ? 1 : 1 + (int)((updated + signalCount - 1) / signalCount);
    }

    /// <summary>y raised by the difference step √ε·max(|y|, floor) (<see cref="SparseJacobian"/>'s).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Raise(double y, double floor) => y + SqrtEpsilon * Math.Max(Math.Abs(y), floor);

    /// <summary>
    /// A general rate's derivatives at the base state (counts and signals set): by each of its own compartments that is an
    /// ODE component, a forward difference (into <see cref="_directDerivative"/>, by input), and by each modulating signal,
    /// exactly (into <see cref="_modulatorDerivative"/>, at the signal's first occurrence, zero at the others).
    /// </summary>
    private void DifferenceGeneralRate(int j, double t, ReadOnlySpan<double> y, double floor)
    {
        CompiledNetwork net = _net;
        double[] counts = _counts, parameters = _parameters;
        double a = net.Propensity(j, counts, parameters, t);
        for (int i = _directOffsets[j]; i < _directOffsets[j + 1]; i++)
        {
            int compartment = _directInputs[i], column = _compToOde[compartment];
            if (column < 0) continue;
            double kept = counts[compartment], raised = Raise(y[column], floor);
            counts[compartment] = raised > 0 ? raised : 0;
            double changed = net.Propensity(j, counts, parameters, t);
            counts[compartment] = kept;
            _directDerivative[i] = (changed - a) / (raised - y[column]);
        }
        int first = net.ModulatorOffsets[j], end = net.ModulatorOffsets[j + 1];
        for (int m = first; m < end; m++)
        {
            int signal = net.Modulators[m], times = 1;
            bool seen = false;
            for (int earlier = first; earlier < m; earlier++) seen |= net.Modulators[earlier] == signal;
            _modulatorDerivative[m] = 0;
            if (seen) continue;
            for (int later = m + 1; later < end; later++) times += net.Modulators[later] == signal ? 1 : 0;
            // a is linear in each occurrence of the signal: with every occurrence set to 1 it is the rest of the product.
            int slot = net.ParameterCount + signal;
            double value = parameters[slot];
            parameters[slot] = 1;
            double rest = net.Propensity(j, counts, parameters, t);
            parameters[slot] = value;
            _modulatorDerivative[m] = times == 1 ? rest : times * Math.Pow(value, times - 1) * rest;
        }
    }

    /// <summary>
    /// Adds <paramref name="weight"/> × ∂a/∂y of transition <paramref name="j"/>'s rate a to the current row (its pattern
    /// positions in <see cref="_position"/>, −1 elsewhere): the part by its own compartments into <paramref name="values"/>,
    /// the part by its signals into the row's coefficients per signal (listed in <see cref="_rowSignals"/>, whose count
    /// <paramref name="rowSignals"/> it returns updated). Fast rates analytically; general ones from
    /// <see cref="DifferenceGeneralRate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddRateDerivative(int j, double weight, Span<double> values, int rowSignals)
    {
        CompiledNetwork net = _net;
        double[] parameters = _parameters;
        int[] position = _position;
        int fast = net.FastModulator[j];
        if (fast != CompiledNetwork.NotFast)
        {
            // a = k·x (·s): ∂a/∂x = k (·s), ∂a/∂s = k·x.
            int argument = net.Argument0[j];
            double rate = parameters[net.RateParameters[j]];
            int column = _compToOde[argument];
            if (column >= 0 && position[column] >= 0)
                values[position[column]] += weight * rate * (fast == CompiledNetwork.NoModulator ? 1 : parameters[fast]);
            return fast == CompiledNetwork.NoModulator ? rowSignals
                : AddToRowSignal(fast - net.ParameterCount, weight * rate * _counts[argument], rowSignals);
        }
        for (int i = _directOffsets[j]; i < _directOffsets[j + 1]; i++)
        {
            int column = _compToOde[_directInputs[i]];
            if (column >= 0 && position[column] >= 0) values[position[column]] += weight * _directDerivative[i];
        }
        for (int m = net.ModulatorOffsets[j]; m < net.ModulatorOffsets[j + 1]; m++)
            rowSignals = AddToRowSignal(net.Modulators[m], weight * _modulatorDerivative[m], rowSignals);
        return rowSignals;
    }

    /// <summary>Adds <paramref name="coefficient"/> to the current row's coefficient of <paramref name="signal"/> (listing it when new); returns the list's count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddToRowSignal(int signal, double coefficient, int rowSignals)
    {
        _rowSignalCoefficient[signal] += coefficient;
        if (_rowSignalListed[signal]) return rowSignals;
        _rowSignalListed[signal] = true;
        _rowSignals[rowSignals] = signal;
        return rowSignals + 1;
    }

    /// <summary>
    /// Puts the scratch a call leaves clean back as it was (after a call ended by an exception): every pattern position
    /// −1, no signal marked as touched or listed for the row, every row coefficient 0. The counts and signals a call
    /// changes are set again by the next call's base state.
    /// </summary>
    private void ClearJacobianScratch()
    {
        Array.Fill(_position, -1);
        Array.Clear(_signalTouched);
        Array.Clear(_rowSignalListed);
        Array.Clear(_rowSignalCoefficient);
    }

    /// <summary>This solver's buffers of the assembled Jacobian, at the network's sizes (the first call).</summary>
    private void AllocateJacobianBuffers(HybridJacobianLayout layout)
    {
        CompiledNetwork net = _net;
        int columns = net.CompartmentCount + 1, signalCount = net.SignalCount;
        _sensitivity = new double[layout.MaximumEntries];
        _position = new int[columns];
        Array.Fill(_position, -1);
        _raised = new double[columns];
        _signalBase = new double[signalCount];
        _touchedSignals = new int[signalCount];
        _signalTouched = new bool[signalCount];
        _rowSignals = new int[signalCount];
        _rowSignalListed = new bool[signalCount];
        _rowSignalCoefficient = new double[signalCount];
        _directDerivative = new double[layout.DirectInputs.Length];
        _modulatorDerivative = new double[net.Modulators.Length];
    }
}
