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
    public void SquaredErrorSum_MagnitudeFloors_ApplyToShrinkingComponentsOnlyAndEqualTheScalarLoopToTheBit()
    {
        // skᵢ = atol + rtol·max(|yOld|, |yNew|, min(Fᵢ, FloorReach·|yOld|)) where yNew < yOld, the ordinary scale elsewhere; lane-wise as the scalar
        // loop, for lengths below, at and past multiples of the SIMD width, with shrinking, growing and constant components.
        var random = new Random(20261206);
        const double rtol = 1e-3, atol = 1;
        for (int n = 0; n <= 3 * Vector<double>.Count + 1; n++)
        {
            double[] estimate = new double[n], yOld = new double[n], yNew = new double[n], floor = new double[n], copy = new double[n];
            for (int i = 0; i < n; i++)
            {
                estimate[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4));
                yOld[i] = random.NextDouble() * Math.Pow(10, random.Next(0, 7));
                yNew[i] = (i % 3) switch { 0 => 0.5 * yOld[i], 1 => 2 * yOld[i], _ => yOld[i] };
                floor[i] = random.NextDouble() * Math.Pow(10, random.Next(0, 12));
            }
            estimate.CopyTo(copy, 0);
            double expected = 0;
            for (int i = 0; i < n; i++)
            {
                double magnitude = Math.Max(Math.Abs(yOld[i]), Math.Abs(yNew[i]));
                if (yNew[i] < yOld[i]) magnitude = Math.Max(magnitude, Math.Min(floor[i], StepSizeControl.FloorReach * Math.Abs(yOld[i])));
                double r = copy[i] / (atol + rtol * magnitude);
                expected += r * r;
            }
            double actual = StepSizeControl.SquaredErrorSum(estimate, yOld, yNew, rtol, atol, floor);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    [Fact]
    public void SquaredErrorSum_FloorsOnGrowingComponents_AreTheOrdinaryScaleToTheBit()
    {
        // Floors far above every value change nothing where no component shrinks: a growing population keeps its own scale.
        double[] yOld = [1, 10, 1e3, 1e5, 3e7], yNew = [2, 10, 1.5e3, 1e6, 3e7], floor = [1e12, 1e12, 1e12, 1e12, 1e12];
        double[] e1 = [0.5, -0.2, 3, 40, -7e3], e2 = [.. e1];
        double ordinary = StepSizeControl.SquaredErrorSum(e1, yOld, yNew, 1e-3, 1);
        double floored = StepSizeControl.SquaredErrorSum(e2, yOld, yNew, 1e-3, 1, floor);
        Assert.Equal(BitConverter.DoubleToInt64Bits(ordinary), BitConverter.DoubleToInt64Bits(floored));
    }

    [Fact]
    public void SquaredErrorSum_ShrinkingComponentBelowItsFloor_IsScaledByTheFloorUpToItsReach()
    {
        // A remnant of 10⁴ cells shrinking to 9·10³ beside a group total of 3·10⁴: its error of 50 cells is 5 tolerances of
        // its own (sk = 1 + 10⁻³·10⁴ = 11) but 50/31 of the total's (sk = 1 + 10⁻³·3·10⁴).
        double[] estimate = [50];
        double sum = StepSizeControl.SquaredErrorSum(estimate, [1e4], [9e3], 1e-3, 1, [3e4]);
        double r = 50 / (1 + 1e-3 * 3e4);
        Assert.Equal(r * r, sum, r * r * 1e-12);
        // Beside a total of 10¹¹ the floor reaches only FloorReach times the remnant's own size (sk = 1 + 10⁻³·10·10⁴).
        estimate = [50];
        sum = StepSizeControl.SquaredErrorSum(estimate, [1e4], [9e3], 1e-3, 1, [1e11]);
        r = 50 / (1 + 1e-3 * StepSizeControl.FloorReach * 1e4);
        Assert.Equal(r * r, sum, r * r * 1e-12);
        // Above its floor a shrinking component keeps its own scale.
        estimate = [50];
        sum = StepSizeControl.SquaredErrorSum(estimate, [1e4], [9e3], 1e-3, 1, [100]);
        Assert.Equal(50 / 11.0 * (50 / 11.0), sum, 12);
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
