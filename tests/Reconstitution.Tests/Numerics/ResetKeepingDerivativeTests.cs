using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// <see cref="OdeStepper.ResetKeepingDerivative"/>: after an external change of Y that the right-hand side cannot see (a
/// round-off negative clamped at zero, where f reads every amount clamped), the next steps are those a full reset gives,
/// to the bit, with one right-hand-side evaluation fewer for the integrators that carry f(T, Y).
/// </summary>
public class ResetKeepingDerivativeTests
{
    /// <summary>A decaying source feeding a pool, and a dying remnant feeding it too; every amount read clamped at zero (as the hybrid solver's right-hand side reads counts).</summary>
    private readonly struct ClampedChain : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            double a = Math.Max(y[0], 0), b = Math.Max(y[1], 0), c = Math.Max(y[2], 0);
            dydt[0] = -a;
            dydt[1] = -2 * b;
            dydt[2] = 0.5 * a + b - c + 0.1 * Math.Sin(timeDays);
        }
    }

    [Theory]
    [InlineData("rosenbrock-w", 1)]
    [InlineData("rkc", 1)]
    [InlineData("switching", 1)]
    [InlineData("dormand-prince", 0)]
    public void ResetKeepingDerivative_AfterANegativeAmountIsClampedAtZero_StepsAsAFullResetWithFewerEvaluations(string name, int saved)
    {
        OdeStepper reset = Steppers.Create(name, 3, 1e-3, 1e-6), kept = Steppers.Create(name, 3, 1e-3, 1e-6);
        var system = new ClampedChain();
        foreach (var ode in new[] { reset, kept })
        {
            ode.Y[0] = 10;
            ode.Y[1] = -1e-6; // a round-off negative the right-hand side reads as 0
            ode.Y[2] = 5;
            for (int step = 0; step < 3; step++) ode.Step(ref system, 40);
        }
        Assert.True(reset.Y[1] < 0); // still negative: its clamped derivative is 0 (rate and Jacobian entry alike)
        reset.Y[1] = 0;
        reset.Reset();
        kept.Y[1] = 0;
        kept.ResetKeepingDerivative();
        Assert.Equal(saved, Steppers.AssertSameStepsWithFewerEvaluations(reset, kept, ref system, 40, 5));
    }

    [Theory]
    [InlineData("rosenbrock-w")]
    [InlineData("rkc")]
    public void ResetKeepingDerivative_AfterAStep_DropsTheDenseOutput(string name)
    {
        OdeStepper ode = Steppers.Create(name, 3, 1e-3, 1e-6);
        var system = new ClampedChain();
        ode.Y[0] = 10;
        ode.Step(ref system, 40);
        ode.ResetKeepingDerivative();
        Assert.Throws<InvalidOperationException>(() => ode.Interpolate(ode.T, new double[3]));
    }
}
