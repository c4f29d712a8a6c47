using Reconstitution.Compartments;

namespace Reconstitution.Physiology;

/// <summary>
/// The hematopoietic and immune model of one patient as a <see cref="ReactionNetwork"/>
/// (docs/model.md): parameters and covariates turned into compartments (host prefix <c>h</c>, donor
/// prefix <c>d</c>, e.g. <c>hH</c>, <c>dNB</c>, <c>hRBC3</c>; shared <c>Thy</c>, <c>Niche</c>,
/// <c>A</c>, <c>PC</c>, <c>Ab</c>), transitions and shared feedback signals, starting at the
/// untreated steady state. Immutable and thread-safe: one model can back many <see cref="Patient"/>s.
/// </summary>
/// <remarks>
/// Every rate that is not a parameter of <see cref="PhysiologyParameters"/> is derived from the set
/// points so that the untreated patient is exactly at steady state (docs/model.md §3–§8). Antibody
/// diseases (AIHA, ITP) start at the healthy design and settle to their disease steady state over
/// months; run the patient for a year first if a disease steady state is wanted.
/// </remarks>
public sealed class PhysiologyModel
{
    private PhysiologyModel(PhysiologyDesign design)
    {
        Design = design;
        // The structure is built once per shape and shared; this model owns only its values (counts, rates, signal constants).
        Template = PhysiologyTemplate.For(design);
        Network = Template.Bind(design);
    }

    /// <summary>Builds the model of one patient.</summary>
    /// <param name="covariates">Age, sex, weight and disease.</param>
    /// <param name="parameters">The physiology parameters; null for <see cref="PhysiologyParameters.Default"/>.</param>
    /// <param name="autoimmunity">The autoreactive-clone parameters; null for <see cref="AutoimmunityParameters.ForDisease"/>
    /// of the covariates' disease. Ignored when the disease is <see cref="AutoimmuneDisease.None"/>.</param>
    /// <param name="allogeneicUnits">Allogeneic graft units the model traces (docs/model.md §17): 0 for an autologous or no graft
    /// (no alloimmune transitions), 1 (default) for one donor origin shared by every allogeneic unit, 2–4 for one donor origin
    /// per unit (per-unit chimerism and unit-versus-unit competition).</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="covariates"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The disease or sex is not a defined value.</exception>
    /// <exception cref="ArgumentException">The parameters are inconsistent (message names the values).</exception>
    public static PhysiologyModel Create(PatientCovariates covariates, PhysiologyParameters? parameters = null,
        AutoimmunityParameters? autoimmunity = null, int allogeneicUnits = 1)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        // Range checks over the members (declared without gaps), not Enum.IsDefined: its generic code over each enumeration
        // is JIT-compiled in every process.
        if ((uint)covariates.Disease > (uint)AutoimmuneDisease.ImmuneThrombocytopenia)
            throw new ArgumentOutOfRangeException(nameof(covariates), covariates.Disease,
                $"Parameter 'Disease' was {covariates.Disease}; allowed: None, MultipleSclerosis, SystemicSclerosis, SystemicLupusErythematosus, RheumatoidArthritis, AutoimmuneHemolyticAnemia, ImmuneThrombocytopenia.");
        if ((uint)covariates.Sex > (uint)BiologicalSex.Female)
            throw new ArgumentOutOfRangeException(nameof(covariates), covariates.Sex, $"Parameter 'Sex' was {covariates.Sex}; allowed: Male, Female.");
        parameters ??= PhysiologyParameters.Default;
        parameters.Validate();
        var auto = covariates.Disease == AutoimmuneDisease.None ? null : autoimmunity ?? AutoimmunityParameters.ForDisease(covariates.Disease);
        return new PhysiologyModel(new PhysiologyDesign(parameters, covariates, auto, allogeneicUnits));
    }

    /// <summary>The reaction network (compartments at the untreated steady state).</summary>
    public ReactionNetwork Network { get; }

    /// <summary>The patient's covariates.</summary>
    public PatientCovariates Covariates => Design.Covariates;

    /// <summary>The physiology parameters.</summary>
    public PhysiologyParameters Parameters => Design.P;

    /// <summary>The autoreactive-clone parameters, or null without autoimmune disease.</summary>
    public AutoimmunityParameters? Autoimmunity => Design.Auto;

    /// <summary>Blood volume in litres (weight × blood volume per kilogram).</summary>
    public double BloodVolumeLiters => Design.BloodVolumeLiters;

    /// <summary>The readouts of a state of this model's network.</summary>
    /// <param name="counts">Counts indexed like <see cref="ReactionNetwork.Compartments"/>.</param>
    /// <returns>The readouts.</returns>
    /// <exception cref="ArgumentException">The span length differs from the number of compartments.</exception>
    public ClinicalReadouts Readouts(ReadOnlySpan<double> counts)
    {
        if (counts.Length != Network.Compartments.Count)
            throw new ArgumentException($"Expected {Network.Compartments.Count} counts, got {counts.Length}.", nameof(counts));
        return ClinicalReadouts.From(counts, this);
    }

    internal PhysiologyDesign Design { get; }

    /// <summary>The structure this model shares with every model of its shape.</summary>
    internal PhysiologyTemplate Template { get; }

    internal ModelCatalogue Catalogue => Template.Catalogue;

    /// <summary>Disease activity D/(D + D_ref/3) with D the autoreactive cells (T-type) or autoantibody (B-type), or their weighted mix (docs/model.md §7, §19).</summary>
    internal double DiseaseActivity(ReadOnlySpan<double> x)
    {
        if (Design.Auto is null) return 0;
        double s = Design.AntibodyShare;
        if (s > 0 && s < 1)
        {
            // Mixed disease (§19): D = (1 − s)·A/A* + s·Ab/Ab*, DAI = D/(D + 1/3).
            double mixed = (1 - s) * x[Catalogue.Autoreactive] / Design.AutoreactiveCells + s * x[Catalogue.Antibody] / Design.Antibody;
            return mixed / (mixed + 1.0 / 3.0);
        }
        double driver = s >= 1 ? x[Catalogue.Antibody] : x[Catalogue.Autoreactive];
        return driver / (driver + Design.DriverReference / 3.0);
    }

    /// <summary>Daily production into blood (cells/day): neutrophils released, red cells, platelets.</summary>
    internal (double Neutrophils, double RedCells, double Platelets) Production(ReadOnlySpan<double> x, double gcsfExogenous = 0)
    {
        var d = Design;
        var gp = d.P.Granulopoiesis;
        OriginCompartments h = Catalogue.Host;
        double nb = x[h.BloodNeutrophils], reserve = x[h.MarrowNeutrophilReserve], ret = x[h.Reticulocytes], mk = x[h.Megakaryocytes[^1]];
        foreach (var o in Catalogue.Donors)
        {
            nb += x[o.BloodNeutrophils];
            reserve += x[o.MarrowNeutrophilReserve];
            ret += x[o.Reticulocytes];
            mk += x[o.Megakaryocytes[^1]];
        }
        double g = gp.ReleaseGainMax / (1 + (gp.ReleaseGainMax - 1) * Math.Pow(Math.Max(nb, 0) / d.BloodNeutrophils, gp.GcsfHill));
        g += gcsfExogenous * (gp.ReleaseGainMax - g);
        double neutrophils = d.NeutrophilReleasePerDay * g * reserve;
        double red = d.ReticulocyteReleasePerDay * ret;
        double platelets = d.MegakaryocyteMaturationPerDay * mk * d.P.Thrombopoiesis.PlateletsPerMegakaryocyte;
        return (neutrophils, red, platelets);
    }
}
