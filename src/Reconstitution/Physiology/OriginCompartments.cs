using System.Globalization;
using Reconstitution.Compartments;

namespace Reconstitution.Physiology;

/// <summary>
/// The compartments of one cell origin (host or donor) of a physiology network (docs/model.md §3), as typed handles
/// with readable names. The network builder names each compartment by the origin's prefix and a short stem
/// (<c>hNB</c>: host blood neutrophils); this class is the one place outside the builder that knows those stems.
/// </summary>
internal sealed class OriginCompartments
{
    /// <summary>Creates the handles of one origin by looking up the builder's names in <paramref name="network"/>.</summary>
    /// <param name="network">The built network.</param>
    /// <param name="origin">The origin.</param>
    /// <param name="mppStages">Generations of the MPP chain.</param>
    /// <param name="redCellStages">Age stages of circulating red cells.</param>
    /// <param name="plateletStages">Age stages of circulating platelets.</param>
    /// <param name="prefix">The origin's name prefix; null for the one of <paramref name="origin"/> (a second donor unit has its own).</param>
    public OriginCompartments(ReactionNetwork network, CellOrigin origin, int mppStages, int redCellStages, int plateletStages, string? prefix = null)
    {
        Origin = origin;
        prefix ??= ModelCatalogue.Prefix(origin);
        CompartmentHandle One(string stem) => new(network.CompartmentIndex(prefix + stem));
        CompartmentHandle[] Chain(string stem, int count)
        {
            var a = new CompartmentHandle[count];
            for (int i = 0; i < count; i++) a[i] = One(stem + (i + 1).ToString(CultureInfo.InvariantCulture));
            return a;
        }
        LongTermStemCells = One("H");
        ShortTermStemCells = [One("S1"), One("S2")];
        Mpp = Chain("MPP", mppStages);
        GranulocyteProgenitors = One("G");
        ErythroidProgenitors = One("E");
        MegakaryocyteProgenitors = One("K");
        LymphoidProgenitors = One("L");
        MitoticNeutrophilPrecursors = Chain("NM", ModelCatalogue.MitoticNeutrophilStages);
        PostMitoticNeutrophilPrecursors = Chain("NP", ModelCatalogue.PostMitoticNeutrophilStages);
        MarrowNeutrophilReserve = One("NR");
        BloodNeutrophils = One("NB");
        Monocytes = One("Mo");
        Erythroblasts = Chain("EB", ModelCatalogue.ErythroblastStages);
        Reticulocytes = One("Ret");
        RedCells = Chain("RBC", redCellStages);
        Megakaryocytes = Chain("MK", ModelCatalogue.MegakaryocyteStages);
        Platelets = Chain("PLT", plateletStages);
        BCellPrecursors = Chain("BP", 2);
        BCells = One("B");
        NkPrecursors = One("NKP");
        NkCells = One("NK");
        Thymocytes = Chain("T", 2);
        NaiveCd4 = One("N4");
        MemoryCd4 = One("M4");
        NaiveCd8 = One("N8");
        MemoryCd8 = One("M8");
        Treg = One("R");
        TCells = new CompartmentGroup($"{origin} T cells", new[] { NaiveCd4, MemoryCd4, Treg, NaiveCd8, MemoryCd8 });
        // Arrays, loops and a sort of plain indices: spreads, lists and a sort over CompartmentHandle (a value type of this
        // library) are framework generics that ReadyToRun cannot precompile, JIT-compiled in every run (cohort.md, session 15).
        CompartmentHandle[][] parts =
        {
            new[] { LongTermStemCells }, ShortTermStemCells, Mpp,
            new[] { GranulocyteProgenitors, ErythroidProgenitors, MegakaryocyteProgenitors, LymphoidProgenitors },
            MitoticNeutrophilPrecursors, PostMitoticNeutrophilPrecursors, new[] { MarrowNeutrophilReserve, BloodNeutrophils, Monocytes },
            Erythroblasts, new[] { Reticulocytes }, RedCells, Megakaryocytes, Platelets, BCellPrecursors,
            new[] { BCells, NkPrecursors, NkCells }, Thymocytes, new[] { NaiveCd4, MemoryCd4, NaiveCd8, MemoryCd8, Treg },
        };
        int count = 0;
        foreach (var part in parts) count += part.Length;
        var indices = new int[count];
        int k = 0;
        foreach (var part in parts)
            foreach (var handle in part) indices[k++] = handle.Index;
        Array.Sort(indices);
        var all = new CompartmentHandle[count];
        for (int i = 0; i < count; i++) all[i] = new(indices[i]);
        All = new CompartmentGroup($"{origin} cells", all);
    }

