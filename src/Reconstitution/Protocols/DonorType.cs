namespace Reconstitution.Protocols;

/// <summary>Who gave the graft. Protocol files use camelCase names.</summary>
public enum DonorType
{
    /// <summary>The patient (autologous graft): cells return to the host compartments, autoreactive cells included.</summary>
    Self,

    /// <summary>An HLA-matched sibling.</summary>
    MatchedSibling,

    /// <summary>An HLA-matched unrelated donor.</summary>
    MatchedUnrelated,

    /// <summary>An HLA-mismatched donor (including most cord blood units).</summary>
    Mismatched,
}
