namespace Reconstitution.Sensitivity;

/// <summary>Where a catalogue parameter's plausible range comes from (docs/sensitivity.md §Catalogue).</summary>
public enum RangeBasis
{
    /// <summary>The range the parameter's documentation gives (an assumption's stated range, or a protocol parameter's limits).</summary>
    Documented,

    /// <summary>An assumption without a stated range: half to twice the default.</summary>
    HalfToDouble,

    /// <summary>A sourced value without a stated range: −20 % to +25 % of the default (a factor 1.25 either way).</summary>
    Quarter,

    /// <summary>A narrow range chosen so that constraints between parameters hold everywhere in it (e.g. progenitor self-renewal at the set point below its maximum).</summary>
    Constrained,

    /// <summary>The spread of the values the model itself uses: a per-disease or per-source table widened by one between-patient standard deviation, or a sourced value's confidence interval or reported range.</summary>
    Spread,
}
