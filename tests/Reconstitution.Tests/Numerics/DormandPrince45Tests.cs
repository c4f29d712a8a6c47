using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

public class DormandPrince45Tests
{
    private struct Decay(double rate) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -rate * y[0];
    }

    /// <summary>An Erlang (linear) chain: y₀′ = −k y₀, yᵢ′ = k yᵢ₋₁ − k yᵢ.</summary>
    private struct Chain(double rate) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = -rate * y[0];
            for (int i = 1; i < y.Length; i++) dydt[i] = rate * (y[i - 1] - y[i]);
        }
    }

    private struct Oscillator : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = y[1];
            dydt[1] = -y[0];
        }
    }

    private struct Forced : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = Math.Cos(timeDays);
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-9)]
    public void Integrate_ExponentialDecay_MatchesAnalyticWithinTolerance(double rtol)
    {
        var ode = new DormandPrince45(1, rtol, 1e-12);
        ode.Y[0] = 1e13;
        var system = new Decay(0.7);
        ode.Integrate(ref system, 10);
        Assert.Equal(10, ode.T);
        double exact = 1e13 * Math.Exp(-7);
        Assert.InRange(Math.Abs(ode.Y[0] - exact) / exact, 0, 20 * rtol);
    }

    [Fact]
    public void Integrate_FortyStageErlangChain_MatchesPoissonProbabilities()
    {
        // With y₀(0) = 1, yᵢ(t) = (kt)ⁱ e^{−kt} / i! (the linear chain trick's Erlang stages).
        const int stages = 40;
        const double k = 40 / 115.0, t = 115;
        var ode = new DormandPrince45(stages, 1e-8, 1e-14);
        ode.Y[0] = 1;
        var system = new Chain(k);
        ode.Integrate(ref system, t);
        for (int i = 0; i < stages; i++)
        {
            double exact = Math.Exp(i * Math.Log(k * t) - k * t - MathNet.Numerics.SpecialFunctions.FactorialLn(i));
            Assert.InRange(ode.Y[i], exact - 1e-6 * Math.Max(exact, 1e-3), exact + 1e-6 * Math.Max(exact, 1e-3));
        }
        Assert.False(ode.StiffnessDetected);
    }

    [Fact]
    public void Integrate_Oscillator_StaysOnCircleAfterTenPeriods()
    {
        var ode = new DormandPrince45(2, 1e-10, 1e-12);
        ode.Y[0] = 0;
        ode.Y[1] = 1;
        var system = new Oscillator();
        double end = 20 * Math.PI;
        ode.Integrate(ref system, end);
        Assert.Equal(Math.Sin(end), ode.Y[0], 1e-7);
        Assert.Equal(Math.Cos(end), ode.Y[1], 1e-7);
    }

    [Fact]
    public void Interpolate_WithinStep_IsFourthOrderAccurate()
    {
        var ode = new DormandPrince45(1, 1e-8, 1e-12);
        var system = new Forced();
        Span<double> buffer = stackalloc double[1];
        while (ode.T < 12)
        {
            ode.Step(ref system, 12);
            for (int j = 1; j < 4; j++)
            {
                double s = ode.TPrevious + j * (ode.T - ode.TPrevious) / 4;
                ode.Interpolate(s, buffer);
                Assert.Equal(Math.Sin(s), buffer[0], 1e-6);
                Assert.Equal(buffer[0], ode.InterpolateComponent(s, 0));
            }
        }
    }

    [Fact]
    public void Step_StiffProblem_IsDetectedAndStillAccurate()
    {
        var ode = new DormandPrince45(1, 1e-6, 1e-9);
        ode.Y[0] = 1;
        var system = new ProtheroRobinson(1e4);
        ode.Integrate(ref system, 3);
        Assert.True(ode.StiffnessDetected);
        Assert.Equal(Math.Cos(3), ode.Y[0], 1e-5);
    }

    [Fact]
    public void Integrate_StiffProblemWithStepBudget_ThrowsMessageNamingStiffness()
    {
        var ode = new DormandPrince45(1, 1e-6, 1e-9) { MaxStepsPerCall = 200 };
        ode.Y[0] = 1;
        var system = new ProtheroRobinson(1e5);
        var ex = Assert.Throws<InvalidOperationException>(() => ode.Integrate(ref system, 10));
        Assert.Contains("stiff", ex.Message);
    }

    [Fact]
    public void Step_AfterWarmUp_AllocatesNothing()
    {
        var ode = new DormandPrince45(40, 1e-6, 1e-9);
        ode.Y[0] = 1e12;
        var system = new Chain(0.35);
        ode.Integrate(ref system, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ode.Integrate(ref system, 300);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(ode.AcceptedSteps > 10);
    }

    [Fact]
    public void Reset_AfterExternalJump_ContinuesFromNewState()
    {
        var ode = new DormandPrince45(1, 1e-9, 1e-12);
        ode.Y[0] = 1;
        var system = new Decay(1);
        ode.Integrate(ref system, 1);
        ode.Y[0] += 5; // an exact event adds five cells
        ode.Reset();
        ode.Integrate(ref system, 2);
        Assert.Equal((Math.Exp(-1) + 5) * Math.Exp(-1), ode.Y[0], 1e-7);
    }
}
