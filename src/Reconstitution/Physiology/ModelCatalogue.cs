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

    /// <summary>Network name of the short-lived autoreactive plasma cells (plasmablasts; docs/model.md §19).</summary>
    internal const string ShortLivedPlasmaCellName = "SPC";

    /// <summary>Network name of the pathogenic antibody.</summary>
    internal const string AntibodyName = "Ab";

    /// <summary>Resolves every handle of a network built for <paramref name="shape"/>.</summary>
    /// <param name="network">The built network.</param>
    /// <param name="shape">The shape it was built for (stage counts, donor origins).</param>
    public ModelCatalogue(ReactionNetwork network, PhysiologyShape shape)
    {
        Host = new OriginCompartments(network, CellOrigin.Host, shape.MppStages, shape.RedCellStages, shape.PlateletStages);
        var prefixes = Prefixes(shape.DonorOrigins);
        var donors = new OriginCompartments[shape.DonorOrigins];
        for (int u = 0; u < donors.Length; u++)
            donors[u] = new OriginCompartments(network, CellOrigin.Donor, shape.MppStages, shape.RedCellStages, shape.PlateletStages, prefixes[u + 1]);
        Donors = donors;
        Donor = donors[0];
        Thymus = new(network.CompartmentIndex(ThymusName));
        Niche = new(network.CompartmentIndex(NicheName));
        Autoreactive = new(network.CompartmentIndex(AutoreactiveName));
        PlasmaCells = new(network.CompartmentIndex(PlasmaCellName));
        ShortLivedPlasmaCells = new(network.CompartmentIndex(ShortLivedPlasmaCellName));
        Antibody = new(network.CompartmentIndex(AntibodyName));
        GcsfExogenous = network.ParameterIndex(ModelSignals.GcsfExogenousParameter);
        Immunosuppression = network.ParameterIndex(ModelSignals.ImmunosuppressionParameter);
        GraftVersusAutoimmunityRate = network.ParameterIndex(ModelSignals.GvaRateParameter);
        var unitParameters = new int[donors.Length, ModelSignals.UnitFields.Length];
        for (int u = 0; u < donors.Length; u++)
            for (int f = 0; f < ModelSignals.UnitFields.Length; f++)
                unitParameters[u, f] = network.ParameterIndex(ModelSignals.UnitParameter(u, ModelSignals.UnitFields[f]));
        _unitParameters = unitParameters;
        var groupsWithExtraDeath = ModelSignals.ExtraDeathGroups;
        var fields = ModelSignals.ExtraDeathFields;
        var extraDeath = new int[groupsWithExtraDeath.Length * ModelSignals.ExtraDeathSlots, fields.Length];
        for (int g = 0; g < groupsWithExtraDeath.Length; g++)
            for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
                for (int f = 0; f < fields.Length; f++)
                    extraDeath[g * ModelSignals.ExtraDeathSlots + k, f] = network.ParameterIndex(ModelSignals.ExtraDeathParameter(groupsWithExtraDeath[g], k, fields[f]));
        _extraDeathParameters = extraDeath;
        // The groups are put together with arrays and loops of this library's own code, which ReadyToRun precompiles: LINQ,
        // lists and spreads over CompartmentHandle (a value type of this library) are framework generics outside its version
        // bubble, JIT-compiled at the start of every run (benchmarks/results/cohort.md, session 15).
        var origins = new OriginCompartments[donors.Length + 1];
        origins[0] = Host;
        for (int u = 0; u < donors.Length; u++) origins[u + 1] = donors[u];
        AllTCells = new CompartmentGroup("T cells", Gather(origins, static o => o.TCells.Members));
        var groups = new CompartmentGroup[(int)KillGroup.PlasmaCells + 1]; // every kill group (numbered 0, 1, …; not Enum.GetValues, a JIT-compiled instantiation)
        void Group(KillGroup g, OriginMembers select) => groups[(int)g] = new CompartmentGroup(g.ToString(), Gather(origins, select));
        Group(KillGroup.Hsc, static o => new[] { o.LongTermStemCells });
        Group(KillGroup.ShortTermStemCells, static o => o.ShortTermStemCells);
        Group(KillGroup.Mpp, static o => o.Mpp);
        Group(KillGroup.Progenitors, static o => new[] { o.GranulocyteProgenitors, o.ErythroidProgenitors, o.MegakaryocyteProgenitors, o.LymphoidProgenitors });
        Group(KillGroup.Mitotic, static o => Join(Join(o.MitoticNeutrophilPrecursors, o.Erythroblasts), Join(o.BCellPrecursors, o.Megakaryocytes)));
        Group(KillGroup.PostMitotic, static o => Join(o.PostMitoticNeutrophilPrecursors, new[] { o.MarrowNeutrophilReserve, o.Reticulocytes, o.NkPrecursors }));
        Group(KillGroup.Thymocytes, static o => o.Thymocytes);
        Group(KillGroup.TCells, static o => new[] { o.NaiveCd4, o.MemoryCd4, o.NaiveCd8, o.MemoryCd8 });
        Group(KillGroup.Treg, static o => new[] { o.Treg });
        Group(KillGroup.BCells, static o => new[] { o.BCells });
        Group(KillGroup.NkCells, static o => new[] { o.NkCells });
        // Plasma cells (§19): dividing plasmablasts die with the other cycling cells; non-dividing long-lived plasma cells are their own group.
        groups[(int)KillGroup.Mitotic] = new CompartmentGroup(nameof(KillGroup.Mitotic), Join(groups[(int)KillGroup.Mitotic].Members, new[] { ShortLivedPlasmaCells }));
        groups[(int)KillGroup.PlasmaCells] = new CompartmentGroup(nameof(KillGroup.PlasmaCells), new[] { PlasmaCells });
        groups[(int)KillGroup.Autoreactive] = new CompartmentGroup(nameof(KillGroup.Autoreactive), new[] { Autoreactive });
        groups[(int)KillGroup.Thymus] = new CompartmentGroup(nameof(KillGroup.Thymus), new[] { Thymus });
        groups[(int)KillGroup.Niche] = new CompartmentGroup(nameof(KillGroup.Niche), new[] { Niche });
        KillGroups = groups;
        ToleranceGroups = CellTypeGroups(network, origins, prefixes);
    }

    /// <summary>Some compartments of one origin (a kill group's or the T cells').</summary>
    private delegate ReadOnlySpan<CompartmentHandle> OriginMembers(OriginCompartments origin);

    /// <summary>The compartments <paramref name="select"/> picks of each origin, in the origins' order.</summary>
    private static CompartmentHandle[] Gather(OriginCompartments[] origins, OriginMembers select)
    {
        int count = 0;
        foreach (var origin in origins) count += select(origin).Length;
        var all = new CompartmentHandle[count];
        int k = 0;
        foreach (var origin in origins)
        {
            var members = select(origin);
            for (int i = 0; i < members.Length; i++) all[k++] = members[i];
        }
        return all;
    }

    /// <summary><paramref name="first"/> followed by <paramref name="second"/>.</summary>
    private static CompartmentHandle[] Join(ReadOnlySpan<CompartmentHandle> first, ReadOnlySpan<CompartmentHandle> second)
    {
        var all = new CompartmentHandle[first.Length + second.Length];
        for (int i = 0; i < first.Length; i++) all[i] = first[i];
        for (int i = 0; i < second.Length; i++) all[first.Length + i] = second[i];
        return all;
    }

    /// <summary>
    /// Each compartment's tolerance group for the solver (<c>CompartmentSystem.DeclareToleranceGroups</c>): one group per
    /// cell type, holding that compartment of every origin (host, each donor unit), which readouts add up; −1 for the
    /// shared tissues and the autoimmunity compartments.
    /// </summary>
    public int[] ToleranceGroups { get; }

    /// <summary>Groups the origins' compartments by position (each origin's <see cref="OriginCompartments.All"/> lists its cell types in the builder's order) and checks that the names agree past the prefix.</summary>
    private static int[] CellTypeGroups(ReactionNetwork network, OriginCompartments[] origins, string[] prefixes)
    {
        var groupOf = new int[network.Compartments.Count];
        Array.Fill(groupOf, -1);
        var host = origins[0].All.Members;
        for (int o = 0; o < origins.Length; o++)
        {
            var members = origins[o].All.Members;
            for (int k = 0; k < members.Length; k++)
            {
                string name = network.Compartments[members[k]].Name, hostName = network.Compartments[host[k]].Name;
                if (members.Length != host.Length || name[prefixes[o].Length..] != hostName[prefixes[0].Length..])
                    throw new InvalidOperationException($"Compartment '{name}' does not match host compartment '{hostName}': the origins' compartments are not built in the same order.");
                groupOf[members[k]] = k;
            }
        }
        return groupOf;
    }

    /// <summary>Host cells (the patient's own haematopoiesis and immune system).</summary>
    public OriginCompartments Host { get; }

    /// <summary>Donor cells of the first (or only) donor origin (an allogeneic graft's progeny).</summary>
    public OriginCompartments Donor { get; }

    /// <summary>Every donor origin: one, or one per allogeneic unit when the model traces units (docs/model.md §17).</summary>
    public IReadOnlyList<OriginCompartments> Donors { get; }

    private readonly int[,] _unitParameters;

    /// <summary>Parameter index of a per-unit alloimmune field (<see cref="ModelSignals.UnitFields"/>).</summary>
    /// <param name="unit">The donor origin, 0-based.</param>
    /// <param name="field">The field index, e.g. <see cref="ModelSignals.UnitResistance"/>.</param>
    /// <returns>The parameter index.</returns>
    public int UnitParameter(int unit, int field) => _unitParameters[unit, field];

    private readonly int[,] _extraDeathParameters;

    /// <summary>Parameter index of a field of one extra-death course (<see cref="ModelSignals.ExtraDeathFields"/>).</summary>
    /// <param name="groupSlot">The group's position in <see cref="ModelSignals.ExtraDeathGroups"/> × <see cref="ModelSignals.ExtraDeathSlots"/> + the slot.</param>
    /// <param name="field">The field's position in <see cref="ModelSignals.ExtraDeathFields"/>.</param>
    /// <returns>The parameter index.</returns>
    public int ExtraDeathParameter(int groupSlot, int field) => _extraDeathParameters[groupSlot, field];

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

    /// <summary>Peripheral T cells of every origin: host then each donor origin, each as <see cref="OriginCompartments.TCells"/>.</summary>
    public CompartmentGroup AllTCells { get; }

    /// <summary>Compartments of each <see cref="KillGroup"/> (both origins), indexed by the group's value.</summary>
    public IReadOnlyList<CompartmentGroup> KillGroups { get; }

    /// <summary>Parameter index of the exogenous G-CSF intensity.</summary>
    public int GcsfExogenous { get; }

    /// <summary>Parameter index of the immunosuppression factor on the cellular alloimmune kills (1 without).</summary>
    public int Immunosuppression { get; }

    /// <summary>Parameter index of the maximal graft-versus-autoimmunity death rate of the autoreactive clone (d⁻¹).</summary>
    public int GraftVersusAutoimmunityRate { get; }

    /// <summary>The network name prefix of an origin's compartments.</summary>
    /// <param name="origin">Host or donor.</param>
    /// <returns>The prefix.</returns>
    internal static string Prefix(CellOrigin origin) => origin == CellOrigin.Host ? HostPrefix : DonorPrefix;

    /// <summary>The name prefixes of the origins of a network: host, then each donor origin (<c>d</c>, <c>d2</c>, <c>d3</c> …).</summary>
    /// <param name="donorOrigins">Donor origins, ≥ 1.</param>
    /// <returns>The prefixes, host first.</returns>
    /// <remarks>A loop, not <c>Enumerable.Range(…).Select</c>: LINQ from <c>int</c> is a generic instantiation JIT-compiled in every process.</remarks>
    internal static string[] Prefixes(int donorOrigins)
    {
        var prefixes = new string[donorOrigins + 1];
        prefixes[0] = HostPrefix;
        for (int u = 0; u < donorOrigins; u++)
            prefixes[u + 1] = u == 0 ? DonorPrefix : DonorPrefix + (u + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return prefixes;
    }
}
