using Reconstitution.Compartments;

namespace Reconstitution.Physiology;

/// <summary>
/// The one place that names the compartments, groups and run-time parameters of a physiology network built by
/// <see cref="PhysiologyNetworkBuilder"/> (docs/model.md §3): per-origin compartments (<see cref="Host"/>,
/// <see cref="Donor"/>), the shared host tissues and autoimmunity compartments, the groups the model acts on together
/// (all donor cells, all T cells, the <see cref="KillGroup"/>s) and the structural stage counts. Readouts, kills, graft
/// infusion, alloimmunity and chimerism use these handles; no other code spells a compartment name or relies on a naming
/// convention. Signal names are in <see cref="ModelSignals"/>.
/// </summary>
internal sealed class ModelCatalogue
{
    /// <summary>Mitotic neutrophil precursor stages (myeloblast → myelocyte; docs/model.md §4.4).</summary>
    public const int MitoticNeutrophilStages = 4;

    /// <summary>Post-mitotic neutrophil precursor stages (metamyelocyte → band; docs/model.md §4.4).</summary>
    public const int PostMitoticNeutrophilStages = 3;

    /// <summary>Erythroblast division stages (docs/model.md §4.5).</summary>
    public const int ErythroblastStages = 4;

    /// <summary>Megakaryocyte maturation stages (docs/model.md §4.6).</summary>
    public const int MegakaryocyteStages = 3;

    /// <summary>Name prefix of host compartments in the network.</summary>
    internal const string HostPrefix = "h";

    /// <summary>Name prefix of donor compartments in the network.</summary>
    internal const string DonorPrefix = "d";

    /// <summary>Network name of the thymic epithelial space (tissue, host only).</summary>
    internal const string ThymusName = "Thy";

    /// <summary>Network name of the marrow stem-cell niche (tissue, host only).</summary>
    internal const string NicheName = "Niche";

    /// <summary>Network name of the autoreactive clone (host).</summary>
    internal const string AutoreactiveName = "A";

    /// <summary>Network name of the autoreactive plasma cells (antibody-mediated diseases).</summary>
    internal const string PlasmaCellName = "PC";

    /// <summary>Network name of the short-lived autoreactive plasma cells (plasmablasts; docs/model.md §18).</summary>
    internal const string ShortLivedPlasmaCellName = "SPC";

    /// <summary>Network name of the pathogenic antibody.</summary>
    internal const string AntibodyName = "Ab";

    /// <summary>Resolves every handle of a network built from <paramref name="design"/>.</summary>
    /// <param name="network">The built network.</param>
    /// <param name="design">The design it was built from (stage counts).</param>
    public ModelCatalogue(ReactionNetwork network, PhysiologyDesign design)
    {
        var p = design.P;
        Host = new OriginCompartments(network, CellOrigin.Host, p.StemCells.MppStages, p.Erythropoiesis.RedCellStages, p.Thrombopoiesis.PlateletStages);
        Donor = new OriginCompartments(network, CellOrigin.Donor, p.StemCells.MppStages, p.Erythropoiesis.RedCellStages, p.Thrombopoiesis.PlateletStages);
        Thymus = new(network.CompartmentIndex(ThymusName));
        Niche = new(network.CompartmentIndex(NicheName));
        Autoreactive = new(network.CompartmentIndex(AutoreactiveName));
        PlasmaCells = new(network.CompartmentIndex(PlasmaCellName));
        ShortLivedPlasmaCells = new(network.CompartmentIndex(ShortLivedPlasmaCellName));
        Antibody = new(network.CompartmentIndex(AntibodyName));
        GcsfExogenous = network.ParameterIndex(ModelSignals.GcsfExogenousParameter);
        GraftVersusHostRate = network.ParameterIndex(ModelSignals.GvhRateParameter);
        GraftVersusHostHalf = network.ParameterIndex(ModelSignals.GvhHalfParameter);
        GraftVersusAutoimmunityRate = network.ParameterIndex(ModelSignals.GvaRateParameter);
        AllTCells = new CompartmentGroup("T cells", [.. Host.TCells.Members, .. Donor.TCells.Members]);
        var groups = new CompartmentGroup[Enum.GetValues<KillGroup>().Length];
        void Group(KillGroup g, Func<OriginCompartments, CompartmentHandle[]> select) =>
            groups[(int)g] = new CompartmentGroup(g.ToString(), [.. select(Host), .. select(Donor)]);
        Group(KillGroup.Hsc, o => [o.LongTermStemCells]);
        Group(KillGroup.ShortTermStemCells, o => o.ShortTermStemCells);
        Group(KillGroup.Mpp, o => o.Mpp);
        Group(KillGroup.Progenitors, o => [o.GranulocyteProgenitors, o.ErythroidProgenitors, o.MegakaryocyteProgenitors, o.LymphoidProgenitors]);
        Group(KillGroup.Mitotic, o => [.. o.MitoticNeutrophilPrecursors, .. o.Erythroblasts, .. o.BCellPrecursors, .. o.Megakaryocytes]);
        Group(KillGroup.PostMitotic, o => [.. o.PostMitoticNeutrophilPrecursors, o.MarrowNeutrophilReserve, o.Reticulocytes, o.NkPrecursors]);
        Group(KillGroup.Thymocytes, o => o.Thymocytes);
        Group(KillGroup.TCells, o => [o.NaiveCd4, o.MemoryCd4, o.NaiveCd8, o.MemoryCd8]);
        Group(KillGroup.Treg, o => [o.Treg]);
        Group(KillGroup.BCells, o => [o.BCells]);
        Group(KillGroup.NkCells, o => [o.NkCells]);
        // Plasma cells (§18): dividing plasmablasts die with the other cycling cells; non-dividing long-lived plasma cells with the post-mitotic ones.
        groups[(int)KillGroup.Mitotic] = new CompartmentGroup(nameof(KillGroup.Mitotic), [.. groups[(int)KillGroup.Mitotic].Members, ShortLivedPlasmaCells]);
        groups[(int)KillGroup.PostMitotic] = new CompartmentGroup(nameof(KillGroup.PostMitotic), [.. groups[(int)KillGroup.PostMitotic].Members, PlasmaCells]);
        groups[(int)KillGroup.Autoreactive] = new CompartmentGroup(nameof(KillGroup.Autoreactive), [Autoreactive]);
        groups[(int)KillGroup.Thymus] = new CompartmentGroup(nameof(KillGroup.Thymus), [Thymus]);
        groups[(int)KillGroup.Niche] = new CompartmentGroup(nameof(KillGroup.Niche), [Niche]);
        KillGroups = groups;
    }

