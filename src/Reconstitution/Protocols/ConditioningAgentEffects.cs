using Reconstitution.Physiology;
using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>
/// The pharmacodynamics of the conditioning agents: natural-log kill per unit dose for every
/// <see cref="KillGroup"/> (a dose d leaves the fraction e^(−k·d); Friberg: log-kill proportional to
/// exposure), for antibodies a lasting extra death rate, and the organ-toxicity weights (organ exposure per unit dose,
/// docs/model.md §18.2). Immutable and thread-safe; change a value with <see cref="WithLogKill"/>, <see cref="WithAntibody"/>
/// or <see cref="WithOrganToxicity"/>.
/// </summary>
/// <remarks>
/// <para>Every default value, its basis and its plausible range are listed in docs/model.md §10.1. The
/// table was calibrated as a whole so that busulfan/cyclophosphamide and TBI 12 Gy/cyclophosphamide give
/// the generic myeloablation of docs/model.md §13.2 (stem-cell survival ≈ 10⁻⁶: no graft, no recovery),
/// cyclophosphamide 200 mg/kg is lymphoablative but spares stem cells (ALDH1), and fludarabine/busulfan
/// 8 mg/kg leaves host stem cells and T cells (mixed chimerism).</para>
/// <para>Antibodies (rabbit and horse ATG, rituximab) act through <see cref="Patient.StartExtraDeath(KillGroup, double, double, double, double)"/>:
/// a dose adds to a concentration that decays with the agent's half-life, and the death rate is
/// E_max·C/(C + EC₅₀) (linear when EC₅₀ = 0).</para>
/// </remarks>
public sealed class ConditioningAgentEffects
{
    private static readonly int AgentCount = EnumMembers.AgentCount;
    private static readonly int GroupCount = EnumMembers.KillGroupCount;
    private static readonly int OrganCount = EnumMembers.OrganCount;

    private readonly double[,] _logKill;
    private readonly AntibodyEffect?[,] _antibody;
    private readonly int[] _spreadDays;
    private readonly double[,] _organToxicity;
    private readonly ConditioningAgentDefinition?[] _definitions = new ConditioningAgentDefinition?[AgentCount];

    private ConditioningAgentEffects(double[,] logKill, AntibodyEffect?[,] antibody, int[] spreadDays, double[,] organToxicity)
    {
        _logKill = logKill;
        _antibody = antibody;
        _spreadDays = spreadDays;
        _organToxicity = organToxicity;
    }

    /// <summary>The default table (docs/model.md §10.1).</summary>
    public static ConditioningAgentEffects Default { get; } = BuildDefault();

    /// <summary>Natural-log kill per unit dose of <paramref name="agent"/> on <paramref name="group"/>.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="group">The kill group.</param>
    /// <returns>k in 1/(agent unit): a dose d leaves e^(−k·d) of the group.</returns>
    public double LogKillPerUnit(ConditioningAgent agent, KillGroup group) => _logKill[Check(agent), Check(group)];

    /// <summary>The lasting antibody effect of <paramref name="agent"/> on a lymphoid group, or <c>null</c>.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="group">The kill group.</param>
    /// <returns>The effect, or <c>null</c> if the agent has none on the group.</returns>
    public AntibodyEffect? Antibody(ConditioningAgent agent, KillGroup group) => _antibody[Check(agent), Check(group)];

    /// <summary>
    /// Days over which one dose's kill is spread (1 for a single-day dose; 6 for a BEAM course, whose
    /// drugs are given on days −6…−1: the kill is applied in equal log parts on consecutive days).
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The number of days, ≥ 1.</returns>
    public int SpreadDays(ConditioningAgent agent) => _spreadDays[Check(agent)];

    /// <summary>
    /// The organ exposure one unit dose of <paramref name="agent"/> adds, in units of the organ's reference regimen
    /// (docs/model.md §18.2): exposure 1 is, for the heart, cyclophosphamide 200 mg/kg; for the liver, IV busulfan 12.8 mg/kg; for
    /// the lung and the kidney, TBI 12 Gy; for the mucosa, melphalan 200 mg/m².
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="organ">The organ.</param>
    /// <returns>The weight, reference exposures per agent unit (0: the agent does not injure the organ).</returns>
    public double OrganToxicityPerUnit(ConditioningAgent agent, Organ organ) => _organToxicity[Check(agent), Check(organ)];

