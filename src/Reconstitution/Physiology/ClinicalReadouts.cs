using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        From(x, model, model.Template.Readouts, out var readouts);
        return readouts;
    }

    /// <summary>Computes the readouts from whole-body counts of <paramref name="model"/>'s network through its template's plan.</summary>
    /// <remarks>Every sum adds in the catalogue's order: the host's term, then each donor origin's term added whole. The
    /// result is written in place (a patient's cache receives the values directly; a returned value would be copied from
    /// the call's stack buffer).</remarks>
    internal static void From(ReadOnlySpan<double> x, PhysiologyModel model, ClinicalReadoutsPlan plan, out ClinicalReadouts readouts) =>
        From(x, new ClinicalReadoutsConstants(model), plan, out readouts);

    /// <summary>
    /// The readouts of the counts <paramref name="x"/> from the model's values copied once per patient (<paramref name="k"/>): what a
    /// patient's daily observation calls, without following the model's references each day.
    /// </summary>
    /// <remarks>Every sum adds in the catalogue's order: the host's term, then each donor origin's term added whole. The
    /// result is written in place (a patient's cache receives the values directly; a returned value would be copied from
    /// the call's stack buffer).</remarks>
    // Compiled fully optimised at its first call: ReadyToRun leaves it out (256-bit vectors), so it ran as tier-0 code for a
    // cohort's first ≈ 100 patients (benchmarks/results/cohort.md, session 12).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void From(ReadOnlySpan<double> x, in ClinicalReadoutsConstants k, ClinicalReadoutsPlan plan, out ClinicalReadouts readouts)
    {
        if (x.Length < plan.CompartmentCount) ThrowShortCounts(x.Length, plan.CompartmentCount);
        // The plan's indices are below its compartment count (checked above): its reads are unchecked.
        ref double c = ref MemoryMarshal.GetReference(x);
        double bv = k.BloodVolumeLiters, ul = bv * 1e6;
        // Host (origin 0), then every donor origin (one, or one per traced allogeneic unit).
        double donorNb = 0, monoCells = plan.Single(ref c, 0, ClinicalReadoutsPlan.Monocytes);
        double rbc = plan.Sum(ref c, 0, ClinicalReadoutsPlan.RedCells), pltCells = plan.Sum(ref c, 0, ClinicalReadoutsPlan.Platelets);
        double n4 = plan.Single(ref c, 0, ClinicalReadoutsPlan.NaiveCd4), m4 = plan.Single(ref c, 0, ClinicalReadoutsPlan.MemoryCd4);
        double r = plan.Single(ref c, 0, ClinicalReadoutsPlan.Treg);
        double t8 = plan.Single(ref c, 0, ClinicalReadoutsPlan.NaiveCd8) + plan.Single(ref c, 0, ClinicalReadoutsPlan.MemoryCd8);
        double bCells = plan.Single(ref c, 0, ClinicalReadoutsPlan.BCells), nkCells = plan.Single(ref c, 0, ClinicalReadoutsPlan.NkCells);
        double hsc = plan.Single(ref c, 0, ClinicalReadoutsPlan.LongTermStemCells), tDonor = 0;
        for (int u = 1; u < plan.Origins; u++)
        {
            donorNb += plan.Single(ref c, u, ClinicalReadoutsPlan.BloodNeutrophils);
            monoCells += plan.Single(ref c, u, ClinicalReadoutsPlan.Monocytes);
            rbc += plan.Sum(ref c, u, ClinicalReadoutsPlan.RedCells);
            pltCells += plan.Sum(ref c, u, ClinicalReadoutsPlan.Platelets);
            n4 += plan.Single(ref c, u, ClinicalReadoutsPlan.NaiveCd4);
            m4 += plan.Single(ref c, u, ClinicalReadoutsPlan.MemoryCd4);
            r += plan.Single(ref c, u, ClinicalReadoutsPlan.Treg);
            t8 += plan.Single(ref c, u, ClinicalReadoutsPlan.NaiveCd8) + plan.Single(ref c, u, ClinicalReadoutsPlan.MemoryCd8);
            bCells += plan.Single(ref c, u, ClinicalReadoutsPlan.BCells);
            nkCells += plan.Single(ref c, u, ClinicalReadoutsPlan.NkCells);
            hsc += plan.Single(ref c, u, ClinicalReadoutsPlan.LongTermStemCells);
            tDonor += plan.Sum(ref c, u, ClinicalReadoutsPlan.TCells);
        }
        double nb = plan.Single(ref c, 0, ClinicalReadoutsPlan.BloodNeutrophils) + donorNb;
        double fl = k.BloodFractionTAndB, fnk = k.BloodFractionNk, t4 = n4 + m4 + r, tAll = t4 + t8;
        // The divisions (about twenty, most of this method's time) four at a time where they do not depend on each other:
        // IEEE division is correctly rounded in every lane, so each quotient has the bits of the scalar one. Every
        // numerator is the scalar expression's, in its order; a share whose denominator is 0 is discarded below.
        var blood = Vector256.Create(nb * k.CirculatingFraction, monoCells,
                rbc * k.MeanCellHemoglobinPg * 1e-12, pltCells * (1 - k.SplenicPoolFraction))
            / Vector256.Create(bv) / Vector256.Create(1e9, 1e9, 10.0, 1e9);
        var perMicroliter = Vector256.Create(t4 * fl, t8 * fl, bCells * fl, nkCells * fnk) / Vector256.Create(ul);
        var shares = Vector256.Create(100 * donorNb, 100 * r, n4 * fl, 100 * tDonor) / Vector256.Create(nb, t4, ul, tAll);
        double anc = blood[0], mono = blood[1], hb = blood[2], plt = blood[3];
        double cd4 = perMicroliter[0], cd8 = perMicroliter[1], bc = perMicroliter[2], nk = perMicroliter[3];
        var lymphAndEb = Vector128.Create((cd4 + cd8 + bc + nk) * (1 + k.OtherLymphocyteFraction),
                k.EosinophilBasophilE9PerLiter * anc)
            / Vector128.Create(1000.0, k.AncSetPointE9PerLiter);
        double lymph = lymphAndEb[0], eb = lymphAndEb[1];
        readouts = new ClinicalReadouts
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
            DonorChimerismPercent = nb > 0 ? shares[0] : 0,
            AutoreactiveCells = x[plan.Autoreactive],
            DiseaseActivity = k.DiseaseActivity(x),
            Autoantibody = k.AntibodyMediated ? x[plan.Antibody] / k.Antibody : 0,
            MonocytesE9PerLiter = mono,
            TregPercentOfCd4 = t4 > 0 ? shares[1] : 0,
            NaiveCd4PerMicroliter = shares[2],
            DonorTCellChimerismPercent = tAll > 0 ? shares[3] : 0,
            StemCells = hsc,
        };
    }

    /// <summary>The counts given to <see cref="From(ReadOnlySpan{double}, PhysiologyModel, ClinicalReadoutsPlan, out ClinicalReadouts)"/> are
    /// fewer than the network's compartments (kept out of line: the message's formatting would take the inliner's budget
    /// from the readouts' sums).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShortCounts(int length, int compartments) =>
        throw new ArgumentException($"The counts have {length} entries; the network has {compartments} compartments.", "x");

    /// <summary>
    /// Every compartment <see cref="From(ReadOnlySpan{double}, PhysiologyModel)"/> reads (the disease activity's inputs
    /// included), so that a patient can ask its solver to write only these at each daily stop; shared by every model of the
    /// template: do not modify. A compartment read there and missing here would be read stale: the plan builds both (a test
    /// compares the readouts from these counts alone with those from every count).
    /// </summary>
    internal static bool[] Inputs(PhysiologyModel model) => model.Template.Readouts.Inputs;
}
