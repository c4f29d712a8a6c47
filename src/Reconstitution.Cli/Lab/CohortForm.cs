using System.Globalization;
using System.Text.Json.Nodes;
using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Cli.Lab;

/// <summary>
/// The "patients" part of a lab page: disease, age, cohort size, days and seed. Defaults are the command line's
/// (<c>reconstitution cohort</c> with <see cref="CovariateDistribution.Default"/>), so the same seed gives the same
/// patients in the lab and in a terminal.
/// </summary>
internal static class CohortForm
{
    private static readonly CovariateDistribution Defaults = CovariateDistribution.Default;

    public static readonly FormField Disease = new("disease", "Disease", FieldKind.Select)
    {
        Options =
        [
            new("ms", "Multiple sclerosis"),
            new("ssc", "Systemic sclerosis"),
            new("sle", "Systemic lupus erythematosus"),
            new("ra", "Rheumatoid arthritis"),
            new("aiha", "Autoimmune haemolytic anaemia"),
            new("itp", "Immune thrombocytopenia"),
            new("none", "None (no autoimmune disease)"),
        ],
    };

    public static readonly FormField AgeMean = new("ageMeanYears", "Mean age", FieldKind.Number) { Min = 0, Max = 120, Unit = "years" };

    public static readonly FormField AgeMin = new("ageMinYears", "Youngest", FieldKind.Number) { Min = 0, Max = 120, Unit = "years" };

    public static readonly FormField AgeMax = new("ageMaxYears", "Oldest", FieldKind.Number) { Min = 0, Max = 120, Unit = "years" };

    public static readonly FormField Seed = new("seed", "Seed", FieldKind.Integer)
    {
        Min = 0, Max = 1e15, Help = "Same seed, same virtual patients (also in the command line's --seed).",
    };

    /// <summary>The patient count, bounded by the lab's limit.</summary>
    public static FormField Patients(LabLimits limits) => new("patients", "Patients", FieldKind.Integer) { Min = 1, Max = limits.MaxPatients };

    /// <summary>The horizon, bounded by the lab's limit.</summary>
    public static FormField Days(LabLimits limits) => new("days", "Days after infusion", FieldKind.Integer) { Min = 1, Max = limits.MaxDays, Unit = "days" };

    /// <summary>The fields, for the page to draw.</summary>
    public static JsonArray Describe(LabLimits limits) =>
    [
        new JsonObject
        {
            ["id"] = "cohort",
            ["title"] = "Virtual patients",
            ["help"] = "Ages are drawn from a normal distribution (SD 11 years) cut to the youngest and oldest; 60% women; weight median 70 kg.",
            ["fields"] = new JsonArray(Disease.ToJson(), AgeMean.ToJson(), AgeMin.ToJson(), AgeMax.ToJson(), Patients(limits).ToJson(), Days(limits).ToJson(), Seed.ToJson()),
        },
    ];

    /// <summary>The default values.</summary>
    public static Dictionary<string, string> DefaultValues() => new(StringComparer.Ordinal)
    {
        [Disease.Key] = "ms",
        [AgeMean.Key] = FormField.Format(Defaults.AgeMeanYears),
        [AgeMin.Key] = FormField.Format(Defaults.AgeMinYears),
        [AgeMax.Key] = FormField.Format(Defaults.AgeMaxYears),
        ["patients"] = "100",
        ["days"] = CommonOptions.DefaultDays.ToString(CultureInfo.InvariantCulture),
        [Seed.Key] = CommonOptions.DefaultSeed.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The cohort of posted values, for a protocol.</summary>
    /// <exception cref="LabInputException">One message per bad field.</exception>
    public static CohortSpecification Read(FormReader r, LabLimits limits, Protocols.IProtocol protocol)
    {
        string? disease = r.Choice(Disease);
        double? mean = r.Number(AgeMean), min = r.Number(AgeMin), max = r.Number(AgeMax);
        int? patients = r.Integer(Patients(limits));
        int? days = r.Integer(Days(limits));
        double? seed = r.Number(Seed);
        if (min is { } lo && max is { } hi && lo > hi) r.Fail(AgeMax.Key, $"{AgeMax.Label}: {FormField.Format(hi)} is below the youngest age ({FormField.Format(lo)}); the oldest must be at least the youngest.");
        r.ThrowIfAny();
        DiseaseNames.TryParse(disease, out var d);
        return new CohortSpecification(protocol)
        {
            Patients = patients!.Value,
            Days = days!.Value,
            Seed = (ulong)seed!.Value,
            Covariates = Defaults with { Disease = d, AgeMeanYears = mean!.Value, AgeMinYears = min!.Value, AgeMaxYears = max!.Value },
        };
    }
}
