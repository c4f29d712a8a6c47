using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// <see cref="RosenbrockW.StartAfresh"/>, the stiffness switch's start of a stay (session 18): the next step is chosen
/// as the first one is (<see cref="StepSizeControl.FirstStepGuess"/>), but no shorter than the least step given, within
/// the span to the limit and <see cref="RosenbrockW.MaximumStep"/>.
/// </summary>
public class RosenbrockWStartTests
{
    // y′ = −10⁻³·y from 1: slow enough that steps of weeks meet a tolerance of 10⁻³ (ROS34PW2's local error ≈ (εh)⁴/24 =
    // 6·10⁻⁸ at h = 50 days), so every step below is accepted at the length it tries.
    private const double Rate = 1e-3;

    private static RosenbrockW Fresh()
    {
        var ode = new RosenbrockW(1, 1e-3, 1e-6);
        ode.Y[0] = 1;
        return ode;
    }

    private static double FirstStep(RosenbrockW ode, double tLimit)
    {
        var system = new SlowDecay();
        double t = ode.T;
        ode.Step(ref system, tLimit);
        Assert.Equal(0, ode.RejectedSteps);
        return ode.T - t;
    }

    [Fact]
    public void StartAfresh_LeastStepAboveTheGuess_TakesTheLeastStep()
    {
        double guess = FirstStep(Fresh(), 1000);
        var ode = Fresh();
        ode.StartAfresh(5 * guess);
        Assert.Equal(5 * guess, FirstStep(ode, 1000), 12);
    }

    [Fact]
    public void StartAfresh_LeastStepBelowTheGuess_TakesTheGuessNotTheStepInHand()
    {
        double guess = FirstStep(Fresh(), 1000);
        var ode = Fresh();
        var system = new SlowDecay();
        for (int k = 0; k < 5; k++) ode.Step(ref system, 1e6); // the controller grows the step well beyond the guess
        Assert.True(ode.ProposedStep > 2 * guess, $"proposed {ode.ProposedStep}, guess {guess}");
        // From the new point the guess is ‖y‖/‖f‖-based as before: the same y/f ratio, so the same guess.
        ode.StartAfresh(0.5 * guess);
        Assert.Equal(guess, FirstStep(ode, 1e6), 9);
    }

    [Fact]
    public void StartAfresh_LeastStepBeyondTheLimitOrMaximum_StopsThere()
    {
        double guess = FirstStep(Fresh(), 1000);
        var ode = Fresh();
        ode.StartAfresh(100 * guess);
        Assert.Equal(3 * guess, FirstStep(ode, 3 * guess), 12); // the step's span
        ode = Fresh();
        ode.MaximumStep = 4 * guess;
        ode.StartAfresh(100 * guess);
        Assert.Equal(4 * guess, FirstStep(ode, 1000), 12);
    }

    private struct SlowDecay : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -Rate * y[0];
    }
}
