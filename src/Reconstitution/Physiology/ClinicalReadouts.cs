namespace Reconstitution.Physiology;

/// <summary>
/// One patient's blood counts and immune readouts at one time, in clinical units
/// (docs/model.md §9). Immutable value.
/// </summary>
/// <remarks>
/// Computed from whole-body counts: ANC = ΣNB·circulating fraction / blood volume; Hb = red cells ·
/// MCH / blood volume; platelets exclude the splenic pool; lymphocyte subsets = body count · blood
/// fraction / blood volume. Chimerism is the donor share of blood neutrophils (0 when there are none).
/// </remarks>
public readonly record struct ClinicalReadouts
{
    /// <summary>Absolute neutrophil count, 10⁹/L.</summary>
    public double AncE9PerLiter { get; init; }

    /// <summary>White blood cells (neutrophils, monocytes, lymphocytes, eosinophils and basophils), 10⁹/L.</summary>
    public double WbcE9PerLiter { get; init; }

    /// <summary>Haemoglobin, g/dL.</summary>
    public double HemoglobinGPerDl { get; init; }

    /// <summary>Circulating platelets, 10⁹/L.</summary>
    public double PlateletsE9PerLiter { get; init; }

    /// <summary>Lymphocytes (CD4 + CD8 + B + NK, plus other T cells), 10⁹/L.</summary>
    public double LymphocytesE9PerLiter { get; init; }

    /// <summary>CD4 T cells including Treg, cells/µL.</summary>
    public double Cd4PerMicroliter { get; init; }

    /// <summary>CD8 T cells, cells/µL.</summary>
    public double Cd8PerMicroliter { get; init; }

    /// <summary>B cells, cells/µL.</summary>
    public double BCellsPerMicroliter { get; init; }

    /// <summary>NK cells, cells/µL.</summary>
    public double NkCellsPerMicroliter { get; init; }

    /// <summary>Donor share of blood neutrophils, %.</summary>
    public double DonorChimerismPercent { get; init; }

    /// <summary>Autoreactive effector cells, whole body.</summary>
    public double AutoreactiveCells { get; init; }

    /// <summary>Disease activity index D/(D + D_ref/3): 0 healthy, 0.75 typical untreated disease, towards 1 severe.</summary>
    public double DiseaseActivity { get; init; }

    /// <summary>Autoantibody relative to the patient's pre-treatment steady state (1 before treatment; 0 for diseases without an
    /// antibody component, and without disease; docs/model.md §19).</summary>
    public double Autoantibody { get; init; }

    /// <summary>Blood monocytes, 10⁹/L.</summary>
    public double MonocytesE9PerLiter { get; init; }

    /// <summary>Regulatory T cells as % of CD4 T cells.</summary>
    public double TregPercentOfCd4 { get; init; }

    /// <summary>Naive CD4 T cells, cells/µL.</summary>
    public double NaiveCd4PerMicroliter { get; init; }

    /// <summary>Donor share of T cells, %.</summary>
    public double DonorTCellChimerismPercent { get; init; }

    /// <summary>Long-term stem cells, whole body (host + donor).</summary>
    public double StemCells { get; init; }

    /// <summary>The value of one <see cref="Measure"/>, in its unit.</summary>
    /// <param name="measure">The measure.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined measure.</exception>
    public double Get(Measure measure) => measure switch
    {
        Measure.Anc => AncE9PerLiter,
        Measure.Wbc => WbcE9PerLiter,
        Measure.Hb => HemoglobinGPerDl,
        Measure.Platelets => PlateletsE9PerLiter,
        Measure.Lymphocytes => LymphocytesE9PerLiter,
        Measure.Cd4 => Cd4PerMicroliter,
        Measure.Cd8 => Cd8PerMicroliter,
        Measure.B => BCellsPerMicroliter,
        Measure.Nk => NkCellsPerMicroliter,
        Measure.DonorChimerism => DonorChimerismPercent,
        Measure.Autoreactive => AutoreactiveCells,
        Measure.DiseaseActivity => DiseaseActivity,
        Measure.Autoantibody => Autoantibody,
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, $"Parameter 'measure' was {measure}; allowed: a defined Measure."),
    };

    /// <summary>Computes the readouts from whole-body counts of a network built by <see cref="PhysiologyModel"/>.</summary>
    internal static ClinicalReadouts From(ReadOnlySpan<double> x, PhysiologyModel model)
    {
        var d = model.Design;
        var idx = model.Catalogue;
        var p = d.P;
        OriginCompartments h = idx.Host;
        double bv = d.BloodVolumeLiters, ul = bv * 1e6;
        // Host, then every donor origin (one, or one per traced allogeneic unit).
        double donorNb = 0, monoCells = x[h.Monocytes], rbc = Sum(x, h.RedCells), pltCells = Sum(x, h.Platelets);
        double n4 = x[h.NaiveCd4], m4 = x[h.MemoryCd4], r = x[h.Treg], t8 = x[h.NaiveCd8] + x[h.MemoryCd8];
        double bCells = x[h.BCells], nkCells = x[h.NkCells], hsc = x[h.LongTermStemCells], tDonor = 0;
        // An index loop: foreach over the IReadOnlyList would allocate an enumerator at every observation.
        var donors = idx.Donors;
        for (int u = 0; u < donors.Count; u++)
        {
            OriginCompartments o = donors[u];
            donorNb += x[o.BloodNeutrophils];
            monoCells += x[o.Monocytes];
            rbc += Sum(x, o.RedCells);
            pltCells += Sum(x, o.Platelets);
            n4 += x[o.NaiveCd4];
            m4 += x[o.MemoryCd4];
            r += x[o.Treg];
            t8 += x[o.NaiveCd8] + x[o.MemoryCd8];
            bCells += x[o.BCells];
            nkCells += x[o.NkCells];
            hsc += x[o.LongTermStemCells];
            tDonor += o.TCells.Sum(x);
        }
        double nb = x[h.BloodNeutrophils] + donorNb;
        double anc = nb * p.Granulopoiesis.CirculatingFraction / bv / 1e9;
        double mono = monoCells / bv / 1e9;
        double hb = rbc * p.Erythropoiesis.MeanCellHemoglobinPg * 1e-12 / bv / 10.0;
        double plt = pltCells * (1 - p.Thrombopoiesis.SplenicPoolFraction) / bv / 1e9;
        double fl = p.Lymphocytes.BloodFractionTAndB, fnk = p.Lymphocytes.BloodFractionNk;
        double cd4 = (n4 + m4 + r) * fl / ul, cd8 = t8 * fl / ul;
        double bc = bCells * fl / ul, nk = nkCells * fnk / ul;
        double lymph = (cd4 + cd8 + bc + nk) * (1 + p.Lymphocytes.OtherLymphocyteFraction) / 1000.0;
        double eb = p.Granulopoiesis.EosinophilBasophilE9PerLiter * anc / p.Granulopoiesis.AncSetPointE9PerLiter;
        double tAll = n4 + m4 + r + t8;
        return new ClinicalReadouts
        {
            AncE9PerLiter = anc,
            WbcE9PerLiter = anc + mono + lymph + eb,
            HemoglobinGPerDl = hb,
            PlateletsE9PerLiter = plt,
            LymphocytesE9PerLiter = lymph,
            Cd4PerMicroliter = cd4,
            Cd8PerMicroliter = cd8,
            BCellsPerMicroliter = bc,
            NkCellsPerMicroliter = nk,
            DonorChimerismPercent = nb > 0 ? 100 * donorNb / nb : 0,
            AutoreactiveCells = x[idx.Autoreactive],
            DiseaseActivity = model.DiseaseActivity(x),
            Autoantibody = d.AntibodyMediated ? x[idx.Antibody] / d.Antibody : 0,
            MonocytesE9PerLiter = mono,
            TregPercentOfCd4 = n4 + m4 + r > 0 ? 100 * r / (n4 + m4 + r) : 0,
            NaiveCd4PerMicroliter = n4 * fl / ul,
            DonorTCellChimerismPercent = tAll > 0 ? 100 * tDonor / tAll : 0,
            StemCells = hsc,
        };
    }

    /// <summary>
    /// Every compartment <see cref="From"/> reads (the disease activity's inputs included), so that a patient can ask its
    /// solver to write only these at each daily stop. A compartment read there and missing here would be read stale:
    /// keep the two in step (a test compares the readouts from these counts alone with those from every count).
    /// </summary>
    internal static bool[] Inputs(PhysiologyModel model)
    {
        var idx = model.Catalogue;
        var read = new bool[model.Network.Compiled.CompartmentCount];
        Mark(idx.Host);
        for (int u = 0; u < idx.Donors.Count; u++) Mark(idx.Donors[u]);
        read[idx.Autoreactive] = true;
        read[idx.Antibody] = true;
        return read;

        void Mark(OriginCompartments o)
        {
            foreach (int i in (ReadOnlySpan<CompartmentHandle>)[o.BloodNeutrophils, o.Monocytes, o.NaiveCd4, o.MemoryCd4, o.Treg, o.NaiveCd8,
                o.MemoryCd8, o.BCells, o.NkCells, o.LongTermStemCells, .. o.RedCells, .. o.Platelets])
                read[i] = true;
            foreach (int i in o.TCells.Members) read[i] = true;
        }
    }

    private static double Sum(ReadOnlySpan<double> x, CompartmentHandle[] indices)
    {
        double s = 0;
        foreach (int i in indices) s += x[i];
        return s;
    }
}
