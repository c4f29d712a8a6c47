using Reconstitution.Compartments;

namespace Reconstitution.Physiology;

/// <summary>Compartment indices of one origin (host or donor) in a physiology network.</summary>
internal sealed class OriginIndex
{
    public int H, S1, S2, G, E, K, L, NR, NB, Mo, Ret, BP1, BP2, B, NKP, NK, T1, T2, N4, M4, N8, M8, R;
    public int[] Mpp = [], NM = [], NP = [], EB = [], Rbc = [], MK = [], Plt = [];

    public OriginIndex(ReactionNetwork network, string o, int mppStages, int rbcStages, int pltStages)
    {
        int I(string name) => network.CompartmentIndex(o + name);
        int[] Chain(string stem, int count)
        {
            var a = new int[count];
            for (int i = 0; i < count; i++) a[i] = I(stem + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return a;
        }
        H = I("H"); S1 = I("S1"); S2 = I("S2"); G = I("G"); E = I("E"); K = I("K"); L = I("L");
        NR = I("NR"); NB = I("NB"); Mo = I("Mo"); Ret = I("Ret"); BP1 = I("BP1"); BP2 = I("BP2"); B = I("B");
        NKP = I("NKP"); NK = I("NK"); T1 = I("T1"); T2 = I("T2");
        N4 = I("N4"); M4 = I("M4"); N8 = I("N8"); M8 = I("M8"); R = I("R");
        Mpp = Chain("MPP", mppStages); NM = Chain("NM", 4); NP = Chain("NP", 3); EB = Chain("EB", 4);
        Rbc = Chain("RBC", rbcStages); MK = Chain("MK", 3); Plt = Chain("PLT", pltStages);
    }
}

/// <summary>The index map of a physiology network: per-origin compartments, shared ones and kill groups.</summary>
internal sealed class ModelIndex
{
    public readonly OriginIndex Host, Donor;
    public readonly int Thy, Niche, A, PC, Ab;
    public readonly int GcsfExogenous;
    /// <summary>Compartments of each <see cref="KillGroup"/>, both origins.</summary>
    public readonly int[][] KillGroups;

    public ModelIndex(ReactionNetwork network, PhysiologyDesign design)
    {
        var p = design.P;
        Host = new OriginIndex(network, "h", p.StemCells.MppStages, p.Erythropoiesis.RedCellStages, p.Thrombopoiesis.PlateletStages);
        Donor = new OriginIndex(network, "d", p.StemCells.MppStages, p.Erythropoiesis.RedCellStages, p.Thrombopoiesis.PlateletStages);
        Thy = network.CompartmentIndex("Thy");
        Niche = network.CompartmentIndex("Niche");
        A = network.CompartmentIndex("A");
        PC = network.CompartmentIndex("PC");
        Ab = network.CompartmentIndex("Ab");
        GcsfExogenous = network.ParameterIndex(PhysiologyNetworkBuilder.GcsfExogenousParameter);
        var groups = new int[Enum.GetValues<KillGroup>().Length][];
        groups[(int)KillGroup.Hsc] = Both(o => [o.H]);
        groups[(int)KillGroup.ShortTermStemCells] = Both(o => [o.S1, o.S2]);
        groups[(int)KillGroup.Mpp] = Both(o => o.Mpp);
        groups[(int)KillGroup.Progenitors] = Both(o => [o.G, o.E, o.K, o.L]);
        groups[(int)KillGroup.Mitotic] = Both(o => [.. o.NM, .. o.EB, o.BP1, o.BP2, .. o.MK]);
        groups[(int)KillGroup.PostMitotic] = Both(o => [.. o.NP, o.NR, o.Ret, o.NKP]);
        groups[(int)KillGroup.Thymocytes] = Both(o => [o.T1, o.T2]);
        groups[(int)KillGroup.TCells] = Both(o => [o.N4, o.M4, o.N8, o.M8]);
        groups[(int)KillGroup.Treg] = Both(o => [o.R]);
        groups[(int)KillGroup.BCells] = Both(o => [o.B]);
        groups[(int)KillGroup.NkCells] = Both(o => [o.NK]);
        groups[(int)KillGroup.Autoreactive] = [A];
        groups[(int)KillGroup.Thymus] = [Thy];
        groups[(int)KillGroup.Niche] = [Niche];
        KillGroups = groups;
    }

    public OriginIndex Of(CellOrigin origin) => origin == CellOrigin.Host ? Host : Donor;

    private int[] Both(Func<OriginIndex, int[]> select) => [.. select(Host), .. select(Donor)];
}
