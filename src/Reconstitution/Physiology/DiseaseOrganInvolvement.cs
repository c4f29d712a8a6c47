using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// How much an autoimmune disease's own organ involvement raises the organ-toxicity hazards of conditioning: a hazard
/// ratio per organ (1: no involvement; docs/model.md §18.3). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Use <see cref="ForDisease"/> for the defaults: systemic sclerosis involves heart, lung and kidney, lupus the kidney
/// (and heart). Override one with <c>DiseaseOrganInvolvement.ForDisease(d).With(Organ.Heart, 4)</c> and pass the result in
/// <c>OrganToxicityParameters.Involvement</c>.
/// </remarks>
public sealed record DiseaseOrganInvolvement
{
    private readonly double[] _hazardRatio;

    private DiseaseOrganInvolvement(double[] hazardRatio) => _hazardRatio = hazardRatio;

    /// <summary>No organ involvement (every hazard ratio 1).</summary>
    public static DiseaseOrganInvolvement None { get; } = new([1, 1, 1, 1, 1]);

    /// <summary>The hazard ratio of an organ.</summary>
    /// <param name="organ">The organ.</param>
    /// <returns>The ratio, ≥ 0.</returns>
    public double HazardRatio(Organ organ) => Enum.IsDefined(organ)
        ? _hazardRatio[(int)organ]
        : throw new ArgumentOutOfRangeException(nameof(organ), organ, $"Parameter 'organ' was {organ}; allowed: a defined Organ.");

    /// <summary>A copy with one organ's hazard ratio changed.</summary>
    /// <param name="organ">The organ.</param>
    /// <param name="hazardRatio">The ratio, in [0, 1000].</param>
    /// <returns>The copy.</returns>
    public DiseaseOrganInvolvement With(Organ organ, double hazardRatio)
    {
        HazardRatio(organ);
        Guard.InRange(hazardRatio, 0, 1000, nameof(hazardRatio));
        var copy = (double[])_hazardRatio.Clone();
        copy[(int)organ] = hazardRatio;
        return new DiseaseOrganInvolvement(copy);
    }

    /// <summary>
    /// The defaults (docs/model.md §18.3). Systemic sclerosis: heart 9 — calibrated on Burt et al., <i>Lancet</i>
    /// 2013;381:1116 (90 SSc patients, cyclophosphamide 200 mg/kg + rabbit ATG: 4 cardiovascular of 5 treatment-related deaths,
    /// ≈ 4.4 %, against ≈ 0.5 % for an uninvolved heart; range 4–20); lung 2.5 (interstitial lung disease; fatal interstitial
    /// pneumonitis after TBI in SSc, Binks et al., <i>Ann Rheum Dis</i> 2001;60:577; assumption, range 1.5–5); kidney 3
    /// (scleroderma renal crisis; assumption, range 2–10). Lupus: kidney 2 (nephritis; assumption, range 1.5–4) and heart 1.5
    /// (assumption, range 1–3). Other diseases: none.
    /// </summary>
    /// <param name="disease">The disease.</param>
    /// <returns>The involvement.</returns>
    public static DiseaseOrganInvolvement ForDisease(AutoimmuneDisease disease) => disease switch
    {
        AutoimmuneDisease.SystemicSclerosis => None.With(Organ.Heart, 9).With(Organ.Lung, 2.5).With(Organ.Kidney, 3),
        AutoimmuneDisease.SystemicLupusErythematosus => None.With(Organ.Kidney, 2).With(Organ.Heart, 1.5),
        _ when Enum.IsDefined(disease) => None,
        _ => throw new ArgumentOutOfRangeException(nameof(disease), disease, $"Parameter 'disease' was {disease}; allowed: a defined AutoimmuneDisease."),
    };

    /// <inheritdoc/>
    public bool Equals(DiseaseOrganInvolvement? other) => other is not null && _hazardRatio.SequenceEqual(other._hazardRatio);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_hazardRatio[0], _hazardRatio[1], _hazardRatio[2], _hazardRatio[3], _hazardRatio[4]);
}
