#!/usr/bin/env python3
"""Mean-field prototype of the Reconstitution hematopoietic and immune model.

Design tool only (not shipped): pure Python 3.11 standard library, fixed-step RK4.
It mirrors docs/model.md one to one: the same compartments (host 'h' and donor 'd'
copies), the same transitions (reactants -> products with a rate law) and the same
parameters, so the C# ReactionNetwork can be written from the same tables.

Run:  python3 prototype/model_prototype.py            (all checks, ~1-3 minutes)
      python3 prototype/model_prototype.py steady     (one check: steady|engraft|chemo|lympho|disease|autohsct|cohort|cost|bleed|branching)
"""
import math
import random
import sys
from dataclasses import dataclass, field, replace

LN2 = math.log(2.0)

# --------------------------------------------------------------------------------------
# Parameters (defaults = docs/model.md parameter table). Units: days, cells, litres.
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Params:
    # covariates
    age_years: float = 40.0
    sex: str = "M"
    weight_kg: float = 70.0
    disease: str = "none"
    blood_volume_l_per_kg: float = 0.070
    # --- set points (blood values of an average healthy adult) ---
    anc_e9_per_l: float = 4.0
    hb_g_dl_male: float = 15.0
    hb_g_dl_female: float = 13.5
    plt_e9_per_l: float = 250.0
    mono_e9_per_l: float = 0.45
    eos_baso_e9_per_l: float = 0.20        # not modelled dynamically: added to WBC, scaled by ANC ratio
    cd4_naive_per_ul: float = 400.0
    cd4_memory_per_ul: float = 350.0
    treg_per_ul: float = 40.0
    cd8_naive_per_ul: float = 200.0
    cd8_memory_per_ul: float = 250.0
    b_per_ul: float = 300.0
    nk_per_ul: float = 250.0
    other_lymph_fraction: float = 0.05     # gamma-delta / double-negative T etc. added to lymphocyte count
    # --- stem cells ---
    hsc_count: float = 4.0e4               # LT-HSC at rest (not weight scaled; Abkowitz 2002)
    hsc_division_interval_d: float = 280.0 # 40 weeks (Catlin 2011)
    hsc_renewal_max_ratio: float = 30.0    # beta_max / kappa
    hsc_hill: float = 2.0
    st_amp_exponent: int = 7               # H -> 2^7 S1 and S1 -> 2^7 S2 (lumped ST-HSC divisions)
    st_stage_days: float = 10.0
    # --- multipotent progenitor generation chain ---
    mpp_stages: int = 8
    mpp_rate_per_d: float = 0.29            # division rate per stage
    mpp_continue_max: float = 0.90
    mpp_exit_amp: int = 16                 # M_i -> 16 lineage progenitors (4 lumped divisions)
    mpp_hill: float = 2.0
    # --- lineage progenitors (self-renewal q under cytokine feedback) ---
    g_rate: float = 1.5; g_q_ss: float = 0.30; g_q_max: float = 0.45; g_hill: float = 2.0
    e_rate: float = 0.5; e_q_ss: float = 0.30; e_q_max: float = 0.42; e_hill: float = 6.96
    k_rate: float = 0.35; k_q_ss: float = 0.30; k_q_max: float = 0.38; k_hill: float = 1.3
    l_rate: float = 0.3; l_q_ss: float = 0.30; l_q_max: float = 0.45; l_hill: float = 2.0
    # --- neutrophils & monocytes ---
    mitotic_days: float = 5.0              # 4 division stages (myeloblast..myelocyte)
    postmitotic_days: float = 3.9          # Craig 2016
    reserve_days: float = 2.7              # Craig 2016
    neut_half_life_h: float = 12.0         # 6-19 h (physiology.md §2)
    circulating_fraction: float = 0.5      # circulating / (circulating + marginated)
    release_gain_max: float = 4.0          # G-CSF-like max acceleration of reserve release
    mitotic_gain_max: float = 1.6          # G-CSF-like acceleration of the mitotic chain (assumption)
    maturation_gain_max: float = 2.2       # Price 1996: postmitotic 6.4 -> 2.9 d under G-CSF
    gcsf_hill: float = 2.0
    mono_lifespan_d: float = 1.0
    # --- erythroid ---
    erythroblast_days: float = 5.0
    retic_marrow_days: float = 2.0
    rbc_lifespan_d: float = 115.0
    rbc_stages: int = 10
    mch_pg: float = 29.5
    # --- megakaryocytes & platelets ---
    mk_days: float = 5.0
    platelets_per_mk: int = 2000
    plt_lifespan_d: float = 9.5
    plt_stages: int = 4
    spleen_pool_fraction: float = 1.0 / 3.0
    tpo_mk_weight: float = 1000.0          # TPO clearance by MK mass, in platelet equivalents per MK
    # --- lymphoid ---
    blood_fraction_lymph: float = 0.02     # fraction of body T and B cells in blood
    blood_fraction_nk: float = 0.10
    b_precursor_days: float = 10.0
    b_death: float = 0.02
    b_prolif: float = 0.005
    b_hmax: float = 2.0
    nkp_days: float = 7.0
    nk_death: float = 0.069                # Zhang 2007
    nk_prolif: float = 0.043               # Zhang 2007
    nk_hmax: float = 4.0
    # thymus
    thymic_fraction_new_naive: float = 0.15  # den Braber 2012 (10-20%)
    thymus_amp_exponent: int = 10
    thymus_t1_days: float = 14.0
    thymus_t2_days: float = 7.0
    thymus_input_over_output: float = 10.0
    thymus_decline_young_pts: float = 3.0  # TES points per year before 45 (1 point/y after; Steinmann 1985)
    thymus_end_age: float = 105.0          # TES reaches 0 (Steinmann 1985)
    thymus_regen_rate: float = 0.005       # per day, stroma regrowth after damage (assumption)
    treg_thymic_ratio: float = 0.08        # thymic Treg output / thymic CD4 output
    # T-cell kinetics (Vrisekoop 2008)
    naive_cd4_half_life_y: float = 4.2
    naive_cd8_half_life_y: float = 6.5
    memory_cd4_half_life_y: float = 0.4
    memory_cd8_half_life_y: float = 0.7
    naive_conversion_share: float = 1.0 / 3.0
    treg_death: float = 0.02
    il7_hill: float = 2.0
    niche_weight_type: float = 0.2         # weight of memory in the naive homeostatic signal and vice versa
    niche_weight_lineage: float = 0.3      # weight of CD8 in the CD4 homeostatic signal and vice versa
    thymus_il7_gain_max: float = 10.0       # lymphopenia-driven thymic rebound (max capacity gain)
    hmax_naive4: float = 10.0
    hmax_naive8: float = 10.0
    hmax_mem4: float = 3.5
    hmax_mem8: float = 25.0
    hmax_treg: float = 10.0
    # --- autoreactive clone ---
    auto_type: str = "T"
    auto_ref_count: float = 1.0e6
    auto_death: float = 0.05
    auto_birth_over_death_ss: float = 1.5
    auto_pc_rate: float = 0.002            # A -> long-lived plasma cell (B type)
    pc_death: float = 1.0 / 365.0
    ab_half_life_d: float = 21.0
    hemolysis_max: float = 0.020           # per day at DAI = 1 (AIHA)
    plt_destruction_max: float = 1.2       # per day at DAI = 1 (ITP)
    # --- graft / homing ---
    homing: float = 0.5


DISEASES = {
    # type, target, reference burden, birth/death at steady state (assumptions; see model.md §7)
    "none": dict(auto_type="none"),
    "MS":   dict(auto_type="T", auto_ref_count=1e6, auto_birth_over_death_ss=1.5),
    "SSc":  dict(auto_type="T", auto_ref_count=3e6, auto_birth_over_death_ss=1.6),
    "RA":   dict(auto_type="T", auto_ref_count=3e6, auto_birth_over_death_ss=1.4),
    "SLE":  dict(auto_type="B", auto_ref_count=1e6, auto_birth_over_death_ss=1.6),
    "AIHA": dict(auto_type="B", auto_ref_count=1e6, auto_birth_over_death_ss=1.5),
    "ITP":  dict(auto_type="B", auto_ref_count=1e6, auto_birth_over_death_ss=1.5),
}

