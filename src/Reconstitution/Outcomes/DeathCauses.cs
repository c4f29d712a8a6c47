using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Outcomes;

/// <summary>
/// The vocabulary of <see cref="PatientOutcome.DeathCause"/> (patients.csv <c>deathCause</c>, summary.json
/// <c>deathsByCause</c>; docs/outputs.md §Death causes). Stateless and thread-safe.
/// </summary>
/// <remarks>Use <see cref="All"/> to tabulate deaths by cause; a cause not in it is never written.</remarks>
public static class DeathCauses
{
    /// <summary>Infection (neutropenic or later, made more likely and more fatal by GVHD).</summary>
    public const string Infection = "infection";

    /// <summary>Prolonged aplasia (ANC below 0.5×10⁹/L for more than 30 days) without a failed graft: no graft was given, or the
    /// graft's failure day had not come (docs/model.md §20.2).</summary>
    public const string Aplasia = "aplasia";

    /// <summary>Acute or chronic graft-versus-host disease.</summary>
    public const string Gvhd = "gvhd";

    /// <summary>Prolonged aplasia after the graft failed: its rejection was observed, or the aplasia lasted past the graft-failure day
    /// (day +30, cord blood +42) — a graft that never engrafted or whose counts were lost (docs/model.md §20.2).</summary>
    public const string GraftFailure = "graftFailure";

    /// <summary>The autoimmune disease itself, at a rate that follows its activity (<see cref="DiseaseMortalityParameters"/>, docs/model.md §20.1).
    /// Not treatment-related.</summary>
    public const string Disease = "disease";

    /// <summary>Other causes by age and sex (<see cref="BackgroundMortality"/>).</summary>
    public const string Background = BackgroundMortality.Cause;

    /// <summary>The prefix of organ-toxicity deaths: <c>organ:heart</c>, <c>organ:liver</c>, <c>organ:lung</c>, <c>organ:kidney</c>, <c>organ:mucosa</c>.</summary>
    public const string OrganPrefix = "organ:";

    private static readonly string[] OrganCauses = OrganCauseNames();

    /// <summary>The cause of a death from regimen-related toxicity of an organ, e.g. <c>organ:heart</c>.</summary>
    /// <param name="organ">The organ.</param>
    /// <returns>The cause.</returns>
    public static string OfOrgan(Organ organ) => (uint)organ < (uint)OrganCauses.Length // one per organ: a defined Organ
        ? OrganCauses[(int)organ]
        : throw new ArgumentOutOfRangeException(nameof(organ), organ, $"Parameter 'organ' was {organ}; allowed: a defined Organ.");

    /// <summary>Every cause, in the order summary.json lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Infection, Aplasia, Gvhd, GraftFailure, Disease, .. OrganCauses, Background];

    /// <summary>Whether a cause is treatment-related: every cause but <see cref="Background"/> and <see cref="Disease"/>.</summary>
    /// <param name="cause">A cause of <see cref="All"/>.</param>
    /// <returns><see langword="true"/> for treatment-related causes.</returns>
    public static bool IsTreatmentRelated(string cause) => cause is not (Background or Disease);

    private static string[] OrganCauseNames()
    {
        // A loop, not Select over the organs: LINQ over an enum is JIT-compiled in every process (issue 15).
        var organs = Enum.GetValues<Organ>();
        var causes = new string[organs.Length];
        for (int i = 0; i < organs.Length; i++) causes[(int)organs[i]] = OrganPrefix + JsonNames.Of(organs[i]);
        return causes;
    }
}
