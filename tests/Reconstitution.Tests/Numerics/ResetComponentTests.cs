using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// <see cref="OdeStepper.ResetComponent"/>: after a change that touches only a component nothing else reads (as the
/// hybrid solver's integrated hazard after a firing that changed only the hazard rate), the next steps are those a
/// full reset gives, to the bit, with one right-hand-side evaluation fewer for the integrators that carry f(T, Y).
/// </summary>
public class ResetComponentTests
{
    /// <summary>A three-stage chain with a source, and a fourth component integrating <see cref="Rate"/>·y₀ (read by nothing).</summary>
    private struct ChainWithIntegral : IOdeSystem
    {
        public double Rate;

        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = 10 - y[0];
            dydt[1] = y[0] - 2 * y[1];
            dydt[2] = y[1] - 3 * y[2];
            dydt[3] = Rate * y[0];
        }
    }

    [Theory]
    [InlineData("rosenbrock-w", 1)]
    [InlineData("rkc", 1)]
    [InlineData("switching", 1)]
    [InlineData("dormand-prince", 0)]
    public void ResetComponent_AfterTheRateOfAnUnreadComponentChanged_StepsAsAFullResetWithFewerEvaluations(string name, int saved)
    {
        OdeStepper reset = Steppers.Create(name, 4, 1e-3, 1e-6), patched = Steppers.Create(name, 4, 1e-3, 1e-6);
        var system = new ChainWithIntegral { Rate = 0.5 };
        foreach (var ode in new[] { reset, patched })
        {
            for (int k = 0; k < 3; k++) ode.Y[k] = 1 + k;
            for (int step = 0; step < 5; step++) ode.Step(ref system, 40);
        }
        // The rate changes (a firing changed what it reads) and the integral restarts at 0.
        system.Rate = 3;
        reset.Y[3] = 0;
        reset.Reset();
        patched.ResetComponent(3, 0, system.Rate * patched.Y[0]);
        Assert.Equal(saved, Steppers.AssertSameStepsWithFewerEvaluations(reset, patched, ref system, 40, 5));
        Assert.True(patched.Y[3] > 0);
    }

    [Theory]
    [InlineData("rosenbrock-w")]
    [InlineData("rkc")]
    public void ResetComponent_AfterAFullReset_EvaluatesTheWholeDerivative(string name)
    {
        // Without a carried derivative the given entry alone cannot stand for f: the next step evaluates f whole.
        OdeStepper reset = Steppers.Create(name, 4, 1e-3, 1e-6), patched = Steppers.Create(name, 4, 1e-3, 1e-6);
        var system = new ChainWithIntegral { Rate = 0.5 };
        foreach (var ode in new[] { reset, patched })
        {
            for (int k = 0; k < 3; k++) ode.Y[k] = 1 + k;
            ode.Step(ref system, 40);
            ode.Y[0] = 7;   // an external change of a component the others read
            ode.Reset();
        }
        reset.Y[3] = 0;
        patched.ResetComponent(3, 0, -1e9); // a wrong derivative that must not be used
        reset.Step(ref system, 40);
        patched.Step(ref system, 40);
        for (int k = 0; k < 4; k++) Assert.Equal(reset.Y[k], patched.Y[k]);
        Assert.Equal(reset.Evaluations, patched.Evaluations);
    }

    [Theory]
    [InlineData("rosenbrock-w")]
    [InlineData("rkc")]
    [InlineData("switching")]
    public void ResetComponent_DropsTheLastStepsDenseOutput(string name)
    {
        var ode = Steppers.Create(name, 4, 1e-3, 1e-6);
        var system = new ChainWithIntegral { Rate = 0.5 };
        ode.Y[0] = 1;
        ode.Step(ref system, 40);
        ode.ResetComponent(3, 0, 0.5 * ode.Y[0]);
        Assert.Throws<InvalidOperationException>(() => ode.Interpolate(ode.T, new double[4]));
        Assert.False(ode.TryGetHermiteSegment(0, out _));
    }
}
