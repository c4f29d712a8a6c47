using Reconstitution.Cohorts;
using Reconstitution.Protocols;
using Reconstitution.TransplantUnit;
using Xunit.Abstractions;

namespace Reconstitution.Tests.TransplantUnit;

/// <summary>The transplant-unit model on the real patient simulation.</summary>
public class UnitSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_LowerCd34Dose_LengthensStayAndRaisesOccupancy()
    {
        // The same referrals and the same virtual patients (same seed) with 5×10⁶ vs 1×10⁶ CD34+/kg: fewer stem cells
        // give slower neutrophil recovery, so each patient stays longer and, by Little's law, more beds are occupied.
        // Beds are plentiful (nobody waits), so occupancy reflects stays only. The stays are paired (same patient);
        // the mean paired difference must exceed 4 of its standard errors.
        DefinedProtocol baseProtocol = BuiltInProtocols.Get("auto-cy-atg");
        UnitResult high = RunWithDose(baseProtocol, 5e6);
        UnitResult low = RunWithDose(baseProtocol, 1e6);
        double[] diff = [.. low.Patients.Zip(high.Patients, (l, h) => l.LengthOfStayDays!.Value - h.LengthOfStayDays!.Value)];
        double mean = diff.Average();
        double se = Math.Sqrt(diff.Sum(d => (d - mean) * (d - mean)) / (diff.Length - 1) / diff.Length);
        output.WriteLine($"n = {diff.Length}, stay high {high.Summary.LengthOfStay[0].MeanDays:F2}, low {low.Summary.LengthOfStay[0].MeanDays:F2}, diff {mean:F2} ± {se:F2}; occupancy {high.Summary.MeanOccupiedBeds:F2} → {low.Summary.MeanOccupiedBeds:F2}");
        Assert.True(mean > 4 * se, $"mean paired difference {mean:F2} days, SE {se:F2}");
        // Occupancy: with nobody waiting, the difference in mean occupied beds is the paired extra bed-time over the
        // window, ≈ Σ dᵢ / T (Little's law), whose standard error is √n·sd(d) / T = n·SE / T.
        double windowDays = low.Summary.WindowEndDay - low.Summary.WindowStartDay;
        double occupancyGain = low.Summary.MeanOccupiedBeds - high.Summary.MeanOccupiedBeds;
        Assert.True(occupancyGain > 4 * se * diff.Length / windowDays, $"occupancy gain {occupancyGain:F3} beds");
        Assert.Equal(0, low.Summary.Delayed);
    }

    [Fact]
    public void Run_TooFewBeds_PatientsWaitAndAreTurnedAway_BedsNeverOverfilled()
    {
        // 12 referrals on day 0 to a 2-bed unit with a 20-day limit: 2 admitted at once, the rest wait; stays of
        // about 2–3 weeks let at most the next pair in before the limit, so some are turned away.
        var spec = new UnitSpecification(BuiltInProtocols.Get("allo-pbsc-mac"))
        {
            Beds = 2,
            ArrivalDays = [.. Enumerable.Repeat(0.0, 12)],
            Months = 1,
            WarmupMonths = 0,
            DonorWorkupDays = 0,
            MaxBedWaitDays = 20,
            Seed = 3,
        };
        UnitResult r = UnitSimulation.Run(spec);
        Assert.Equal(12, r.Summary.Referred);
        Assert.Equal(r.Summary.Referred, r.Summary.Admitted + r.Summary.TurnedAway);
        Assert.InRange(r.Summary.TurnedAway, 1, 10);
        Assert.All(r.Patients.Where(p => p.TurnedAway), p => Assert.Equal(20, p.BedWaitDays, 9));
        Assert.All(r.Daily, d => Assert.InRange(d.OccupiedBedsMax, 0, 2));
        Assert.Equal(2, r.Patients.Count(p => p.BedWaitDays == 0));
    }

    [Fact]
    public void Run_SameSeed_SameResultOnAnyThreadCount()
    {
        var spec = new UnitSpecification(BuiltInProtocols.Get("auto-cy-atg")) { Beds = 3, ArrivalsPerMonth = 6, Months = 3, WarmupMonths = 0, Seed = 11 };
        UnitResult one = UnitSimulation.Run(spec with { Threads = 1 });
        UnitResult two = UnitSimulation.Run(spec with { Threads = 2 });
        Assert.Equal(one.PatientsCsv(), two.PatientsCsv());
        Assert.Equal(one.OccupancyCsv(), two.OccupancyCsv());
        Assert.Equal(one.ToJson(), two.ToJson());
        Assert.True(one.Patients.Count > 5);
        Assert.All(one.Patients, p => Assert.NotNull(p.ApheresisDay)); // autologous: every patient is collected
    }

    [Fact]
    public void Run_ProtocolMix_ReportsStayByProtocol()
    {
        var spec = new UnitSpecification(BuiltInProtocols.Get("auto-cy-atg"))
        {
            Protocols = [BuiltInProtocols.Get("auto-cy-atg"), BuiltInProtocols.Get("cord-single-mac")],
            ProtocolShares = [1, 1],
            Beds = 40,
            ArrivalsPerMonth = 8,
            Months = 4,
            WarmupMonths = 0,
        };
        UnitResult r = UnitSimulation.Run(spec);
        Assert.Equal(["auto-cy-atg", "cord-single-mac"], r.Summary.LengthOfStay.Select(l => l.Protocol));
        Assert.Equal(r.Summary.Admitted, r.Summary.LengthOfStay.Sum(l => l.Admitted));
        Assert.All(r.Summary.LengthOfStay, l => Assert.True(l.Admitted > 0));
        Assert.All(r.Patients.Where(p => p.Protocol == "cord-single-mac"), p => Assert.Null(p.ApheresisDay));
    }

    [Fact]
    public void Validate_BadFields_ThrowNamingFieldAndValue()
    {
        var spec = new UnitSpecification(BuiltInProtocols.Get("auto-cy-atg"));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => UnitSimulation.Run(spec with { Beds = 0 }));
        Assert.Equal("Beds", ex.ParamName);
        Assert.Contains("was 0", ex.Message);
        Assert.Equal("ArrivalsPerMonth", Assert.Throws<ArgumentOutOfRangeException>(() => UnitSimulation.Run(spec with { ArrivalsPerMonth = -2 })).ParamName);
        Assert.Equal("WarmupMonths", Assert.Throws<ArgumentOutOfRangeException>(() => UnitSimulation.Run(spec with { Months = 2, WarmupMonths = 3 })).ParamName);
        Assert.Equal("ProtocolShares", Assert.Throws<ArgumentException>(() => UnitSimulation.Run(spec with { ProtocolShares = [1, 2] })).ParamName);
        Assert.Equal("ArrivalDays", Assert.Throws<ArgumentOutOfRangeException>(() => UnitSimulation.Run(spec with { ArrivalDays = [-1] })).ParamName);
    }

    private static UnitResult RunWithDose(DefinedProtocol protocol, double cd34PerKg)
    {
        IProtocol dosed = SweepParameter.Find("cd34PerKg")!.Apply(new CohortSpecification(protocol), cd34PerKg).Protocol;
        return UnitSimulation.Run(new UnitSpecification(dosed) { Beds = 60, ArrivalsPerMonth = 8, Months = 8, WarmupMonths = 1, Seed = 7 });
    }
}
