namespace Reconstitution.Outcomes;

/// <summary>
/// Splits a patient simulation's randomness at a day: the course up to and including day <see cref="AfterDay"/> is
/// drawn from the run's seed alone, everything after it from the run's seed and <see cref="Seed"/>. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// Set it as <see cref="PatientSimulationOptions.Future"/>. After every event of day <see cref="AfterDay"/> (the readout
/// observation, supportive care, the clinical hazards) each random stream of the patient (physiology and its solver,
/// treatment, clinical hazards) is re-keyed with <see cref="Seed"/>. So runs that differ only in <see cref="Seed"/> share
/// their course to day <see cref="AfterDay"/> exactly and continue as independent draws of the future given that past;
/// the future's distribution is the model's, whatever the seed.
/// </para>
/// <para>
/// Use it to continue one simulated past into several futures, as the forecaster does for the copies of a particle
/// (docs/forecasting.md §Method). A cohort does not need it.
/// </para>
/// </remarks>
/// <param name="AfterDay">The last day (after infusion, day 0) whose events use the run's seed alone; not before the protocol's first simulated day (its start day − 1).</param>
/// <param name="Seed">The key of the future's random streams.</param>
public sealed record FutureRandomness(int AfterDay, ulong Seed);
