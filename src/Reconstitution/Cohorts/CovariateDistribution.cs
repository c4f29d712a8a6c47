using MathNet.Numerics.Distributions;
using Reconstitution.Physiology;
using Reconstitution.Randomness;
using Reconstitution.Validation;

namespace Reconstitution.Cohorts;

/// <summary>
/// The distribution virtual patients' covariates (age, sex, weight, disease, Karnofsky score) are drawn from. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Defaults describe adults transplanted for autoimmune disease in the registries (EBMT autoimmune
/// working party, Snowden 2012 and Burt 2019 cohorts: median age about 40, 60 % women): age normal with mean
/// 40 and SD 11 years truncated to [18, 65]; 60 % female; weight log-normal with median 70 kg and
/// log-SD 0.18 truncated to [45, 130] kg; disease fixed (default multiple sclerosis).
/// </para>
/// <para>
/// Karnofsky performance score: a discrete distribution over <see cref="KarnofskyScores"/> with
/// <see cref="KarnofskyFractions"/>, by default 70, 80, 90, 100 with 10 %, 25 %, 40 %, 25 % (median 90, the organ-toxicity
/// reference patient's score). No score below 70: autologous HSCT protocols for autoimmune disease take patients able to
/// care for themselves (Karnofsky ≥ 70 or ECOG 0–1, e.g. the MS trials' EDSS ≤ 6.5 and SCOT's and ASTIS's organ-function
/// limits); the shares within 70–100 are an <b>assumption</b> (docs/model.md §18.3), since the trials report eligibility
/// rather than the distribution. The score scales the organ-toxicity hazards (<c>OrganToxicityParameters</c>).
/// </para>
/// <para>
/// Truncated draws use the inverse CDF of the truncated distribution (MathNet.Numerics
/// <see cref="Normal"/>), one uniform per covariate, so a patient's covariates depend only on its random stream.
/// </para>
/// </remarks>
public sealed record CovariateDistribution
{
    private readonly double _ageMean = 40, _ageSd = 11, _ageMin = 18, _ageMax = 65;
    private readonly double _femaleFraction = 0.6;
    private readonly double _weightMedian = 70, _weightLogSd = 0.18, _weightMin = 45, _weightMax = 130;
    private static readonly IReadOnlyList<double> DefaultKarnofskyScores = [70, 80, 90, 100]; // read-only: the defaults are shared
    private static readonly IReadOnlyList<double> DefaultKarnofskyFractions = [0.10, 0.25, 0.40, 0.25];
    private readonly IReadOnlyList<double> _karnofskyScores = DefaultKarnofskyScores, _karnofskyFractions = DefaultKarnofskyFractions;

    /// <summary>Mean of the (untruncated) normal age distribution, years.</summary>
    /// <value>Default 40; allowed [0, 120].</value>
    public double AgeMeanYears { get => _ageMean; init => _ageMean = Guard.InRange(value, 0, 120, nameof(AgeMeanYears), "years"); }

    /// <summary>Standard deviation of the normal age distribution, years; 0 gives every patient the mean.</summary>
    /// <value>Default 11; allowed [0, 100].</value>
    public double AgeSdYears { get => _ageSd; init => _ageSd = Guard.InRange(value, 0, 100, nameof(AgeSdYears), "years"); }

    /// <summary>Lowest age drawn, years.</summary>
    /// <value>Default 18; allowed [0, 120].</value>
    public double AgeMinYears { get => _ageMin; init => _ageMin = Guard.InRange(value, 0, 120, nameof(AgeMinYears), "years"); }

    /// <summary>Highest age drawn, years.</summary>
    /// <value>Default 65; allowed [0, 120].</value>
    public double AgeMaxYears { get => _ageMax; init => _ageMax = Guard.InRange(value, 0, 120, nameof(AgeMaxYears), "years"); }