# Graft composition: fraction of infused CD34+ cells in each model compartment (model.md §9).
GRAFT_SOURCES = {
    # hsc per CD34+, then fractions: M1..M3 (CD34+CD38-), G, E, K, L ; T cells CD3/kg per CD34/kg
    "PB":   dict(homing=1.0, mpp_stages=(1, 2, 3), hsc=3.0e-6, mpp=0.05, g=0.60, e=0.25, k=0.02, l=0.056, cd3_per_cd34=40.0),
    "BM":   dict(homing=1.0, mpp_stages=(1, 2, 3), hsc=3.3e-6, mpp=0.044, g=0.28, e=0.15, k=0.03, l=0.35, cd3_per_cd34=10.0),
    "CB":   dict(homing=0.4, mpp_stages=(1,), hsc=2.4e-5, mpp=0.06, g=0.55, e=0.25, k=0.04, l=0.10, cd3_per_cd34=100.0),
}

ORIGINS = ("h", "d")


def hill_rep(x, k, n):
    if x <= 0.0:
        return 1.0
    return 1.0 / (1.0 + (x / k) ** n)


def norm_rep(x, xstar, gmax, n):
    """Repressing Hill normalised to 1 at x = xstar and gmax at x = 0."""
    r = max(x, 0.0) / xstar
    return gmax / (1.0 + (gmax - 1.0) * r ** n)


def thymus_age_factor(p, age):
    """Relative thymic output vs age 40: proportional to thymic epithelial space (TES), which
    falls by 3 points a year until 45 and by 1 point a year after, reaching 0 at 105
    (Steinmann, Klaus, Mueller-Hermelink, Scand J Immunol 1985; biphasic model)."""
    def tes(a):
        if a >= 45.0:
            return max(p.thymus_end_age - a, 0.5)
        return (p.thymus_end_age - 45.0) + p.thymus_decline_young_pts * (45.0 - a)
    return tes(age) / tes(40.0)


