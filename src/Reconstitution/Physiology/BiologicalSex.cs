namespace Reconstitution.Physiology;

/// <summary>
/// Biological sex of a simulated patient. It sets the haemoglobin set point
/// (normal adult ranges 13.5–17.5 g/dL for men and 12.0–15.5 g/dL for women; Mayo Clinic,
/// see docs/model.md §8).
/// </summary>
public enum BiologicalSex
{
    /// <summary>Male: haemoglobin set point 15.0 g/dL by default.</summary>
    Male,

    /// <summary>Female: haemoglobin set point 13.5 g/dL by default.</summary>
    Female,
}
