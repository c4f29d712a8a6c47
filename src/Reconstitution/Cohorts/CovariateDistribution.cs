using MathNet.Numerics.Distributions;
using Reconstitution.Physiology;
using Reconstitution.Randomness;
using Reconstitution.Validation;

namespace Reconstitution.Cohorts;

/// <summary>
/// The distribution virtual patients' covariates (age, sex, weight, disease) are drawn from. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Defaults describe adults transplanted for autoimmune disease in the registries (EBMT autoimmune
/// working party, Snowden 2012 and Burt 2019 cohorts: median age about 40, 60 % women): age normal with mean
/// 40 and SD 11 years truncated to [18, 65]; 60 % female; weight log-normal with median 70 kg and
/// log-SD 0.18 truncated to [45, 130] kg; disease fixed (default multiple sclerosis).
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
        };
    }

    /// <summary>Checks that each minimum is at most its maximum.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A range is empty.</exception>
    public void Validate()
    {
        if (AgeMinYears > AgeMaxYears) throw Guard.OutOfRange(nameof(AgeMaxYears), AgeMaxYears, $"[{AgeMinYears}, 120] (at least {nameof(AgeMinYears)})", "years");
        if (WeightMinKg > WeightMaxKg) throw Guard.OutOfRange(nameof(WeightMaxKg), WeightMaxKg, $"[{WeightMinKg}, 300] (at least {nameof(WeightMinKg)})", "kg");
        if (!Enum.IsDefined(Disease)) throw new ArgumentOutOfRangeException(nameof(Disease), Disease, "Unknown disease.");
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
        // Round to what a clinic records, so patients.csv holds the exact covariates the model used.
        return new PatientCovariates
        {
            AgeYears = Math.Round(age, 1),
            Sex = sex,
            WeightKg = Math.Clamp(Math.Round(Math.Exp(logWeight), 1), WeightMinKg, WeightMaxKg),
            Disease = Disease,
        };
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