# --------------------------------------------------------------------------------------
# Model building
# --------------------------------------------------------------------------------------
class Model:
    def __init__(self, p: Params):
        if p.disease in DISEASES:
            p = replace(p, **{k: v for k, v in DISEASES[p.disease].items()})
        self.p = p
        self.names = []
        self.idx = {}
        self.trans = []  # (name, rate_fn(x, t), [(index, change), ...])
        self.x0 = []
        self._derive()
        self._build()

    # ---- steady state design (all rates derived from set points) ----
    def _derive(self):
        p = self.p
        s = {}
        W = p.weight_kg
        BV = p.blood_volume_l_per_kg * W
        s["BV"] = BV
        # neutrophils
        kN = LN2 / (p.neut_half_life_h / 24.0)
        NB = p.anc_e9_per_l * 1e9 * BV / p.circulating_fraction
        FN = kN * NB
        Mo = p.mono_e9_per_l * 1e9 * BV
        kMo = 1.0 / p.mono_lifespan_d
        FMo = kMo * Mo
        s.update(kN=kN, NB=NB, FN=FN, Mo=Mo, kMo=kMo, FMo=FMo, f_mo=FMo / (FN + FMo))
        s["kR0"] = 1.0 / p.reserve_days
        s["NR"] = FN * p.reserve_days
        s["kP0"] = 3.0 / p.postmitotic_days
        s["NP"] = FN * p.postmitotic_days / 3.0
        s["kNM"] = 4.0 / p.mitotic_days
        tot = FN + FMo
        s["NM"] = [tot / 2 ** (5 - i) / s["kNM"] for i in range(1, 5)]
        g_events = tot / 16.0 / 2.0  # G -> 2 NM1
        G = g_events / (p.g_rate * (1 - p.g_q_ss))
        s["G"] = G
        s["IG"] = (1 - 2 * p.g_q_ss) * p.g_rate * G
        s["thG"] = NB / (p.g_q_max / p.g_q_ss - 1) ** (1 / p.g_hill)
        # erythroid
        hb = p.hb_g_dl_male if p.sex == "M" else p.hb_g_dl_female
        RBC = hb * 10.0 / (p.mch_pg * 1e-12) * BV
        s["RBC"] = RBC
        s["kRBC"] = p.rbc_stages / p.rbc_lifespan_d
        FR = RBC / p.rbc_lifespan_d
        s["kRet"] = 1.0 / p.retic_marrow_days
        s["Ret"] = FR * p.retic_marrow_days
        s["kEB"] = 4.0 / p.erythroblast_days
        s["EB"] = [FR / 2 ** (5 - i) / s["kEB"] for i in range(1, 5)]
        e_events = FR / 16.0 / 2.0
        E = e_events / (p.e_rate * (1 - p.e_q_ss))
        s["E"] = E
        s["IE"] = (1 - 2 * p.e_q_ss) * p.e_rate * E
        s["thE"] = RBC / (p.e_q_max / p.e_q_ss - 1) ** (1 / p.e_hill)
        # platelets
        Pc = p.plt_e9_per_l * 1e9 * BV
        Pt = Pc / (1 - p.spleen_pool_fraction)
        s["PLT"] = Pt
        s["kPL"] = p.plt_stages / p.plt_lifespan_d
        FP = Pt / p.plt_lifespan_d
        mk_events = FP / p.platelets_per_mk
        s["kMK"] = 3.0 / p.mk_days
        s["MK"] = mk_events / s["kMK"]
        K = mk_events / (p.k_rate * (1 - p.k_q_ss))
        s["K"] = K
        s["IK"] = (1 - 2 * p.k_q_ss) * p.k_rate * K
        tpo_sig = Pt + p.tpo_mk_weight * 3 * s["MK"]
        s["tpo_sig"] = tpo_sig
        s["thK"] = tpo_sig / (p.k_q_max / p.k_q_ss - 1) ** (1 / p.k_hill)
        # lymphoid
        ul = BV * 1e6
        fl, fnk = p.blood_fraction_lymph, p.blood_fraction_nk
        B = p.b_per_ul * ul / fl
        NK = p.nk_per_ul * ul / fnk
        N4 = p.cd4_naive_per_ul * ul / fl
        M4 = p.cd4_memory_per_ul * ul / fl
        N8 = p.cd8_naive_per_ul * ul / fl
        M8 = p.cd8_memory_per_ul * ul / fl
        R = p.treg_per_ul * ul / fl
        s.update(B=B, NK=NK, N4=N4, M4=M4, N8=N8, M8=M8, R=R)
        FB = (p.b_death - p.b_prolif) * B
        s["kBP"] = 2.0 / p.b_precursor_days
        s["BP1"] = FB / 2.0 / s["kBP"]
        s["BP2"] = FB / s["kBP"]
        FNK = (p.nk_death - p.nk_prolif) * NK
        s["kNKP"] = 1.0 / p.nkp_days
        s["NKP"] = FNK * p.nkp_days
        # T cells at reference age 40, then thymic output scaled by age
        lN4 = LN2 / (p.naive_cd4_half_life_y * 365.0)
        lN8 = LN2 / (p.naive_cd8_half_life_y * 365.0)
        dM4 = LN2 / (p.memory_cd4_half_life_y * 365.0)
        dM8 = LN2 / (p.memory_cd8_half_life_y * 365.0)
        th4 = p.thymic_fraction_new_naive * lN4 * N4
        th8 = p.thymic_fraction_new_naive * lN8 * N8
        thR = p.treg_thymic_ratio * th4
        cN4 = p.naive_conversion_share * lN4
        cN8 = p.naive_conversion_share * lN8
        s.update(cN4=cN4, cN8=cN8, dN4=lN4 - cN4, dN8=lN8 - cN8,
                 pN4=lN4 - th4 / N4, pN8=lN8 - th8 / N8,
                 dM4=dM4, dM8=dM8, pM4=dM4 - cN4 * N4 / M4, pM8=dM8 - cN8 * N8 / M8,
                 pR=p.treg_death - thR / R)
        theta40 = th4 + th8 + thR
        s["f4"], s["f8"], s["fR"] = th4 / theta40, th8 / theta40, thR / theta40
        s["S_T"] = N4 + M4 + N8 + M8 + R
        a, b_, c_ = p.niche_weight_type, p.niche_weight_lineage, p.niche_weight_type * p.niche_weight_lineage
        m4r = M4 + R
        s["SN4"] = N4 + a * m4r + b_ * N8 + c_ * M8
        s["SM4"] = m4r + a * N4 + b_ * M8 + c_ * N8
        s["SN8"] = N8 + a * M8 + b_ * N4 + c_ * m4r
        s["SM8"] = M8 + a * N8 + b_ * m4r + c_ * N4
        s["rho"] = R / (N4 + M4 + R)
        # thymus: J = input of thymocytes, theta = output; crowding death makes capacity bind
        kT2 = 1.0 / p.thymus_t2_days
        kT1 = 1.0 / p.thymus_t1_days
        # thymic seeding niches shrink with the epithelial space: input and output both scale with age
        af = thymus_age_factor(p, p.age_years)
        theta = theta40 * af
        J = p.thymus_input_over_output * theta
        seed = J / 2 ** p.thymus_amp_exponent
        T2 = theta / kT2
        dsel = 1.0  # per day at T2 = capacity (crowding death rate scale)
        cap = dsel * T2 * T2 / (J - theta)
        s.update(kT1=kT1, kT2=kT2, seed=seed, T1=seed / kT1, T2=T2, cap=cap, dsel=dsel,
                 theta=theta, theta40=theta40)
        # lineage progenitor L (B, NK, thymus seeding)
        l_events = FB / 2.0 + FNK + seed
        L = l_events / (p.l_rate * (1 - p.l_q_ss))
        s["L"] = L
        s["IL"] = (1 - 2 * p.l_q_ss) * p.l_rate * L
        s["wB"], s["wNK"], s["wT"] = FB / 2.0 / l_events, FNK / l_events, seed / l_events
        s["thL"] = (B + NK) / (p.l_q_max / p.l_q_ss - 1) ** (1 / p.l_hill)
        # MPP chain: total lineage influx, split fractions
        Itot = s["IG"] + s["IE"] + s["IK"] + s["IL"]
        s["wG"], s["wE"], s["wK"], s["wL"] = (s["IG"] / Itot, s["IE"] / Itot,
                                              s["IK"] / Itot, s["IL"] / Itot)
        # H and ST-HSC
        H = p.hsc_count
        kap = 1.0 / p.hsc_division_interval_d / 2.0
        bmax = p.hsc_renewal_max_ratio * kap
        thH = H / (bmax / kap - 1) ** (1 / p.hsc_hill)
        a = 2 ** p.st_amp_exponent
        kS = 1.0 / p.st_stage_days
        S1 = kap * H * a / kS
        S2 = kS * S1 * a / kS
        inM1 = kS * S2 * 2  # S2 -> 2 M1
        s.update(H=H, kap=kap, bmax=bmax, thH=thH, kS=kS, S1=S1, S2=S2, inM1=inM1)
        # M chain at continue prob c*: output per M1 and required exit stoichiometry
        n = p.mpp_stages
        ex = lambda c: sum((4 * c) ** (i - 1) * (1 - c) for i in range(1, n)) + (4 * c) ** (n - 1)
        need = Itot / (inM1 * p.mpp_exit_amp)
        lo, hi = 0.0, p.mpp_continue_max
        if not (ex(lo) < need < ex(hi)):
            raise ValueError("MPP chain cannot deliver the lineage influx: need %.3g exits per M1" % need)
        for _ in range(100):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if ex(mid) < need else (lo, mid)
        c = 0.5 * (lo + hi)
        s["c_ss"] = c
        Ms = []
        inflow = inM1
        for i in range(1, n + 1):
            out_rate = p.mpp_rate_per_d
            Mi = inflow / out_rate
            Ms.append(Mi)
            inflow = 4 * c * out_rate * Mi if i < n else 0.0
        s["M"] = Ms
        lin_total = 4.0  # sum of X/X* over the four lineage progenitors
        s["lin_total"] = lin_total
        s["thC"] = lin_total / (p.mpp_continue_max / c - 1) ** (1 / p.mpp_hill)
        self.s = s

    def _add_comp(self, name, x0):
        self.idx[name] = len(self.names)
        self.names.append(name)
        self.x0.append(x0)

    def _t(self, name, rate, changes):
        self.trans.append((name, rate, [(self.idx[c], v) for c, v in changes]))

    def _build(self):
        p, s = self.p, self.s
        nM, nR, nP = p.mpp_stages, p.rbc_stages, p.plt_stages
        for o in ORIGINS:
            f = 1.0 if o == "h" else 0.0
            self._add_comp(o + "H", s["H"] * f)
            self._add_comp(o + "S1", s["S1"] * f)
            self._add_comp(o + "S2", s["S2"] * f)
            for i in range(nM):
                self._add_comp(o + "MPP%d" % (i + 1), s["M"][i] * f)
            for c in ("G", "E", "K", "L"):
                self._add_comp(o + c, s[c] * f)
            for i in range(4):
                self._add_comp(o + "NM%d" % (i + 1), s["NM"][i] * f)
            for i in range(3):
                self._add_comp(o + "NP%d" % (i + 1), s["NP"] * f)
            self._add_comp(o + "NR", s["NR"] * f)
            self._add_comp(o + "NB", s["NB"] * f)
            self._add_comp(o + "Mo", s["Mo"] * f)
            for i in range(4):
                self._add_comp(o + "EB%d" % (i + 1), s["EB"][i] * f)
            self._add_comp(o + "Ret", s["Ret"] * f)
            for i in range(nR):
                self._add_comp(o + "RBC%d" % (i + 1), s["RBC"] / nR * f)
            for i in range(3):
                self._add_comp(o + "MK%d" % (i + 1), s["MK"] * f)
            for i in range(nP):
                self._add_comp(o + "PLT%d" % (i + 1), s["PLT"] / nP * f)
            self._add_comp(o + "BP1", s["BP1"] * f)
            self._add_comp(o + "BP2", s["BP2"] * f)
            self._add_comp(o + "B", s["B"] * f)
            self._add_comp(o + "NKP", s["NKP"] * f)
            self._add_comp(o + "NK", s["NK"] * f)
            self._add_comp(o + "T1", s["T1"] * f)
            self._add_comp(o + "T2", s["T2"] * f)
            for c in ("N4", "M4", "N8", "M8", "R"):
                self._add_comp(o + c, s[c] * f)
        # shared host tissue and autoreactive lineage
        self._add_comp("Thy", 1.0e6)      # thymic stroma, 1e6 = intact for age
        self._add_comp("Niche", 1.0e6)    # marrow niche, 1e6 = intact
        self._add_comp("A", 0.0)
        self._add_comp("PC", 0.0)
        self._add_comp("Ab", 0.0)
        self.x = list(self.x0)
        self._build_transitions()
        if p.auto_type != "none":
            self._init_disease()

    # sums used by feedback
    def _sum(self, x, comps):
        return sum(x[self.idx[o + c]] for o in ORIGINS for c in comps)

    def _build_transitions(self):
        p, s, I = self.p, self.s, self.idx
        nM, nR, nP = p.mpp_stages, p.rbc_stages, p.plt_stages
        # index groups for feedback signals (computed once per derivative call)
        self.grp = {
            "NB": [I[o + "NB"] for o in ORIGINS],
            "RBC": [I[o + "RBC%d" % (i + 1)] for o in ORIGINS for i in range(nR)],
            "PLT": [I[o + "PLT%d" % (i + 1)] for o in ORIGINS for i in range(nP)],
            "MK": [I[o + "MK%d" % (i + 1)] for o in ORIGINS for i in range(3)],
            "LIN": [I[o + c] for o in ORIGINS for c in ("G", "E", "K", "L")],
            "BNK": [I[o + c] for o in ORIGINS for c in ("B", "NK")],
            "B": [I[o + "B"] for o in ORIGINS],
            "NK": [I[o + "NK"] for o in ORIGINS],
            "T": [I[o + c] for o in ORIGINS for c in ("N4", "M4", "N8", "M8", "R")],
            "C4": [I[o + c] for o in ORIGINS for c in ("N4", "M4")],
            "CD4": [I[o + c] for o in ORIGINS for c in ("N4", "M4", "R")],
            "N4": [I[o + "N4"] for o in ORIGINS],
            "M4": [I[o + "M4"] for o in ORIGINS],
            "N8": [I[o + "N8"] for o in ORIGINS],
            "M8": [I[o + "M8"] for o in ORIGINS],
            "R": [I[o + "R"] for o in ORIGINS],
            "THY": [I[o + c] for o in ORIGINS for c in ("T2",)],
            "H": [I[o + "H"] for o in ORIGINS],
        }
        self.lin_w = [1.0 / s[c] for o in ORIGINS for c in ("G", "E", "K", "L")]
        self.extra_death = {}  # name -> per-day extra death on a group (conditioning hooks, ATG)
        T = self._t
        F = self.sig  # feedback cache dict, filled in deriv()
        aS = 2 ** p.st_amp_exponent
        for o in ORIGINS:
            H, S1, S2 = I[o + "H"], I[o + "S1"], I[o + "S2"]
            # HSC: niche-regulated self-renewal, constant differentiation
            T(o + "H.renew", lambda x, t, H=H: s["bmax"] * hill_rep(F["H"], s["thH"] * F["niche"], p.hsc_hill) * x[H], [(o + "H", +1)])
            T(o + "H.diff", lambda x, t, H=H: s["kap"] * x[H], [(o + "H", -1), (o + "S1", aS)])
            T(o + "S1.out", lambda x, t, S1=S1: s["kS"] * x[S1], [(o + "S1", -1), (o + "S2", aS)])
            T(o + "S2.out", lambda x, t, S2=S2: s["kS"] * x[S2], [(o + "S2", -1), (o + "MPP1", 2)])
            # MPP generation chain: continue (x4 = two divisions) or exit to lineages
            for i in range(1, nM + 1):
                Mi = I[o + "MPP%d" % i]
                if i < nM:
                    T(o + "MPP%d.cont" % i, lambda x, t, Mi=Mi: p.mpp_rate_per_d * F["cont"] * x[Mi],
                      [(o + "MPP%d" % i, -1), (o + "MPP%d" % (i + 1), 4)])
                    ex = lambda x, t, Mi=Mi: p.mpp_rate_per_d * (1 - F["cont"]) * x[Mi]
                else:
                    ex = lambda x, t, Mi=Mi: p.mpp_rate_per_d * x[Mi]
                for lin, w in (("G", s["wG"]), ("E", s["wE"]), ("K", s["wK"]), ("L", s["wL"])):
                    T(o + "MPP%d.to%s" % (i, lin), lambda x, t, ex=ex, w=w: w * ex(x, t),
                      [(o + "MPP%d" % i, -1), (o + lin, p.mpp_exit_amp)])
            # lineage progenitors
            for lin, rate, qkey, th, hn, dest, adest in (
                    ("G", p.g_rate, "qG", None, None, "NM1", 2),
                    ("E", p.e_rate, "qE", None, None, "EB1", 2),
                    ("K", p.k_rate, "qK", None, None, "MK1", 1)):
                X = I[o + lin]
                T(o + lin + ".renew", lambda x, t, X=X, rate=rate, qkey=qkey: rate * F[qkey] * x[X], [(o + lin, +1)])
                T(o + lin + ".diff", lambda x, t, X=X, rate=rate, qkey=qkey: rate * (1 - F[qkey]) * x[X],
                  [(o + lin, -1), (o + dest, adest)])
            Lx = I[o + "L"]
            T(o + "L.renew", lambda x, t, X=Lx: p.l_rate * F["qL"] * x[X], [(o + "L", +1)])
            for dest, w in (("BP1", s["wB"]), ("NKP", s["wNK"]), ("T1", s["wT"])):
                T(o + "L.to" + dest, lambda x, t, X=Lx, w=w: w * p.l_rate * (1 - F["qL"]) * x[X],
                  [(o + "L", -1), (o + dest, 1)])
            # neutrophil mitotic chain
            for i in range(1, 5):
                Xi = I[o + "NM%d" % i]
                if i < 4:
                    T(o + "NM%d.div" % i, lambda x, t, Xi=Xi: s["kNM"] * F["gM"] * x[Xi],
                      [(o + "NM%d" % i, -1), (o + "NM%d" % (i + 1), 2)])
                else:
                    T(o + "NM4.toNP", lambda x, t, Xi=Xi: (1 - s["f_mo"]) * s["kNM"] * F["gM"] * x[Xi],
                      [(o + "NM4", -1), (o + "NP1", 2)])
                    T(o + "NM4.toMo", lambda x, t, Xi=Xi: s["f_mo"] * s["kNM"] * F["gM"] * x[Xi],
                      [(o + "NM4", -1), (o + "Mo", 2)])
            for i in range(1, 4):
                Xi = I[o + "NP%d" % i]
                nxt = "NP%d" % (i + 1) if i < 3 else "NR"
                T(o + "NP%d.mat" % i, lambda x, t, Xi=Xi: s["kP0"] * F["gP"] * x[Xi],
                  [(o + "NP%d" % i, -1), (o + nxt, 1)])
            NR, NB, Mo = I[o + "NR"], I[o + "NB"], I[o + "Mo"]
            T(o + "NR.release", lambda x, t, X=NR: s["kR0"] * F["gR"] * x[X], [(o + "NR", -1), (o + "NB", 1)])
            T(o + "NB.death", lambda x, t, X=NB: s["kN"] * x[X], [(o + "NB", -1)])
            T(o + "Mo.death", lambda x, t, X=Mo: s["kMo"] * x[X], [(o + "Mo", -1)])
            # erythroid
            for i in range(1, 5):
                Xi = I[o + "EB%d" % i]
                nxt = "EB%d" % (i + 1) if i < 4 else "Ret"
                T(o + "EB%d.div" % i, lambda x, t, Xi=Xi: s["kEB"] * x[Xi], [(o + "EB%d" % i, -1), (o + nxt, 2)])
            Ret = I[o + "Ret"]
            T(o + "Ret.out", lambda x, t, X=Ret: s["kRet"] * x[X], [(o + "Ret", -1), (o + "RBC1", 1)])
            for i in range(1, nR + 1):
                Xi = I[o + "RBC%d" % i]
                ch = [(o + "RBC%d" % i, -1)] + ([(o + "RBC%d" % (i + 1), 1)] if i < nR else [])
                T(o + "RBC%d.age" % i, lambda x, t, Xi=Xi: s["kRBC"] * x[Xi], ch)
                T(o + "RBC%d.lysis" % i, lambda x, t, Xi=Xi: F["hemolysis"] * x[Xi], [(o + "RBC%d" % i, -1)])
            # megakaryocytes and platelets
            for i in range(1, 4):
                Xi = I[o + "MK%d" % i]
                ch = [(o + "MK%d" % i, -1)] + ([(o + "MK%d" % (i + 1), 1)] if i < 3 else [(o + "PLT1", p.platelets_per_mk)])
                T(o + "MK%d.mat" % i, lambda x, t, Xi=Xi: s["kMK"] * x[Xi], ch)
            for i in range(1, nP + 1):
                Xi = I[o + "PLT%d" % i]
                ch = [(o + "PLT%d" % i, -1)] + ([(o + "PLT%d" % (i + 1), 1)] if i < nP else [])
                T(o + "PLT%d.age" % i, lambda x, t, Xi=Xi: s["kPL"] * x[Xi], ch)
                T(o + "PLT%d.destroy" % i, lambda x, t, Xi=Xi: F["pltdestroy"] * x[Xi], [(o + "PLT%d" % i, -1)])
            # B and NK
            BP1, BP2, Bc, NKP, NK = I[o + "BP1"], I[o + "BP2"], I[o + "B"], I[o + "NKP"], I[o + "NK"]
            T(o + "BP1.div", lambda x, t, X=BP1: s["kBP"] * x[X], [(o + "BP1", -1), (o + "BP2", 2)])
            T(o + "BP2.out", lambda x, t, X=BP2: s["kBP"] * x[X], [(o + "BP2", -1), (o + "B", 1)])
            T(o + "B.prolif", lambda x, t, X=Bc: p.b_prolif * F["hB"] * x[X], [(o + "B", +1)])
            T(o + "B.death", lambda x, t, X=Bc: (p.b_death + F["xB"]) * x[X], [(o + "B", -1)])
            T(o + "NKP.out", lambda x, t, X=NKP: s["kNKP"] * x[X], [(o + "NKP", -1), (o + "NK", 1)])
            T(o + "NK.prolif", lambda x, t, X=NK: p.nk_prolif * F["hNK"] * x[X], [(o + "NK", +1)])
            T(o + "NK.death", lambda x, t, X=NK: (p.nk_death + F["xNK"]) * x[X], [(o + "NK", -1)])
            # thymus
            T1, T2 = I[o + "T1"], I[o + "T2"]
            T(o + "T1.out", lambda x, t, X=T1: s["kT1"] * x[X], [(o + "T1", -1), (o + "T2", 2 ** p.thymus_amp_exponent)])
            T(o + "T2.select", lambda x, t, X=T2: s["dsel"] * F["thycrowd"] * x[X], [(o + "T2", -1)])
            for dest, w in (("N4", s["f4"]), ("N8", s["f8"]), ("R", s["fR"])):
                T(o + "T2.to" + dest, lambda x, t, X=T2, w=w: w * s["kT2"] * x[X], [(o + "T2", -1), (o + dest, 1)])
            # peripheral T
            N4, M4, N8, M8, R = (I[o + c] for c in ("N4", "M4", "N8", "M8", "R"))
            T(o + "N4.prolif", lambda x, t, X=N4: s["pN4"] * F["hN4"] * x[X], [(o + "N4", +1)])
            T(o + "N4.death", lambda x, t, X=N4: (s["dN4"] + F["xT"]) * x[X], [(o + "N4", -1)])
            T(o + "N4.toM4", lambda x, t, X=N4: s["cN4"] * x[X], [(o + "N4", -1), (o + "M4", 1)])
            T(o + "M4.prolif", lambda x, t, X=M4: s["pM4"] * F["hM4"] * x[X], [(o + "M4", +1)])
            T(o + "M4.death", lambda x, t, X=M4: (s["dM4"] + F["xT"]) * x[X], [(o + "M4", -1)])
            T(o + "N8.prolif", lambda x, t, X=N8: s["pN8"] * F["hN8"] * x[X], [(o + "N8", +1)])
            T(o + "N8.death", lambda x, t, X=N8: (s["dN8"] + F["xT"]) * x[X], [(o + "N8", -1)])
            T(o + "N8.toM8", lambda x, t, X=N8: s["cN8"] * x[X], [(o + "N8", -1), (o + "M8", 1)])
            T(o + "M8.prolif", lambda x, t, X=M8: s["pM8"] * F["hM8"] * x[X], [(o + "M8", +1)])
            T(o + "M8.death", lambda x, t, X=M8: (s["dM8"] + F["xT"]) * x[X], [(o + "M8", -1)])
            T(o + "R.prolif", lambda x, t, X=R: s["pR"] * F["hR"] * x[X], [(o + "R", +1)])
            T(o + "R.death", lambda x, t, X=R: (p.treg_death + F["xT"]) * x[X], [(o + "R", -1)])
        # thymic stroma and marrow niche regrowth (logistic, units of 1e6 = intact)
        Thy, Nic = I["Thy"], I["Niche"]
        T("Thy.regrow", lambda x, t: p.thymus_regen_rate * x[Thy] * max(0.0, 1 - x[Thy] / 1e6), [("Thy", +1)])
        T("Niche.regrow", lambda x, t: 0.01 * x[Nic] * max(0.0, 1 - x[Nic] / 1e6), [("Niche", +1)])
        # autoreactive clone (host), plasma cells, antibody
        A, PC, Ab = I["A"], I["PC"], I["Ab"]
        T("A.birth", lambda x, t: F["bA"] * x[A], [("A", +1)])
        T("A.death", lambda x, t: (p.auto_death + F["xA"]) * x[A], [("A", -1)])
        if p.auto_type == "B":
            T("A.toPC", lambda x, t: p.auto_pc_rate * x[A], [("PC", +1)])  # asymmetric: A stays
            T("PC.death", lambda x, t: p.pc_death * x[PC], [("PC", -1)])
            T("PC.secrete", lambda x, t: x[PC], [("Ab", +1)])
            T("Ab.decay", lambda x, t: LN2 / p.ab_half_life_d * x[Ab], [("Ab", -1)])

    sig = {}

    def _init_disease(self):
        p, s, I = self.p, self.s, self.idx
        A = p.auto_ref_count
        self.bmaxA = 2.0 * p.auto_birth_over_death_ss * p.auto_death  # rho50 = rho*: b(rho*) = bmax/2
        self.KA = A / (p.auto_birth_over_death_ss - 1.0)
        self.x[I["A"]] = A
        if p.auto_type == "B":
            PC = p.auto_pc_rate * A / p.pc_death
            self.x[I["PC"]] = PC
            self.x[I["Ab"]] = PC / (LN2 / p.ab_half_life_d)
        self.ref_driver = self.driver(self.x)

    def driver(self, x):
        I = self.idx
        if self.p.auto_type == "B":
            return x[I["Ab"]]
        return x[I["A"]]

    def dai(self, x):
        """Disease activity index in [0,1): driver/(driver + ref/3); 0.75 for the reference patient."""
        if self.p.auto_type == "none":
            return 0.0
        d = self.driver(x)
        k = self.ref_driver / 3.0
        return d / (d + k)

    # ---- feedback signals (one evaluation per derivative call) ----
    def compute_signals(self, x, t):
        p, s, g, F = self.p, self.s, self.grp, self.sig
        sm = lambda key: sum(x[i] for i in g[key])
        NB = sm("NB")
        F["H"] = sm("H")
        F["niche"] = max(x[self.idx["Niche"]] / 1e6, 1e-6)
        # progenitor density, each lineage weighted by 1/set point so one stressed lineage cannot starve the others
        lin = sum(x[i] * w for i, w in zip(g["LIN"], self.lin_w))
        F["cont"] = p.mpp_continue_max * hill_rep(lin, s["thC"], p.mpp_hill)
        F["qG"] = p.g_q_max * hill_rep(NB, s["thG"], p.g_hill)
        F["gR"] = norm_rep(NB, s["NB"], p.release_gain_max, p.gcsf_hill)
        F["gP"] = norm_rep(NB, s["NB"], p.maturation_gain_max, p.gcsf_hill)
        F["gM"] = norm_rep(NB, s["NB"], p.mitotic_gain_max, p.gcsf_hill)
        F["qE"] = p.e_q_max * hill_rep(sm("RBC"), s["thE"], p.e_hill)
        F["qK"] = p.k_q_max * hill_rep(sm("PLT") + p.tpo_mk_weight * sm("MK"), s["thK"], p.k_hill)
        F["qL"] = p.l_q_max * hill_rep(sm("BNK"), s["thL"], p.l_hill)
        F["hB"] = norm_rep(sm("B"), s["B"], p.b_hmax, 2.0)
        F["hNK"] = norm_rep(sm("NK"), s["NK"], p.nk_hmax, 2.0)
        ST = sm("T")
        n4, m4, n8, m8 = sm("N4"), sm("M4") + sm("R"), sm("N8"), sm("M8")
        a, b_, c_ = p.niche_weight_type, p.niche_weight_lineage, p.niche_weight_type * p.niche_weight_lineage
        F["hN4"] = norm_rep(n4 + a * m4 + b_ * n8 + c_ * m8, s["SN4"], p.hmax_naive4, p.il7_hill)
        F["hM4"] = norm_rep(m4 + a * n4 + b_ * m8 + c_ * n8, s["SM4"], p.hmax_mem4, p.il7_hill)
        F["hN8"] = norm_rep(n8 + a * m8 + b_ * n4 + c_ * m4, s["SN8"], p.hmax_naive8, p.il7_hill)
        F["hM8"] = norm_rep(m8 + a * n8 + b_ * m4 + c_ * n4, s["SM8"], p.hmax_mem8, p.il7_hill)
        F["hThy"] = norm_rep(ST, s["S_T"], p.thymus_il7_gain_max, p.il7_hill)
        C4 = sm("C4")
        R = sm("R")
        target = s["rho"] / (1 - s["rho"]) * max(C4, 1.0)
        F["hR"] = norm_rep(R, target, p.hmax_treg, 2.0)
        cap = s["cap"] * x[self.idx["Thy"]] / 1e6 * F["hThy"]
        F["thycrowd"] = sm("THY") / max(cap, 1e-9)
        # conditioning hooks: extra death rates (ATG etc.)
        F["xT"] = self.extra_rate("T", t)
        F["xB"] = self.extra_rate("B", t)
        F["xNK"] = self.extra_rate("NK", t)
        F["xA"] = self.extra_rate("A", t)
        # autoreactive clone
        if p.auto_type != "none":
            rho = R / max(C4 + R, 1.0)
            A = x[self.idx["A"]]
            F["bA"] = self.bmaxA * hill_rep(rho, s["rho"], 2.0) / (1 + A / self.KA)
            dai = self.dai(x)
            F["hemolysis"] = p.hemolysis_max * dai if p.disease == "AIHA" else 0.0
            F["pltdestroy"] = p.plt_destruction_max * dai if p.disease == "ITP" else 0.0
        else:
            F["bA"] = 0.0
            F["hemolysis"] = 0.0
            F["pltdestroy"] = 0.0

    def extra_rate(self, group, t):
        r = 0.0
        for (grp, t0, k0, half) in self.extra_death.get(group, ()):
            if t >= t0:
                r += k0 * math.exp(-LN2 * (t - t0) / half)
        return r

    def deriv(self, x, t):
        self.compute_signals(x, t)
        dx = [0.0] * len(x)
        for name, rate, ch in self.trans:
            r = rate(x, t)
            if r != 0.0:
                for i, v in ch:
                    dx[i] += v * r
        return dx

    def step(self, t, dt):
        x = self.x
        k1 = self.deriv(x, t)
        x2 = [a + 0.5 * dt * b for a, b in zip(x, k1)]
        k2 = self.deriv(x2, t + 0.5 * dt)
        x3 = [a + 0.5 * dt * b for a, b in zip(x, k2)]
        k3 = self.deriv(x3, t + 0.5 * dt)
        x4 = [a + dt * b for a, b in zip(x, k3)]
        k4 = self.deriv(x4, t + dt)
        self.x = [max(0.0, a + dt / 6.0 * (b + 2 * c + 2 * d + e)) for a, b, c, d, e in zip(x, k1, k2, k3, k4)]

    # ---- hooks ----
    def kill(self, survival_by_group):
        """Log-kill hook: multiply every compartment of a group (both origins) by its survival."""
        for grp, sv in survival_by_group.items():
            for name in KILL_GROUPS[grp]:
                for o in ORIGINS:
                    nm = o + name if (o + name) in self.idx else None
                    if nm:
                        self.x[self.idx[nm]] *= sv
                if name in self.idx:
                    self.x[self.idx[name]] *= sv

    def infuse(self, source, cd34_per_kg, cd3_per_kg=None, origin="d", t_depletion_logs=0.0):
        p, s = self.p, self.s
        gs = GRAFT_SOURCES[source]
        n34 = cd34_per_kg * p.weight_kg
        h = p.homing * gs["homing"]
        I = self.idx
        o = origin
        self.x[I[o + "H"]] += n34 * gs["hsc"] * h
        mpp = n34 * gs["mpp"] * h
        stages = gs["mpp_stages"]
        for i in stages:
            self.x[I[o + "MPP%d" % i]] += mpp / len(stages)
        for lin in ("g", "e", "k", "l"):
            self.x[I[o + lin.upper()]] += n34 * gs[lin] * h
        if cd3_per_kg is None:
            cd3_per_kg = gs["cd3_per_cd34"] * cd34_per_kg
        n3 = cd3_per_kg * p.weight_kg * 10 ** (-t_depletion_logs)
        # graft T-cell phenotype (assumption): CD4:CD8 2:1, half naive, 5% of CD4 Treg
        self.x[I[o + "N4"]] += n3 * 0.6667 * 0.475
        self.x[I[o + "M4"]] += n3 * 0.6667 * 0.475
        self.x[I[o + "R"]] += n3 * 0.6667 * 0.05
        self.x[I[o + "N8"]] += n3 * 0.3333 * 0.5
        self.x[I[o + "M8"]] += n3 * 0.3333 * 0.5

    # ---- readouts ----
    def readouts(self, x=None):
        x = self.x if x is None else x
        p, s, I = self.p, self.s, self.idx
        BV = s["BV"]
        ul = BV * 1e6
        tot = lambda comps: sum(x[I[o + c]] for o in ORIGINS for c in comps)
        anc = tot(["NB"]) * p.circulating_fraction / BV / 1e9
        mono = tot(["Mo"]) / BV / 1e9
        rbc = tot(["RBC%d" % (i + 1) for i in range(p.rbc_stages)])
        hb = rbc * p.mch_pg * 1e-12 / BV / 10.0
        plt = tot(["PLT%d" % (i + 1) for i in range(p.plt_stages)]) * (1 - p.spleen_pool_fraction) / BV / 1e9
        fl, fnk = p.blood_fraction_lymph, p.blood_fraction_nk
        cd4 = tot(["N4", "M4", "R"]) * fl / ul
        cd8 = tot(["N8", "M8"]) * fl / ul
        b = tot(["B"]) * fl / ul
        nk = tot(["NK"]) * fnk / ul
        lymph = (cd4 + cd8 + b + nk) * (1 + p.other_lymph_fraction) / 1000.0
        eb = p.eos_baso_e9_per_l * anc / p.anc_e9_per_l
        wbc = anc + mono + lymph + eb
        donor_my = x[I["dNB"]] / max(tot(["NB"]), 1e-30)
        donor_t = sum(x[I["d" + c]] for c in ("N4", "M4", "N8", "M8", "R")) / max(tot(["N4", "M4", "N8", "M8", "R"]), 1e-30)
        return dict(ANC=anc, Hb=hb, PLT=plt, WBC=wbc, Lymph=lymph, Mono=mono,
                    CD4=cd4, CD8=cd8, B=b, NK=nk, Treg_pct=100 * tot(["R"]) / max(tot(["N4", "M4", "R"]), 1e-30),
                    naiveCD4=tot(["N4"]) * fl / ul,
                    HSC=tot(["H"]), donor_myeloid_pct=100 * donor_my, donor_T_pct=100 * donor_t,
                    A=x[I["A"]], DAI=self.dai(x))

    def production(self):
        """Daily production into blood (cells/day) of neutrophils, red cells, platelets."""
        x, s, p, I = self.x, self.s, self.p, self.idx
        self.compute_signals(x, 0.0)
        neut = sum(s["kR0"] * self.sig["gR"] * x[I[o + "NR"]] for o in ORIGINS)
        red = sum(s["kRet"] * x[I[o + "Ret"]] for o in ORIGINS)
        plt = sum(s["kMK"] * x[I[o + "MK3"]] * p.platelets_per_mk for o in ORIGINS)
        return neut, red, plt


