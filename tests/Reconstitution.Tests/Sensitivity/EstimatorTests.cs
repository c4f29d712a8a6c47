using Reconstitution.Randomness;
using Reconstitution.Sensitivity;
using Xunit;

namespace Reconstitution.Tests.Sensitivity;

/// <summary>
/// The estimators against test functions with known indices. Tolerances are 4 bootstrap standard errors (plus 0.01 for the
/// bias of a finite design), so a correct estimator fails with probability well below 10⁻³ per index; the designs are fixed.
/// </summary>
public sealed class EstimatorTests
{
    private static double[] Evaluate(SensitivityDesign design, Func<double[], double> f) =>
        [.. Enumerable.Range(0, design.Count).Select(i => f(design.Point(i)))];

    private static void AssertNear(SensitivityIndex index, double expected, string what)
    {
        double tolerance = 4 * index.StandardError + 0.01;
        Assert.True(Math.Abs(index.Value - expected) <= tolerance,
            $"{what}: estimated {index.Value:F4} (se {index.StandardError:F4}), analytic {expected:F4}, tolerance {tolerance:F4}.");
    }

    // Ishigami (Ishigami and Homma 1990) with a = 7, b = 0.1 on x ∈ [−π, π]³: V1 = ½(1 + bπ⁴/5)², V2 = a²/8,
    // V13 = 8b²π⁸/225, V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½ (Saltelli et al., Global Sensitivity Analysis: The Primer, 2008).
    [Fact]
    public void Sobol_Ishigami_IndicesMatchAnalyticValues()
    {
        const double a = 7, b = 0.1;
        double pi4 = Math.Pow(Math.PI, 4), pi8 = pi4 * pi4;
        double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
        double v1 = 0.5 * Math.Pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225;
        var design = SensitivityDesign.Sobol(3, 4096);
        var y = Evaluate(design, u =>
        {
            double x1 = -Math.PI + 2 * Math.PI * u[0], x2 = -Math.PI + 2 * Math.PI * u[1], x3 = -Math.PI + 2 * Math.PI * u[2];
            return Math.Sin(x1) + a * Math.Pow(Math.Sin(x2), 2) + b * Math.Pow(x3, 4) * Math.Sin(x1);
        });
        var indices = SobolEstimator.Estimate(design, ["x1", "x2", "x3"], "y", y, double.NaN, RandomStream.Create(1, 0, "test"));
        SensitivityIndex Get(string p, string i) => indices.Single(x => x.Parameter == p && x.Index == i);
        AssertNear(Get("x1", "S1"), v1 / v, "S1 x1");
        AssertNear(Get("x2", "S1"), v2 / v, "S1 x2");
        AssertNear(Get("x3", "S1"), 0, "S1 x3");
        AssertNear(Get("x1", "ST"), (v1 + v13) / v, "ST x1");
        AssertNear(Get("x2", "ST"), v2 / v, "ST x2");
        AssertNear(Get("x3", "ST"), v13 / v, "ST x3");
    }

    // Sobol G-function g = Π (|4xᵢ − 2| + aᵢ)/(1 + aᵢ) on [0, 1]^k: Vᵢ = 1/(3(1 + aᵢ)²), V = Π(1 + Vᵢ) − 1,
    // S1ᵢ = Vᵢ/V, STᵢ = Vᵢ Π_{j≠i}(1 + Vⱼ)/V (Saltelli et al. 2010, §4).
    [Fact]
    public void Sobol_GFunction_IndicesMatchAnalyticValues()
    {
        double[] a = [0, 1, 4.5, 9, 99, 99, 99, 99];
        int k = a.Length;
        var vi = a.Select(x => 1 / (3 * (1 + x) * (1 + x))).ToArray();
        double v = vi.Aggregate(1.0, (p, x) => p * (1 + x)) - 1;
        var design = SensitivityDesign.Sobol(k, 4096);
        var y = Evaluate(design, u =>
        {
            double g = 1;
            for (int i = 0; i < k; i++) g *= (Math.Abs(4 * u[i] - 2) + a[i]) / (1 + a[i]);
            return g;
        });
        var names = Enumerable.Range(1, k).Select(i => "x" + i).ToArray();
        var indices = SobolEstimator.Estimate(design, names, "g", y, double.NaN, RandomStream.Create(2, 0, "test"));
        for (int i = 0; i < k; i++)
        {
            double others = vi.Where((_, j) => j != i).Aggregate(1.0, (p, x) => p * (1 + x));
            AssertNear(indices.Single(x => x.Parameter == names[i] && x.Index == "S1"), vi[i] / v, $"S1 {names[i]}");
            AssertNear(indices.Single(x => x.Parameter == names[i] && x.Index == "ST"), vi[i] * others / v, $"ST {names[i]}");
        }
    }

