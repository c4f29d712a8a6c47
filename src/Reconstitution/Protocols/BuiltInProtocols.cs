namespace Reconstitution.Protocols;

/// <summary>
/// The built-in protocols, as <see cref="ProtocolDefinition"/>s registered by stable short names (regimens and
/// sources in docs/protocols.md). Write one to a file with <c>ProtocolFile.Write(BuiltInProtocols.Get(name).Definition)</c>
/// to get an editable copy. Thread-safe.
/// </summary>
/// <remarks>Use it to get a built-in by name or to resolve a CLI argument that may be a name or a file; write your own with <see cref="ProtocolDefinition"/> or <see cref="IProtocol"/>.</remarks>
public static class BuiltInProtocols
{
    private static readonly ProtocolDefinition[] All = Build();

    /// <summary>The names, in a fixed order: <c>none</c>, <c>auto-beam-atg-cd34</c>, <c>auto-cy-atg</c>, <c>auto-tbi-cy-atg-cd34</c>,
    /// <c>allo-pbsc-mac</c>, <c>allo-bm-mac</c>, <c>cord-single-mac</c>, <c>cord-double-mac</c>, <c>ric-flu-bu-atg</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(All, d => d.Name);

    /// <summary>The built-in protocol of a name.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The protocol.</returns>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the allowed names.</exception>
    public static DefinedProtocol Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var d in All)
            if (d.Name == name) return new DefinedProtocol(d);
        throw new ArgumentException($"Parameter 'name' was '{name}'; allowed: {string.Join(", ", Names)} (or a protocol file path where files are accepted).", nameof(name));
    }

    /// <summary>
    /// A built-in protocol by name, or a protocol file by path (anything ending in <c>.json</c> or naming an existing file):
    /// the one lookup the CLI and user code use, so built-in and user-made protocols take the same path.
    /// </summary>
    /// <param name="nameOrPath">A built-in name or a protocol file path.</param>
    /// <returns>The protocol.</returns>
    /// <exception cref="ArgumentException">Not a built-in name and not a file; the message lists the allowed names.</exception>
    /// <exception cref="ProtocolFileException">The file is malformed.</exception>
    public static DefinedProtocol Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath))
            return new DefinedProtocol(ProtocolFile.Read(nameOrPath));
        return Get(nameOrPath);
    }

    private static ConditioningDose D(ConditioningAgent a, double dose, int day) => new(a, dose, day);

    private static ConditioningDose[] Daily(ConditioningAgent a, double dose, int from, int to)
    {
        var r = new ConditioningDose[to - from + 1];
        for (int d = from; d <= to; d++) r[d - from] = new ConditioningDose(a, dose, d);
        return r;
    }

    private static ProtocolDefinition[] Build()
    {
        const ConditioningAgent Cy = ConditioningAgent.Cyclophosphamide, Bu = ConditioningAgent.Busulfan, Tbi = ConditioningAgent.TotalBodyIrradiation,
            Flu = ConditioningAgent.Fludarabine, Ratg = ConditioningAgent.RabbitAtg, Hatg = ConditioningAgent.HorseAtg, Beam = ConditioningAgent.Beam;
        var noGcsf = new SupportiveCareDefinition();
        var gcsf = new SupportiveCareDefinition { GcsfStartDay = 5 };
        var cniMtx = new GvhdProphylaxisDefinition(true, true);
        var cniOnly = new GvhdProphylaxisDefinition(true, false);
        var buCy = Daily(Bu, 3.2, -7, -4).Concat(Daily(Cy, 60, -3, -2)).ToArray();
        return
        [
            new ProtocolDefinition("none") { Description = "No treatment: the healthy or untreated-disease baseline." },
            new ProtocolDefinition("auto-beam-atg-cd34")
            {
                Description = "HALT-MS-like: BEAM (days -6..-1) and rabbit ATG 2.5 mg/kg days -2 and -1; CD34-selected autologous blood stem cells (Nash 2017).",
                Conditioning = [D(Beam, 1, -6), D(Ratg, 2.5, -2), D(Ratg, 2.5, -1)],
                Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 5e6) { Viability = 0.95, Cd34SelectionLogDepletion = 4 },
                SupportiveCare = noGcsf,
            },
            new ProtocolDefinition("auto-cy-atg")
            {
                Description = "MIST-like: cyclophosphamide 50 mg/kg days -5..-2, rabbit ATG 6 mg/kg (days -5..-1), rituximab 500 mg (270 mg/m2) day +1; unmanipulated autologous blood stem cells mobilised with cyclophosphamide 2 g/m² and G-CSF; G-CSF from day +5 (Burt 2019).",
                Conditioning = [.. Daily(Cy, 50, -5, -2), D(Ratg, 0.5, -5), D(Ratg, 1, -4), D(Ratg, 1.5, -3), D(Ratg, 1.5, -2), D(Ratg, 1.5, -1), D(ConditioningAgent.Rituximab, 270, 1)],
                // Mobilised with cyclophosphamide 2 g/m² (≈ 50 mg/kg) and G-CSF (Burt 2019).
                Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 5e6) { Viability = 0.95, MobilisationCyclophosphamideMgPerKg = 50 },
                SupportiveCare = gcsf,
            },
            new ProtocolDefinition("auto-tbi-cy-atg-cd34")
            {
                Description = "SCOT-like: TBI 8 Gy (2 Gy twice daily, days -5, -4), cyclophosphamide 60 mg/kg days -3, -2, horse ATG 15 mg/kg days -5..-1 and 0; CD34-selected autologous blood stem cells; G-CSF from day +5 (Sullivan 2018).",
                Conditioning = [D(Tbi, 4, -5), D(Tbi, 4, -4), .. Daily(Cy, 60, -3, -2), .. Daily(Hatg, 15, -5, 0)],
                Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 5e6) { Viability = 0.95, Cd34SelectionLogDepletion = 4 },
                SupportiveCare = gcsf,
            },
            new ProtocolDefinition("allo-pbsc-mac")
            {
                Description = "Myeloablative busulfan 12.8 mg/kg IV (days -7..-4) and cyclophosphamide 120 mg/kg (days -3, -2); HLA-identical sibling blood stem cells; ciclosporin and short methotrexate (Champlin 2000).",
                Conditioning = buCy,
                Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.MatchedSibling, 6e6),
                GvhdProphylaxis = cniMtx,
            },
            new ProtocolDefinition("allo-bm-mac")
            {
                Description = "Myeloablative busulfan/cyclophosphamide as allo-pbsc-mac; HLA-identical sibling bone marrow (2.5e6 CD34+/kg); ciclosporin and short methotrexate (Champlin 2000).",
                Conditioning = buCy,
                Graft = new GraftDefinition(GraftSource.BoneMarrow, DonorType.MatchedSibling, 2.5e6),
                GvhdProphylaxis = cniMtx,
            },
            new ProtocolDefinition("cord-single-mac")
            {
                Description = "Myeloablative cyclophosphamide 120 mg/kg (days -7, -6) and TBI 12 Gy (days -4..-1); one cord blood unit (median 2e5 CD34+/kg varying between units, 3e7 TNC/kg, 4-6/6 HLA match); ciclosporin without methotrexate (Ruggeri 2014).",
                Conditioning = [.. Daily(Cy, 60, -7, -6), .. Daily(Tbi, 3, -4, -1)],
                // Cord units' CD34+ content per kg varies about ten-fold between patients (log-normal CV 0.6; Brunstein 2010); the low tail fails.
                Graft = new GraftDefinition(GraftSource.SingleCord, DonorType.Mismatched, 2e5) { TotalNucleatedCellsPerKg = 3e7, Viability = 0.9, Cd34DoseCv = 0.6 },
                GvhdProphylaxis = cniOnly,
            },
            new ProtocolDefinition("cord-double-mac")
            {
                Description = "Fludarabine 75 mg/m² (days -8..-6), cyclophosphamide 120 mg/kg (days -7, -6), TBI 13.2 Gy (days -4..-1); two cord units chosen because neither alone was adequate (summed median 3e5 CD34+/kg, 3.5e7 TNC/kg); ciclosporin (Barker 2005).",
                Conditioning = [.. Daily(Flu, 25, -8, -6), .. Daily(Cy, 60, -7, -6), .. Daily(Tbi, 3.3, -4, -1)],
                // The sum of two units varies less than one unit (CV 0.6/√2 ≈ 0.45).
                Graft = new GraftDefinition(GraftSource.DoubleCord, DonorType.Mismatched, 3e5) { TotalNucleatedCellsPerKg = 3.5e7, Viability = 0.9, Cd34DoseCv = 0.45 },
                GvhdProphylaxis = cniOnly,
            },
            new ProtocolDefinition("ric-flu-bu-atg")
            {
                Description = "Reduced intensity: fludarabine 30 mg/m² days -10..-5, busulfan 8 mg/kg oral (6.4 mg/kg IV equivalent, days -6, -5), rabbit ATG 2.5 mg/kg days -4..-1; sibling blood stem cells; ciclosporin (Slavin 1998).",
                Conditioning = [.. Daily(Flu, 30, -10, -5), .. Daily(Bu, 3.2, -6, -5), .. Daily(Ratg, 2.5, -4, -1)],
                Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.MatchedSibling, 6e6),
                GvhdProphylaxis = cniOnly,
            },
        ];
    }
}
