using Reconstitution.Forecasting;
using Reconstitution.Physiology;

namespace Reconstitution.Tests.Forecasting;

public sealed class MeasurementErrorTests
{
    [Fact]
    public void LogLikelihood_ExactValue_IsADensityThatIntegratesToOne()
    {
        // The density of y (with the Jacobian of log(y + c)) integrates to 1 over y ≥ −c; the part below 0 is the
        // probability Φ((log c − log(x + c))/σ), tiny for x well above the floor. Trapezoid rule on a log grid.
        var e = MeasurementError.Default;
        double x = 0.8, total = 0, previousY = 0, previousF = Math.Exp(e.LogLikelihood(new Observation(1, Measure.Anc, 0), x));
        for (double y = 1e-4; y < 50; y *= 1.002)
        {
            double f = Math.Exp(e.LogLikelihood(new Observation(1, Measure.Anc, y), x));
            total += 0.5 * (f + previousF) * (y - previousY);
            (previousY, previousF) = (y, f);
        }
        double belowZero = e.Cdf(new Observation(1, Measure.Anc, 0), x);
        Assert.InRange(total + belowZero, 0.999, 1.001);
    }

    [Fact]
    public void LogLikelihood_BelowDetection_IsTheLogProbabilityOfTheBound()
    {
        var e = MeasurementError.Default;
        var bound = new Observation(3, Measure.Anc, 0.1, ObservationCensoring.Below);
        Assert.Equal(Math.Log(e.Cdf(bound, 0.02)), e.LogLikelihood(bound, 0.02), 12);
        Assert.True(e.LogLikelihood(bound, 0.0) > Math.Log(0.99), "a count of 0 is almost surely reported below 0.1");
        Assert.True(e.LogLikelihood(bound, 2.0) < Math.Log(1e-6), "a count of 2 is almost never reported below 0.1");
        var above = bound with { Censoring = ObservationCensoring.Above };
        Assert.Equal(1, Math.Exp(e.LogLikelihood(bound, 0.3)) + Math.Exp(e.LogLikelihood(above, 0.3)), 12);
    }

    [Fact]
    public void LogLikelihood_ReportedZero_IsTheMassOfReportsAtOrBelowZero()
    {
        // Reports below 0 are reported as 0 (as SyntheticPatient draws them), so 0 carries Φ((log c − log(x + c))/σ): a half
        // for a simulated 0, less for a larger count; the density part over y > 0 and this mass add up to one.
        var e = MeasurementError.Default;
        var zero = new Observation(2, Measure.Anc, 0);
        Assert.Equal(Math.Log(0.5), e.LogLikelihood(zero, 0), 12);
        Assert.Equal(Math.Log(e.Cdf(zero, 0.05)), e.LogLikelihood(zero, 0.05), 12);
        Assert.True(e.LogLikelihood(zero, 0.05) < e.LogLikelihood(zero, 0.01));
    }

    [Fact]
    public void LogNormalCdf_FarTail_StaysFiniteAndContinuous()
    {
        // The Mills-ratio branch below −30 differs from the exact one by log(1 − 1/x² + …) ≈ 0.001 at the switch.
        Assert.Equal(MeasurementError.LogNormalCdf(-30 + 1e-9), MeasurementError.LogNormalCdf(-30 - 1e-9), 2);
        Assert.True(MeasurementError.LogNormalCdf(-31) < MeasurementError.LogNormalCdf(-30));
        Assert.True(double.IsFinite(MeasurementError.LogNormalCdf(-1e3)));
    }

    [Fact]
    public void With_BadCv_NamesTheParameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MeasurementError.Default.With(Measure.Anc, 0, 0.02));
        Assert.Equal("cv", e.ParamName);
        Assert.Equal(0.3, MeasurementError.Default.With(Measure.Anc, 0.3, 0.05).Cv(Measure.Anc));
        Assert.Equal(MeasurementError.Default, MeasurementError.Default.With(Measure.Anc, 0.25, 0.02));
    }
}