    /// <summary>The origin of these cells.</summary>
    public CellOrigin Origin { get; }

    /// <summary>Long-term stem cells (H).</summary>
    public CompartmentHandle LongTermStemCells { get; }

    /// <summary>Short-term stem cells, two generations (S1, S2).</summary>
    public CompartmentHandle[] ShortTermStemCells { get; }

    /// <summary>The multipotent-progenitor generation chain (MPP1…).</summary>
    public CompartmentHandle[] Mpp { get; }

    /// <summary>Granulocyte–monocyte progenitors (G).</summary>
    public CompartmentHandle GranulocyteProgenitors { get; }

    /// <summary>Erythroid progenitors (E).</summary>
    public CompartmentHandle ErythroidProgenitors { get; }

    /// <summary>Megakaryocyte progenitors (K).</summary>
    public CompartmentHandle MegakaryocyteProgenitors { get; }

    /// <summary>Lymphoid progenitors (L).</summary>
    public CompartmentHandle LymphoidProgenitors { get; }

    /// <summary>Mitotic neutrophil precursors, myeloblast to myelocyte (NM1…NM4).</summary>
    public CompartmentHandle[] MitoticNeutrophilPrecursors { get; }

    /// <summary>Post-mitotic neutrophil precursors, metamyelocyte to band (NP1…NP3).</summary>
    public CompartmentHandle[] PostMitoticNeutrophilPrecursors { get; }

    /// <summary>The marrow reserve of mature neutrophils (NR).</summary>
    public CompartmentHandle MarrowNeutrophilReserve { get; }

    /// <summary>Blood neutrophils, circulating and marginated (NB).</summary>
    public CompartmentHandle BloodNeutrophils { get; }

    /// <summary>Blood monocytes (Mo).</summary>
    public CompartmentHandle Monocytes { get; }

    /// <summary>Erythroblasts (EB1…EB4).</summary>
    public CompartmentHandle[] Erythroblasts { get; }

    /// <summary>Reticulocytes (Ret).</summary>
    public CompartmentHandle Reticulocytes { get; }

    /// <summary>Circulating red cells by age stage (RBC1…).</summary>
    public CompartmentHandle[] RedCells { get; }

    /// <summary>Megakaryocytes by maturation stage (MK1…MK3).</summary>
    public CompartmentHandle[] Megakaryocytes { get; }

    /// <summary>Platelets by age stage (PLT1…), including the splenic pool.</summary>
    public CompartmentHandle[] Platelets { get; }

    /// <summary>B-cell precursors (BP1, BP2).</summary>
    public CompartmentHandle[] BCellPrecursors { get; }

    /// <summary>Mature B cells (B).</summary>
    public CompartmentHandle BCells { get; }

    /// <summary>NK-cell precursors (NKP).</summary>
    public CompartmentHandle NkPrecursors { get; }

    /// <summary>NK cells (NK).</summary>
    public CompartmentHandle NkCells { get; }

    /// <summary>Thymocytes, two stages (T1, T2).</summary>
    public CompartmentHandle[] Thymocytes { get; }

    /// <summary>Naive CD4 T cells (N4).</summary>
    public CompartmentHandle NaiveCd4 { get; }

    /// <summary>Memory CD4 T cells (M4).</summary>
    public CompartmentHandle MemoryCd4 { get; }

    /// <summary>Naive CD8 T cells (N8).</summary>
    public CompartmentHandle NaiveCd8 { get; }

    /// <summary>Memory CD8 T cells (M8).</summary>
    public CompartmentHandle MemoryCd8 { get; }

    /// <summary>Regulatory T cells (R).</summary>
    public CompartmentHandle Treg { get; }

    /// <summary>Peripheral T cells of this origin: naive and memory CD4, Treg, naive and memory CD8 (in this order).</summary>
    public CompartmentGroup TCells { get; }

    /// <summary>Every compartment of this origin (each handle above), in network order.</summary>
    public CompartmentGroup All { get; }
}
