using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Division rate and feedback-regulated self-renewal of one committed progenitor compartment (G, E, K or L). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Marciniak-Czochra / Stiehl cascade (Stiehl et al., Bone Marrow Transplant 2014): a division renews
/// the cell with probability q(s) = SelfRenewalMax / (1 + (s/θ)^HillCoefficient) and otherwise sends it
/// on; θ is derived so that q equals SelfRenewalAtSetPoint at the healthy set point of the feedback
/// signal s. Both probabilities stay below 1/2 so that committed progenitors amplify but never sustain
/// themselves (docs/model.md §4.3).
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record ProgenitorKinetics
{
    private readonly double divisionRatePerDay = 1.0;
    private readonly double selfRenewalAtSetPoint = 0.3;
    private readonly double selfRenewalMax = 0.45;
    private readonly double hillCoefficient = 2.0;

    /// <summary>Division rate of a progenitor cell, per day.</summary>
    /// <value>Default 1 per day; allowed [0.01, 10.0].</value>
    public double DivisionRatePerDay
    {
        get => divisionRatePerDay;
        init => divisionRatePerDay = Guard.InRange(value, 0.01, 10.0, nameof(DivisionRatePerDay), "per day");
    }

    /// <summary>Self-renewal probability per division at the healthy set point.</summary>
    /// <value>Default 0.3; allowed [0.0, 0.499].</value>
    public double SelfRenewalAtSetPoint
    {
        get => selfRenewalAtSetPoint;
        init => selfRenewalAtSetPoint = Guard.InRange(value, 0.0, 0.499, nameof(SelfRenewalAtSetPoint), "");
    }

    /// <summary>Self-renewal probability when the feedback signal is zero (maximal cytokine drive).</summary>
    /// <value>Default 0.45; allowed [0.0, 0.499].</value>
    public double SelfRenewalMax
    {
        get => selfRenewalMax;
        init => selfRenewalMax = Guard.InRange(value, 0.0, 0.499, nameof(SelfRenewalMax), "");
    }

    /// <summary>Hill coefficient of the repressing feedback on self-renewal.</summary>
    /// <value>Default 2; allowed [0.5, 10.0].</value>
    public double HillCoefficient
    {
        get => hillCoefficient;
        init => hillCoefficient = Guard.InRange(value, 0.5, 10.0, nameof(HillCoefficient), "");
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the set-point self-renewal is below the maximum.</summary>
    internal void Validate(string owner)
    {
        if (!(SelfRenewalAtSetPoint < SelfRenewalMax))
            throw new ArgumentException(
                $"{owner}: SelfRenewalAtSetPoint ({SelfRenewalAtSetPoint}) must be below SelfRenewalMax ({SelfRenewalMax}).", owner);
    }
}
