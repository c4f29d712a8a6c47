using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// The stiffness switch's accounting of Rosenbrock–W stays on <see cref="ExcitedOscillations"/> (the physiology's weakly
/// damped granulopoiesis modes, which cap RKC's steps and make it hand over once the start-up transient has decayed): a stay
/// is priced in evaluation-equivalents (evaluations, <see cref="StiffnessSwitching.AttemptPrice"/> per attempt,
/// <see cref="StiffnessSwitching.FactorisationPrice"/> per factorisation) against RKC's evaluations per day over the stiff
/// steps that handed over. The caller shapes the implicit method's steps from outside (as firings and stops do in the
/// hybrid solver), so whether a stay pays is known in advance.
/// </summary>
public class StiffnessSwitchingStayTests
{
    private const double End = 720;

    private static StiffnessSwitching Start()
    {
        var switching = new StiffnessSwitching(ExcitedOscillations.Dimension, 1e-3, 1e-2);
        for (int i = 0; i < ExcitedOscillations.Dimension; i++) switching.Y[i] = 1.5e6;
        return switching;
    }

    /// <summary>
    /// Steps towards <see cref="End"/> until the switch hands over; returns RKC's cost per day over the
    /// <see cref="StiffnessSwitching.Persistence"/> stiff steps before the handover, counted from outside.
    /// </summary>
    private static double RunUntilHandover(StiffnessSwitching switching, ref ExcitedOscillations system)
    {
        var evaluations = new List<long>();
        var times = new List<double>();
        while (!switching.ImplicitActive)
        {
            evaluations.Add(switching.Evaluations);
            times.Add(switching.T);
            switching.Step(ref system, End);
            Assert.True(times.Count < 100_000, "no handover");
        }
        // The last call handed over before its (implicit) step: RKC's stiff steps are the ones before it.
        int last = times.Count - 1, first = last - switching.RequiredStiffSteps;
        return (evaluations[last] - evaluations[first]) / (times[last] - times[first]);
    }

    /// <summary>The trial's remaining steps, uncapped (the implicit method's steps grow to its own limit).</summary>
    private static void RunTrial(StiffnessSwitching switching, ref ExcitedOscillations system)
    {
        long failed = switching.FailedTrials;
        for (int k = 1; k < StiffnessSwitching.TrialSteps; k++) switching.Step(ref system, End);
        Assert.True(switching.ImplicitActive, "the trial failed");
        Assert.Equal(failed, switching.FailedTrials);
    }

    /// <summary>
    /// The caller's caps that make every implicit step refactorise (consecutive steps a and 1.5a differ by more than the
    /// 25 % a factorisation serves): each step costs 4 evaluations + <see cref="StiffnessSwitching.AttemptPrice"/> +
    /// <see cref="StiffnessSwitching.FactorisationPrice"/> = 27 over 1.25a days on average. With a = 8/r (r RKC's cost per
    /// day) that is 2.7 r: the stay does not pay.
    /// </summary>
    private static double DearStep(double explicitRate, int k) => (k % 2 == 0 ? 1 : 1.5) * 8 / explicitRate;

    [Fact]
    public void Step_StayDearerThanRkcAfterItsTrial_HandsBackAndRaisesTheBar()
    {
        var switching = Start();
        var system = new ExcitedOscillations();
        double rate = RunUntilHandover(switching, ref system);
        Assert.Equal(switching.ExplicitRate, rate, 1e-12);
        RunTrial(switching, ref system);
        // The capped steps are not cheap for RKC: the hand-back must come from the price, not from the cheap-step rule.
        Assert.True(switching.Explicit.StagesForStep(DearStep(rate, 0)) > StiffnessSwitching.CheapStages);
        for (int k = 0; k < StiffnessSwitching.JudgedSteps; k++)
        {
            Assert.True(switching.ImplicitActive, $"handed back after {k} judged steps");
            switching.Step(ref system, switching.T + DearStep(rate, k));
        }
        switching.Step(ref system, End); // hands back before this step
        Assert.False(switching.ImplicitActive);
        Assert.Equal(2, switching.Handovers);
        Assert.Equal(1, switching.UnpaidStays);
        Assert.Equal(0, switching.FailedTrials);
        Assert.Equal(StiffnessSwitching.StiffStages + StiffnessSwitching.BarRise, switching.StiffStageBar);
        Assert.Equal(StiffnessSwitching.Persistence, switching.RequiredStiffSteps);
    }

    [Fact]
    public void Step_StaysThatNeverPay_StopHandingOverOnceTheBarPassesRkcsStages()
    {
        // Every stay is made dear after its trial. Each unpaid stay raises the bar by BarRise (up to MaxStiffStages), until
        // RKC's steps no longer reach it Persistence times in a row: the switch then stays with RKC for good, although its
        // steps still pass the first bar often enough to hand over. The old rule (no pricing) kept the first dear stay to
        // the end.
        var switching = Start();
        var system = new ExcitedOscillations();
        int stays = 0, run = 0, longestRun = 0;
        double lastHandBack = 0;
        while (switching.T < End)
        {
            if (!switching.ImplicitActive)
            {
                switching.Step(ref system, End);
                if (switching.ImplicitActive) continue;
                run = switching.Explicit.LastStages >= StiffnessSwitching.StiffStages ? run + 1 : 0;
                longestRun = Math.Max(longestRun, run);
                continue;
            }
            stays++;
            Assert.True(stays <= StiffnessSwitching.MaxStiffStages, "the switch keeps handing over");
            double rate = switching.ExplicitRate;
            // The trial uncapped (it may fail on its own), then dear steps: the stay ends within JudgedSteps of them.
            for (int k = 1; switching.ImplicitActive; k++)
            {
                Assert.True(k <= StiffnessSwitching.TrialSteps + StiffnessSwitching.JudgedSteps, "a dear stay went on");
                switching.Step(ref system, k < StiffnessSwitching.TrialSteps ? End : switching.T + DearStep(rate, k));
            }
            lastHandBack = switching.T;
            run = longestRun = 0; // RKC's runs of steps stiff by the first bar since the last hand-back
        }
        Assert.InRange(stays, 1, StiffnessSwitching.MaxStiffStages - StiffnessSwitching.StiffStages + 1);
        Assert.Equal(stays, switching.UnpaidStays);
        // The raised bar is what keeps RKC: at the first bar it would have handed over again.
        Assert.True(switching.StiffStageBar > StiffnessSwitching.StiffStages);
        Assert.True(longestRun >= StiffnessSwitching.Persistence, $"RKC's longest run of steps with ≥ {StiffnessSwitching.StiffStages} stages since the last hand-back: {longestRun}");
        Assert.True(End - lastHandBack > 200, $"last hand-back at {lastHandBack:F1} days");
    }

    [Fact]
    public void Step_StayCheaperThanRkc_KeepsTheImplicitMethodAndTheBar()
    {
        // Uncapped, the implicit steps grow to weeks (accuracy and h·ρ ≤ MaximumStiffness), a factorisation serving several:
        // well under RKC's cost per day over its stiff steps. The stay must go on to the end.
        var switching = Start();
        var system = new ExcitedOscillations();
        RunUntilHandover(switching, ref system);
        RunTrial(switching, ref system);
        for (int k = 1; switching.T < End; k++)
        {
            switching.Step(ref system, End);
            Assert.True(switching.ImplicitActive, $"handed back after {k} steps past the trial, at {switching.T:F1} days");
        }
        Assert.Equal(1, switching.Handovers);
        Assert.Equal(0, switching.UnpaidStays);
        Assert.Equal(StiffnessSwitching.StiffStages, switching.StiffStageBar);
    }
}
