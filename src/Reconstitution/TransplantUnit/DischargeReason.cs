namespace Reconstitution.TransplantUnit;

/// <summary>Why a patient left the isolation bed after the transplant admission.</summary>
public enum DischargeReason
{
    /// <summary>The <see cref="DischargeRule"/> was met.</summary>
    Discharged,

    /// <summary>The patient died in the unit.</summary>
    Died,

    /// <summary>The rule was not met on any simulated day; the bed was freed at the end of the simulated course.</summary>
    Unresolved,
}
