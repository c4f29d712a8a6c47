using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

public class SelectorTests
{
    // Propensities spread over 7 binary orders of magnitude (several composition–rejection groups),
    // with zeros that must never be selected.
    private static readonly double[] Initial = [0.3, 0, 5.5, 1.0, 17, 0.9, 0, 40, 2.2, 0.05];

    private static void CheckFrequencies<T>(T selector, double[] a, ulong seed) where T : struct, IPropensitySelector
    {
        // Theory: each draw picks j with probability pⱼ = aⱼ/a₀, so over n draws the count of j is
        // Binomial(n, pⱼ); tolerance 4 SE per transition. Zero-propensity transitions: never.
        const int n = 400_000;
        var random = RandomStream.Create(seed);
        var hits = new int[a.Length];
        for (int i = 0; i < n; i++) hits[selector.Select(random)]++;
        double total = a.Sum();
        Assert.Equal(total, selector.Total, 9);
        for (int j = 0; j < a.Length; j++)
        {
            double p = a[j] / total;
            double tolerance = 4 * Math.Sqrt(n * p * (1 - p));
            Assert.InRange(hits[j], n * p - tolerance, n * p + tolerance);
            if (a[j] == 0) Assert.Equal(0, hits[j]);
        }
    }

    private static void Exercise<T>() where T : struct, IPropensitySelector
    {
        var a = (double[])Initial.Clone();
        var selector = default(T);
        selector.Initialize(a);
        selector.Rebuild();
        CheckFrequencies(selector, a, 1);

        // Incremental updates, including into and out of zero and across groups.
        // 8: 2.2 → 1.5 drops one group (stays, by hysteresis); 3: 1.0 → 0.3 drops two (moves).
        (int J, double Value)[] changes = [(1, 3.0), (4, 0), (7, 0.001), (0, 64), (9, 0.051), (2, 5.4), (8, 1.5), (3, 0.3)];
        foreach (var (j, value) in changes)
        {
            double old = a[j];
            a[j] = value;
            selector.Update(j, old, value);
        }
        CheckFrequencies(selector, a, 2);
    }

    [Fact]
    public void Select_Direct_PicksProportionallyToPropensity() => Exercise<DirectSelector>();

    [Fact]
    public void Select_SortingDirect_PicksProportionallyToPropensity() => Exercise<SortingDirectSelector>();

    [Fact]
    public void Select_CompositionRejection_PicksProportionallyToPropensity() => Exercise<CompositionRejectionSelector>();
}
