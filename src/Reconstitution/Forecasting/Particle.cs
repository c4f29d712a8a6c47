namespace Reconstitution.Forecasting;

/// <summary>
/// One particle: a virtual patient's standard-normal coordinates (<see cref="PatientModelAdapter"/>), the seed of its
/// simulation, and the log-likelihood of the observations given its simulated course. Immutable; resampling copies
/// references, so equal references are the same particle.
/// </summary>
internal sealed class Particle(double[] z, ulong seed, double logLikelihood)
{
    public double[] Z { get; } = z;

    public ulong Seed { get; } = seed;

    public double LogLikelihood { get; } = logLikelihood;
}