    // y = 10 x1 + 4 x2² + 3 x3 x4 with x5 … x8 inert: every elementary effect of an inert input is exactly 0, and the
    // linear x1 has EE = 10 (Δy/Δu with u the uniform's probability) in every trajectory, so μ* = 10 and σ = 0.
    [Fact]
    public void Morris_InertInputs_HaveZeroEffectAndRankLast()
    {
        var design = SensitivityDesign.Morris(8, 20, seed: 7);
        var y = Evaluate(design, u => 10 * u[0] + 4 * u[1] * u[1] + 3 * u[2] * u[3]);
        var names = Enumerable.Range(1, 8).Select(i => "x" + i).ToArray();
        var indices = MorrisEstimator.Estimate(design, names, "y", y, double.NaN, RandomStream.Create(3, 0, "test"));
        double MuStar(string p) => indices.Single(x => x.Parameter == p && x.Index == "muStar").Value;
        Assert.Equal(10, MuStar("x1"), 9);
        Assert.Equal(0, indices.Single(x => x.Parameter == "x1" && x.Index == "sigma").Value, 9);
        foreach (string inert in names[4..]) Assert.Equal(0, MuStar(inert));
        var ranking = names.OrderByDescending(MuStar).ToArray();
        Assert.Equal(["x1", "x2"], ranking[..2]);
        Assert.True(MuStar("x3") > 0 && MuStar("x4") > 0);
        Assert.All(ranking[4..], p => Assert.StartsWith("x", p));
        Assert.Equal(new HashSet<string>(names[4..]), new HashSet<string>(ranking[4..]));
    }

    // Each trajectory moves every coordinate exactly once by half the probability range (p = 4 levels: Δu = ½).
    [Fact]
    public void Morris_Trajectories_MoveEachCoordinateOnceByHalf()
    {
        var design = SensitivityDesign.Morris(5, 10, seed: 11);
        Assert.Equal(60, design.Count);
        for (int t = 0; t < 10; t++)
        {
            var moved = new List<int>();
            for (int m = 0; m < 5; m++)
            {
                var a = design.Point(t * 6 + m);
                var b = design.Point(t * 6 + m + 1);
                var changed = Enumerable.Range(0, 5).Where(i => a[i] != b[i]).ToArray();
                Assert.Single(changed);
                Assert.Equal(0.5, Math.Abs(a[changed[0]] - b[changed[0]]), 12);
                moved.Add(changed[0]);
            }
            Assert.Equal([0, 1, 2, 3, 4], moved.Order());
        }
    }

    // Campolongo's selection keeps the r most spread-out of M candidates: the chosen set spreads more than the first r
    // candidates (the design without selection, same seed), and each chosen trajectory is still a valid Morris trajectory.
    [Fact]
    public void Morris_WithCandidates_SpreadsMoreThanWithout()
    {
        static double[][][] Trajectories(SensitivityDesign d) =>
            [.. Enumerable.Range(0, d.Samples).Select(t => Enumerable.Range(0, d.PointsPerSample).Select(m => d.Point(t * d.PointsPerSample + m)).ToArray())];
        var plain = SensitivityDesign.Morris(6, 8, seed: 5);
        var spread = SensitivityDesign.Morris(6, 8, seed: 5, candidates: 40);
        Assert.Equal(plain.Count, spread.Count);
        Assert.True(MorrisSpread.Spread(Trajectories(spread)) > MorrisSpread.Spread(Trajectories(plain)));
        foreach (var t in Trajectories(spread))
            for (int m = 0; m < 6; m++) Assert.Single(Enumerable.Range(0, 6), i => t[m][i] != t[m + 1][i]);
        Assert.Throws<ArgumentOutOfRangeException>(() => SensitivityDesign.Morris(6, 8, seed: 5, candidates: 8));
    }

    // A Sobol sequence is a (t, s)-sequence in base 2: the first 2^m points (with the origin) put exactly one point in each of
    // the 2^m intervals [j/2^m, (j + 1)/2^m) of every coordinate (Sobol 1967). Checked for all 65 dimensions.
    [Fact]
    public void SobolSequence_FirstPowerOfTwoPoints_StratifyEveryCoordinate()
    {
        const int m = 10;
        var points = SobolSequence.Generate(SobolSequence.MaxDimensions, 1 << m, skip: 0);
        for (int j = 0; j < SobolSequence.MaxDimensions; j++)
        {
            var cells = points.Select(p => (int)(p[j] * (1 << m))).Distinct().Count();
            Assert.Equal(1 << m, cells);
        }
    }
}