# compartment groups for the conditioning hook (model.md §10)
KILL_GROUPS = {
    "HSC": ["H"],
    "ST": ["S1", "S2"],
    "MPP": ["MPP%d" % i for i in range(1, 9)],
    "PROG": ["G", "E", "K", "L"],
    "MITOTIC": ["NM1", "NM2", "NM3", "NM4", "EB1", "EB2", "EB3", "EB4", "BP1", "BP2", "MK1", "MK2", "MK3"],
    "POSTMITOTIC": ["NP1", "NP2", "NP3", "NR", "Ret", "NKP"],
    "THYMOCYTE": ["T1", "T2"],
    "T": ["N4", "M4", "N8", "M8"],
    "TREG": ["R"],
    "B": ["B"],
    "NK": ["NK"],
    "AUTO": ["A"],
    "THYMUS": ["Thy"],
    "NICHE": ["Niche"],
}


def simulate(m, t_end, dt=0.1, events=(), t0=0.0, record_every=1.0, on_record=None):
    """Integrate from t0 to t_end; events = [(time, fn(model))] applied at exact times."""
    ev = sorted(events, key=lambda e: e[0])
    t = t0
    k = 0
    next_rec = t0
    out = []
    while t < t_end - 1e-9:
        while k < len(ev) and ev[k][0] <= t + 1e-9:
            ev[k][1](m)
            k += 1
        if t >= next_rec - 1e-9:
            r = m.readouts()
            r["t"] = t
            out.append(r)
            next_rec += record_every
        h = dt
        if k < len(ev):
            h = min(h, ev[k][0] - t)
        h = min(h, t_end - t)
        m.step(t, h)
        t += h
    r = m.readouts()
    r["t"] = t
    out.append(r)
    return out


