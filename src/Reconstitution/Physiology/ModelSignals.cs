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

    /// <summary>Parameter: maximal death rate (d⁻¹) of host T cells from alloreactive donor T cells (graft-versus-host
    /// lymphohematopoiesis); the rate is this × ΣdT/(ΣdT + <see cref="GvhHalfParameter"/>). 0 (off) until an allograft is given.</summary>
    public const string GvhRateParameter = "gvh.rate";

    /// <summary>Parameter: donor T cells (whole-body count, CD4 + CD8 + Treg) at half the graft-versus-host kill rate.</summary>
    public const string GvhHalfParameter = "gvh.half";

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

    /// <summary>Death rate of host T cells from donor T cells (graft-versus-host lymphohematopoiesis).</summary>
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
