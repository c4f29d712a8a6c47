using Reconstitution.Forecasting;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Forecasting;

public sealed class PatientForecasterTests
{
    private static readonly PatientCovariates Patient = new() { Disease = AutoimmuneDisease.MultipleSclerosis };
    private static readonly ForecastOptions Small = new() { Particles = 48, HorizonDays = 45, Seed = 5 };

    [Fact]
    public void Run_SameSeed_SameForecastOnAnyThreadCount()
    {
        var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
        var data = SyntheticPatient.Draw(Patient, protocol, 3, 0, 6, 45);
        string one = PatientForecaster.Run(Patient, protocol, data.Observations, Small with { Threads = 1 }).ToJson();
        string two = PatientForecaster.Run(Patient, protocol, data.Observations, Small with { Threads = 2 }).ToJson();
        Assert.Equal(one, two);
        Assert.NotEqual(one, PatientForecaster.Run(Patient, protocol, data.Observations, Small with { Seed = 6 }).ToJson());
    }

    [Fact]
    public void Likelihood_CourseToTheHorizon_EqualsTheCourseToTheLastObservedDay()
    {
        // The forecast simulates each final particle once more, to the horizon, and uses the first days of that course
        // as the ones its weight was computed from: true only if a longer run has the same prefix.
        var protocol = BuiltInProtocols.Get("cord-single-mac");
        var data = SyntheticPatient.Draw(Patient, protocol, 4, 1, 8, 45);
        var obs = data.Observations.ToArray();
        var sampler = new TemperedSampler(Patient, protocol, obs, Small);
        for (int i = 0; i < 4; i++)
        {
            var z = new double[PatientModelAdapter.Dimension];
            for (int k = 0; k < z.Length; k++) z[k] = 0.3 * Math.Sin(i + k);
            var vp = PatientModelAdapter.Patient(Patient, null, z);
            var course = PatientModelAdapter.Simulate(vp, protocol, (ulong)(100 + i), 60, Small.Simulation);
            double full = TemperedSampler.LogLikelihood(course.Trajectory, PatientModelAdapter.FirstRecordedDay(protocol), obs, MeasurementError.Default);
            Assert.Equal(sampler.LogLikelihood(z, (ulong)(100 + i)), full);
        }
    }

    [Fact]
    public void Run_DataFromTheModel_IsConsistentAndReportsTheSampler()
    {
        var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
        var data = SyntheticPatient.Draw(Patient, protocol, 8, 2, 7, 45);
        var f = PatientForecaster.Run(Patient, protocol, data.Observations, Small);
        Assert.True(f.Consistency.IsConsistent, string.Join(" ", f.Consistency.Problems));
        Assert.Equal(1.0, f.Stages[^1].Temperature);
        Assert.True(f.EffectiveSampleSize > Small.Particles / 4.0, $"ESS {f.EffectiveSampleSize}");
        Assert.InRange(f.Simulations - f.Stages.Sum(s => s.Simulations), f.DistinctParticles, Small.Particles); // one future per particle copy
        Assert.InRange(f.NeutrophilEngraftment.Probability, 0, 1);
        Assert.Equal(4, f.Fans.Count);
        Assert.All(f.Fans, fan => Assert.Equal(45 - (protocol.StartDay - 1) + 1, fan.Days.Count));
        Assert.Contains("\"consistency\"", f.ToJson());
    }

    [Fact]
    public void Run_CountsNoTransplantedPatientCanHave_IsReportedInconsistent()
    {
        // A full, normal blood count every day through myeloablation: no virtual patient's marrow does that.
        var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
        var obs = new List<Observation>();
        for (int day = 0; day <= 7; day++)
        {
            obs.Add(new Observation(day, Measure.Anc, 4.5));
            obs.Add(new Observation(day, Measure.Platelets, 250));
        }
        var f = PatientForecaster.Run(Patient, protocol, obs, Small);
        Assert.False(f.Consistency.IsConsistent);
        Assert.NotEmpty(f.Consistency.Problems);
        Assert.Contains("\"consistent\": false", f.ToJson());
    }

    [Theory]
    [InlineData(-20, "outside the simulated days")]
    [InlineData(200, "outside the simulated days")]
    public void Run_ObservationOutsideTheSimulatedDays_NamesIt(int day, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => PatientForecaster.Run(Patient, BuiltInProtocols.Get("allo-pbsc-mac"),
            [new Observation(day, Measure.Anc, 0.2)], Small with { HorizonDays = 100 }));
        Assert.Contains("'observations'[0]", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Run_BadObservations_AreRefusedWithTheirIndex()
    {
        var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => PatientForecaster.Run(Patient, protocol, [], Small)).Message);
        Assert.Contains("comes after day 5", Assert.Throws<ArgumentException>(() => PatientForecaster.Run(Patient, protocol,
            [new Observation(5, Measure.Anc, 0.1), new Observation(3, Measure.Anc, 0.1)], Small)).Message);
        Assert.Contains("≥ 0", Assert.Throws<ArgumentException>(() => PatientForecaster.Run(Patient, protocol,
            [new Observation(5, Measure.Anc, -1)], Small)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => PatientForecaster.Run(Patient, protocol,
            [new Observation(5, Measure.Anc, 1), new Observation(5, Measure.Anc, 1)], Small)).Message);
    }
}
