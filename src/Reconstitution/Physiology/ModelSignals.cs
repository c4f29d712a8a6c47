using System.Globalization;

namespace Reconstitution.Physiology;

/// <summary>
/// Names of the derived signals (docs/model.md §5) and run-time parameters of a physiology network: written once here,
/// used by <see cref="PhysiologyNetworkBuilder"/> to declare a signal and by every transition it modulates, and by
/// <see cref="ModelCatalogue"/> to find the parameters' indices.
/// </summary>
internal static class ModelSignals
{
    /// <summary>Parameter: exogenous G-CSF-like stimulation in [0, 1] (0 none, 1 maximal), set by <see cref="Patient.ApplyGcsf"/>.</summary>
    public const string GcsfExogenousParameter = "gcsf.exogenous";

    /// <summary>Parameter: factor of immunosuppression (a calcineurin inhibitor) on every cellular alloimmune kill; 1 without
    /// (docs/model.md §17), set by <see cref="Patient.SetImmunosuppression"/>.</summary>
    public const string ImmunosuppressionParameter = "allo.immunosuppression";

    /// <summary>Per-unit fields of the alloimmune parameters of each donor origin (docs/model.md §17), set at the unit's infusion by
    /// <see cref="Patient.StartAlloimmunity"/>: the alloreactivity of its T cells against the host (graft-versus-host), the host's
    /// resistance to it (HLA factor of host-versus-graft), whether the host carries antibodies against it (0 or 1), its infusion
    /// day and the accessory nucleated cells it brought.</summary>
    public static readonly string[] UnitFields = ["alloreactivity", "resistance", "antibodies", "start", "accessory"];

    /// <summary>Index of the alloreactivity field in <see cref="UnitFields"/>.</summary>
    public const int UnitAlloreactivity = 0;

    /// <summary>Index of the resistance field in <see cref="UnitFields"/>.</summary>
    public const int UnitResistance = 1;

    /// <summary>Index of the donor-specific antibodies field in <see cref="UnitFields"/>.</summary>
    public const int UnitAntibodies = 2;

    /// <summary>Index of the infusion-day field in <see cref="UnitFields"/>.</summary>
    public const int UnitStart = 3;

    /// <summary>Index of the accessory-cells field in <see cref="UnitFields"/>.</summary>
    public const int UnitAccessory = 4;

