using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// All parameters of the hematopoietic and immune model of one patient, before covariates are applied.
/// Immutable and thread-safe; change a value with a <c>with</c> expression.
/// </summary>
/// <remarks>
/// The defaults are those of docs/model.md §12, checked by the design's mean-field
/// verification (docs/model.md §13) and the physiology tests: a healthy adult stays inside the normal ranges of physiology.md §2,
/// and myeloablation plus a graft reproduces the median engraftment days of calibration.md from
/// mechanism. Every group validates its own values when set; <see cref="Validate"/> checks the
/// constraints that span several values.
/// </remarks>
public sealed record PhysiologyParameters
{
    private readonly double bloodVolumeLitersPerKg = 0.070;
    private readonly double homingEfficiency = 0.5;

    /// <summary>Blood volume per kilogram of body weight.</summary>
    /// <value>Default 0.070 L/kg (physiology.md §2); allowed [0.03, 0.12].</value>
    public double BloodVolumeLitersPerKg
    {
        get => bloodVolumeLitersPerKg;
        init => bloodVolumeLitersPerKg = Guard.InRange(value, 0.03, 0.12, nameof(BloodVolumeLitersPerKg), "L/kg");
    }

    /// <summary>Share of infused stem and progenitor cells that home to the marrow and engraft.</summary>
    /// <value>Default 0.5 (assumption, range 0.1–1; Szilvassy et al., Blood 2001); allowed [0, 1].</value>
    public double HomingEfficiency
    {
        get => homingEfficiency;
        init => homingEfficiency = Guard.InRange(value, 0.0, 1.0, nameof(HomingEfficiency));
    }

    /// <summary>Stem cells and the MPP generation chain.</summary>
    public StemCellParameters StemCells { get; init; } = new();

    /// <summary>Neutrophil and monocyte production.</summary>
    public GranulopoiesisParameters Granulopoiesis { get; init; } = new();

    /// <summary>Red-cell production and removal.</summary>
    public ErythropoiesisParameters Erythropoiesis { get; init; } = new();

    /// <summary>Platelet production and removal.</summary>
    public ThrombopoiesisParameters Thrombopoiesis { get; init; } = new();

    /// <summary>B and NK cells and lymphoid progenitors.</summary>
    public LymphocyteParameters Lymphocytes { get; init; } = new();

    /// <summary>Thymic output, ageing, damage and rebound.</summary>
    public ThymusParameters Thymus { get; init; } = new();

    /// <summary>Peripheral T cells.</summary>
    public TCellParameters TCells { get; init; } = new();

    /// <summary>Alloimmunity: graft-versus-host, graft-versus-autoimmunity, host-versus-graft and unit-versus-unit kills (docs/model.md §17).</summary>
    public AlloimmunityParameters Alloimmunity { get; init; } = new();

    /// <summary>The defaults of docs/model.md §12.</summary>
    public static PhysiologyParameters Default { get; } = new();

    /// <summary>
    /// Checks the constraints that span several values (for example that set-point self-renewal is
    /// below its maximum); throws <see cref="ArgumentNullException"/> or <see cref="ArgumentException"/>
    /// naming the value.
    /// </summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(StemCells);
        ArgumentNullException.ThrowIfNull(Granulopoiesis);
        ArgumentNullException.ThrowIfNull(Erythropoiesis);
        ArgumentNullException.ThrowIfNull(Thrombopoiesis);
        ArgumentNullException.ThrowIfNull(Lymphocytes);
        ArgumentNullException.ThrowIfNull(Thymus);
        ArgumentNullException.ThrowIfNull(TCells);
        ArgumentNullException.ThrowIfNull(Alloimmunity);
        Granulopoiesis.Progenitor.Validate("Granulopoiesis.Progenitor");
        Erythropoiesis.Progenitor.Validate("Erythropoiesis.Progenitor");
        Thrombopoiesis.Progenitor.Validate("Thrombopoiesis.Progenitor");
        Lymphocytes.Progenitor.Validate("Lymphocytes.Progenitor");
        if (!(Lymphocytes.NkProliferationPerDay < Lymphocytes.NkDeathPerDay))
            throw new ArgumentException(
                $"Lymphocytes.NkProliferationPerDay ({Lymphocytes.NkProliferationPerDay}) must be below NkDeathPerDay ({Lymphocytes.NkDeathPerDay}) so that NK cells need marrow input.",
                nameof(Lymphocytes));
        if (!(Lymphocytes.BProliferationPerDay < Lymphocytes.BDeathPerDay))
            throw new ArgumentException(
                $"Lymphocytes.BProliferationPerDay ({Lymphocytes.BProliferationPerDay}) must be below BDeathPerDay ({Lymphocytes.BDeathPerDay}) so that B cells need marrow input.",
                nameof(Lymphocytes));
    }
}