def first_sustained(traj, key, thr, after_day, n=3, above=True):
    ok = 0
    for i, r in enumerate(traj):
        if r["t"] < after_day - 1e-9:
            continue
        cond = r[key] >= thr if above else r[key] < thr
        ok = ok + 1 if cond else 0
        if ok == n:
            return traj[i - n + 1]["t"]
    return None


# --------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------
def fmt(r, keys):
    return "  ".join("%s=%s" % (k, ("%.3g" % r[k]) if isinstance(r[k], float) else r[k]) for k in keys)


NORMAL = dict(ANC=(2.0, 7.5), Hb=(13.5, 17.5), PLT=(150, 450), WBC=(3.5, 10.5), Lymph=(1.3, 4.0),
              CD4=(440, 1496), CD8=(270, 918), B=(140, 476), NK=(160, 544))
KEYS = ["ANC", "Hb", "PLT", "WBC", "Lymph", "CD4", "CD8", "B", "NK", "Treg_pct", "HSC"]


def check_steady():
    print("== (a) healthy steady state, 5 years untreated ==")
    for age, sex in ((40, "M"), (25, "F"), (65, "M")):
        m = Model(Params(age_years=age, sex=sex))
        norm = dict(NORMAL)
        if sex == "F":
            norm["Hb"] = (12.0, 15.5)
        tr = simulate(m, 5 * 365.0, dt=0.25, record_every=365.0)
        for r in (tr[0], tr[-1]):
            print("  age %d %s day %4d: %s" % (age, sex, r["t"], fmt(r, KEYS)))
        bad = [k for k, (lo, hi) in norm.items() if not (lo <= tr[-1][k] <= hi)]
        drift = max(abs(tr[-1][k] / tr[0][k] - 1) for k in NORMAL)
        neut, red, plt = m.production()
        print("    production/day: neutrophils %.2e, red cells %.2e, platelets %.2e; max drift %.1f%%; out of range: %s"
              % (neut, red, plt, 100 * drift, bad or "none"))