    /// <summary>The name of a per-unit alloimmune parameter, e.g. <c>unit1.resistance</c>.</summary>
    /// <param name="unit">The donor origin, 0-based.</param>
    /// <param name="field">One of <see cref="UnitFields"/>.</param>
    /// <returns>The parameter name.</returns>
    public static string UnitParameter(int unit, string field) => "unit" + (unit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + field;

    /// <summary>Death rate of one donor origin's nucleated cells from host NK and T cells and donor-specific antibodies (host-versus-graft).</summary>
    /// <param name="unit">The donor origin, 0-based.</param>
    /// <returns>The signal name.</returns>
    public static string HostVersusGraftKill(int unit) => "hvg.kill" + (unit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Death rate of one donor origin's nucleated cells from the T cells of the other units (unit-versus-unit competition).</summary>
    /// <param name="unit">The donor origin, 0-based.</param>
    /// <returns>The signal name.</returns>
    public static string UnitVersusUnitKill(int unit) => "gvg.kill" + (unit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parameter: maximal death rate (d⁻¹) of the autoreactive clone from donor T cells (graft-versus-autoimmunity);
    /// the rate is this × the donor share of T cells. 0 (off) until an allograft is given.</summary>
    public const string GvaRateParameter = "gva.rate";

    /// <summary>The kill groups that accept a time-dependent extra death rate (antibody-like agents such as ATG).</summary>
    public static readonly KillGroup[] ExtraDeathGroups =
        [KillGroup.TCells, KillGroup.Treg, KillGroup.BCells, KillGroup.NkCells, KillGroup.Autoreactive];

    /// <summary>Concurrent extra-death courses per group (each with its own kinetics).</summary>
    public const int ExtraDeathSlots = 2;

    /// <summary>The parameters of one extra-death course, in this order: maximal rate, concentration, start day, EC50, half-life
    /// (positions <see cref="ExtraDeathMax"/> … <see cref="ExtraDeathHalfLife"/>).</summary>
    public static readonly string[] ExtraDeathFields = ["max", "conc", "start", "ec50", "halfLife"];

    /// <summary>Position of the maximal rate (d⁻¹) in <see cref="ExtraDeathFields"/>.</summary>
    public const int ExtraDeathMax = 0;

    /// <summary>Position of the concentration added at the start (agent unit).</summary>
    public const int ExtraDeathConcentration = 1;

    /// <summary>Position of the start day of the current concentration.</summary>
    public const int ExtraDeathStart = 2;

    /// <summary>Position of the EC50 (agent unit; 0 for a linear effect).</summary>
    public const int ExtraDeathEc50 = 3;

    /// <summary>Position of the half-life (days).</summary>
    public const int ExtraDeathHalfLife = 4;

    /// <summary>The extra death rate signal of a group (antibody-like agents; docs/model.md §10).</summary>
    /// <param name="group">One of <see cref="ExtraDeathGroups"/>.</param>
    /// <returns>The signal name.</returns>
    public static string ExtraDeath(KillGroup group) => "extraDeath." + group;

    /// <summary>One parameter of one extra-death course.</summary>
    /// <param name="group">One of <see cref="ExtraDeathGroups"/>.</param>
    /// <param name="slot">The course, 0 … <see cref="ExtraDeathSlots"/> − 1.</param>
    /// <param name="field">One of <see cref="ExtraDeathFields"/>.</param>
    /// <returns>The parameter name.</returns>
    public static string ExtraDeathParameter(KillGroup group, int slot, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"extraDeath.{group}.{slot}.{field}");

    /// <summary>Birth rate of the autoreactive clone under Treg control (§4.10).</summary>
    public const string AutoreactiveBirth = "auto.birth";

    /// <summary>BAFF-like homeostatic proliferation gain of B cells.</summary>
    public const string BCellHomeostasis = "baff.B";

    /// <summary>Extra red-cell clearance by autoantibody (autoimmune haemolytic anaemia).</summary>
    public const string DiseaseHemolysis = "disease.hemolysis";

    /// <summary>Extra platelet clearance by autoantibody (immune thrombocytopenia).</summary>
    public const string DiseasePlateletDestruction = "disease.plateletDestruction";

    /// <summary>1 − erythroid-progenitor renewal.</summary>
    public const string ErythroidProgenitorDifferentiation = "epo.diffE";

    /// <summary>EPO-like self-renewal of erythroid progenitors (§4.5).</summary>
    public const string ErythroidProgenitorRenewal = "epo.renewE";

    /// <summary>1 − granulocyte-progenitor renewal.</summary>
    public const string GranulocyteProgenitorDifferentiation = "gcsf.diffG";

    /// <summary>G-CSF-like gain of post-mitotic maturation (§4.4).</summary>
    public const string NeutrophilMaturationGain = "gcsf.maturation";

    /// <summary>G-CSF-like gain of neutrophil precursor division (§4.4).</summary>
    public const string NeutrophilMitoticGain = "gcsf.mitotic";

    /// <summary>G-CSF-like gain of marrow release (§4.4).</summary>
    public const string NeutrophilReleaseGain = "gcsf.release";

    /// <summary>G-CSF-like self-renewal of granulocyte progenitors (§4.4).</summary>
    public const string GranulocyteProgenitorRenewal = "gcsf.renewG";

    /// <summary>Death rate of the autoreactive clone from donor T cells (graft-versus-autoimmunity).</summary>
    public const string GraftVersusAutoimmunityKill = "gva.kill";

    /// <summary>Death rate of host T and NK cells from donor T cells (graft-versus-host lymphohematopoiesis).</summary>
    public const string GraftVersusHostKill = "gvh.kill";

    /// <summary>IL-15-like homeostatic proliferation gain of NK cells.</summary>
    public const string NkCellHomeostasis = "il15.NK";

    /// <summary>IL-2-like proliferation gain of regulatory T cells (§4.9).</summary>
    public const string TregHomeostasis = "il2.R";

    /// <summary>IL-7-like niche gain of memory CD4 T cells (§4.9).</summary>
    public const string MemoryCd4Homeostasis = "il7.M4";

    /// <summary>IL-7-like niche gain of memory CD8 T cells (§4.9).</summary>
    public const string MemoryCd8Homeostasis = "il7.M8";

    /// <summary>IL-7-like niche gain of naive CD4 T cells (§4.9).</summary>
    public const string NaiveCd4Homeostasis = "il7.N4";

    /// <summary>IL-7-like niche gain of naive CD8 T cells (§4.9).</summary>
    public const string NaiveCd8Homeostasis = "il7.N8";

    /// <summary>1 − lymphoid-progenitor renewal.</summary>
    public const string LymphoidProgenitorDifferentiation = "il7.diffL";

    /// <summary>IL-7/BAFF-like self-renewal of lymphoid progenitors (§4.7).</summary>
    public const string LymphoidProgenitorRenewal = "il7.renewL";

    /// <summary>MPP continuation probability from progenitor density (§4.2).</summary>
    public const string MppContinuation = "mpp.continue";

    /// <summary>MPP exit probability, 1 − continuation (§4.2).</summary>
    public const string MppExit = "mpp.exit";

    /// <summary>Long-term stem-cell self-renewal fraction from the niche feedback (§4.1).</summary>
    public const string NicheHscRenewal = "niche.hscRenewal";

    /// <summary>Logistic regrowth rate of the marrow niche.</summary>
    public const string NicheRegrowth = "niche.regrowth";

    /// <summary>Fixed (endothelial) platelet consumption per platelet (§4.6).</summary>
    public const string PlateletFixedConsumption = "platelet.fixed";

    /// <summary>Death rate of thymocytes from crowding of the thymic capacity (§4.8).</summary>
    public const string ThymusCrowding = "thymus.crowding";

    /// <summary>Logistic regrowth rate of the thymic epithelial space.</summary>
    public const string ThymusRegrowth = "thymus.regrowth";

    /// <summary>1 − megakaryocyte-progenitor renewal.</summary>
    public const string MegakaryocyteProgenitorDifferentiation = "tpo.diffK";

    /// <summary>TPO-like self-renewal of megakaryocyte progenitors (§4.6).</summary>
    public const string MegakaryocyteProgenitorRenewal = "tpo.renewK";
}
