using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// The cells of a graft that reach the patient, per model compartment class (docs/model.md §11):
/// stem cells, MPPs spread over a range of chain stages, lineage progenitors, T-cell subsets and
/// autoreactive cells. Counts are whole-body cells after homing. Immutable and thread-safe.
/// </summary>
/// <remarks>Use <see cref="FromCd34Dose"/> to compute the cells from a CD34+ dose and a graft source, or set them directly.</remarks>
public sealed record GraftCells
{
    private readonly double _hsc, _mpp, _g, _e, _k, _l, _n4, _m4, _r, _n8, _m8, _a;
    private readonly int _first = 1, _last = 1;

    /// <summary>Long-term stem cells (H).</summary>
    public double Hsc { get => _hsc; init => _hsc = Guard.NonNegative(value, nameof(Hsc), "cells"); }

    /// <summary>Multipotent progenitors, spread evenly over stages <see cref="FirstMppStage"/>..<see cref="LastMppStage"/>.</summary>
    public double Mpp { get => _mpp; init => _mpp = Guard.NonNegative(value, nameof(Mpp), "cells"); }

    /// <summary>First MPP stage the MPPs enter (1 = most primitive).</summary>
    public int FirstMppStage { get => _first; init => _first = (int)Guard.InRange(value, 1L, 20L, nameof(FirstMppStage)); }

    /// <summary>Last MPP stage the MPPs enter.</summary>
    public int LastMppStage { get => _last; init => _last = (int)Guard.InRange(value, 1L, 20L, nameof(LastMppStage)); }

    /// <summary>Granulocyte–macrophage progenitors (G).</summary>
    public double GranulocyteProgenitors { get => _g; init => _g = Guard.NonNegative(value, nameof(GranulocyteProgenitors), "cells"); }

    /// <summary>Erythroid progenitors (E).</summary>
    public double ErythroidProgenitors { get => _e; init => _e = Guard.NonNegative(value, nameof(ErythroidProgenitors), "cells"); }

    /// <summary>Megakaryocyte progenitors (K).</summary>
    public double MegakaryocyteProgenitors { get => _k; init => _k = Guard.NonNegative(value, nameof(MegakaryocyteProgenitors), "cells"); }

    /// <summary>Lymphoid progenitors (L).</summary>
    public double LymphoidProgenitors { get => _l; init => _l = Guard.NonNegative(value, nameof(LymphoidProgenitors), "cells"); }

    /// <summary>Naive CD4 T cells.</summary>
    public double NaiveCd4 { get => _n4; init => _n4 = Guard.NonNegative(value, nameof(NaiveCd4), "cells"); }

    /// <summary>Memory CD4 T cells.</summary>
    public double MemoryCd4 { get => _m4; init => _m4 = Guard.NonNegative(value, nameof(MemoryCd4), "cells"); }

    /// <summary>Regulatory T cells.</summary>
    public double Treg { get => _r; init => _r = Guard.NonNegative(value, nameof(Treg), "cells"); }

    /// <summary>Naive CD8 T cells.</summary>
    public double NaiveCd8 { get => _n8; init => _n8 = Guard.NonNegative(value, nameof(NaiveCd8), "cells"); }

    /// <summary>Memory CD8 T cells.</summary>
    public double MemoryCd8 { get => _m8; init => _m8 = Guard.NonNegative(value, nameof(MemoryCd8), "cells"); }

    /// <summary>Autoreactive cells (contamination of an autologous graft; added to the host clone A).</summary>
    public double Autoreactive { get => _a; init => _a = Guard.NonNegative(value, nameof(Autoreactive), "cells"); }

    /// <summary>Graft T-cell phenotype (assumption, docs/model.md §11): CD4:CD8 = 2:1, half naive, 5 % of CD4 Treg.</summary>
    private const double Cd4Share = 2.0 / 3.0, NaiveShare = 0.5, TregShareOfCd4 = 0.05;

    /// <summary>
    /// The expected homed cells of a graft (docs/model.md §11): CD34+ cells × weight split by the source's
    /// composition, times the patient's homing efficiency and the source's homing factor; T cells from
    /// the source's CD3/CD34 ratio (or <paramref name="cd3PerKg"/>) reduced by <paramref name="tCellDepletionLogs"/>.
    /// </summary>
    /// <param name="source">The graft source composition (e.g. <see cref="GraftComposition.PeripheralBlood"/>).</param>
    /// <param name="cd34PerKg">CD34+ cells per kg body weight, ≥ 0.</param>
    /// <param name="weightKg">Body weight, kg.</param>
    /// <param name="homingEfficiency">Patient homing efficiency in [0, 1].</param>
    /// <param name="tCellDepletionLogs">Log₁₀ T-cell depletion of the product (CD34 selection: 3–5), ≥ 0.</param>
    /// <param name="cd3PerKg">T cells per kg if known; null to use the source's CD3/CD34 ratio.</param>
    /// <param name="autoreactive">Autoreactive cells in the product (before depletion), ≥ 0.</param>
    /// <returns>The homed cells (autoreactive and T cells are not subject to homing).</returns>
    public static GraftCells FromCd34Dose(GraftComposition source, double cd34PerKg, double weightKg, double homingEfficiency,
        double tCellDepletionLogs = 0, double? cd3PerKg = null, double autoreactive = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.Validate();
        Guard.NonNegative(cd34PerKg, nameof(cd34PerKg), "cells/kg");
        Guard.InRange(weightKg, 2.0, 300.0, nameof(weightKg), "kg");
        Guard.InRange(homingEfficiency, 0.0, 1.0, nameof(homingEfficiency));
        Guard.InRange(tCellDepletionLogs, 0.0, 10.0, nameof(tCellDepletionLogs), "log10");
        Guard.NonNegative(autoreactive, nameof(autoreactive), "cells");
        double cd34 = cd34PerKg * weightKg, homed = homingEfficiency * source.HomingFactor;
        double t = (cd3PerKg is double c3 ? Guard.NonNegative(c3, nameof(cd3PerKg), "cells/kg") : source.Cd3PerCd34 * cd34PerKg)
            * weightKg * Math.Pow(10, -tCellDepletionLogs);
        return new GraftCells
        {
            Hsc = cd34 * source.HscPerCd34 * homed,
            Mpp = cd34 * source.MppFraction * homed,
            FirstMppStage = source.FirstMppStage,
            LastMppStage = source.LastMppStage,
            GranulocyteProgenitors = cd34 * source.GranulocyteProgenitorFraction * homed,
            ErythroidProgenitors = cd34 * source.ErythroidProgenitorFraction * homed,
            MegakaryocyteProgenitors = cd34 * source.MegakaryocyteProgenitorFraction * homed,
            LymphoidProgenitors = cd34 * source.LymphoidProgenitorFraction * homed,
            NaiveCd4 = t * Cd4Share * (1 - TregShareOfCd4) * NaiveShare,
            MemoryCd4 = t * Cd4Share * (1 - TregShareOfCd4) * (1 - NaiveShare),
            Treg = t * Cd4Share * TregShareOfCd4,
            NaiveCd8 = t * (1 - Cd4Share) * NaiveShare,
            MemoryCd8 = t * (1 - Cd4Share) * (1 - NaiveShare),
            Autoreactive = autoreactive * Math.Pow(10, -tCellDepletionLogs),
        };
    }
}