def conditioning_myeloablative(m, day):
    """Generic myeloablative regimen (Bu/Cy- or BEAM-like), 6 daily doses on days -7..-2."""
    sv = dict(HSC=0.1, ST=0.1, MPP=0.2, PROG=0.25, MITOTIC=0.25, POSTMITOTIC=0.85,
              THYMOCYTE=0.3, T=0.4, TREG=0.4, B=0.4, NK=0.5, AUTO=0.4, THYMUS=0.9)
    return [(day + i, lambda m, sv=sv: m.kill(sv)) for i in range(6)]


def mtx_doses(m, days=(1, 3, 6, 11)):
    """Methotrexate GVHD prophylaxis: cytotoxic for cycling marrow cells (15 then 10 mg/m2)."""
    sv = dict(PROG=0.65, MITOTIC=0.65, MPP=0.8)
    return [(d, lambda m, sv=sv: m.kill(sv)) for d in days]


def engraft_run(source, cd34_per_kg, mtx=False, age=45, origin="d", homing=None, verbose=False):
    p = Params(age_years=age) if homing is None else Params(age_years=age, homing=homing)
    m = Model(p)
    ev = conditioning_myeloablative(m, -7.0)
    ev.append((0.0, lambda m: m.infuse(source, cd34_per_kg, origin=origin)))
    if mtx:
        ev += mtx_doses(m)
    tr = simulate(m, 120.0, dt=0.1, events=ev, t0=-8.0, record_every=1.0)
    nadir = min((r for r in tr if r["t"] >= 0), key=lambda r: r["ANC"])
    d_n = first_sustained(tr, "ANC", 0.5, nadir["t"])
    pn = min((r for r in tr if r["t"] >= 0), key=lambda r: r["PLT"])
    d_p = first_sustained(tr, "PLT", 20.0, pn["t"])
    below20 = sum(1 for r in tr if r["t"] >= 0 and r["PLT"] < 20)
    below10 = sum(1 for r in tr if r["t"] >= 0 and r["PLT"] < 10)
    if verbose:
        for r in tr:
            if r["t"] in (0, 5, 7, 10, 14, 21, 28, 60, 100) or abs(r["t"] - round(r["t"])) < 1e-6 and int(round(r["t"])) in (0, 5, 7, 10, 14, 21, 28, 60, 100):
                print("     d%4.0f %s" % (r["t"], fmt(r, ["ANC", "PLT", "Hb", "donor_myeloid_pct", "HSC"])))
    return d_n, d_p, below20, below10, tr


