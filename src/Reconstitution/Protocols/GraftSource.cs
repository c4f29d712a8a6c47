namespace Reconstitution.Protocols;

/// <summary>Where the graft's stem cells come from. Protocol files use camelCase names.</summary>
public enum GraftSource
{
    /// <summary>G-CSF-mobilised peripheral blood stem cells (apheresis).</summary>
    PeripheralBlood,

    /// <summary>Bone marrow harvest.</summary>
    BoneMarrow,

    /// <summary>One umbilical cord blood unit.</summary>
    SingleCord,

    /// <summary>Two cord blood units infused together; doses are the sum of both units.</summary>
    DoubleCord,
}
