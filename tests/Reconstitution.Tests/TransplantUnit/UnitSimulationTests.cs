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
        Assert.True(low.Summary.MeanOccupiedBeds > high.Summary.MeanOccupiedBeds);
        Assert.Equal(0, low.Summary.Delayed);
    }

    private static UnitResult RunWithDose(DefinedProtocol protocol, double cd34PerKg)
    {
        IProtocol dosed = SweepParameter.Find("cd34PerKg")!.Apply(new CohortSpecification(protocol), cd34PerKg).Protocol;
        return UnitSimulation.Run(new UnitSpecification(dosed) { Beds = 60, ArrivalsPerMonth = 8, Months = 8, WarmupMonths = 1, Seed = 7 });
    }
}