    /// <summary>A copy with one organ-toxicity weight changed.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="organ">The organ.</param>
    /// <param name="weightPerUnit">The new weight, in [0, 100] reference exposures per agent unit.</param>
    /// <returns>The changed table.</returns>
    public ConditioningAgentEffects WithOrganToxicity(ConditioningAgent agent, Organ organ, double weightPerUnit)
    {
        Guard.InRange(weightPerUnit, 0, 100, nameof(weightPerUnit), "reference exposures per agent unit");
        var w = (double[,])_organToxicity.Clone();
        w[Check(agent), Check(organ)] = weightPerUnit;
        return new ConditioningAgentEffects(_logKill, _antibody, _spreadDays, w);
    }

    /// <summary>A copy with one log-kill coefficient changed.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="group">The kill group.</param>
    /// <param name="logKillPerUnit">The new coefficient, ≥ 0, per agent unit.</param>
    /// <returns>The changed table.</returns>
    public ConditioningAgentEffects WithLogKill(ConditioningAgent agent, KillGroup group, double logKillPerUnit)
    {
        Guard.InRange(logKillPerUnit, 0, 1e3, nameof(logKillPerUnit), "per agent unit");
        var k = (double[,])_logKill.Clone();
        k[Check(agent), Check(group)] = logKillPerUnit;
        return new ConditioningAgentEffects(k, _antibody, _spreadDays, _organToxicity);
    }

    /// <summary>A copy with one antibody effect changed (or removed with <c>null</c>).</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="group">A lymphoid group accepting extra death: T cells, Treg, B cells, NK cells or the autoreactive clone.</param>
    /// <param name="effect">The effect, or <c>null</c> for none.</param>
    /// <returns>The changed table.</returns>
    public ConditioningAgentEffects WithAntibody(ConditioningAgent agent, KillGroup group, AntibodyEffect? effect)
    {
        if (effect is not null && group is not (KillGroup.TCells or KillGroup.Treg or KillGroup.BCells or KillGroup.NkCells or KillGroup.Autoreactive))
            throw new ArgumentException($"Parameter 'group' was {group}; allowed: TCells, Treg, BCells, NkCells, Autoreactive.", nameof(group));
        var a = (AntibodyEffect?[,])_antibody.Clone();
        a[Check(agent), Check(group)] = effect;
        return new ConditioningAgentEffects(_logKill, a, _spreadDays, _organToxicity);
    }

    /// <summary>The built-in agent's definition with this table's numbers (see <see cref="ConditioningAgentDefinition.BuiltIn"/>).</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The definition; the same instance on every call.</returns>
    public ConditioningAgentDefinition Definition(ConditioningAgent agent)
    {
        int i = Check(agent);
        return _definitions[i] ?? Interlocked.CompareExchange(ref _definitions[i], ConditioningAgentDefinition.FromEffects(agent, this), null) ?? _definitions[i]!;
    }

    private static int Check(ConditioningAgent agent) => (uint)agent < (uint)AgentCount
        ? (int)agent
        : throw new ArgumentOutOfRangeException(nameof(agent), agent, $"Parameter 'agent' was {agent}; allowed: a defined ConditioningAgent.");

    private static int Check(KillGroup group) => (uint)group < (uint)GroupCount
        ? (int)group
        : throw new ArgumentOutOfRangeException(nameof(group), group, $"Parameter 'group' was {group}; allowed: a defined KillGroup.");

    private static int Check(Organ organ) => (uint)organ < (uint)OrganCount
        ? (int)organ
        : throw new ArgumentOutOfRangeException(nameof(organ), organ, $"Parameter 'organ' was {organ}; allowed: a defined Organ.");

