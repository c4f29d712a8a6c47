using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// <see cref="RungeKuttaChebyshev.ResetKeepingApproximateDerivative"/>: after a change of the right-hand side that moves each
/// derivative by at most a stated number of error scales per day, the next step starts from the carried Fₙ while
/// <see cref="RungeKuttaChebyshev.ApproximateDerivativeWeight"/>·h·error is within the budget, and its result is then off by
/// at most that weight times h|δ|; beyond the budget, before a spectral-radius estimate and without a carried Fₙ it steps as
/// a full reset, to the bit.
/// </summary>
public class ApproximateDerivativeTests
{
    private const double RelativeTolerance = 1e-3, AbsoluteTolerance = 1e-6;

    /// <summary>
    /// y₀′ = 100 + 50·sin t − k·y₀ + δ, y₁′ = 0.5·y₀ − y₁ (the forcing keeps the steps accuracy-limited): δ (<see cref="Shift"/>)
    /// is the change the carried Fₙ misses, in component 0 only.
    /// </summary>
    private struct ShiftedDecay(double rate) : IOdeSystem
    {
        public double Shift;

        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = 100 + 50 * Math.Sin(timeDays) - rate * y[0] + Shift;
            dydt[1] = 0.5 * y[0] - y[1];
        }
    }

    /// <summary>Two integrators with the same course: <paramref name="steps"/> steps towards day 100 from (50, 10).</summary>
    private static (RungeKuttaChebyshev A, RungeKuttaChebyshev B) Pair(ref ShiftedDecay system, int steps)
    {
        var a = new RungeKuttaChebyshev(2, RelativeTolerance, AbsoluteTolerance);
        var b = new RungeKuttaChebyshev(2, RelativeTolerance, AbsoluteTolerance);
        foreach (var ode in new[] { a, b })
        {
            ode.Y[0] = 50;
            ode.Y[1] = 10;
            for (int k = 0; k < steps; k++) ode.Step(ref system, 100);
        }
        return (a, b);
    }

    /// <summary>δ such that <see cref="RungeKuttaChebyshev.ApproximateDerivativeWeight"/>·h·δ/sk₀ is <paramref name="share"/> for a step of <paramref name="h"/> days from <paramref name="ode"/>'s state.</summary>
    private static double ShiftFor(RungeKuttaChebyshev ode, double h, double share) =>
        share * (AbsoluteTolerance + RelativeTolerance * Math.Abs(ode.Y[0])) / (RungeKuttaChebyshev.ApproximateDerivativeWeight * h);

    /// <summary>
    /// Within the budget (half of it used) the step starts from the carried Fₙ: one evaluation fewer than after a reset, and
    /// the result differs from the fresh start's by h·|g|·δ in component 0. For two stages (slow decay, z = hλ ≈ −0.01) the
    /// result is yₙ + h(6F(Y₁) − 5Fₙ) with ε = 8, so the difference is ≈ 5hδ: between 4.5hδ and the weight 6hδ. A weight that
    /// did not bound the stages' use of Fₙ (1, as for a step whose result reads Fₙ once) would fail the upper check.
    /// </summary>
    [Theory]
    [InlineData(0.2, 2, 2, 4)]
    [InlineData(800, 3, 40, 200)]
    public void Step_WithinBudget_StartsFromTheCarriedDerivativeWithinTheWeightTimesHDelta(double rate, int minStages, int maxStages, int stepsBefore)
    {
        var system = new ShiftedDecay(rate);
        var (a, b) = Pair(ref system, stepsBefore);
        const double h = 0.05;
        double shift = ShiftFor(a, h, 0.05);
        double y0 = a.Y[0], derivativeError = shift / (AbsoluteTolerance + RelativeTolerance * Math.Abs(y0));
        system.Shift = shift;
        a.ResetKeepingApproximateDerivative(derivativeError, 0.1);
        b.Reset();
        long ea = a.Evaluations, eb = b.Evaluations;
        a.Step(ref system, a.T + h);
        b.Step(ref system, b.T + h);
        Assert.Equal(b.T, a.T);
        Assert.Equal(1, (b.Evaluations - eb) - (a.Evaluations - ea));
        Assert.Equal(1, a.ApproximateDerivativeSteps);
        Assert.Equal(b.FirstEvaluations - 1, a.FirstEvaluations);
        Assert.True(a.LastStages >= minStages && a.LastStages <= maxStages, $"{a.LastStages} stages, step {a.T - a.TPrevious} d at t = {a.TPrevious}, ρ = {a.SpectralRadius}");
        double length = a.T - a.TPrevious, weight = Math.Abs(a.Y[0] - b.Y[0]) / (length * shift);
        Assert.True(weight <= RungeKuttaChebyshev.ApproximateDerivativeWeight, $"component 0 off by {weight}·hδ at {a.LastStages} stages");
        Assert.True(Math.Abs(a.Y[1] - b.Y[1]) <= RungeKuttaChebyshev.ApproximateDerivativeWeight * length * shift, $"component 1 off by {Math.Abs(a.Y[1] - b.Y[1])}");
        if (a.LastStages == 2) Assert.InRange(weight, 4.5, 6);
        // The step after it starts from Fₙ₊₁, evaluated exactly at the step's end: no first evaluation, no further reuse.
        long first = a.FirstEvaluations;
        a.Step(ref system, 100);
        Assert.Equal(first, a.FirstEvaluations);
        Assert.Equal(1, a.ApproximateDerivativeSteps);
    }

    /// <summary>Beyond the budget (twice it) the step evaluates Fₙ afresh: the same step as after a reset, to the bit.</summary>
    [Fact]
    public void Step_BeyondBudget_StepsAsAFullResetToTheBit()
    {
        var system = new ShiftedDecay(0.2);
        var (a, b) = Pair(ref system, 4);
        const double h = 0.05;
        double shift = ShiftFor(a, h, 0.2);
        system.Shift = shift;
        a.ResetKeepingApproximateDerivative(shift / (AbsoluteTolerance + RelativeTolerance * Math.Abs(a.Y[0])), 0.1);
        b.Reset();
        Assert.Equal(0, Steppers.AssertSameStepsWithFewerEvaluations(b, a, ref system, a.T + h, 1));
        Assert.Equal(0, a.ApproximateDerivativeSteps);
        Assert.Equal(b.FirstEvaluations, a.FirstEvaluations);
    }

    /// <summary>
    /// A spectral-radius estimate due at the step's start (the periodic one, every 25 accepted steps, on a stiff decay whose
    /// steps are not short enough to let it wait) differences f at offsets of 10⁻⁸·|y| from Fₙ, where a carried Fₙ off by δ
    /// would read as a radius of δ/(10⁻⁸·|y|): Fₙ is evaluated afresh first, and the estimate and the step are a full reset's,
    /// to the bit.
    /// </summary>
    [Fact]
    public void Step_SpectralEstimateDue_EvaluatesTheCarriedDerivativeAfreshFirst()
    {
        var system = new ShiftedDecay(400);
        // Find the first step after the first that makes a (periodic) estimate, on a third integrator with the same course.
        var probe = new RungeKuttaChebyshev(2, RelativeTolerance, AbsoluteTolerance);
        probe.Y[0] = 50;
        probe.Y[1] = 10;
        probe.Step(ref system, 100);
        int due = -1;
        for (int k = 1; k < 200 && due < 0; k++)
        {
            long spectral = probe.SpectralEvaluations, rejected = probe.RejectedSteps;
            probe.Step(ref system, 100);
            if (probe.SpectralEvaluations > spectral && probe.RejectedSteps == rejected) due = k;
        }
        Assert.True(due > 0, "no periodic estimate in 200 steps");
        var (a, b) = Pair(ref system, due);
        double h = Math.Min(100 - a.T, 1e3);
        system.Shift = ShiftFor(a, h, 0.01) * 1e-3; // far within the budget for any step up to day 100
        a.ResetKeepingApproximateDerivative(system.Shift / (AbsoluteTolerance + RelativeTolerance * Math.Abs(a.Y[0])), 0.1);
        b.Reset();
        long spectralBefore = a.SpectralEvaluations;
        Assert.Equal(0, Steppers.AssertSameStepsWithFewerEvaluations(b, a, ref system, 100, 1));
        Assert.True(a.SpectralEvaluations > spectralBefore, "the step made no estimate");
        Assert.Equal(b.SpectralRadius, a.SpectralRadius);
        Assert.Equal(0, a.ApproximateDerivativeSteps);
    }

    /// <summary>An unchanged derivative (error 0) is reused whatever the step, as <see cref="OdeStepper.ResetKeepingDerivative"/> does: the same steps to the bit.</summary>
    [Fact]
    public void Step_ZeroError_StepsAsResetKeepingDerivativeToTheBit()
    {
        var system = new ShiftedDecay(0.2);
        var (a, b) = Pair(ref system, 3);
        a.ResetKeepingApproximateDerivative(0, 0.1);
        b.ResetKeepingDerivative();
        Assert.Equal(0, Steppers.AssertSameStepsWithFewerEvaluations(b, a, ref system, 100, 3));
        Assert.Equal(1, a.ApproximateDerivativeSteps);
    }

    /// <summary>Without a carried Fₙ (after a reset) there is nothing to reuse: the next step evaluates it; a NaN error refuses the reuse.</summary>
    [Fact]
    public void ResetKeepingApproximateDerivative_NoCarriedDerivativeOrNaNError_IsAReset()
    {
        var system = new ShiftedDecay(0.2);
        var (a, b) = Pair(ref system, 3);
        a.Reset();
        a.ResetKeepingApproximateDerivative(0, 0.1);
        b.Reset();
        Assert.Equal(0, Steppers.AssertSameStepsWithFewerEvaluations(b, a, ref system, 100, 2));
        a.ResetKeepingApproximateDerivative(double.NaN, 0.1);
        b.Reset();
        Assert.Equal(0, Steppers.AssertSameStepsWithFewerEvaluations(b, a, ref system, 100, 2));
        Assert.Equal(0, a.ApproximateDerivativeSteps);
        Assert.Throws<InvalidOperationException>(() =>
        {
            a.ResetKeepingApproximateDerivative(0, 0.1);
            a.Interpolate(a.T, new double[2]);
        });
    }
}
