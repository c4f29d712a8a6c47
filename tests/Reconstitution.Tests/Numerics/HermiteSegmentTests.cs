using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public class HermiteSegmentTests
{
    /// <summary>A relaxation onto cos t and the integral of a rate that reads it (the hybrid solver's hazard component).</summary>
    private struct RelaxationAndHazard : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = -50 * (y[0] - Math.Cos(timeDays)) - Math.Sin(timeDays);
            dydt[1] = 2 + y[0] * y[0];
        }
    }

    [Theory]
    [InlineData("rkc")]
    [InlineData("rosenbrock-w")]
    [InlineData("switching")]
    public void TryGetHermiteSegment_AfterSteps_ValueIsInterpolateComponentToTheBitAndSlopeItsDerivative(string method)
    {
        var ode = Steppers.Create(method, 2, 1e-6, 1e-9);
        ode.Y[0] = 1;
        var system = new RelaxationAndHazard();
        for (int step = 0; step < 20; step++)
        {
            ode.Step(ref system, 3);
            for (int component = 0; component < 2; component++)
            {
                Assert.True(ode.TryGetHermiteSegment(component, out var segment));
                Assert.Equal(ode.TPrevious, segment.Start);
                double h = segment.Length;
                for (int k = 0; k <= 16; k++)
                {
                    double t = k == 16 ? ode.T : segment.Start + h * k / 16;
                    double value = segment.Value(t, out double slope);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(ode.InterpolateComponent(t, component)), BitConverter.DoubleToInt64Bits(value));
                    if (k == 0 || k == 16) continue;
                    // Central difference of the cubic: its error is h_d²/6·|y‴| with y‴ = 12(y₀ − y₁)/h³ + 6(f₀ + f₁)/h².
                    double d = 1e-4 * h;
                    double difference = (segment.Value(t + d, out _) - segment.Value(t - d, out _)) / (2 * d);
                    double third = Math.Abs(12 * (segment.Y0 - segment.Y1) / (h * h * h)) + Math.Abs(6 * (segment.F0 + segment.F1) / (h * h));
                    double roundOff = 4e-16 * Math.Max(Math.Abs(segment.Y0), Math.Abs(segment.Y1)) / d;
                    Assert.True(Math.Abs(slope - difference) <= d * d / 6 * third + roundOff + 1e-12 * Math.Abs(slope),
                        $"step {step}, component {component}, t {t}: slope {slope} vs difference {difference}");
                }
                segment.Value(segment.Start, out double startSlope);
                segment.Value(segment.Start + h, out double endSlope);
                Assert.Equal(segment.F0, startSlope);
                Assert.Equal(segment.F1, endSlope);
            }
        }
    }

    [Fact]
    public void TryGetHermiteSegment_DormandPrince_ReturnsFalse()
    {
        var ode = Steppers.Create("dormand-prince", 2, 1e-6, 1e-9);
        var system = new RelaxationAndHazard();
        ode.Step(ref system, 1);
        Assert.False(ode.TryGetHermiteSegment(1, out _));
    }
}