    /// <summary>Fraction of patients who are female.</summary>
    /// <value>Default 0.6; allowed [0, 1].</value>
    public double FemaleFraction { get => _femaleFraction; init => _femaleFraction = Guard.InRange(value, 0, 1, nameof(FemaleFraction)); }

    /// <summary>Median of the log-normal weight distribution, kg.</summary>
    /// <value>Default 70; allowed [2, 300].</value>
    public double WeightMedianKg { get => _weightMedian; init => _weightMedian = Guard.InRange(value, 2, 300, nameof(WeightMedianKg), "kg"); }

    /// <summary>Standard deviation of log weight; 0 gives every patient the median.</summary>
    /// <value>Default 0.18; allowed [0, 2].</value>
    public double WeightLogSd { get => _weightLogSd; init => _weightLogSd = Guard.InRange(value, 0, 2, nameof(WeightLogSd)); }

    /// <summary>Lowest weight drawn, kg.</summary>
    /// <value>Default 45; allowed [2, 300].</value>
    public double WeightMinKg { get => _weightMin; init => _weightMin = Guard.InRange(value, 2, 300, nameof(WeightMinKg), "kg"); }

    /// <summary>Highest weight drawn, kg.</summary>
    /// <value>Default 130; allowed [2, 300].</value>
    public double WeightMaxKg { get => _weightMax; init => _weightMax = Guard.InRange(value, 2, 300, nameof(WeightMaxKg), "kg"); }