    private static ConditioningAgentEffects BuildDefault()
    {
        var k = new double[AgentCount, GroupCount];
        var a = new AntibodyEffect?[AgentCount, GroupCount];
        var spread = new int[AgentCount];
        Array.Fill(spread, 1);
        void Set(ConditioningAgent agent, double hsc, double st, double mpp, double prog, double mitotic, double post,
            double thymocytes, double t, double treg, double b, double nk, double auto, double thymus, double niche)
        {
            int i = (int)agent;
            double[] v = [hsc, st, mpp, prog, mitotic, post, thymocytes, t, treg, b, nk, auto, thymus, niche];
            KillGroup[] g = [KillGroup.Hsc, KillGroup.ShortTermStemCells, KillGroup.Mpp, KillGroup.Progenitors, KillGroup.Mitotic,
                KillGroup.PostMitotic, KillGroup.Thymocytes, KillGroup.TCells, KillGroup.Treg, KillGroup.BCells, KillGroup.NkCells,
                KillGroup.Autoreactive, KillGroup.Thymus, KillGroup.Niche];
            for (int j = 0; j < v.Length; j++) k[i, (int)g[j]] = v[j];
        }

        // The autoreactive clone is an activated, proliferating effector population (docs/model.md §7): cycle-active agents hit it
        // harder than resting T cells, as post-transplant cyclophosphamide selectively kills proliferating alloreactive T cells while
        // sparing resting memory and Treg (Luznik 2010; Kanakry 2013). Assumption: k_AUTO = 0.045 per mg/kg Cy (range 0.024–0.06;
        // 0.024 = the cycling-marrow value), the cycling-marrow value for BEAM and melphalan, 1.5× the T-cell value for TBI and fludarabine.
        const double AutoreactiveCy = 0.045;
        // Cyclophosphamide per mg/kg: the 50 mg/kg dose of the design check (docs/model.md §13.4) divided by 50; HSC spared (ALDH1),
        // Treg spared (Kanakry 2013). Post-mitotic precursors and the marrow reserve 0.008 (A 0.006–0.01; was 0.0021): Cy is a
        // cycle-non-specific alkylator, and high-dose Cy 50 mg/kg × 4 without stem cells makes every patient neutropenic, ANC
        // < 0.5 from ≈ 4 days after the last dose for a median of 9 (4–23) days (124 patients; Johns Hopkins, Blood
        // 2009;114(22):3412). With 0.0021 the surviving post-mitotic pool kept 4 % of such patients (10 % with a graft) above 0.5.
        Set(ConditioningAgent.Cyclophosphamide, 0.00103, 0.0139, 0.0241, 0.0241, 0.0241, 0.008, 0.0241, 0.0102, 0.0033, 0.0241, 0.0183, AutoreactiveCy, 0.0006, 0.0);
        // Busulfan per mg/kg IV: with Cy 120 mg/kg, 12.8 mg/kg reaches the generic myeloablation of §13.2 on stem cells (HSC log-kill 13.8).
        // Busulfan is stem-cell selective: it depletes primitive cells while committed progenitors and dividing precursors are
        // relatively spared (a single 4 mg/kg dose in macaques cut the contributing stem/progenitor clones by 60–80 % with only mild,
        // transient count suppression; Kuramoto et al., Blood 2004;104:1273): MPP 1.1 per mg/kg (like the stem cells), committed
        // progenitors 0.6 (lower, they self-renew under feedback and Bu/Cy without a graft must stay aplastic), dividing precursors 0.4.
        // After Flu/Bu 6.4 mg/kg the host's maturing cells therefore run out without replacement from MPPs and the ANC recovery waits
        // for the graft (reduced-intensity neutrophils day 12, was 9 with 0.6 on all three; docs/protocols.md).
        Set(ConditioningAgent.Busulfan, 1.07, 0.95, 1.1, 0.6, 0.4, 0.06, 0.2, 0.05, 0.05, 0.05, 0.05, 0.05, 0.02, 0.02);
        // Melphalan per mg/m²: 200 mg/m² ≈ a BEAM course on stem and progenitor cells.
        Set(ConditioningAgent.Melphalan, 0.055, 0.055, 0.048, 0.042, 0.042, 0.005, 0.02, 0.01, 0.01, 0.015, 0.008, 0.042, 0.0005, 0.0005);
        // BEAM per course (spread over 6 days): the generic §13.2 kill on progenitors; HSC log-kill 11 (myeloablative-ish).
        Set(ConditioningAgent.Beam, 11.0, 11.0, 9.7, 8.3, 8.3, 1.0, 4.0, 2.5, 2.5, 3.0, 1.5, 8.3, 0.1, 0.1);
        spread[(int)ConditioningAgent.Beam] = 6;
        // Fludarabine per mg/m²: lymphoablative (180 mg/m² leaves ≈ 3 % of T cells), little stem-cell toxicity.
        Set(ConditioningAgent.Fludarabine, 0.002, 0.004, 0.006, 0.008, 0.01, 0.001, 0.015, 0.02, 0.02, 0.025, 0.015, 0.03, 0.0005, 0.0);
        // Total body irradiation per Gy (fractionated): with Cy 120, 12 Gy reaches the §13.2 myeloablation; lymphocytes are the most
        // radiosensitive blood cells (interphase apoptosis; surviving fraction after 2 Gy ≈ 0.1–0.2, i.e. 0.8–1.15 per Gy: 0.9, NK 0.6;
        // assumption within that range); thymus and niche damaged (12 Gy leaves 55 % / 62 %).
        Set(ConditioningAgent.TotalBodyIrradiation, 1.14, 1.0, 0.57, 0.45, 0.45, 0.06, 0.9, 0.9, 0.9, 0.9, 0.6, 1.35, 0.05, 0.04);
        // Methotrexate per mg/m²: the design check's ×0.65 (progenitors, mitotic) and ×0.8 (MPP) per ≈ 12 mg/m² dose.
        Set(ConditioningAgent.Methotrexate, 0, 0, 0.0186, 0.036, 0.036, 0, 0, 0.002, 0.002, 0, 0, 0.002, 0, 0);

        // Antibodies. Rabbit ATG per mg/kg: 6 mg/kg → 0.2 d⁻¹ extra T-cell death decaying with the ≈ 6-day active half-life
        // (Waller 2003; docs/model.md §13.4); NK weaker; the autoreactive clone is T-type.
        const double rabbitT = 0.2 / 6;
        // Activated T cells (the autoreactive effectors) are killed ≈ 5× faster than resting T cells: ATG induces activation-associated
        // apoptosis (Genestier et al., Blood 1998;91:2360) and activated cells carry more of the target antigens (assumption, range 1–5; the upper end reproduces the HALT-MS and SCOT relapse-free fractions).
        const double ActivatedFactor = 5;
        a[(int)ConditioningAgent.RabbitAtg, (int)KillGroup.TCells] = new AntibodyEffect(rabbitT, 0, 6);
        // Regulatory T cells are spared: rabbit ATG (unlike horse ATG) spares and expands functional CD4+CD25+FOXP3+ Treg
        // (Lopez et al., J Am Soc Nephrol 2006;17:2844; Feng et al., Blood 2008;111:3675, in vitro; the induced FOXP3 may be
        // transient, Blood 2009;114:5003, so Treg are spared rather than created), part of the post-transplant regulatory
        // reset (Abrahamsson et al., Brain 2013;136:2888). No rabbit-ATG extra death on Treg.
        a[(int)ConditioningAgent.RabbitAtg, (int)KillGroup.Autoreactive] = new AntibodyEffect(ActivatedFactor * rabbitT, 0, 6);
        a[(int)ConditioningAgent.RabbitAtg, (int)KillGroup.NkCells] = new AntibodyEffect(rabbitT / 2, 0, 6);
        // Horse ATG per mg/kg: usual doses are ≈ 15× larger (90 vs 6 mg/kg); per equivalent dose ≈ 0.6 of rabbit ATG's T-cell
        // depletion and a shorter half-life (≈ 4 days) — horse ATG depletes CD4 less deeply (assumption from comparative trials).
        const double horseT = rabbitT / 15 * 0.6;
        a[(int)ConditioningAgent.HorseAtg, (int)KillGroup.TCells] = new AntibodyEffect(horseT, 0, 4);
        a[(int)ConditioningAgent.HorseAtg, (int)KillGroup.Treg] = new AntibodyEffect(horseT, 0, 4);
        a[(int)ConditioningAgent.HorseAtg, (int)KillGroup.Autoreactive] = new AntibodyEffect(ActivatedFactor * horseT, 0, 4);
        a[(int)ConditioningAgent.HorseAtg, (int)KillGroup.NkCells] = new AntibodyEffect(horseT / 2, 0, 4);
        // Rituximab per mg/m²: saturating B-cell kill (E_max 0.5 d⁻¹, EC₅₀ 10 mg/m²-equivalents) with a 21-day half-life, so
        // 375 mg/m² depletes B cells for ≈ 4–6 months (assumption; clinical B-cell return 6–9 months).
        a[(int)ConditioningAgent.Rituximab, (int)KillGroup.BCells] = new AntibodyEffect(0.5, 10, 21);

        // Long-lived plasma cells (docs/model.md §19) are non-dividing: each cytotoxic agent kills them as it kills non-dividing
        // marrow cells, except cyclophosphamide, whose post-mitotic kill above was raised for the neutrophil reserve: long-lived
        // plasma cells keep making autoantibody after high-dose cyclophosphamide (Hoyer et al., J Exp Med 2004;199:1577), so they
        // keep the earlier non-dividing value 0.0021 per mg/kg (200 mg/kg leaves 66 %; assumption, range 0–0.004). Antibodies
        // (ATG, rituximab) do not touch them: plasma cells carry neither CD20 nor most T-cell antigens.
        for (int i = 0; i < AgentCount; i++) k[i, (int)KillGroup.PlasmaCells] = k[i, (int)KillGroup.PostMitotic];
        k[(int)ConditioningAgent.Cyclophosphamide, (int)KillGroup.PlasmaCells] = 0.0021;
        return new ConditioningAgentEffects(k, a, spread, DefaultOrganToxicity());
    }

