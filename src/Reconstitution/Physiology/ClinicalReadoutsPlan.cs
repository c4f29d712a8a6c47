using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Physiology;

/// <summary>
/// Where the clinical readouts (<see cref="ClinicalReadouts"/>) read in one network shape: the compartment indices of every cell origin
/// (host first, then each donor origin) in flat arrays, and the flags of every compartment the readouts read. Built once
/// per <see cref="PhysiologyTemplate"/> and shared by every model and patient of that shape.
/// </summary>
/// <remarks>
/// The readouts are read once a simulated day: the plan replaces the walk over the catalogue's objects (the donor origins
/// behind an interface, a handle array per chain) with two flat arrays, and the input flags are built once instead of per
/// patient. It keeps the catalogue's order in every chain, so each sum adds the same terms in the same order and the
/// readouts are the same to the bit.
/// </remarks>
internal sealed class ClinicalReadoutsPlan
{
    /// <summary>Offsets of the single compartments within one origin's block of <see cref="Singles"/>.</summary>
    internal const int BloodNeutrophils = 0, Monocytes = 1, NaiveCd4 = 2, MemoryCd4 = 3, Treg = 4, NaiveCd8 = 5, MemoryCd8 = 6,
        BCells = 7, NkCells = 8, LongTermStemCells = 9, Stride = 10;

    /// <summary>The chains of one origin, in the order of its ranges in <see cref="ChainStarts"/>.</summary>
    internal const int RedCells = 0, Platelets = 1, TCells = 2, ChainsPerOrigin = 3;

    /// <summary>Builds the plan of a catalogue's network.</summary>
    /// <param name="catalogue">The compartments of the network.</param>
    /// <param name="compartmentCount">The network's number of compartments.</param>
    public ClinicalReadoutsPlan(ModelCatalogue catalogue, int compartmentCount)
    {
        OriginCompartments[] origins = [catalogue.Host, .. catalogue.Donors];
        Origins = origins.Length;
        CompartmentCount = compartmentCount;
        Singles = new int[Origins * Stride];
        ChainStarts = new int[Origins * ChainsPerOrigin + 1];
        var chains = new List<int>();
        for (int u = 0; u < Origins; u++)
        {
            OriginCompartments o = origins[u];
            ReadOnlySpan<CompartmentHandle> singles =
            [
                o.BloodNeutrophils, o.Monocytes, o.NaiveCd4, o.MemoryCd4, o.Treg, o.NaiveCd8, o.MemoryCd8, o.BCells, o.NkCells,
                o.LongTermStemCells,
            ];
            for (int k = 0; k < Stride; k++) Singles[u * Stride + k] = singles[k];
            AddChain(u, RedCells, o.RedCells);
            AddChain(u, Platelets, o.Platelets);
            AddChain(u, TCells, o.TCells.Members);
        }
        Chains = [.. chains];
        Autoreactive = catalogue.Autoreactive;
        Antibody = catalogue.Antibody;

        Inputs = new bool[compartmentCount];
        foreach (int i in Singles) Inputs[i] = true;
        foreach (int i in Chains) Inputs[i] = true;
        Inputs[Autoreactive] = true;
        Inputs[Antibody] = true;

        void AddChain(int origin, int chain, ReadOnlySpan<CompartmentHandle> members)
        {
            foreach (var c in members) chains.Add(c);
            ChainStarts[origin * ChainsPerOrigin + chain + 1] = chains.Count;
        }
    }

    /// <summary>Number of cell origins: the host and every donor origin.</summary>
    public int Origins { get; }

    /// <summary>The network's number of compartments: every index of the plan is below it (its input flags are indexed by them).</summary>
    public int CompartmentCount { get; }

    /// <summary>Origin u's single compartments at [u·<see cref="Stride"/>, (u + 1)·<see cref="Stride"/>), at the offsets above.</summary>
    public int[] Singles { get; }

    /// <summary>Every origin's chains, one after another, each in the catalogue's summation order.</summary>
    public int[] Chains { get; }

    /// <summary>Chain c of origin u is <see cref="Chains"/>[ChainStarts[u·3 + c] .. ChainStarts[u·3 + c + 1]).</summary>
    public int[] ChainStarts { get; }

    /// <summary>The autoreactive clone.</summary>
    public int Autoreactive { get; }

    /// <summary>The autoantibody.</summary>
    public int Antibody { get; }

    /// <summary>
    /// True for every compartment the readouts read (the disease activity's inputs included), so that a patient can ask
    /// its solver to write only these at each daily stop. Shared: do not modify.
    /// </summary>
    public bool[] Inputs { get; }

    /// <summary>
    /// The count of origin <paramref name="origin"/>'s single compartment at offset <paramref name="single"/> (<see cref="BloodNeutrophils"/>, …),
    /// read unchecked from counts <paramref name="x"/> of at least <see cref="CompartmentCount"/> entries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Single(ref double x, int origin, int single) =>
        Unsafe.Add(ref x, Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Singles), origin * Stride + single));

    /// <summary>
    /// The sum of chain <paramref name="chain"/> of origin <paramref name="origin"/>, from 0 in chain order, read unchecked from
    /// counts <paramref name="x"/> of at least <see cref="CompartmentCount"/> entries.
    /// </summary>
    /// <remarks>Inlined into the readouts: a call per chain cost as much as the sum (perf, without tiered PGO). Unchecked: the
    /// plan's indices are below <see cref="CompartmentCount"/> by construction, and the readouts check the counts' length once.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Sum(ref double x, int origin, int chain)
    {
        ref int start = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ChainStarts), origin * ChainsPerOrigin + chain);
        ref int members = ref MemoryMarshal.GetArrayDataReference(Chains);
        int end = Unsafe.Add(ref start, 1);
        double s = 0;
        for (int i = start; i < end; i++) s += Unsafe.Add(ref x, Unsafe.Add(ref members, i));
        return s;
    }
}
