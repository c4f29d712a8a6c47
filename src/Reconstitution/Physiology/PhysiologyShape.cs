namespace Reconstitution.Physiology;

/// <summary>
/// Everything <see cref="PhysiologyNetworkBuilder"/> branches on: two designs with equal shapes give networks with the same
/// compartments, parameters, transitions, signals and dependency graph, differing only in values (initial counts, rate
/// constants, the constants of the signal functions). The key of <see cref="PhysiologyTemplate"/>'s cache. The disease enters
/// only through what the builder does with it (an autoreactive clone, antibodies, and which cells the antibodies clear), so
/// diseases that build the same network share one shape: multiple sclerosis and rheumatoid arthritis (T cells alone), systemic
/// sclerosis and lupus (antibodies that clear no blood cell).
/// </summary>
/// <remarks>
/// A record class, not a record struct: the cache's dictionary over a reference-type key is the framework's shared code,
/// which ReadyToRun precompiles, whereas a dictionary and an equality comparer over a value type of this library lie outside
/// its version bubble and were JIT-compiled at the start of every run (≈ 20 methods; benchmarks/results/cohort.md,
/// session 15). A shape is made twice per patient (the cache look-up and the bind's check): two small allocations.
/// </remarks>
/// <param name="AllogeneicUnits">Allogeneic units the model traces (0 builds no alloimmune transitions; ≥ 2 one donor origin per unit).</param>
/// <param name="MppStages">Generations of the MPP chain.</param>
/// <param name="RedCellStages">Age stages of circulating red cells.</param>
/// <param name="PlateletStages">Age stages of circulating platelets.</param>
/// <param name="ShortTermAmplificationExponent">log₂ of the cells one short-term stem-cell division passes on (a stoichiometric coefficient).</param>
/// <param name="ThymicAmplificationExponent">log₂ of the late thymocytes one early thymocyte yields (a stoichiometric coefficient).</param>
/// <param name="MppExitAmplification">Lineage progenitors one MPP exit yields (a stoichiometric coefficient).</param>
/// <param name="PlateletsPerMegakaryocyte">Platelets one megakaryocyte sheds (a stoichiometric coefficient).</param>
/// <param name="RedCellClearance">Whether the active disease clears red cells (autoimmune haemolytic anaemia with an autoreactive clone: a lysis transition per red-cell stage, driven by the disease signal).</param>
/// <param name="PlateletClearance">Whether the active disease clears platelets (immune thrombocytopenia with an autoreactive clone: a destruction transition per platelet stage, driven by the disease signal).</param>
/// <param name="Autoimmune">Whether the model has an autoreactive clone.</param>
/// <param name="AntibodyMediated">Whether the clone acts through plasma cells and antibody.</param>
/// <param name="PlateletFixedConsumption">Whether platelets have a fixed (endothelial) consumption.</param>
internal sealed record PhysiologyShape(
    int AllogeneicUnits,
    int MppStages,
    int RedCellStages,
    int PlateletStages,
    int ShortTermAmplificationExponent,
    int ThymicAmplificationExponent,
    int MppExitAmplification,
    int PlateletsPerMegakaryocyte,
    bool RedCellClearance,
    bool PlateletClearance,
    bool Autoimmune,
    bool AntibodyMediated,
    bool PlateletFixedConsumption)
{
    /// <summary>Donor origins in the network (at least one, so the donor copies always exist).</summary>
    public int DonorOrigins => Math.Max(1, AllogeneicUnits);

    /// <summary>The shape of a design.</summary>
    /// <param name="d">The design.</param>
    /// <returns>Its shape.</returns>
    public static PhysiologyShape Of(PhysiologyDesign d)
    {
        var p = d.P;
        return new(d.AllogeneicUnits, p.StemCells.MppStages, p.Erythropoiesis.RedCellStages, p.Thrombopoiesis.PlateletStages,
            p.StemCells.ShortTermAmplificationExponent, p.Thymus.AmplificationExponent, p.StemCells.MppExitAmplification,
            p.Thrombopoiesis.PlateletsPerMegakaryocyte,
            d.Auto is not null && d.Disease == AutoimmuneDisease.AutoimmuneHemolyticAnemia,
            d.Auto is not null && d.Disease == AutoimmuneDisease.ImmuneThrombocytopenia, d.Auto is not null, d.AntibodyMediated, d.PlateletFixedConsumption > 0);
    }
}
