using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public class RungeKuttaChebyshevTests
{
    private struct Chain(double rate) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = -rate * y[0];
            for (int i = 1; i < y.Length; i++) dydt[i] = rate * (y[i - 1] - y[i]);
        }
    }

    /// <summary>Integrates <see cref="ExcitedOscillations"/> from 1.5·10⁶ over 720 days, comparing every 10 days with a Dormand–Prince solution at tolerance 10⁻¹⁰.</summary>
    private static RungeKuttaChebyshev ExcitedOscillationsRun(double damping, out double worstRelativeError)
    {
        const int n = ExcitedOscillations.Dimension;
        var ode = new RungeKuttaChebyshev(n, 1e-3, 1e-2, damping);
        var reference = new DormandPrince45(n, 1e-10, 1e-6);
        for (int i = 0; i < n; i++) ode.Y[i] = reference.Y[i] = 1.5e6;
        var system = new ExcitedOscillations();
        worstRelativeError = 0;
        for (int day = 10; day <= 720; day += 10)
        {
            Integrate(ode, ref system, day);
            while (reference.T < day) reference.Step(ref system, day);
            for (int i = 0; i < n; i++) worstRelativeError = Math.Max(worstRelativeError, Math.Abs(ode.Y[i] / reference.Y[i] - 1));
        }
        return ode;
    }

    private static void Integrate<T>(RungeKuttaChebyshev ode, ref T system, double end) where T : IOdeSystem
    {
        int steps = 0;
        while (ode.T < end)
        {
            ode.Step(ref system, end);
            Assert.True(++steps < 1_000_000);
        }
    }

    [Fact]
    public void Step_ErlangChain_MatchesPoissonProbabilitiesAndLandsOnEnd()
    {
        // yᵢ(t) = (kt)ⁱ e^{−kt}/i! for y₀(0) = 1 (the linear chain trick).
        const int stages = 20;
        const double k = 2.0, end = 5.0;
        var ode = new RungeKuttaChebyshev(stages, 1e-6, 1e-10);
        ode.Y[0] = 1;
        var system = new Chain(k);
        Integrate(ode, ref system, end);
        Assert.Equal(end, ode.T);
        double term = Math.Exp(-k * end);
        for (int i = 0; i < stages; i++)
        {
            Assert.InRange(Math.Abs(ode.Y[i] - term), 0, 2e-6 + 1e-4 * term); // global error: tolerance × steps
            term *= k * end / (i + 1);
        }
    }

    [Fact]
    public void Step_StiffProblem_TakesAccuracyLimitedStepsWithManyStages()
    {
        // λ = 1000: Dormand–Prince would need steps ≲ 3.3/λ (≈ 3,000 steps over [0, 1]); RKC's stage count grows
        // instead (real stability interval ≈ 0.375 s² at the default damping), so the step count stays accuracy-limited
        // and the solution stays on cos t.
        var ode = new RungeKuttaChebyshev(1, 1e-4, 1e-8);
        ode.Y[0] = 1;
        var system = new ProtheroRobinson(1000);
        Integrate(ode, ref system, 1);
        Assert.InRange(Math.Abs(ode.Y[0] - Math.Cos(1)), 0, 1e-3);
        Assert.True(ode.AcceptedSteps < 300, $"{ode.AcceptedSteps} steps");
        Assert.InRange(ode.SpectralRadius, 800, 1200);
        Assert.True(ode.LastStages > 2);
    }

    [Fact]
    public void InterpolateComponent_WithinLastStep_IsCubicHermiteOfTheStep()
    {
        var ode = new RungeKuttaChebyshev(1, 1e-8, 1e-12);
        ode.Y[0] = 1;
        var system = new Chain(1.0);
        ode.Step(ref system, 10);
        double t0 = ode.TPrevious, t1 = ode.T;
        Assert.Equal(1.0, ode.InterpolateComponent(t0, 0), 12);
        Assert.Equal(ode.Y[0], ode.InterpolateComponent(t1, 0), 12);
        double mid = 0.5 * (t0 + t1);
        Assert.InRange(Math.Abs(ode.InterpolateComponent(mid, 0) - Math.Exp(-mid)), 0, 1e-6);
    }

    [Fact]
    public void Interpolate_AllComponents_EqualsInterpolateComponentToTheBit()
    {
        // Interpolate computes whole vectors at a time (SIMD lanes plus a scalar tail: two vectors and one more component
        // cover both on any vector width); every lane must do the scalar form's operations in its order, as the hybrid
        // solver mixes the two (stops, firings).
        int n = 2 * System.Numerics.Vector<double>.Count + 1;
        var ode = new RungeKuttaChebyshev(n, 1e-4, 1e-8);
        for (int i = 0; i < n; i++) ode.Y[i] = 1 + i;
        var system = new Chain(0.8);
        var all = new double[n];
        for (int step = 0; step < 5; step++)
        {
            ode.Step(ref system, 50);
            foreach (double w in new[] { 0.0, 0.125, 0.5, 0.9, 1.0 })
            {
                double t = ode.TPrevious + w * (ode.T - ode.TPrevious);
                ode.Interpolate(t, all);
                for (int i = 0; i < n; i++) Assert.Equal(BitConverter.DoubleToInt64Bits(ode.InterpolateComponent(t, i)), BitConverter.DoubleToInt64Bits(all[i]));
            }
        }
    }

    [Fact]
    public void Step_WeaklyDampedOscillations_DefaultDampingIsAsAccurateWithFewerEvaluationsThanTheAuthorsDamping()
    {
        // With the authors' ε = 2/13 the modes −1.25 ± 0.5i and −0.75 ± 0.69i leave the thin stability region beyond
        // h ≈ 3 days whatever the stage count, so once the start-up transient has decayed the steps stay there (stability-
        // limited: a looser tolerance would not lengthen them); with ε = 8 the region is wide enough for longer steps.
        // Deterministic: 1,103 against 949 evaluations when written (−14 %); the bound leaves room for small changes.
        var authors = ExcitedOscillationsRun(2.0 / 13.0, out double authorsError);
        var damped = ExcitedOscillationsRun(RungeKuttaChebyshev.DefaultDamping, out double dampedError);
        Assert.InRange(authorsError, 0, 2e-2); // global error over 720 days at relative tolerance 10⁻³
        Assert.InRange(dampedError, 0, 1.2 * authorsError);
        Assert.True(damped.Evaluations < 0.9 * authors.Evaluations, $"evaluations: ε = 8 {damped.Evaluations}, ε = 2/13 {authors.Evaluations}");
    }

    [Fact]
    public void StagesForStep_AfterAStep_IsTheStageCountThatStepUsedAndGrowsAsTheSquareRootOfTheStep()
    {
        var ode = new RungeKuttaChebyshev(1, 1e-6, 1e-9);
        ode.Y[0] = 1;
        var system = new ProtheroRobinson(1e4);
        for (int k = 0; k < 20; k++) ode.Step(ref system, 100);
        Assert.Equal(ode.LastStages, ode.StagesForStep(ode.T - ode.TPrevious));
        // β(s) grows as s², so four times the step needs about twice the stages (±1 for rounding up).
        int s = ode.StagesForStep(0.01), s4 = ode.StagesForStep(0.04);
        Assert.InRange(s4, 2 * s - 2, 2 * s + 1);
        Assert.Equal(2, ode.StagesForStep(1e-9));
    }

    [Fact]
    public void Step_StepsCappedFarInsideTwoStageStability_PostponesSpectralEstimates()
    {
        // λ = 100 per day, steps capped at 10⁻⁴ days by the caller (as firings cap them): 1.2·h·ρ·4 ≈ 0.05 is far inside
        // the two-stage interval β(2) = 4/3, so no estimate could change the stage count. After the first step (f, the
        // first estimate, two stages) every step costs exactly its two stages: no estimate every 25 steps.
        var (ode, system, afterFirst) = CappedSteps(100);
        Assert.Equal(afterFirst + 200, ode.Evaluations);
        Assert.Equal(2, ode.LastStages);
        Assert.InRange(Math.Abs(ode.Y[0] - Math.Cos(ode.T)), 0, 1e-8);
        // Released, the steps grow past the margin and the estimate is refreshed: the stage count follows ρ again.
        while (ode.T < 5) ode.Step(ref system, 5);
        Assert.InRange(ode.SpectralRadius, 90, 110);
        Assert.InRange(Math.Abs(ode.Y[0] - Math.Cos(5)), 0, 1e-5);
    }

    /// <summary>
    /// RKC on y′ = −100·(y − cos t) − sin t from y(0) = 1 (solution cos t): a first step to 10⁻⁴ days, then
    /// <paramref name="steps"/> steps capped at 10⁻⁴ days each; returns the integrator, the system and the evaluations after
    /// the first step.
    /// </summary>
    private static (RungeKuttaChebyshev Ode, ProtheroRobinson System, long AfterFirst) CappedSteps(int steps)
    {
        var ode = new RungeKuttaChebyshev(1, 1e-6, 1e-9);
        ode.Y[0] = 1;
        var system = new ProtheroRobinson(100);
        ode.Step(ref system, 1e-4);
        long afterFirst = ode.Evaluations;
        for (int k = 0; k < steps; k++) ode.Step(ref system, ode.T + 1e-4);
        return (ode, system, afterFirst);
    }

    [Fact]
    public void Step_AfterDimensionChange_EstimatesAgainEvenWhenCapped()
    {
        // A change of dimension means a new system (a repartition): the last spectral radius belongs to the old one, so the
        // next step estimates it again (the power iteration takes at least 2 evaluations besides the step's own), even though
        // a step this short would otherwise let the estimate wait.
        var (ode, system, _) = CappedSteps(30);
        long before = ode.Evaluations;
        ode.Step(ref system, ode.T + 1e-4);
        Assert.Equal(before + 2, ode.Evaluations); // capped and past the 25-step interval: the estimate waits
        ode.Dimension = 1;
        before = ode.Evaluations;
        ode.Step(ref system, ode.T + 1e-4);
        Assert.True(ode.Evaluations - before >= 5, $"{ode.Evaluations - before} evaluations: the first value, two or more for the estimate, two stages");
    }

    private struct CloseDecays : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            for (int i = 0; i < y.Length; i++) dydt[i] = -(100 - 5 * i) * y[i];
        }
    }

    [Fact]
    public void Step_CloseLeadingEigenvalues_SpectralEstimateStopsAtThreePercentWithinTheStageRulesSafety()
    {
        // Decay rates 100, 95, …, 55 per day: the power iteration gains only a factor 0.95 per evaluation on the leading
        // mode, so agreement within 1 % took 7 evaluations (estimate 92.6), within RadiusAgreement = 3 % it takes 4
        // (estimate 89.1). Either way the estimate is within the stage rule's safety factor 1.2 of ρ = 100. A first step
        // to 10⁻⁴ days costs f, the estimate and two stages.
        var ode = new RungeKuttaChebyshev(10, 1e-3, 1e-6);
        Array.Fill(ode.Y, 1.0);
        var system = new CloseDecays();
        ode.Step(ref system, 1e-4);
        Assert.Equal(2, ode.LastStages);
        Assert.InRange(ode.Evaluations - 3, 2, 4);
        Assert.InRange(ode.SpectralRadius, 100 / 1.2, 100);
    }

    /// <summary>Independent decays yᵢ' = −rateᵢ·yᵢ (one fast mode among slow ones: a well-separated spectral radius).</summary>
    private readonly struct Decays(double[] rates) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            for (int i = 0; i < y.Length; i++) dydt[i] = -rates[i] * y[i];
        }
    }

    [Fact]
    public void Restructure_ComponentsReordered_SpectralEstimateStartsWarm()
    {
        // The same system before and after its components are reordered (as a hybrid repartition reorders them): with the
        // map, the power-iteration vector follows its components and the estimate the new structure needs converges in
        // the minimum of two evaluations; setting Dimension starts it cold. Both estimates find ρ = 300 within the stage
        // rule's safety factor 1.2.
        double[] rates = [300, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        int[] previous = [3, 0, 9, 1, 2, 4, 5, 6, 8, 7];
        var warm = new RungeKuttaChebyshev(10, 1e-3, 1e-6);
        var cold = new RungeKuttaChebyshev(10, 1e-3, 1e-6);
        var system = new Decays(rates);
        foreach (var ode in new[] { warm, cold })
        {
            Array.Fill(ode.Y, 1.0);
            while (ode.T < 0.5) ode.Step(ref system, 0.5); // the fast mode has decayed: steps of ≈ 0.1 day
        }
        double[] reordered = new double[10];
        for (int k = 0; k < 10; k++) reordered[k] = rates[previous[k]];
        foreach (var ode in new[] { warm, cold })
        {
            double[] y = (double[])ode.Y.Clone();
            for (int k = 0; k < 10; k++) ode.Y[k] = y[previous[k]];
        }
        warm.Restructure(10, previous);
        cold.Dimension = 10;
        var after = new Decays(reordered);
        long warmBefore = warm.SpectralEvaluations, coldBefore = cold.SpectralEvaluations;
        // A step far beyond the two-stage interval at ρ = 300 (an estimate due then never waits).
        warm.Step(ref after, warm.T + 1);
        cold.Step(ref after, cold.T + 1);
        Assert.Equal(2, warm.SpectralEvaluations - warmBefore);
        Assert.True(cold.SpectralEvaluations - coldBefore > 2, $"cold estimate: {cold.SpectralEvaluations - coldBefore} evaluations");
        Assert.InRange(warm.SpectralRadius, 300 / 1.2, 300 * 1.01);
        Assert.InRange(cold.SpectralRadius, 300 / 1.2, 300 * 1.01);
    }

    [Fact]
    public void Restructure_EstimateWaitsOnAShortStep_ReEstimatesWhenTheSystemStiffens()
    {
        // After a Restructure the estimate is due but, like a periodic one, waits while the step lies deep inside the
        // two-stage stability interval. It must stay due: when the fast rate then grows 100-fold (ρ 300 → 30,000), the
        // next periodic estimate or the first rejection measures the new ρ, and the steps go on (with ρ frozen at 300,
        // RKC would take too few stages, be rejected ever more finely and not reach day 5 in 400 steps).
        double[] rates = [300, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var ode = new RungeKuttaChebyshev(10, 1e-3, 1e-6);
        Array.Fill(ode.Y, 1.0);
        var system = new Decays(rates);
        while (ode.T < 0.5) ode.Step(ref system, 0.5);
        ode.Restructure(10, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        long before = ode.SpectralEvaluations;
        ode.Step(ref system, ode.T + 1e-5);
        Assert.Equal(before, ode.SpectralEvaluations); // the estimate waited
        double[] stiffer = (double[])rates.Clone();
        stiffer[0] = 30_000;
        var after = new Decays(stiffer);
        for (int i = 0; i < 400 && ode.T < 5; i++) ode.Step(ref after, 5);
        Assert.Equal(5, ode.T);
        Assert.InRange(ode.SpectralRadius, 30_000 / 1.2, 30_000 * 1.01);
    }

    [Fact]
    public void Restructure_MapOfTheWrongLengthOrDimensionBeyondCapacity_ThrowsNamingIt()
    {
        var ode = new RungeKuttaChebyshev(4, 1e-3, 1e-6);
        Assert.Equal("previousIndex", Assert.Throws<ArgumentException>(() => ode.Restructure(3, [0, 1])).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => ode.Restructure(5, [0, 1, 2, 3, -1])).ParamName);
    }

    [Fact]
    public void Constructor_NonPositiveDamping_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RungeKuttaChebyshev(1, 1e-3, 1e-2, 0));
        Assert.Equal("damping", error.ParamName);
    }

    /// <summary>A large population tracking a slowly oscillating level (y₀, ≈ 10⁹) beside a remnant of the same kind dying out (y₁, from 10⁶).</summary>
    private struct PopulationAndRemnant : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = 0.1 * (1e9 * (1 + 0.5 * Math.Sin(0.05 * timeDays)) - y[0]);
            dydt[1] = -0.1 * y[1];
        }
    }

    /// <summary>Integrates <see cref="PopulationAndRemnant"/> over 60 days, the remnant's floor the pair's total at each step's start (null: no floors); worst relative error of y₀ and worst error of y₁ against the exact remnant.</summary>
    private static long PopulationAndRemnantRun(bool floors, out double worstPopulationError, out double worstRemnantError)
    {
        var ode = new RungeKuttaChebyshev(2, 1e-3, 1);
        var reference = new DormandPrince45(2, 1e-10, 1e-6);
        ode.Y[0] = reference.Y[0] = 1e9;
        ode.Y[1] = reference.Y[1] = 1e6;
        double[] floor = new double[2];
        if (floors) ode.MagnitudeFloor = floor;
        var system = new PopulationAndRemnant();
        worstPopulationError = worstRemnantError = 0;
        while (ode.T < 60)
        {
            floor[1] = ode.Y[0] + ode.Y[1];
            ode.Step(ref system, 60);
            while (reference.T < ode.T) reference.Step(ref system, ode.T);
            worstPopulationError = Math.Max(worstPopulationError, Math.Abs(ode.Y[0] / reference.Y[0] - 1));
            worstRemnantError = Math.Max(worstRemnantError, Math.Abs(ode.Y[1] - 1e6 * Math.Exp(-0.1 * ode.T)));
        }
        return ode.Evaluations;
    }

    [Fact]
    public void Step_DyingRemnantFlooredAtItsGroupsTotal_NoLongerSetsTheStepsAndThePopulationKeepsItsAccuracy()
    {
        // Without floors the remnant, held to 10⁻³ of its own 10⁶…10³ cells, sets the steps; measured against the total (10⁹)
        // its error may reach ≈ 10⁻³ of the total per step, and only the population's own accuracy limits the steps (measured:
        // 40 evaluations instead of 83). The population is held to its own tolerance in both runs: its global error, a sum
        // of local errors each within 10⁻³, stays within 2·10⁻³ (measured 4·10⁻⁴ when the remnant's short steps gave it
        // extra accuracy, 1.4·10⁻³ without them).
        long plain = PopulationAndRemnantRun(false, out double plainPopulation, out double plainRemnant);
        long floored = PopulationAndRemnantRun(true, out double flooredPopulation, out double flooredRemnant);
        Assert.True(floored < 0.7 * plain, $"evaluations {floored} with floors, {plain} without");
        Assert.True(flooredRemnant > plainRemnant, $"remnant error {flooredRemnant} with floors, {plainRemnant} without");
        Assert.InRange(plainPopulation, 0, 2e-3);
        Assert.InRange(flooredPopulation, 0, 2e-3);
        Assert.InRange(flooredRemnant, 0, 1e-3 * 1e9);
    }

    /// <summary>A steady population of 10⁹ and a member of its group that dips from 10⁶ to ≈ 45 (day 10) and regrows to 10⁶ (day 20): y₁' = (−2 + 0.2t)·y₁.</summary>
    private struct DipThenRegrow : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = 0;
            dydt[1] = (-2 + 0.2 * timeDays) * y[1];
        }
    }

    [Theory]
    [InlineData("rkc")]
    [InlineData("rosenbrock-w")]
    public void Step_MemberDipsFarBelowItsGroupAndRegrows_EndsWithinItsToleranceTimesTheFloorsReach(string name)
    {
        // While the member shrinks it is measured against its group's total, but at most FloorReach times its own size:
        // each step's local error stays within FloorReach·rtol of the member while it shrinks, and within rtol of it while it
        // grows, and the linear equation carries a relative error unchanged. So the end lies within the sum of those bounds
        // over the steps taken (a few tens of per cent with RKC), not off by the 10⁻³ of the group's 10⁹ an unbounded floor
        // allowed at the bottom of the dip, where the member holds ≈ 45 cells: measured, it then ended at 495 (RKC) and
        // 2.4 (Rosenbrock–W) times its exact value.
        OdeStepper ode = Steppers.Create(name, 2, 1e-3, 1);
        double[] floor = new double[2];
        ode.MagnitudeFloor = floor;
        ode.Y[0] = 1e9;
        ode.Y[1] = 1e6;
        var system = new DipThenRegrow();
        double bound = 0;
        while (ode.T < 20)
        {
            floor[1] = ode.Y[0] + ode.Y[1];
            double before = ode.Y[1];
            ode.Step(ref system, 20);
            bound += (ode.Y[1] < before ? StepSizeControl.FloorReach : 1) * 1e-3;
        }
        double exact = 1e6 * Math.Exp(-2 * 20 + 0.1 * 20 * 20);
        Assert.InRange(Math.Abs(ode.Y[1] / exact - 1), 0, bound);
        Assert.True(bound < 1, $"bound {bound}");
    }

    private struct Growth : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = 0.3 * y[0];
            dydt[1] = 0.05 * y[1] + 0.5 * y[0];
        }
    }

    [Fact]
    public void Step_FloorsOnGrowingComponents_TakeTheSameStepsToTheBit()
    {
        // The floor only applies to a component that shrinks over the step: a growing graft keeps its own scale.
        var plain = new RungeKuttaChebyshev(2, 1e-3, 1);
        var floored = new RungeKuttaChebyshev(2, 1e-3, 1) { MagnitudeFloor = [1e15, 1e15] };
        plain.Y[0] = floored.Y[0] = 1e3;
        var system = new Growth();
        while (plain.T < 30)
        {
            plain.Step(ref system, 30);
            floored.Step(ref system, 30);
            Assert.Equal(plain.T, floored.T);
            Assert.Equal(plain.Y[0], floored.Y[0]);
            Assert.Equal(plain.Y[1], floored.Y[1]);
        }
        Assert.Equal(plain.Evaluations, floored.Evaluations);
    }
}
