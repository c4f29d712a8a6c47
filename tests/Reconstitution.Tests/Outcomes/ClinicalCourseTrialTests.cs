using Reconstitution.Outcomes;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Outcomes;

/// <summary>The clinical course's daily Bernoulli trials, p = 1 − e^(−h).</summary>
public class ClinicalCourseTrialTests
{
    [Fact]
    public void Happens_AnyHazard_DecidesAsTheProbabilityComputedEveryTime()
    {
        // Happens skips the exponential when the draw lies above h + 10⁻¹⁵; the decisions must be those of u < 1 − e^(−h) with
        // the same draws, from hazards far below a draw's resolution to hazards where the event is almost sure.
        double[] hazards = [0, -1, double.NaN, 1e-300, 1e-17, 1e-12, 1e-6, 1e-3, 0.02, 0.3, 0.7, 1, 3, 40, double.PositiveInfinity];
        RandomStream fast = RandomStream.Create(11, 0, "trials"), direct = RandomStream.Create(11, 0, "trials");
        foreach (double h in hazards)
        {
            int events = 0;
            for (int i = 0; i < 20_000; i++)
            {
                bool expected = h > 0 && direct.NextDouble() < 1 - Math.Exp(-h);
                Assert.Equal(expected, ClinicalCourse.Happens(h, fast));
                if (expected) events++;
            }
            if (h >= 0.02) Assert.True(events > 100, $"h = {h}: {events} events, too few to test the exact side");
        }
    }

    [Fact]
    public void Happens_DrawJustAboveTheHazard_NeverHappens()
    {
        // The shortcut's premise: 1 − e^(−h) as computed never exceeds h + 10⁻¹⁵, over hazards from 10⁻³⁰⁰ to 10³.
        for (double h = 1e-300; h < 1e3; h *= 1.001)
            Assert.True(1 - Math.Exp(-h) < h + 1e-15, $"h = {h}: 1 − e^(−h) = {1 - Math.Exp(-h)}");
    }
}
