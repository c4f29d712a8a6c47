using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Forecasting;

/// <summary>
/// The one place where forecasting touches the patient model: the between-patient prior written as a function of
/// standard-normal coordinates z, and the simulation of one particle. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Patient"/> maps z ∈ ℝ^<see cref="Dimension"/> to a <see cref="VirtualPatient"/> through the same mapping
/// that <see cref="VirtualPatient.Draw"/> applies to its own standard-normal draws (docs/model.md §8): with z ~ N(0, I)
/// the patients are distributed as the cohort's. Writing the prior through z gives the sampler a prior density it can evaluate
/// (N(0, I)) however the parameters are transformed or clamped, so its Metropolis–Hastings moves are exact
/// (docs/forecasting.md). A test still compares the two draws' distributions.
/// </para>
/// <para>
/// The simulation's own randomness (graft homing, stochastic compartments, clinical events) to the last observed day is
/// the particle's seed; after it, each copy of the particle draws its own future (<see cref="FutureRandomness"/>).
/// </para>
/// </remarks>
internal static class PatientModelAdapter
{
    /// <summary>The number of standard-normal coordinates of one virtual patient.</summary>
    public const int Dimension = VirtualPatient.StandardNormalCount;

    /// <summary>The virtual patient at coordinates <paramref name="z"/> (length <see cref="Dimension"/>).</summary>
    public static VirtualPatient Patient(PatientCovariates covariates, PhysiologyParameters? parameters, ReadOnlySpan<double> z,
        AutoimmunityParameters? autoimmunity = null)
    {
        if (z.Length != Dimension) throw new ArgumentException($"Parameter 'z' has {z.Length} coordinates; expected {Dimension}.", nameof(z));
        var coordinates = z.ToArray();
        int k = 0;
        return VirtualPatient.FromStandardNormals(covariates, parameters, () => coordinates[k++], autoimmunity);
    }

    /// <summary>
    /// Simulates a virtual patient with the particle's seed to <paramref name="days"/> after infusion; with
    /// <paramref name="future"/>, the days after its split day are drawn with its own seed (one future of the particle).
    /// </summary>
    public static PatientCourse Simulate(VirtualPatient patient, IProtocol protocol, ulong seed, int days, PatientSimulationOptions options, FutureRandomness? future = null) =>
        PatientSimulation.Run(patient, protocol, seed, 0, options with { Days = days, Future = future });

    /// <summary>The first day the simulation records for a protocol (the day before conditioning starts).</summary>
    public static int FirstRecordedDay(IProtocol protocol) => protocol.StartDay - 1;
}