def check_engraftment():
    print("== (b) myeloablation + graft: engraftment day (ANC>=0.5 x3 d; PLT>=20 x3 d, no transfusion modelled) ==")
    rows = [("auto PBSC", "PB", 11.5e6, False, "h"),
            ("auto PBSC", "PB", 5.0e6, False, "h"),
            ("auto PBSC", "PB", 2.0e6, False, "h"),
            ("auto PBSC", "PB", 25e6, False, "h"),
            ("allo PBSC sibling + MTX", "PB", 6.0e6, True, "d"),
            ("allo PBSC sibling, no MTX", "PB", 6.0e6, False, "d"),
            ("allo BM + MTX", "BM", 2.5e6, True, "d"),
            ("allo BM, no MTX", "BM", 2.5e6, False, "d"),
            ("single cord", "CB", 2.0e5, False, "d"),
            ("single cord, low", "CB", 1.2e5, False, "d"),
            ("single cord, very low", "CB", 0.6e5, False, "d"),
            ("single cord, 3e4", "CB", 3.0e4, False, "d"),
            ("single cord, 1.5e4", "CB", 1.5e4, False, "d")]
    res = []
    for label, src, dose, mtx, org in rows:
        dn, dp, b20, b10, tr = engraft_run(src, dose, mtx=mtx, origin=org)
        last = tr[-1]
        print("  %-26s %-2s CD34 %.2e/kg: ANC day %s, PLT day %s (PLT<20 %d d, <10 %d d); day 120 ANC %.2f PLT %.0f donor-myeloid %.0f%%"
              % (label, src, dose, dn, dp, b20, b10, last["ANC"], last["PLT"], last["donor_myeloid_pct"]))
        res.append((label, src, dose, dn, dp))
    return res


def check_chemo():
    print("== (c) single chemotherapy pulse, no graft (day 0; survival 5% of cycling marrow cells, HSC 90%) ==")
    m = Model(Params())
    sv = dict(HSC=0.9, ST=0.5, MPP=0.2, PROG=0.05, MITOTIC=0.05, POSTMITOTIC=0.9, THYMOCYTE=0.2,
              T=0.7, TREG=0.7, B=0.5, NK=0.7)
    tr = simulate(m, 60.0, dt=0.1, events=[(0.0, lambda m: m.kill(sv))], t0=-1.0, record_every=1.0)
    for key in ("ANC", "PLT", "Hb", "Lymph"):
        nad = min((r for r in tr if r["t"] >= 0), key=lambda r: r[key])
        rec = first_sustained(tr, key, 0.9 * tr[0][key], nad["t"])
        print("  %-5s baseline %.3g nadir %.3g on day %d; back to 90%% of baseline on day %s; day 60 %.3g"
              % (key, tr[0][key], nad[key], nad["t"], rec, tr[-1][key]))


def lympho_run(age, days=730, disease="none", **kw):
    """Cy 200 mg/kg (days -5..-2) + rabbit ATG (days -5..-1, 6-day half-life) + autologous CD34-selected graft."""
    m = Model(Params(age_years=age, disease=disease, **kw))
    if disease != "none":  # burn in the untreated disease steady state (blood counts under the disease)
        simulate(m, 0.0, dt=0.25, t0=-400.0, record_every=1000.0)
    sv = dict(HSC=0.95, ST=0.5, MPP=0.3, PROG=0.3, MITOTIC=0.3, POSTMITOTIC=0.9,
              THYMOCYTE=0.3, T=0.6, TREG=0.85, B=0.3, NK=0.4, AUTO=0.6, THYMUS=0.97)
    ev = [(-5.0 + i, lambda m, sv=sv: m.kill(sv)) for i in range(4)]
    # ATG: extra T-cell death rate 0.8/d at peak decaying with a 6-day active half-life; NK 0.2/d
    ev.append((-5.0, lambda m: m.extra_death.update(T=[("T", -5.0, 0.2, 6.0)], NK=[("NK", -5.0, 0.1, 6.0)], A=[("A", -5.0, 0.2, 6.0)])))
    ev.append((0.0, lambda m: m.infuse("PB", 5e6, origin="h", t_depletion_logs=4.0)))
    tr = simulate(m, days, dt=0.2, events=ev, t0=-6.0, record_every=1.0)
    return tr


def check_lympho():
    print("== (d) lymphodepletion (Cy200 + ATG) + CD34-selected autologous graft: days to reach the lower normal limit ==")
    for age in (25, 45, 65):
        tr = lympho_run(age)
        base = tr[0]
        out = []
        for key, lo in (("NK", 160), ("CD8", 270), ("B", 140), ("CD4", 440)):
            d = first_sustained(tr, key, lo, 0.0, n=7)
            out.append("%s %s" % (key, d))
        snap = [r for r in tr if int(round(r["t"])) in (30, 90, 180, 365, 729)]
        print("  age %d: %s" % (age, "; ".join(out)))
        for r in snap:
            print("     d%4.0f %s" % (r["t"], fmt(r, ["NK", "CD8", "B", "CD4", "naiveCD4", "Treg_pct", "ANC", "PLT"])))


def check_disease():
    print("== (e) disease signatures at steady state (untreated) ==")
    for dz in ("none", "MS", "SSc", "SLE", "RA", "AIHA", "ITP"):
        m = Model(Params(disease=dz))
        tr = simulate(m, 365.0, dt=0.25, record_every=365.0)
        r = tr[-1]
        print("  %-5s %s" % (dz, fmt(r, ["Hb", "PLT", "ANC", "CD4", "A", "DAI"])))


