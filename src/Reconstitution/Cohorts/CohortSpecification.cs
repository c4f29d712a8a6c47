using Reconstitution.Outcomes;
using Reconstitution.Protocols;
using Reconstitution.Validation;

namespace Reconstitution.Cohorts;

/// <summary>What a virtual cohort is: protocol, size, seed, horizon, covariate distribution and threads. Immutable.</summary>
/// <remarks>
/// Patient <c>i</c> draws its covariates from the stream (<see cref="Seed"/>, i, <c>"covariates"</c>) and is simulated
/// with <see cref="PatientSimulation.Run(Physiology.PatientCovariates, IProtocol, ulong, long, PatientSimulationOptions?)"/>
/// with the same seed and index, so its course depends only on (seed, i): never on <see cref="Threads"/>.
/// </remarks>
public sealed record CohortSpecification
{
    private readonly int _patients = 100;
    private readonly int _days = 365;
    private readonly int _threads = Environment.ProcessorCount;

    /// <summary>Creates a specification.</summary>
    /// <param name="protocol">The protocol every patient receives.</param>
    public CohortSpecification(IProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        Protocol = protocol;
    }

    /// <summary>The protocol.</summary>
    public IProtocol Protocol { get; init; }

    /// <summary>Number of patients.</summary>
    /// <value>Default 100; allowed [1, 10,000,000].</value>
    public int Patients { get => _patients; init => _patients = (int)Guard.InRange(value, 1, 10_000_000, nameof(Patients)); }

    /// <summary>The cohort seed.</summary>
    /// <value>Default 1.</value>
    public ulong Seed { get; init; } = 1;

    /// <summary>Days simulated after infusion.</summary>
    /// <value>Default 365; allowed [1, 36,500].</value>
    public int Days { get => _days; init => _days = (int)Guard.InRange(value, 1, 36_500, nameof(Days)); }

    /// <summary>The distribution covariates are drawn from.</summary>
    /// <value>Default <see cref="CovariateDistribution.Default"/>.</value>
    public CovariateDistribution Covariates { get; init; } = CovariateDistribution.Default;

    /// <summary>Worker threads.</summary>
    /// <value>Default <see cref="Environment.ProcessorCount"/>; allowed [1, 1024]. Results do not depend on it.</value>
    public int Threads { get => _threads; init => _threads = (int)Guard.InRange(value, 1, 1024, nameof(Threads)); }

    /// <summary>Options for each patient's simulation (its <see cref="PatientSimulationOptions.Days"/> is replaced by <see cref="Days"/>).</summary>
    /// <value>Default <see cref="PatientSimulationOptions.Default"/>.</value>
    public PatientSimulationOptions Simulation { get; init; } = PatientSimulationOptions.Default;
}
