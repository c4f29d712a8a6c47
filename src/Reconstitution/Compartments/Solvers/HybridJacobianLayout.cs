using System.Numerics;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// What the hybrid solver's assembled Jacobian (<see cref="HybridSolver"/>'s <c>IJacobianSource.Jacobian</c>) derives from
/// the network's structure and a partition alone: each transition's own compartment inputs, each compartment's signals,
/// and, for the partition's ODE components, their (signal, sensitivity) entries and the groups of components perturbed
/// together. Immutable: kept with the partition's layout (<see cref="PartitionLayout.JacobianLayout"/>) and read by the
/// solvers of every thread.
/// </summary>
/// <remarks>
/// Groups are formed greedily in component order, each component taking the first group none of whose components feeds
/// one of its signals (Curtis, Powell and Reid's grouping on the signals' inputs); components feeding no signal are in
/// none.
/// </remarks>
internal sealed class HybridJacobianLayout
{
    /// <summary>Transition j's own compartment inputs (reactants and Hill inputs of a mass-action rate, the declared compartments of a custom one; each once): entries [DirectOffsets[j], DirectOffsets[j + 1]) of <see cref="DirectInputs"/>.</summary>
    public readonly int[] DirectOffsets, DirectInputs;
    /// <summary>ODE component k's entries are [ColumnEntryStart[k], ColumnEntryStart[k + 1]): each entry's signal and component.</summary>
    public readonly int[] ColumnEntryStart, EntrySignal, EntryColumn;
    /// <summary>Signal s's entries are SignalEntries[SignalEntryStart[s] .. SignalEntryStart[s + 1]).</summary>
    public readonly int[] SignalEntryStart, SignalEntries;
    /// <summary>Group g's components are GroupColumns[GroupStart[g] .. GroupStart[g + 1]).</summary>
    public readonly int[] GroupStart, GroupColumns;
    /// <summary>Groups of components perturbed together.</summary>
    public readonly int Groups;
    /// <summary>The most entries any partition of the network can have (the compartments' signal feeds).</summary>
    public readonly int MaximumEntries;

    /// <summary>Builds the layout for <paramref name="net"/>'s structure and the partition whose ODE components are the compartments <paramref name="odeToComp"/>[0 .. <paramref name="odeCompartments"/>).</summary>
    public HybridJacobianLayout(CompiledNetwork net, ReadOnlySpan<int> odeToComp, int odeCompartments)
    {
        int n = net.CompartmentCount, m = net.TransitionCount, signalCount = net.SignalCount, nc = odeCompartments;
        // The network's side: each transition's own inputs, each compartment's signals (a signal's declared inputs include
        // those of the earlier signals it reads).
        var mark = new int[n];
        Array.Fill(mark, -1);
        var offsets = new int[m + 1];
        var inputs = new List<int>();
        for (int j = 0; j < m; j++)
        {
            void Add(int compartment)
            {
                if (mark[compartment] == j) return;
                mark[compartment] = j;
                inputs.Add(compartment);
            }
            if (net.Kinds[j] == PropensityKind.Custom)
            {
                for (int i = net.CustomCountOffsets[j]; i < net.CustomCountOffsets[j + 1]; i++) Add(net.CustomCounts[i]);
            }
            else
            {
                for (int r = net.ReactantOffsets[j]; r < net.ReactantOffsets[j + 1]; r++) Add(net.ReactantCompartments[r]);
                for (int h = net.HillOffsets[j]; h < net.HillOffsets[j + 1]; h++)
                    for (int w = net.HillTermOffsets[h]; w < net.HillTermOffsets[h + 1]; w++) Add(net.HillTermCompartments[w]);
            }
            offsets[j + 1] = inputs.Count;
        }
        DirectOffsets = offsets;
        DirectInputs = [.. inputs];
        Array.Fill(mark, -1);
        var feedOffsets = new int[n + 1];
        for (int s = 0; s < signalCount; s++)
            for (int c = net.SignalCountOffsets[s]; c < net.SignalCountOffsets[s + 1]; c++)
            {
                int compartment = net.SignalCounts[c];
                if (mark[compartment] == s) continue;
                mark[compartment] = s;
                feedOffsets[compartment + 1]++;
            }
        for (int i = 0; i < n; i++) feedOffsets[i + 1] += feedOffsets[i];
        var feeds = new int[feedOffsets[n]];
        var next = feedOffsets[..n];
        Array.Fill(mark, -1);
        for (int s = 0; s < signalCount; s++)
            for (int c = net.SignalCountOffsets[s]; c < net.SignalCountOffsets[s + 1]; c++)
            {
                int compartment = net.SignalCounts[c];
                if (mark[compartment] == s) continue;
                mark[compartment] = s;
                feeds[next[compartment]++] = s;
            }
        MaximumEntries = feeds.Length;
        // The partition's side: each ODE component's signal entries, each signal's entries, and the groups.
        int words = (n + 1 + 63) / 64;
        var signalGroups = new ulong[signalCount * words];
        var columnGroup = new int[nc];
        ColumnEntryStart = new int[nc + 1];
        SignalEntryStart = new int[signalCount + 1];
        int entries = 0, groups = 0;
        for (int k = 0; k < nc; k++)
        {
            int compartment = odeToComp[k];
            entries += feedOffsets[compartment + 1] - feedOffsets[compartment];
        }
        EntrySignal = new int[entries];
        EntryColumn = new int[entries];
        SignalEntries = new int[entries];
        entries = 0;
        for (int k = 0; k < nc; k++)
        {
            int compartment = odeToComp[k];
            ColumnEntryStart[k] = entries;
            int group = -1;
            if (feedOffsets[compartment] < feedOffsets[compartment + 1])
            {
                for (int w = 0; w < words && group < 0; w++)
                {
                    ulong taken = 0;
                    for (int f = feedOffsets[compartment]; f < feedOffsets[compartment + 1]; f++) taken |= signalGroups[feeds[f] * words + w];
                    if (taken != ulong.MaxValue) group = w * 64 + BitOperations.TrailingZeroCount(~taken);
                }
                for (int f = feedOffsets[compartment]; f < feedOffsets[compartment + 1]; f++)
                {
                    int s = feeds[f];
                    signalGroups[s * words + (group >> 6)] |= 1UL << group;
                    EntrySignal[entries] = s;
                    EntryColumn[entries++] = k;
                    SignalEntryStart[s + 1]++;
                }
                groups = Math.Max(groups, group + 1);
            }
            columnGroup[k] = group;
        }
        ColumnEntryStart[nc] = entries;
        // Each signal's entries (a counting sort by signal) and each group's components (by group).
        for (int s = 0; s < signalCount; s++) SignalEntryStart[s + 1] += SignalEntryStart[s];
        for (int e = 0; e < entries; e++) SignalEntries[SignalEntryStart[EntrySignal[e]]++] = e;
        for (int s = signalCount; s > 0; s--) SignalEntryStart[s] = SignalEntryStart[s - 1];
        SignalEntryStart[0] = 0;
        GroupStart = new int[groups + 1];
        GroupColumns = new int[nc];
        for (int k = 0; k < nc; k++)
            if (columnGroup[k] >= 0) GroupStart[columnGroup[k] + 1]++;
        for (int g = 0; g < groups; g++) GroupStart[g + 1] += GroupStart[g];
        for (int k = 0; k < nc; k++)
            if (columnGroup[k] >= 0) GroupColumns[GroupStart[columnGroup[k]]++] = k;
        for (int g = groups; g > 0; g--) GroupStart[g] = GroupStart[g - 1];
        GroupStart[0] = 0;
        Groups = groups;
    }
}
