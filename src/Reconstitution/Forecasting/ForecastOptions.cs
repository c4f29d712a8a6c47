using Reconstitution.Outcomes;
using Reconstitution.Validation;

namespace Reconstitution.Forecasting;

/// <summary>Options of <see cref="PatientForecaster"/>. Immutable; change a value with a <c>with</c> expression.</summary>
/// <remarks>
/// The defaults give a forecast from ten days of counts in a few seconds on two cores (benchmarks/README.md). More
/// particles make the forecast's own Monte Carlo error smaller (it shrinks as 1/√ESS); the answer to "when will this
/// patient engraft" stays as uncertain as the patient is.
/// </remarks>
public sealed record ForecastOptions
{
    private readonly int _particles = 200;
    private readonly int _horizon = 100;
    private readonly int _moves = 1;
    private readonly int _maxStages = 30;
    private readonly int _threads = Environment.ProcessorCount;

    /// <summary>Number of particles (virtual patients with their seeds) that represent the patient's possible futures.</summary>
    /// <value>Default 200; allowed [16, 100000].</value>
    public int Particles { get => _particles; init => _particles = (int)Guard.InRange(value, 16, 100_000, nameof(Particles)); }

    /// <summary>The random seed of the forecast. Same seed, observations and options: the same forecast on any thread count.</summary>
    /// <value>Default 1.</value>
    public ulong Seed { get; init; } = 1;

    /// <summary>Days after infusion forecast; at least the last observed day.</summary>
    /// <value>Default 100 (covers graft failure by day 30, or 42 for cord blood); allowed [1, 36500].</value>
    public int HorizonDays { get => _horizon; init => _horizon = (int)Guard.InRange(value, 1, 36_500, nameof(HorizonDays)); }

    /// <summary>
    /// The least number of Metropolis–Hastings moves per particle after each resampling (the rejuvenation step); the
    /// sampler adds moves, up to four times this number, until 90 % of the particles have moved.
    /// </summary>
    /// <value>Default 1; allowed [1, 50].</value>
    public int MovesPerStage { get => _moves; init => _moves = (int)Guard.InRange(value, 1, 50, nameof(MovesPerStage)); }

    /// <summary>The most tempering stages before the sampler gives up and reports the data as inconsistent with the model.</summary>
    /// <value>Default 30; allowed [1, 1000].</value>
    public int MaxStages { get => _maxStages; init => _maxStages = (int)Guard.InRange(value, 1, 1000, nameof(MaxStages)); }

    /// <summary>Worker threads for the simulations. The forecast does not depend on it.</summary>
    /// <value>Default: the number of cores; allowed [1, 1024].</value>
    public int Threads { get => _threads; init => _threads = (int)Guard.InRange(value, 1, 1024, nameof(Threads)); }

    /// <summary>The measurement-error model of the observations.</summary>
    /// <value>Default <see cref="Forecasting.MeasurementError.Default"/>.</value>
    public MeasurementError MeasurementError { get; init; } = MeasurementError.Default;

    /// <summary>
    /// The patient model's options (population parameters, solver, drug effects, clinical risks); their
    /// <see cref="PatientSimulationOptions.Days"/> is replaced by <see cref="HorizonDays"/>, and between-patient
    /// variability is always on (it is the prior).
    /// </summary>
    /// <value>Default <see cref="PatientSimulationOptions.Default"/>.</value>
    public PatientSimulationOptions Simulation { get; init; } = PatientSimulationOptions.Default;

    /// <summary>The defaults.</summary>
    public static ForecastOptions Default { get; } = new();
}
