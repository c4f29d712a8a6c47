using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public class StiffnessSwitchingTests
{
    /// <summary>
    /// Integrates from 1.5·10⁶ over 720 days as the hybrid solver does (steps towards the end, stops read from the dense
    /// output), comparing every 10 days with Dormand–Prince at tolerance 10⁻¹⁰.
    /// </summary>
    private static double WorstRelativeError(OdeStepper ode)
    {
        const int n = ExcitedOscillations.Dimension;
        var reference = new DormandPrince45(n, 1e-10, 1e-6);
        for (int i = 0; i < n; i++) ode.Y[i] = reference.Y[i] = 1.5e6;
        var system = new ExcitedOscillations();
        double worst = 0;
        for (int day = 10; day <= 720; day += 10)
        {
            while (ode.T < day) ode.Step(ref system, 720);
            while (reference.T < day) reference.Step(ref system, day);
            for (int i = 0; i < n; i++) worst = Math.Max(worst, Math.Abs(ode.InterpolateComponent(day, i) / reference.Y[i] - 1));
        }
        return worst;
    }

    [Fact]
    public void Step_WeaklyDampedOscillations_HandsOverToRosenbrockAndSavesEvaluations()
    {
        // Once the start-up transient has decayed, RKC's steps are capped by the oscillatory modes (many stages per step),
        // so the switch hands over to the L-stable Rosenbrock–W method, whose steps are limited by accuracy (and the dense
        // output's bound h·ρ ≤ 60) only. Deterministic: 442 against 927 evaluations when written, the same worst error.
        var rkc = new RungeKuttaChebyshev(ExcitedOscillations.Dimension, 1e-3, 1e-2);
        var switching = new StiffnessSwitching(ExcitedOscillations.Dimension, 1e-3, 1e-2);
        double rkcError = WorstRelativeError(rkc), switchingError = WorstRelativeError(switching);
        Assert.True(switching.Handovers >= 1);
        Assert.True(switching.ImplicitActive);
        Assert.InRange(switchingError, 0, Math.Max(2 * rkcError, 1e-2));
        Assert.True(switching.Evaluations < 0.6 * rkc.Evaluations, $"evaluations: switching {switching.Evaluations}, RKC {rkc.Evaluations}");
    }

    [Fact]
    public void Step_MildProblem_StaysWithRungeKuttaChebyshev()
    {
        // y′ = −y: RKC needs two stages per step at any accuracy-limited step, so there is nothing to hand over for.
        var switching = new StiffnessSwitching(1, 1e-6, 1e-10);
        switching.Y[0] = 1;
        var system = new Decay();
        while (switching.T < 10) switching.Step(ref system, 10);
        Assert.Equal(0, switching.Handovers);
        Assert.InRange(Math.Abs(switching.Y[0] - Math.Exp(-10)), 0, 1e-7);
    }

    /// <summary>
    /// Prothero–Robinson with λ = 10⁴ per day (solution cos t): RKC's accuracy-limited steps need many stages, so the
    /// switch hands over after <see cref="StiffnessSwitching.Persistence"/> stiff steps. Returns RKC's mean step before it.
    /// </summary>
    private static double RunUntilHandover(StiffnessSwitching switching, ref ProtheroRobinson system)
    {
        switching.Y[0] = 1;
        var steps = new List<double>();
        while (!switching.ImplicitActive)
        {
            double t = switching.T;
            switching.Step(ref system, 100);
            steps.Add(switching.T - t);
            Assert.True(steps.Count < 1000, "no handover");
        }
        // The step that handed over was the implicit method's first: RKC's stiff steps are the ones before it.
        return steps.SkipLast(1).TakeLast(StiffnessSwitching.Persistence).Average();
    }

    [Fact]
    public void Step_TrialStepsCappedFromOutside_HandsBackAndThenNeedsTwiceAsManyStiffSteps()
    {
        // After the handover the caller caps every step at half RKC's (as discrete firings would): the trial's mean step
        // stays below Gain times RKC's, so the state moves back after TrialSteps steps, and the next handover waits for
        // 2·Persistence stiff RKC steps instead of Persistence.
        var switching = new StiffnessSwitching(1, 1e-5, 1e-7);
        var system = new ProtheroRobinson(1e4);
        double explicitStep = RunUntilHandover(switching, ref system);
        Assert.Equal(1, switching.Handovers);
        for (int k = 1; k < StiffnessSwitching.TrialSteps; k++)
        {
            switching.Step(ref system, switching.T + 0.5 * explicitStep);
            Assert.True(switching.ImplicitActive, $"handed back after {k + 1} trial steps");
        }
        switching.Step(ref system, switching.T + 0.5 * explicitStep); // hands back before this step
        Assert.False(switching.ImplicitActive);
        Assert.Equal(2, switching.Handovers);
        Assert.Equal(2 * StiffnessSwitching.Persistence, switching.RequiredStiffSteps);
        Assert.Equal(1, switching.FailedTrials);
        int explicitSteps = 1;
        while (!switching.ImplicitActive)
        {
            switching.Step(ref system, 100);
            explicitSteps++;
            Assert.True(explicitSteps < 1000, "no second handover");
        }
        // The RKC steps since the hand-back, the one that handed over excluded.
        Assert.InRange(explicitSteps - 1, 2 * StiffnessSwitching.Persistence, 1000);
        Assert.InRange(Math.Abs(switching.Y[0] - Math.Cos(switching.T)), 0, 1e-4);
    }

    [Fact]
    public void Step_ImplicitStepsCheapForRkc_HandsBackAfterPersistenceStepsWithoutRaisingTheNextHandoversBar()
    {
        // Steps capped at 10⁻⁶ days are covered by RKC with two stages: after Persistence such steps the state moves back
        // (before the trial ends), and since no trial failed the next handover needs only Persistence stiff steps again.
        var switching = new StiffnessSwitching(1, 1e-5, 1e-7);
        var system = new ProtheroRobinson(1e4);
        RunUntilHandover(switching, ref system);
        for (int k = 1; k < StiffnessSwitching.Persistence; k++) switching.Step(ref system, switching.T + 1e-6);
        Assert.True(switching.ImplicitActive);
        switching.Step(ref system, switching.T + 1e-6);
        Assert.True(switching.ImplicitActive, "handed back before Persistence cheap steps");
        switching.Step(ref system, switching.T + 1e-6); // hands back before this step
        Assert.False(switching.ImplicitActive);
        Assert.Equal(2, switching.Handovers);
        Assert.Equal(StiffnessSwitching.Persistence, switching.RequiredStiffSteps);
        Assert.Equal(0, switching.FailedTrials); // handed back on cheap steps, not by a failed trial
        Assert.InRange(Math.Abs(switching.Y[0] - Math.Cos(switching.T)), 0, 1e-4);
        int explicitSteps = 0;
        while (!switching.ImplicitActive)
        {
            switching.Step(ref system, 100);
            Assert.True(++explicitSteps < 1000, "no second handover");
        }
        Assert.InRange(Math.Abs(switching.Y[0] - Math.Cos(switching.T)), 0, 1e-4);
    }

    private struct Decay : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -y[0];
    }
}
