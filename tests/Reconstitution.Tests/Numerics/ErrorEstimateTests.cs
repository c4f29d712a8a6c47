using System.Runtime.Intrinsics;
using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// The integrators' error estimates computed where the error norm reads them (<see cref="IErrorEstimate"/>): each block of
/// lanes has the bits of the scalar formula of its components, and the norm over the estimate equals the norm over the
/// stored estimate, for lengths below, at and past multiples of four; a NaN in either state makes the norm a NaN.
/// </summary>
public class ErrorEstimateTests
{
    private const double Rtol = 1e-3, Atol = 1;

    private static double[] Random(Random random, int n, int lowest, int highest)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(lowest, highest));
        return x;
    }

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>
    /// The norm as a plain scalar loop, independent of the code under test: Σ (eᵢ/skᵢ)², skᵢ = atol + rtol·max(|yOld,ᵢ|, |yNew,ᵢ|,
    /// floorᵢ) with floorᵢ = min(Fᵢ, FloorReach·|yOld,ᵢ|) where the component shrinks and 0 elsewhere (no floors: 0 everywhere).
    /// </summary>
    private static double ScalarNorm(double[] estimate, double[] yOld, double[] yNew, double[]? floors = null)
    {
        double sum = 0;
        for (int i = 0; i < estimate.Length; i++)
        {
            double magnitude = Math.Max(Math.Abs(yOld[i]), Math.Abs(yNew[i]));
            if (floors is not null)
                magnitude = Math.Max(magnitude, yNew[i] < yOld[i] ? Math.Min(floors[i], StepSizeControl.FloorReach * Math.Abs(yOld[i])) : 0);
            double r = estimate[i] / (Atol + Rtol * magnitude);
            sum += r * r;
        }
        return sum;
    }

    /// <summary>Each lane of <see cref="IErrorEstimate.Lanes"/> equals <see cref="IErrorEstimate.At"/> of its component to the bit; returns the At values.</summary>
    private static double[] AssertLanesAreTheScalarValues<TEstimate>(TEstimate estimate, int n) where TEstimate : IErrorEstimate, allows ref struct
    {
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = estimate.At((nuint)i);
        for (int i = 0; i + 4 <= n; i += 4)
        {
            Vector256<double> lanes = estimate.Lanes((nuint)i);
            for (int l = 0; l < 4; l++) Assert.Equal(Bits(values[i + l]), Bits(lanes.GetElement(l)));
        }
        return values;
    }

    [Fact]
    public void ChebyshevEstimate_EveryLength_IsTheAuthorsFormulaToTheBitAndItsNormTheStoredEstimates()
    {
        // Est = 0.8(yₙ − yₙ₊₁) + 0.4h(Fₙ + Fₙ₊₁) (Sommeijer, Shampine and Verwer 1997), lane by lane and in one pass with the norm.
        var random = new Random(20261206);
        for (int n = 0; n <= 13; n++)
        {
            double[] y = Random(random, n, -3, 7), yNew = Random(random, n, -3, 7), f0 = Random(random, n, -4, 5), fNew = Random(random, n, -4, 5);
            double h = 0.37 * (n + 1), weight = 0.4 * h;
            double[] values = AssertLanesAreTheScalarValues(new RungeKuttaChebyshev.ErrorEstimate(y, yNew, f0, fNew, weight), n);
            for (int i = 0; i < n; i++) Assert.Equal(Bits(0.8 * (y[i] - yNew[i]) + weight * (f0[i] + fNew[i])), Bits(values[i]));
            double fused = StepSizeControl.SquaredErrorSum(new RungeKuttaChebyshev.ErrorEstimate(y, yNew, f0, fNew, weight), y, yNew, Rtol, Atol);
            Assert.Equal(Bits(StepSizeControl.SquaredErrorSum(values, y, yNew, Rtol, Atol)), Bits(fused));
            Assert.Equal(Bits(ScalarNorm(values, y, yNew)), Bits(fused));
            double[] floor = Random(random, n, 0, 9);
            for (int i = 0; i < n; i++) floor[i] = Math.Abs(floor[i]);
            fused = StepSizeControl.SquaredErrorSum(new RungeKuttaChebyshev.ErrorEstimate(y, yNew, f0, fNew, weight), y, yNew, Rtol, Atol, floor);
            Assert.Equal(Bits(StepSizeControl.SquaredErrorSum(values, y, yNew, Rtol, Atol, floor)), Bits(fused));
            Assert.Equal(Bits(ScalarNorm(values, y, yNew, floor)), Bits(fused));
        }
    }

    [Fact]
    public void RosenbrockEstimate_EveryLength_IsTheEmbeddedCombinationToTheBitAndItsNormTheStoredEstimates()
    {
        // e₁u₁ + e₂u₂ + e₃u₃ + e₄u₄ in that order; the weights eₖ read back from unit increments (eₖ·1 plus zeros is eₖ exactly).
        double[] one = [1], zero = [0];
        double[] e =
        [
            new RosenbrockW.ErrorEstimate(one, zero, zero, zero).At(0), new RosenbrockW.ErrorEstimate(zero, one, zero, zero).At(0),
            new RosenbrockW.ErrorEstimate(zero, zero, one, zero).At(0), new RosenbrockW.ErrorEstimate(zero, zero, zero, one).At(0),
        ];
        Assert.All(e, weight => Assert.NotEqual(0, weight));
        var random = new Random(20261207);
        for (int n = 0; n <= 13; n++)
        {
            double[] u0 = Random(random, n, -4, 4), u1 = Random(random, n, -4, 4), u2 = Random(random, n, -4, 4), u3 = Random(random, n, -4, 4);
            double[] y = Random(random, n, -3, 7), yNew = Random(random, n, -3, 7);
            double[] values = AssertLanesAreTheScalarValues(new RosenbrockW.ErrorEstimate(u0, u1, u2, u3), n);
            for (int i = 0; i < n; i++) Assert.Equal(Bits(e[0] * u0[i] + e[1] * u1[i] + e[2] * u2[i] + e[3] * u3[i]), Bits(values[i]));
            double fused = StepSizeControl.SquaredErrorSum(new RosenbrockW.ErrorEstimate(u0, u1, u2, u3), y, yNew, Rtol, Atol);
            Assert.Equal(Bits(StepSizeControl.SquaredErrorSum(values, y, yNew, Rtol, Atol)), Bits(fused));
            Assert.Equal(Bits(ScalarNorm(values, y, yNew)), Bits(fused));
            double[] floor = Random(random, n, 0, 9);
            for (int i = 0; i < n; i++) floor[i] = Math.Abs(floor[i]);
            fused = StepSizeControl.SquaredErrorSum(new RosenbrockW.ErrorEstimate(u0, u1, u2, u3), y, yNew, Rtol, Atol, floor);
            Assert.Equal(Bits(ScalarNorm(values, y, yNew, floor)), Bits(fused));
        }
    }

    [Fact]
    public void SquaredErrorSum_SpecialMagnitudes_EqualTheScalarLoopWithMathMaxToTheBit()
    {
        // The larger magnitude is taken on the bit patterns of |yOld| and |yNew|: for signed zeros, subnormals, infinities and
        // equal values it must be Math.Max's, in the vector lanes as in the tail.
        double[] specials = [0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-310, double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, 1, -1, 3e7, -3e7];
        var random = new Random(20261208);
        for (int n = 1; n <= 13; n++)
            for (int trial = 0; trial < 20; trial++)
            {
                double[] estimate = Random(random, n, -3, 3), yOld = new double[n], yNew = new double[n];
                for (int i = 0; i < n; i++)
                {
                    yOld[i] = specials[random.Next(specials.Length)];
                    yNew[i] = specials[random.Next(specials.Length)];
                }
                double expected = 0;
                for (int i = 0; i < n; i++)
                {
                    double r = estimate[i] / (Atol + Rtol * Math.Max(Math.Abs(yOld[i]), Math.Abs(yNew[i])));
                    expected += r * r;
                }
                Assert.Equal(Bits(expected), Bits(StepSizeControl.SquaredErrorSum(estimate, yOld, yNew, Rtol, Atol)));
            }
    }

    [Fact]
    public void SquaredErrorSum_NaNInEitherState_IsNaN()
    {
        // Math.Max gives a NaN where either operand is one, so the scalar loop's norm is a NaN (the integrators throw on it);
        // a max instruction that returns its other operand for a NaN would hide it. Every position, in the lanes and the tail.
        const int n = 7;
        for (int position = 0; position < n; position++)
            for (int which = 0; which < 2; which++)
            {
                double[] estimate = [.. Enumerable.Repeat(0.5, n)], yOld = [.. Enumerable.Repeat(10.0, n)], yNew = [.. Enumerable.Repeat(12.0, n)];
                (which == 0 ? yOld : yNew)[position] = double.NaN;
                Assert.True(double.IsNaN(StepSizeControl.SquaredErrorSum(estimate, yOld, yNew, Rtol, Atol)), $"NaN in {(which == 0 ? "yOld" : "yNew")}[{position}] lost");
            }
    }

    [Fact]
    public void SquaredErrorSum_EstimateShorterThanTheState_Throws()
    {
        // The estimates read their vectors without bounds checks: a state longer than any of them must be refused, with or
        // without floors, not read past the array.
        double[] four = [1, 2, 3, 4], five = [1, 2, 3, 4, 5];
        double[] floors = [1, 1, 1, 1, 1];
        Assert.Throws<ArgumentException>(() => StepSizeControl.SquaredErrorSum(new RungeKuttaChebyshev.ErrorEstimate(five, five, four, five, 0.1), five, five, Rtol, Atol));
        Assert.Throws<ArgumentException>(() => StepSizeControl.SquaredErrorSum(new RosenbrockW.ErrorEstimate(five, five, five, four), five, five, Rtol, Atol, floors));
        Assert.Equal(Bits(ScalarNorm([0.8 * 0 + 0.1 * 2, 0.1 * 4, 0.1 * 6, 0.1 * 8], four, four)),
            Bits(StepSizeControl.SquaredErrorSum(new RungeKuttaChebyshev.ErrorEstimate(five, five, five, five, 0.1), four, four, Rtol, Atol)));
    }
}
