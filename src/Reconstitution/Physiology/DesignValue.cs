namespace Reconstitution.Physiology;

/// <summary>
/// A value of a <see cref="PhysiologyDesign"/> that the physiology network binds per patient: a host compartment's initial count,
/// a transition's rate constant, or a constant a signal function reads. <see cref="PhysiologyTemplateBuilder"/> records which
/// value each compartment and transition takes, and <see cref="DesignValues.Of"/> evaluates it for a design, so that binding a
/// patient is one method's switch per value rather than a delegate per value (issue 15).
/// </summary>
/// <remarks>
/// The three stage values (<see cref="MppStageCells"/>, <see cref="MitoticStageCells"/>, <see cref="ErythroblastStageCells"/>)
/// take a stage index (0-based); the others ignore it.
/// </remarks>
internal enum DesignValue
{
    // ---- Initial counts of the host's compartments (a donor origin starts empty) and of the shared autoimmune ones ----
    LongTermStemCells,
    ShortTermStemCells1,
    ShortTermStemCells2,
    MppStageCells,
    GranulocyteProgenitors,
    ErythroidProgenitors,
    MegakaryocyteProgenitors,
    LymphoidProgenitors,
    MitoticStageCells,
    PostMitoticStageCells,
    MarrowNeutrophilReserve,
    BloodNeutrophils,
    Monocytes,
    ErythroblastStageCells,
    Reticulocytes,
    /// <summary>The red cells of one age stage: all red cells over the stages.</summary>
    RedCellsPerStage,
    MegakaryocyteStageCells,
    /// <summary>The platelets of one age stage: all platelets over the stages.</summary>
    PlateletsPerStage,
    EarlyBPrecursors,
    LateBPrecursors,
    BCells,
    NkPrecursors,
    NkCells,
    EarlyThymocytes,
    LateThymocytes,
    NaiveCd4,
    MemoryCd4,
    NaiveCd8,
    MemoryCd8,
    Treg,
    /// <summary>The autoreactive clone (0 without one).</summary>
    AutoreactiveCells,
    /// <summary>Long-lived plasma cells (0 unless the disease is antibody-mediated), as the next two.</summary>
    PlasmaCells,
    Antibody,
    ShortLivedPlasmaCells,

    // ---- Rate constants per day ----
    HscDifferentiationPerDay,
    ShortTermStageExitPerDay,
    MppDivisionPerDay,
    /// <summary>An MPP's exit to the granulocyte progenitors: the lineage's share of the MPP division rate (as the next three).</summary>
    MppToGranulocytePerDay,
    MppToErythroidPerDay,
    MppToMegakaryocytePerDay,
    MppToLymphoidPerDay,
    GranulocyteProgenitorDivisionPerDay,
    ErythroidProgenitorDivisionPerDay,
    MegakaryocyteProgenitorDivisionPerDay,
    LymphoidProgenitorDivisionPerDay,
    /// <summary>The lymphoid progenitor's division rate times the B-cell share of its output (as the next two for NK and T cells).</summary>
    LymphoidToBPerDay,
    LymphoidToNkPerDay,
    LymphoidToThymusPerDay,
    MitoticDivisionPerDay,
    /// <summary>The last mitotic stage's divisions towards neutrophils: (1 − monocyte share)·division rate.</summary>
    MitoticToNeutrophilPerDay,
    /// <summary>The last mitotic stage's divisions towards monocytes: monocyte share·division rate.</summary>
    MitoticToMonocytePerDay,
    PostMitoticMaturationPerDay,
    NeutrophilReleasePerDay,
    BloodNeutrophilDeathPerDay,
    MonocyteDeathPerDay,
    ErythroblastDivisionPerDay,
    ReticulocyteReleasePerDay,
    RedCellAgingPerDay,
    MegakaryocyteMaturationPerDay,
    PlateletAgingPerDay,
    BPrecursorMaturationPerDay,
    BProliferationPerDay,
    BDeathPerDay,
    NkPrecursorMaturationPerDay,
    NkProliferationPerDay,
    NkDeathPerDay,
    EarlyThymocyteExitPerDay,
    /// <summary>Late thymocytes' exit as naive CD4 cells: the CD4 share of the exit rate (as the next two for CD8 and Treg).</summary>
    ThymusToNaiveCd4PerDay,
    ThymusToNaiveCd8PerDay,
    ThymusToTregPerDay,
    NaiveCd4ProliferationPerDay,
    NaiveCd4DeathPerDay,
    NaiveCd4ConversionPerDay,
    MemoryCd4ProliferationPerDay,
    MemoryCd4DeathPerDay,
    NaiveCd8ProliferationPerDay,
    NaiveCd8DeathPerDay,
    NaiveCd8ConversionPerDay,
    MemoryCd8ProliferationPerDay,
    MemoryCd8DeathPerDay,
    TregProliferationPerDay,
    TregDeathPerDay,
    /// <summary>The autoreactive clone's death rate (only with a clone, as the next two).</summary>
    AutoreactiveDeathPerDay,
    PlasmaCellRatePerDay,
    PlasmaCellDeathPerDay,
    AntibodyDecayPerDay,
    ShortLivedPlasmaCellRatePerDay,
    ShortLivedPlasmaCellDeathPerDay,

    // ---- Constants of signal functions ----
    NeutrophilMitoticGainMax,
    NeutrophilMaturationGainMax,
    NeutrophilReleaseGainMax,
    /// <summary>The erythroid progenitor's maximal self-renewal (as the next two: its Hill threshold and coefficient).</summary>
    ErythroidRenewalMax,
    ErythroidRenewalThreshold,
    ErythroidRenewalHill,
    /// <summary>The lymphoid progenitor's maximal self-renewal (as the next two: its Hill threshold and coefficient).</summary>
    LymphoidRenewalMax,
    LymphoidRenewalThreshold,
    LymphoidRenewalHill,
    BHomeostaticGainMax,
    NkHomeostaticGainMax,
    NaiveCd4NicheLoad,
    MemoryCd4NicheLoad,
    NaiveCd8NicheLoad,
    MemoryCd8NicheLoad,
    /// <summary>The IL-7 gain maximum of naive CD4 cells (as the next three for memory CD4, naive CD8 and memory CD8 cells).</summary>
    NaiveCd4GainMax,
    MemoryCd4GainMax,
    NaiveCd8GainMax,
    MemoryCd8GainMax,
    ThymusRegrowthPerDay,
    NicheRegrowthPerDay,
    /// <summary>The autoimmune haemolysis' maximum per day (only with a clone, as the next one for platelet destruction).</summary>
    HemolysisMaxPerDay,
    PlateletDestructionMaxPerDay,
}
