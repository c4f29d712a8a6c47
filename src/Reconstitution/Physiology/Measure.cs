namespace Reconstitution.Physiology;

/// <summary>
/// The clinical readouts recorded in a patient trajectory, one per column of the tidy output
/// (<c>patient,day,measure,value</c>). <see cref="MeasureNames.Of"/> gives the identifier used in files.
/// </summary>
public enum Measure
{
    /// <summary>Absolute neutrophil count, 10⁹/L (<c>anc</c>).</summary>
    Anc,

    /// <summary>White blood cells, 10⁹/L (<c>wbc</c>).</summary>
    Wbc,

    /// <summary>Haemoglobin, g/dL (<c>hb</c>).</summary>
    Hb,

    /// <summary>Platelets, 10⁹/L (<c>platelets</c>).</summary>
    Platelets,

    /// <summary>Lymphocytes, 10⁹/L (<c>lymphocytes</c>).</summary>
    Lymphocytes,

    /// <summary>CD4 T cells (naive, memory and Treg), cells/µL (<c>cd4</c>).</summary>
    Cd4,

    /// <summary>CD8 T cells, cells/µL (<c>cd8</c>).</summary>
    Cd8,

    /// <summary>B cells, cells/µL (<c>b</c>).</summary>
    B,

    /// <summary>NK cells, cells/µL (<c>nk</c>).</summary>
    Nk,

    /// <summary>Donor share of blood neutrophils (myeloid chimerism), % (<c>donorChimerism</c>).</summary>
    DonorChimerism,

    /// <summary>Autoreactive effector cells, whole body (<c>autoreactive</c>).</summary>
    Autoreactive,

    /// <summary>Disease activity index in [0, 1) (<c>diseaseActivity</c>).</summary>
    DiseaseActivity,

    /// <summary>Autoantibody relative to the patient's pre-treatment level (1 = before treatment; 0 without an antibody component) (<c>autoantibody</c>).</summary>
    Autoantibody,
}

/// <summary>The file identifiers of <see cref="Measure"/> values. Thread-safe.</summary>
/// <remarks>Use it to read or write a measure as files spell it (<c>trajectory.csv</c>, observations for a forecast); in code use <see cref="Measure"/>.</remarks>
public static class MeasureNames
{
    private static readonly string[] Names =
        ["anc", "wbc", "hb", "platelets", "lymphocytes", "cd4", "cd8", "b", "nk", "donorChimerism", "autoreactive", "diseaseActivity", "autoantibody"];

    /// <summary>Every measure, in declaration order.</summary>
    public static IReadOnlyList<Measure> All { get; } = Enum.GetValues<Measure>();

    /// <summary>The identifier of a measure in output files, e.g. <c>"anc"</c> or <c>"donorChimerism"</c>.</summary>
    /// <param name="measure">The measure.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined measure.</exception>
    public static string Of(Measure measure) => (uint)measure < (uint)Names.Length
        ? Names[(int)measure]
        : throw new ArgumentOutOfRangeException(nameof(measure), measure, $"Parameter 'measure' was {measure}; allowed: a defined Measure.");
}
