using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// A step cut short by the caller's limit (a discrete firing, a stop) does not shrink the step the controller proposes
/// next unless its error says so (<c>OdeStepper.ProposalAfterLimit</c>).
/// </summary>
public class ProposalAfterLimitTests
{
    /// <summary>y' = −0.1·y: smooth, so the controller's step is long.</summary>
    private struct SlowDecay : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -0.1 * y[0];
    }

    [Theory]
    [InlineData("rkc")]
    [InlineData("rosenbrock-w")]
    public void Step_AfterAStepCutFarShortOfTheProposal_NextStepKeepsTheProposal(string name)
    {
        var ode = Steppers.Create(name, 1, 1e-3, 1e-6);
        ode.Y[0] = 1000;
        var system = new SlowDecay();
        for (int i = 0; i < 6; i++) ode.Step(ref system, 1000);
        double natural = ode.T - ode.TPrevious;
        Assert.True(natural > 0.5, $"natural step {natural}");
        // A step cut at 10⁻⁴ day: its error is negligible, and the factor at its cap (ten or five times 10⁻⁴) says
        // nothing about the long step; taking it would make the next step at most 10⁻³ day.
        ode.Step(ref system, ode.T + 1e-4);
        ode.Step(ref system, 1000);
        Assert.True(ode.T - ode.TPrevious >= 0.5 * natural, $"step after the cut {ode.T - ode.TPrevious}, natural {natural}");
    }

    [Fact]
    public void Step_AfterACutStepWhoseErrorAsksForShorterSteps_NextStepShrinks()
    {
        // y' = −50·y from y = 1 with a long proposal in hand: a cut step of 0.05 day already has a large error (RKC is
        // second order; hλ = 2.5), so the controller's next step must be shorter than that proposal.
        var ode = new RungeKuttaChebyshev(1, 1e-3, 1e-6);
        var slow = new SlowDecay();
        ode.Y[0] = 1000;
        for (int i = 0; i < 6; i++) ode.Step(ref slow, 1000);
        double natural = ode.T - ode.TPrevious;
        var fast = new FastDecay();
        ode.Reset();
        ode.Step(ref fast, ode.T + 0.05);
        ode.Step(ref fast, 1000);
        Assert.True(ode.T - ode.TPrevious < 0.25 * natural, $"step {ode.T - ode.TPrevious}, natural {natural}");
    }

    private struct FastDecay : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -50 * y[0];
    }
}
