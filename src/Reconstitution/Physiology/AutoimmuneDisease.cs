namespace Reconstitution.Physiology;

/// <summary>
/// The autoimmune disease that the patient's autoreactive clone causes (docs/model.md §7).
/// </summary>
/// <remarks>
/// T-cell diseases (multiple sclerosis, systemic sclerosis, rheumatoid arthritis) show only in the
/// disease activity index; antibody diseases (SLE, AIHA, ITP) act through plasma cells and
/// autoantibody, and for AIHA and ITP the antibody raises the clearance of red cells or platelets.
/// </remarks>
public enum AutoimmuneDisease
{
    /// <summary>No autoreactive clone.</summary>
    None,

    /// <summary>Multiple sclerosis (T-cell type).</summary>
    MultipleSclerosis,

    /// <summary>Systemic sclerosis (T-cell type).</summary>
    SystemicSclerosis,

    /// <summary>Systemic lupus erythematosus (antibody type; activity from autoantibody).</summary>
    SystemicLupusErythematosus,

    /// <summary>Rheumatoid arthritis (T-cell type).</summary>
    RheumatoidArthritis,

    /// <summary>Autoimmune haemolytic anaemia (antibody type; raises red-cell clearance).</summary>
    AutoimmuneHemolyticAnemia,

    /// <summary>Immune thrombocytopenia (antibody type; raises platelet clearance).</summary>
    ImmuneThrombocytopenia,
}