    /// <summary>Host cells (the patient's own haematopoiesis and immune system).</summary>
    public OriginCompartments Host { get; }

    /// <summary>Donor cells (an allogeneic graft's progeny).</summary>
    public OriginCompartments Donor { get; }

    /// <summary>The thymic epithelial space (tissue, 10⁶ when intact).</summary>
    public CompartmentHandle Thymus { get; }

    /// <summary>The marrow stem-cell niche (tissue, 10⁶ when intact).</summary>
    public CompartmentHandle Niche { get; }

    /// <summary>The autoreactive clone (host).</summary>
    public CompartmentHandle Autoreactive { get; }

    /// <summary>Long-lived autoreactive plasma cells (antibody-mediated diseases).</summary>
    public CompartmentHandle PlasmaCells { get; }

    /// <summary>Short-lived autoreactive plasma cells (plasmablasts; antibody-mediated diseases).</summary>
    public CompartmentHandle ShortLivedPlasmaCells { get; }

    /// <summary>The pathogenic antibody.</summary>
    public CompartmentHandle Antibody { get; }

    /// <summary>Peripheral T cells of both origins: host then donor, each as <see cref="OriginCompartments.TCells"/>.</summary>
    public CompartmentGroup AllTCells { get; }

    /// <summary>Compartments of each <see cref="KillGroup"/> (both origins), indexed by the group's value.</summary>
    public IReadOnlyList<CompartmentGroup> KillGroups { get; }

    /// <summary>Parameter index of the exogenous G-CSF intensity.</summary>
    public int GcsfExogenous { get; }

    /// <summary>Parameter index of the maximal graft-versus-host death rate of host T cells (d⁻¹).</summary>
    public int GraftVersusHostRate { get; }

    /// <summary>Parameter index of the donor T cells (whole-body count) at half the graft-versus-host rate.</summary>
    public int GraftVersusHostHalf { get; }

    /// <summary>Parameter index of the maximal graft-versus-autoimmunity death rate of the autoreactive clone (d⁻¹).</summary>
    public int GraftVersusAutoimmunityRate { get; }

    /// <summary>The compartments of one origin.</summary>
    /// <param name="origin">Host or donor.</param>
    /// <returns>Its compartments.</returns>
    public OriginCompartments Of(CellOrigin origin) => origin == CellOrigin.Host ? Host : Donor;

    /// <summary>The network name prefix of an origin's compartments.</summary>
    /// <param name="origin">Host or donor.</param>
    /// <returns>The prefix.</returns>
    internal static string Prefix(CellOrigin origin) => origin == CellOrigin.Host ? HostPrefix : DonorPrefix;
}
