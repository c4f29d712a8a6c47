using Reconstitution.Compartments;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Validation;

namespace Reconstitution.Outcomes;

/// <summary>Options of <see cref="PatientSimulation"/>. Immutable.</summary>
/// <remarks>Pass it to <see cref="PatientSimulation.Run(Physiology.PatientCovariates, Protocols.IProtocol, ulong, long, PatientSimulationOptions?)"/> or a cohort specification to change days, solver, agent effects or clinical hazards; the defaults suit most runs.</remarks>
public sealed record PatientSimulationOptions
{
    private readonly int _days = 100;

    /// <summary>Days simulated after infusion.</summary>
    /// <value>Default 100; allowed [1, 36500].</value>
    public int Days { get => _days; init => _days = (int)Guard.InRange(value, 1, 36500, nameof(Days)); }

    /// <summary>Solver options; null for <see cref="Patient.DefaultSolverOptions"/>.</summary>
    public SolverOptions? Solver { get; init; }

    /// <summary>Population physiology parameters (medians of the virtual-patient draw); null for the defaults.</summary>
    public PhysiologyParameters? Parameters { get; init; }

    /// <summary>
    /// Autoreactive-clone parameters (medians of the virtual-patient draw) for patients with a disease; null for the disease's
    /// own defaults (<see cref="AutoimmunityParameters.ForDisease"/>). Ignored for patients without a disease.
    /// </summary>
    /// <remarks>They replace the per-disease defaults for every patient, so set them for a cohort of one disease.</remarks>
    public AutoimmunityParameters? Autoimmunity { get; init; }

    /// <summary>Whether patients drawn from covariates get individual parameters (<see cref="VirtualPatient.Draw"/>); false: population medians.</summary>
    /// <value>Default true.</value>
    public bool BetweenPatientVariability { get; init; } = true;

    /// <summary>Conditioning agent pharmacodynamics.</summary>
    public ConditioningAgentEffects Effects { get; init; } = ConditioningAgentEffects.Default;

    /// <summary>Clinical hazards.</summary>
    public ClinicalRiskParameters Risks { get; init; } = ClinicalRiskParameters.Default;

    /// <summary>Regimen-related organ toxicity (docs/model.md §18); <see cref="OrganToxicityParameters.None"/> switches it off.</summary>
    /// <value>Default <see cref="OrganToxicityParameters.Default"/>.</value>
    public OrganToxicityParameters OrganToxicity { get; init; } = OrganToxicityParameters.Default;

    /// <summary>When a graft counts as failed and why (day +30/+42, donor share below 5 %; <see cref="GraftFailureCriteria"/>).</summary>
    public GraftFailureCriteria GraftFailure { get; init; } = GraftFailureCriteria.Default;

    /// <summary>
    /// Stops a running patient: checked once per simulated day, it throws <see cref="OperationCanceledException"/> so that a
    /// long patient (a 100-year horizon) stops within a day's work. Checking does not change the results.
    /// </summary>
    /// <value>Default: none.</value>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Splits the run's randomness at a day into a past (the seed) and a future (the seed and a second key); see <see cref="FutureRandomness"/>.</summary>
    /// <value>Default: none (one stream of randomness for the whole run).</value>
    public FutureRandomness? Future { get; init; }

    /// <summary>The defaults.</summary>
    public static PatientSimulationOptions Default { get; } = new();
}
