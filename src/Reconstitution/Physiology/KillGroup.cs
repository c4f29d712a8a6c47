namespace Reconstitution.Physiology;

/// <summary>
/// Groups of compartments that a conditioning agent kills together (docs/model.md §10). A kill
/// applies to both origins (host and donor) of every compartment in the group.
/// </summary>
/// <remarks>Use a kill group to say what a conditioning agent kills (<c>ConditioningAgentDefinition</c>, protocol files' <c>logKillPerUnit</c>) or to apply a kill directly (<see cref="Patient.ApplyKill"/>).</remarks>
public enum KillGroup
{
    /// <summary>Long-term stem cells H.</summary>
    Hsc,

    /// <summary>Short-term stem cells S1, S2.</summary>
    ShortTermStemCells,

    /// <summary>The MPP generation chain MPP1…MPP8.</summary>
    Mpp,

    /// <summary>Lineage progenitors G, E, K, L.</summary>
    Progenitors,

    /// <summary>Cycling or endomitotic precursors: NM1–4, EB1–4, BP1–2, MK1–3.</summary>
    Mitotic,

    /// <summary>Post-mitotic marrow cells: NP1–3, NR, Ret, NKP.</summary>
    PostMitotic,

    /// <summary>Thymocytes T1, T2.</summary>
    Thymocytes,

    /// <summary>Conventional T cells N4, M4, N8, M8.</summary>
    TCells,

    /// <summary>Regulatory T cells R.</summary>
    Treg,

    /// <summary>Mature B cells.</summary>
    BCells,

    /// <summary>NK cells.</summary>
    NkCells,

    /// <summary>The autoreactive clone A (host).</summary>
    Autoreactive,

    /// <summary>Thymic epithelial space Thy (tissue damage; host).</summary>
    Thymus,

    /// <summary>Marrow stem-cell niche (tissue damage; host).</summary>
    Niche,

    /// <summary>Long-lived plasma cells PC (host; docs/model.md §19): non-dividing and resistant to cyclophosphamide.</summary>
    PlasmaCells,
}