def check_disease_after_hsct():
    print("== (g) autoreactive burden after Cy200 + ATG + CD34-selected autologous graft (mean field) ==")
    for dz in ("MS", "ITP", "AIHA"):
        tr = lympho_run(40, days=730, disease=dz)
        snap = [r for r in tr if int(round(r["t"])) in (-6, 1, 30, 180, 365, 729)]
        print("  %-4s " % dz + " | ".join("d%d A=%.3g DAI=%.2f Hb=%.1f PLT=%.0f Treg%%=%.1f" % (r["t"], r["A"], r["DAI"], r["Hb"], r["PLT"], r["Treg_pct"]) for r in snap))


def sample_patient(rng, **fixed):
    """Between-patient variability of model.md §8 (log-normal draws around the defaults)."""
    def ln(median, cv):
        sd = math.sqrt(math.log(1 + cv * cv))
        return median * math.exp(rng.gauss(0.0, sd))
    base = Params(**fixed)
    return replace(base,
                   hsc_count=min(max(ln(base.hsc_count, 0.5), 1e4), 2e5),
                   hsc_division_interval_d=min(max(ln(280.0, 0.25), 175.0), 350.0),
                   anc_e9_per_l=ln(base.anc_e9_per_l, 0.3),
                   plt_e9_per_l=ln(base.plt_e9_per_l, 0.25),
                   rbc_lifespan_d=max(rng.gauss(115.0, 17.0), 70.0),
                   neut_half_life_h=ln(12.0, 0.3),
                   homing=min(ln(base.homing, 0.3), 1.0),
                   mpp_rate_per_d=ln(base.mpp_rate_per_d, 0.15),
                   mpp_continue_max=min(max(rng.gauss(0.9, 0.03), 0.8), 0.97),
                   hmax_mem4=ln(base.hmax_mem4, 0.3), hmax_mem8=ln(base.hmax_mem8, 0.3),
                   hmax_naive4=ln(base.hmax_naive4, 0.3), hmax_naive8=ln(base.hmax_naive8, 0.3))


def check_cohort(n=25, seed=11):
    print("== (i) virtual cohort (n=%d per row, parameters drawn as model.md §8): engraftment day median [IQR] ==" % n)
    rng = random.Random(seed)
    for label, src, dose, mtx, org in (("auto PBSC 11.5e6", "PB", 11.5e6, False, "h"),
                                       ("allo PBSC 6e6 + MTX", "PB", 6e6, True, "d"),
                                       ("single cord 2e5", "CB", 2e5, False, "d")):
        dn, dp, fail = [], [], 0
        for _ in range(n):
            p = sample_patient(rng, age_years=45)
            m = Model(p)
            ev = conditioning_myeloablative(m, -7.0)
            ev.append((0.0, lambda m: m.infuse(src, dose, origin=org)))
            if mtx:
                ev += mtx_doses(m)
            tr = simulate(m, 60.0, dt=0.2, events=ev, t0=-8.0, record_every=1.0)
            nad = min((r for r in tr if r["t"] >= 0), key=lambda r: r["ANC"])
            d = first_sustained(tr, "ANC", 0.5, nad["t"])
            pn = min((r for r in tr if r["t"] >= 0), key=lambda r: r["PLT"])
            q = first_sustained(tr, "PLT", 20.0, pn["t"])
            limit = 42 if src == "CB" else 30
            if d is None or d > limit:
                fail += 1
            dn.append(d if d is not None else 999)
            dp.append(q if q is not None else 999)
        def qs(v):
            v = sorted(v)
            return "%d [%d-%d]" % (round(v[len(v) // 2]), round(v[len(v) // 4]), round(v[(3 * len(v)) // 4]))
        print("  %-22s ANC %s  PLT %s  graft failure %d/%d" % (label, qs(dn), qs(dp), fail, n))


def adaptive_steps(m, t0, t1, rtol=1e-3, atol_rel=1e-6, events=()):
    """Bogacki-Shampine 3(2) with error control: counts accepted steps (cost estimate for the ODE mode)."""
    ev = sorted(events, key=lambda e: e[0])
    k = 0
    t, h, steps, rejects = t0, 0.1, 0, 0
    scale0 = [max(abs(v), 1.0) for v in m.x]
    while t < t1 - 1e-12:
        while k < len(ev) and ev[k][0] <= t + 1e-12:
            ev[k][1](m)
            k += 1
        hmax = t1 - t if k >= len(ev) else min(t1, ev[k][0]) - t
        h = min(h, hmax)
        x = m.x
        k1 = m.deriv(x, t)
        k2 = m.deriv([a + 0.5 * h * b for a, b in zip(x, k1)], t + 0.5 * h)
        k3 = m.deriv([a + 0.75 * h * b for a, b in zip(x, k2)], t + 0.75 * h)
        xn = [a + h * (2 * b + 3 * c + 4 * d) / 9.0 for a, b, c, d in zip(x, k1, k2, k3)]
        k4 = m.deriv(xn, t + h)
        err = 0.0
        for i, (a, b, c, d, e) in enumerate(zip(xn, k1, k2, k3, k4)):
            z = x[i] + h * (7 * b / 24.0 + c / 4.0 + d / 3.0 + e / 8.0)
            sc = atol_rel * scale0[i] + rtol * max(abs(a), abs(x[i]))
            err = max(err, abs(a - z) / sc)
        if err <= 1.0:
            m.x = [max(0.0, v) for v in xn]
            t += h
            steps += 1
        else:
            rejects += 1
        h = h * min(5.0, max(0.2, 0.9 * (1.0 / max(err, 1e-12)) ** (1.0 / 3.0)))
    return steps, rejects


def check_cost():
    print("== (j) ODE cost: adaptive RK3(2) steps per simulated year (rtol 1e-3) ==")
    m = Model(Params())
    st, rj = adaptive_steps(m, 0.0, 365.0)
    print("  healthy year: %d steps (%d rejected), %d transitions -> %.2e propensity evaluations" % (st, rj, len(m.trans), 4 * (st + rj) * len(m.trans)))
    m = Model(Params())
    ev = conditioning_myeloablative(m, -7.0)
    ev.append((0.0, lambda m: m.infuse("PB", 11.5e6, origin="h")))
    st, rj = adaptive_steps(m, -8.0, 357.0, events=ev)
    print("  transplant year (auto PBSC): %d steps (%d rejected) -> %.2e propensity evaluations" % (st, rj, 4 * (st + rj) * len(m.trans)))


def check_bleed():
    print("== (h) EPO loop: acute loss of 30 % of red cells on day 0 ==")
    m = Model(Params())
    def bleed(m):
        for o in ORIGINS:
            for i in range(m.p.rbc_stages):
                m.x[m.idx[o + "RBC%d" % (i + 1)]] *= 0.7
    tr = simulate(m, 200.0, dt=0.25, events=[(0.0, bleed)], t0=-1.0, record_every=10.0)
    print("  Hb: " + " ".join("d%d %.1f" % (r["t"], r["Hb"]) for r in tr))


def branching_check(n0=5, b=0.075, d=0.05, reps=4000, seed=7):
    """Exact SSA of the linear birth-death clone: P(extinction) vs (d/b)^n."""
    print("== (f) autoreactive clone eradication: exact birth-death vs (d/b)^n ==")
    rng = random.Random(seed)
    for n in (1, 3, n0, 10):
        ext = 0
        for _ in range(reps):
            a = n
            while 0 < a < 200:
                if rng.random() < b / (b + d):
                    a += 1
                else:
                    a -= 1
            ext += (a == 0)
        theory = (d / b) ** n
        # after reaching 200, the remaining extinction probability is (d/b)^200 ~ 0
        se = math.sqrt(theory * (1 - theory) / reps)
        print("  n=%2d: simulated %.4f  theory %.4f  (+-4 SE = %.4f)" % (n, ext / reps, theory, 4 * se))


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    m = Model(Params())
    print("compartments: %d, transitions: %d" % (len(m.names), len(m.trans)))
    if what in ("all", "steady"):
        check_steady()
    if what in ("all", "engraft"):
        check_engraftment()
    if what in ("all", "chemo"):
        check_chemo()
    if what in ("all", "lympho"):
        check_lympho()
    if what in ("all", "disease"):
        check_disease()
    if what in ("all", "autohsct"):
        check_disease_after_hsct()
    if what in ("all", "cohort"):
        check_cohort()
    if what in ("all", "cost"):
        check_cost()
    if what in ("all", "bleed"):
        check_bleed()
    if what in ("all", "branching"):
        branching_check()


if __name__ == "__main__":
    main()