    // Organ-toxicity weights (docs/model.md §18.2): the organ exposure, in units of the organ's reference regimen, of one dose unit.
    private static double[,] DefaultOrganToxicity()
    {
        var w = new double[AgentCount, OrganCount];
        void Set(ConditioningAgent agent, Organ organ, double weight) => w[(int)agent, (int)organ] = weight;
        // Cyclophosphamide cardiotoxicity is dose-dependent and acute: fatal heart failure in 8.5 % after 200, 1.2 % after 120 and
        // 0 % after 100 mg/kg (811 allogeneic recipients, Ann Hematol 2016;95:1145, doi 10.1007/s00277-016-2654-6). Reference 200 mg/kg.
        Set(ConditioningAgent.Cyclophosphamide, Organ.Heart, 1.0 / 200);
        // Cyclophosphamide adds to busulfan's liver injury (its metabolites deplete hepatic glutathione; Bu/Cy has more SOS than
        // Bu/Flu): 120 mg/kg counts as a tenth of the busulfan reference (assumption, range 0.05–0.25; cyclophosphamide alone rarely causes SOS).
        Set(ConditioningAgent.Cyclophosphamide, Organ.Liver, 0.1 / 120);
        Set(ConditioningAgent.Cyclophosphamide, Organ.Lung, 0.1 / 120); // Cy pneumonitis is uncommon (assumption, 0.05–0.25 per 120 mg/kg)
        Set(ConditioningAgent.Busulfan, Organ.Liver, 1.0 / 12.8); // SOS reference: IV Bu 12.8 mg/kg (Coppell et al., BBMT 2010;16:157)
        Set(ConditioningAgent.Busulfan, Organ.Lung, 0.5 / 12.8); // busulfan lung (assumption: half the TBI 12 Gy reference, range 0.25–1)
        Set(ConditioningAgent.Busulfan, Organ.Mucosa, 0.7 / 12.8); // assumption, range 0.4–1
        Set(ConditioningAgent.TotalBodyIrradiation, Organ.Lung, 1.0 / 12); // IPS reference: TBI 12 Gy (Fukuda et al., Blood 2003;102:2777)
        Set(ConditioningAgent.TotalBodyIrradiation, Organ.Liver, 0.4 / 12); // assumption, range 0.2–0.8
        Set(ConditioningAgent.TotalBodyIrradiation, Organ.Kidney, 1.0 / 12); // kidney reference: TBI 12 Gy
        Set(ConditioningAgent.TotalBodyIrradiation, Organ.Mucosa, 0.7 / 12); // assumption, range 0.4–1
        Set(ConditioningAgent.Melphalan, Organ.Mucosa, 1.0 / 200); // mucositis reference: melphalan 200 mg/m²
        Set(ConditioningAgent.Melphalan, Organ.Liver, 0.2 / 200); // assumption, range 0.1–0.4
        Set(ConditioningAgent.Beam, Organ.Mucosa, 1.0); // BEAM contains melphalan 140 mg/m² plus three other agents (assumption, 0.7–1.3)
        Set(ConditioningAgent.Beam, Organ.Lung, 0.3); // carmustine pneumonitis (assumption, 0.15–0.6)
        Set(ConditioningAgent.Beam, Organ.Liver, 0.2); // assumption, 0.1–0.4
        return w;
    }
}

/// <summary>
/// A lasting antibody effect on one lymphoid group: each dose adds its amount (agent unit) to a
/// concentration C that halves every <see cref="HalfLifeDays"/>; the extra death rate is
/// <see cref="MaxRatePerDay"/>·C/(C + <see cref="Ec50"/>), or <see cref="MaxRatePerDay"/>·C when EC₅₀ is 0. Immutable.
/// </summary>
/// <param name="MaxRatePerDay">Maximal extra death rate per day (per agent unit when <see cref="Ec50"/> is 0).</param>
/// <param name="Ec50">Concentration at half effect in the agent's unit; 0 for a linear effect.</param>
/// <param name="HalfLifeDays">Active half-life in days.</param>
/// <remarks>Use it for depleting antibodies (ATG, alemtuzumab, rituximab) whose effect outlasts the dose; a drug that kills at once (an alkylator, TBI) is a log-kill per unit of exposure instead.</remarks>
public sealed record AntibodyEffect(double MaxRatePerDay, double Ec50, double HalfLifeDays);
