using System.Numerics;
using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public class StepSizeControlTests
{
    [Fact]
    public void SquaredErrorSum_EveryLengthAroundTheVectorWidth_EqualsTheScalarLoopToTheBit()
    {
        // The integrators' step sequences must not depend on the machine's SIMD width: the lane-wise ratios and the ordered
        // sum must give the scalar loop's value exactly, for lengths below, at and past multiples of the width.
        var random = new Random(20261205);
        const double rtol = 1e-3, atol = 1e-2;
        for (int n = 0; n <= 3 * Vector<double>.Count + 1; n++)
        {
            double[] estimate = new double[n], yOld = new double[n], yNew = new double[n];
            for (int i = 0; i < n; i++)
            {
                estimate[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 4));
                yOld[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 7));
                yNew[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 7));
            }
            double expected = 0;
            for (int i = 0; i < n; i++)
            {
                double r = estimate[i] / (atol + rtol * Math.Max(Math.Abs(yOld[i]), Math.Abs(yNew[i])));
                expected += r * r;
            }
            double actual = StepSizeControl.SquaredErrorSum(estimate, yOld, yNew, rtol, atol);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    [Fact]
    public void FirstStepGuess_StateAndRate_IsOnePercentOfTheTimeToChangeByItsOwnSize()
    {
        // y = (100, 100), f = (−10, −10) with atol 0, rtol 1: sk = 100, d₀ = 2, d₁ = 0.02, h₀ = 0.01·√(d₀/d₁) = 0.1 days,
        // 1 % of the 10 days the state needs to fall by its own size at this rate.
        double h = StepSizeControl.FirstStepGuess([100.0, 100.0], [-10.0, -10.0], 1, 0, out double d1);
        Assert.Equal(0.1, h, 12);
        Assert.Equal(0.02, d1, 12);
        // At rest (no rate): the smallest guess, 10⁻⁶ days.
        Assert.Equal(1e-6, StepSizeControl.FirstStepGuess([100.0], [0.0], 1, 0, out _));
    }
}
