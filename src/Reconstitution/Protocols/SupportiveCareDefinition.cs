using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>Supportive care after infusion: G-CSF and transfusion thresholds. Immutable.</summary>
/// <remarks>
/// A <c>null</c> threshold or G-CSF start day means "not given". Defaults follow common practice:
/// red cells below Hb 7 g/dL, platelets below 10×10⁹/L (prophylactic threshold; Wandt et al.,
/// Bone Marrow Transplant 2006), no G-CSF.
/// </remarks>
public sealed record SupportiveCareDefinition
{
    private readonly int? _gcsfStartDay;
    private readonly double _gcsfStopAnc = 1.0;
    private readonly double? _redCellHb = 7.0;
    private readonly double? _platelets = 10.0;

    /// <summary>The day G-CSF starts (relative to infusion), or <c>null</c> for none.</summary>
    /// <value>Default <c>null</c>; allowed [−10, 60].</value>
    public int? GcsfStartDay
    {
        get => _gcsfStartDay;
        init => _gcsfStartDay = value is null ? null : (int)Guard.InRange(value.Value, -10, 60, nameof(GcsfStartDay));
    }

    /// <summary>G-CSF stops once ANC reaches this level (×10⁹/L).</summary>
    /// <value>Default 1.0; allowed (0, 20].</value>
    public double GcsfStopAncPerNanoliter
    {
        get => _gcsfStopAnc;
        init => _gcsfStopAnc = Guard.PositiveAtMost(value, 20, nameof(GcsfStopAncPerNanoliter), "×10⁹/L");
    }

    /// <summary>Red cells are transfused when Hb falls below this level (g/dL), or <c>null</c> for never.</summary>
    /// <value>Default 7; allowed [3, 12].</value>
    public double? RedCellTransfusionBelowHbGramsPerDeciliter
    {
        get => _redCellHb;
        init => _redCellHb = value is null ? null : Guard.InRange(value.Value, 3, 12, nameof(RedCellTransfusionBelowHbGramsPerDeciliter), "g/dL");
    }

    /// <summary>Platelets are transfused when the count falls below this level (×10⁹/L), or <c>null</c> for never.</summary>
    /// <value>Default 10; allowed [1, 100].</value>
    public double? PlateletTransfusionBelowPerNanoliter
    {
        get => _platelets;
        init => _platelets = value is null ? null : Guard.InRange(value.Value, 1, 100, nameof(PlateletTransfusionBelowPerNanoliter), "×10⁹/L");
    }
}
