using Reconstitution.Physiology;
using Reconstitution.Validation;

namespace Reconstitution.Outcomes;

/// <summary>
/// Death from the autoimmune disease itself (docs/model.md §20): each disease's excess death rate per year at the patient's
/// untreated disease activity. The daily hazard is that rate / 365.25 times the patient's relative disease activity D
/// (1 before treatment, 0 once the autoreactive clone and its antibody are gone), so it falls when conditioning removes the
/// clone and returns with a relapse. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The rates are those of patients like the candidates for HSCT on conventional treatment (sources on each property); they
/// apply from day 0, on their own random stream. Set every rate to 0 (<see cref="None"/>) to switch disease deaths off;
/// replace one with <c>ClinicalRiskParameters.Default with { DiseaseMortality = DiseaseMortalityParameters.Default with { … } }</c> in
/// <see cref="PatientSimulationOptions.Risks"/> (<see cref="ClinicalRiskParameters.DiseaseMortality"/>).
/// Deaths are recorded with the cause <c>disease</c>, which is not treatment-related (<see cref="DeathCauses.IsTreatmentRelated"/>).
/// </remarks>
public sealed record DiseaseMortalityParameters
{
    private readonly double _ms = 0.002, _ssc = 0.023, _sle = 0.02, _ra = 0.002, _aiha = 0.02, _itp = 0.012;

    /// <summary>Multiple sclerosis, per year. Assumption: within the years a simulation covers MS itself rarely kills (no deaths
    /// in 55 patients on disease-modifying drugs over ≈ 3–5 years, MIST, Burt et al., <i>JAMA</i> 2019;321:165); its lifelong excess
    /// death rate is 6.8 per 1,000 person-years (SMR 2.3, Willumsen et al., <i>J Neurol Neurosurg Psychiatry</i> 2022), about half
    /// that for patients treated in the disease-modifying era (HR 0.49), and appears mostly from the second decade of disease
    /// (Smestad et al., <i>Mult Scler</i> 2009;15:1263).</summary>
    /// <value>Default 0.002; allowed [0, 1]; plausible 0–0.007.</value>
    public double MultipleSclerosisPerYear { get => _ms; init => _ms = Check(value, nameof(MultipleSclerosisPerYear)); }

    /// <summary>Diffuse cutaneous systemic sclerosis, per year: 227 patients who met the SCT trials' eligibility criteria but were
    /// treated conventionally survived 96 % at 2, 88 % at 5 and 73 % at 10 years (Spierings et al., <i>Rheumatology</i>
    /// 2022;61:1948): −ln(0.88)/5 = 0.026 a year, less ≈ 0.003 of background mortality.</summary>
    /// <value>Default 0.023; allowed [0, 1]; plausible 0.015–0.1 (the SCOT and ASTIS cyclophosphamide arms died faster).</value>
    public double SystemicSclerosisPerYear { get => _ssc; init => _ssc = Check(value, nameof(SystemicSclerosisPerYear)); }

    /// <summary>Systemic lupus erythematosus, per year: 9.7 % of 265 recently diagnosed patients died within 5 years against 0.3 % of
    /// controls (Campbell et al., <i>Arthritis Rheum</i> 2008;59:458): −ln(0.903)/5 ≈ 0.02 a year (all-cause SMR 2.4, Bernatsky et al.,
    /// <i>Arthritis Rheum</i> 2006;54:2550).</summary>
    /// <value>Default 0.02; allowed [0, 1]; plausible 0.005–0.05 (assumption for refractory disease).</value>
    public double LupusPerYear { get => _sle; init => _sle = Check(value, nameof(LupusPerYear)); }

    /// <summary>Rheumatoid arthritis, per year. Assumption: an all-cause SMR of about 1.5 over a background of ≈ 0.004 a year at 40–50.</summary>
    /// <value>Default 0.002; allowed [0, 1]; plausible 0.001–0.005.</value>
    public double RheumatoidArthritisPerYear { get => _ra; init => _ra = Check(value, nameof(RheumatoidArthritisPerYear)); }

    /// <summary>Autoimmune haemolytic anaemia, per year. Assumption: a mortality of 11 % (Zanella and Barcellini, <i>Haematologica</i>
    /// 2014;99:1547) over a median follow-up of 33 months in patients with a median age of 63 (Barcellini et al., <i>Blood</i>
    /// 2014;124:2930), less their background, for a 40-year-old.</summary>
    /// <value>Default 0.02; allowed [0, 1]; plausible 0.01–0.04.</value>
    public double HemolyticAnemiaPerYear { get => _aiha; init => _aiha = Check(value, nameof(HemolyticAnemiaPerYear)); }

    /// <summary>Immune thrombocytopenia, per year: fatal haemorrhage with persistent platelets &lt; 30×10⁹/L, 0.004, 0.012 and 0.130 per
    /// patient-year below 40, at 40–60 and above 60 years (Cohen et al., <i>Arch Intern Med</i> 2000;160:1630); the 40–60 rate.</summary>
    /// <value>Default 0.012; allowed [0, 1]; plausible 0.004–0.039 (the unadjusted 0.0162–0.0389).</value>
    public double ThrombocytopeniaPerYear { get => _itp; init => _itp = Check(value, nameof(ThrombocytopeniaPerYear)); }

    /// <summary>The defaults.</summary>
    public static DiseaseMortalityParameters Default { get; } = new();

    /// <summary>No death from the disease (every rate 0).</summary>
    public static DiseaseMortalityParameters None { get; } = new()
    {
        MultipleSclerosisPerYear = 0, SystemicSclerosisPerYear = 0, LupusPerYear = 0, RheumatoidArthritisPerYear = 0,
        HemolyticAnemiaPerYear = 0, ThrombocytopeniaPerYear = 0,
    };

    /// <summary>The excess death rate of a disease at its untreated activity, per year (0 without disease).</summary>
    /// <param name="disease">The disease.</param>
    /// <returns>The rate, per year.</returns>
    public double PerYear(AutoimmuneDisease disease) => disease switch
    {
        AutoimmuneDisease.None => 0,
        AutoimmuneDisease.MultipleSclerosis => MultipleSclerosisPerYear,
        AutoimmuneDisease.SystemicSclerosis => SystemicSclerosisPerYear,
        AutoimmuneDisease.SystemicLupusErythematosus => LupusPerYear,
        AutoimmuneDisease.RheumatoidArthritis => RheumatoidArthritisPerYear,
        AutoimmuneDisease.AutoimmuneHemolyticAnemia => HemolyticAnemiaPerYear,
        AutoimmuneDisease.ImmuneThrombocytopenia => ThrombocytopeniaPerYear,
        _ => throw new ArgumentOutOfRangeException(nameof(disease), disease, $"Parameter 'disease' was {disease}; allowed: a defined AutoimmuneDisease."),
    };

    /// <summary>
    /// The relative disease activity D (1 at the patient's untreated steady state) from the disease activity index
    /// DAI = D/(D + 1/3) of the readouts (docs/model.md §7, §19): D = DAI/(3·(1 − DAI)).
    /// </summary>
    /// <param name="diseaseActivity">The DAI, in [0, 1).</param>
    /// <returns>D, ≥ 0.</returns>
    public static double RelativeActivity(double diseaseActivity) =>
        diseaseActivity <= 0 ? 0 : diseaseActivity >= 1 ? double.PositiveInfinity : diseaseActivity / (3 * (1 - diseaseActivity));

    private static double Check(double value, string name) => Guard.InRange(value, 0, 1, name, "per year");
}
