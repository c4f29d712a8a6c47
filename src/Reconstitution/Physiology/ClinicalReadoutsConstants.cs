namespace Reconstitution.Physiology;

/// <summary>
/// The model values the daily readouts use (<see cref="ClinicalReadouts"/>), copied once per patient from the model's design and
/// parameters into one flat block: a day's readouts then read them from one or two cache lines of the patient instead of following
/// a chain of references (design, parameters, their sub-records, the catalogue) each day. Every value is the model's own, unchanged,
/// so the readouts have the same bits.
/// </summary>
internal readonly struct ClinicalReadoutsConstants
{
    /// <summary>How the disease activity is read (<see cref="PhysiologyModel.DiseaseActivity"/>).</summary>
    private enum DiseaseKind : byte
    {
        /// <summary>No autoimmune disease: activity 0.</summary>
        None,

        /// <summary>One driver (the autoreactive cells or the autoantibody) against its reference.</summary>
        Driver,

        /// <summary>A weighted mix of autoreactive cells and autoantibody (docs/model.md §19).</summary>
        Mixed,
    }

    /// <summary>Copies the values of <paramref name="model"/> the readouts use.</summary>
    /// <param name="model">The patient's model.</param>
    public ClinicalReadoutsConstants(PhysiologyModel model)
    {
        var d = model.Design;
        var p = d.P;
        BloodVolumeLiters = d.BloodVolumeLiters;
        CirculatingFraction = p.Granulopoiesis.CirculatingFraction;
        MeanCellHemoglobinPg = p.Erythropoiesis.MeanCellHemoglobinPg;
        SplenicPoolFraction = p.Thrombopoiesis.SplenicPoolFraction;
        BloodFractionTAndB = p.Lymphocytes.BloodFractionTAndB;
        BloodFractionNk = p.Lymphocytes.BloodFractionNk;
        OtherLymphocyteFraction = p.Lymphocytes.OtherLymphocyteFraction;
        EosinophilBasophilE9PerLiter = p.Granulopoiesis.EosinophilBasophilE9PerLiter;
        AncSetPointE9PerLiter = p.Granulopoiesis.AncSetPointE9PerLiter;
        AntibodyMediated = d.AntibodyMediated;
        Antibody = d.Antibody;
        AutoreactiveCells = d.AutoreactiveCells;
        AntibodyShare = d.AntibodyShare;
        DriverReference = d.DriverReference;
        Autoreactive = model.Catalogue.Autoreactive;
        AntibodyIndex = model.Catalogue.Antibody;
        double s = d.AntibodyShare;
        _disease = d.Auto is null ? DiseaseKind.None : s > 0 && s < 1 ? DiseaseKind.Mixed : DiseaseKind.Driver;
        _driver = s >= 1 ? AntibodyIndex : Autoreactive;
    }

    private readonly DiseaseKind _disease;
    private readonly int _driver;

    /// <summary>Blood volume in litres.</summary>
    public double BloodVolumeLiters { get; }

    /// <summary>The circulating share of blood neutrophils.</summary>
    public double CirculatingFraction { get; }

    /// <summary>Mean cell haemoglobin in picograms.</summary>
    public double MeanCellHemoglobinPg { get; }

    /// <summary>The share of platelets pooled in the spleen.</summary>
    public double SplenicPoolFraction { get; }

    /// <summary>The share of T and B cells in blood.</summary>
    public double BloodFractionTAndB { get; }

    /// <summary>The share of NK cells in blood.</summary>
    public double BloodFractionNk { get; }

    /// <summary>Lymphocytes not counted as T, B or NK cells, as a fraction of those.</summary>
    public double OtherLymphocyteFraction { get; }

    /// <summary>Eosinophils and basophils at the ANC set point, 10⁹/L.</summary>
    public double EosinophilBasophilE9PerLiter { get; }

    /// <summary>The ANC set point, 10⁹/L.</summary>
    public double AncSetPointE9PerLiter { get; }

    /// <summary>Whether the disease makes an autoantibody (the antibody readout is then its level against the reference).</summary>
    public bool AntibodyMediated { get; }

    /// <summary>The antibody reference level.</summary>
    public double Antibody { get; }

    /// <summary>The autoreactive cells' reference burden, cells.</summary>
    public double AutoreactiveCells { get; }

    /// <summary>The antibody's share of the disease activity.</summary>
    public double AntibodyShare { get; }

    /// <summary>The single driver's reference (cells or antibody).</summary>
    public double DriverReference { get; }

    /// <summary>The autoreactive clone's compartment index.</summary>
    public int Autoreactive { get; }

    /// <summary>The antibody's compartment index.</summary>
    public int AntibodyIndex { get; }

    /// <summary>The disease activity of the counts <paramref name="x"/>: <see cref="PhysiologyModel.DiseaseActivity"/>, operation for operation.</summary>
    /// <param name="x">The counts, one per compartment.</param>
    /// <returns>D/(D + D_ref/3), or the mixed form; 0 without an autoimmune disease.</returns>
    public double DiseaseActivity(ReadOnlySpan<double> x)
    {
        if (_disease == DiseaseKind.None) return 0;
        if (_disease == DiseaseKind.Mixed)
        {
            double s = AntibodyShare;
            double mixed = (1 - s) * x[Autoreactive] / AutoreactiveCells + s * x[AntibodyIndex] / Antibody;
            return mixed / (mixed + 1.0 / 3.0);
        }
        double driver = x[_driver];
        return driver / (driver + DriverReference / 3.0);
    }
}
