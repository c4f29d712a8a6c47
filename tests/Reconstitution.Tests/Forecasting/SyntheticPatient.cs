using MathNet.Numerics.Distributions;
using Reconstitution.Forecasting;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Forecasting;

/// <summary>
/// A patient drawn from the model itself (VirtualPatient.Draw and a simulation seed, as in a cohort) and observed
/// through the forecaster's measurement-error model: the data of simulation-based calibration.
/// </summary>
internal sealed record SyntheticPatient(PatientCourse Truth, IReadOnlyList<Observation> Observations)
{
    public static readonly Measure[] Measures = [Measure.Anc, Measure.Platelets, Measure.Hb];

    public static SyntheticPatient Draw(PatientCovariates covariates, IProtocol protocol, ulong seed, int index, int lastObservedDay, int horizonDays, Measure[]? measures = null)
    {
        var truth = PatientSimulation.Run(covariates, protocol, seed, index, new PatientSimulationOptions { Days = horizonDays });
        var error = MeasurementError.Default;
        var random = RandomStream.Create(seed, index, "measurement");
        int first = (int)truth.Trajectory.Days[0];
        var observations = new List<Observation>();
        for (int day = 0; day <= lastObservedDay && day - first < truth.Trajectory.Count; day++)
            foreach (var m in measures ?? Measures)
            {
                double x = truth.Trajectory[day - first, m], c = error.Floor(m), cv = error.Cv(m);
                double y = (x + c) * Math.Exp(Math.Sqrt(Math.Log(1 + cv * cv)) * Normal.Sample(random, 0, 1)) - c;
                observations.Add(new Observation(day, m, Math.Max(0, y)));
            }
        return new SyntheticPatient(truth, observations);
    }
}