    /// <summary>The Karnofsky scores a patient can have (points), each in [10, 100]; paired with <see cref="KarnofskyFractions"/>.</summary>
    /// <value>Default 70, 80, 90, 100.</value>
    public IReadOnlyList<double> KarnofskyScores
    {
        get => _karnofskyScores;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(KarnofskyScores));
            foreach (double score in value) Guard.InRange(score, 10, 100, nameof(KarnofskyScores), "points");
            _karnofskyScores = [.. value];
        }
    }

    /// <summary>The fraction of patients with each score of <see cref="KarnofskyScores"/> (same length), each in [0, 1], summing to 1.</summary>
    /// <value>Default 0.10, 0.25, 0.40, 0.25 (an assumption; see the remarks).</value>
    public IReadOnlyList<double> KarnofskyFractions
    {
        get => _karnofskyFractions;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(KarnofskyFractions));
            foreach (double fraction in value) Guard.InRange(fraction, 0, 1, nameof(KarnofskyFractions));
            _karnofskyFractions = [.. value];
        }
    }

    /// <summary>The disease every patient has.</summary>
    /// <value>Default <see cref="AutoimmuneDisease.MultipleSclerosis"/>.</value>
    public AutoimmuneDisease Disease { get; init; } = AutoimmuneDisease.MultipleSclerosis;

    /// <summary>The documented defaults.</summary>
    public static CovariateDistribution Default { get; } = new();

    /// <summary>A distribution that gives every patient exactly these covariates.</summary>
    /// <param name="covariates">The covariates.</param>
    /// <returns>The degenerate distribution.</returns>
    public static CovariateDistribution Fixed(PatientCovariates covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        return new CovariateDistribution
        {
            AgeMeanYears = covariates.AgeYears, AgeSdYears = 0, AgeMinYears = covariates.AgeYears, AgeMaxYears = covariates.AgeYears,
            FemaleFraction = covariates.Sex == BiologicalSex.Female ? 1 : 0,
            WeightMedianKg = covariates.WeightKg, WeightLogSd = 0, WeightMinKg = covariates.WeightKg, WeightMaxKg = covariates.WeightKg,
            Disease = covariates.Disease,
            KarnofskyScores = [covariates.KarnofskyScore], KarnofskyFractions = [1],
        };
    }

    /// <summary>Checks that each minimum is at most its maximum and that the Karnofsky fractions pair with the scores and sum to 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A range is empty, or the Karnofsky fractions do not sum to 1.</exception>
    /// <exception cref="ArgumentException">The Karnofsky scores and fractions differ in length or are empty.</exception>
    public void Validate()
    {
        if (AgeMinYears > AgeMaxYears) throw Guard.OutOfRange(nameof(AgeMaxYears), AgeMaxYears, $"[{AgeMinYears}, 120] (at least {nameof(AgeMinYears)})", "years");
        if (WeightMinKg > WeightMaxKg) throw Guard.OutOfRange(nameof(WeightMaxKg), WeightMaxKg, $"[{WeightMinKg}, 300] (at least {nameof(WeightMinKg)})", "kg");
        if (KarnofskyScores.Count == 0 || KarnofskyScores.Count != KarnofskyFractions.Count)
            throw new ArgumentException($"{nameof(KarnofskyScores)} has {KarnofskyScores.Count} values and {nameof(KarnofskyFractions)} {KarnofskyFractions.Count}; give one fraction per score (at least one).", nameof(KarnofskyFractions));
        // Summed in order by index, as Enumerable.Sum adds them, without its generic code over double (JIT-compiled in every process).
        double sum = 0;
        for (int i = 0; i < KarnofskyFractions.Count; i++) sum += KarnofskyFractions[i];
        if (Math.Abs(sum - 1) > 1e-6) throw Guard.OutOfRange(nameof(KarnofskyFractions), sum, "fractions summing to 1 (±10⁻⁶)");
        if (!Protocols.EnumMembers.IsDefined(Disease)) throw new ArgumentOutOfRangeException(nameof(Disease), Disease, "Unknown disease.");
    }

    /// <summary>Draws one patient's covariates.</summary>
    /// <param name="random">The patient's covariate stream (the cohort uses (seed, patient index, "covariates")).</param>
    /// <returns>The covariates.</returns>
    public PatientCovariates Draw(RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Validate();
        double age = TruncatedNormal(random.NextUniform(), AgeMeanYears, AgeSdYears, AgeMinYears, AgeMaxYears);
        var sex = random.NextUniform() <= FemaleFraction ? BiologicalSex.Female : BiologicalSex.Male;
        double logWeight = TruncatedNormal(random.NextUniform(), Math.Log(WeightMedianKg), WeightLogSd, Math.Log(WeightMinKg), Math.Log(WeightMaxKg));
        double karnofsky = Discrete(random.NextUniform(), KarnofskyScores, KarnofskyFractions); // drawn last: the covariates above draw as before
        // Round to what a clinic records, so patients.csv holds the exact covariates the model used.
        return new PatientCovariates
        {
            AgeYears = Math.Round(age, 1),
            Sex = sex,
            WeightKg = Math.Clamp(Math.Round(Math.Exp(logWeight), 1), WeightMinKg, WeightMaxKg),
            Disease = Disease,
            KarnofskyScore = karnofsky,
        };
    }

    // The value whose cumulative fraction first reaches u (0, 1]; the last value with a positive fraction takes what rounding leaves.
    private static double Discrete(double u, IReadOnlyList<double> values, IReadOnlyList<double> fractions)
    {
        double cumulative = 0, last = values[0];
        for (int i = 0; i < values.Count; i++)
        {
            if (fractions[i] <= 0) continue;
            cumulative += fractions[i];
            last = values[i];
            if (u <= cumulative) return last;
        }
        return last;
    }

    // Inverse-CDF draw from N(mean, sd²) truncated to [lo, hi]; u in (0, 1].
    private static double TruncatedNormal(double u, double mean, double sd, double lo, double hi)
    {
        if (sd == 0 || lo == hi) return Math.Clamp(mean, lo, hi);
        double a = Normal.CDF(mean, sd, lo), b = Normal.CDF(mean, sd, hi);
        double p = a + Math.Min(u, 1 - 1e-12) * (b - a);
        return Math.Clamp(Normal.InvCDF(mean, sd, p), lo, hi);
    }
}
