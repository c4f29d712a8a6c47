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

    /// <summary>Prothero–Robinson: y′ = −λ(y − cos t) − sin t, solution cos t; stiff for large λ.</summary>
    private struct ProtheroRobinson(double lambda) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) =>
            dydt[0] = -lambda * (y[0] - Math.Cos(timeDays)) - Math.Sin(timeDays);
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
        // instead (stability ≈ 0.65 s²), so the step count stays accuracy-limited and the solution stays on cos t.
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
}
