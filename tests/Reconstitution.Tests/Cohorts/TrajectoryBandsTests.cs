using Reconstitution.Cohorts;
using Reconstitution.Physiology;

namespace Reconstitution.Tests.Cohorts;

public class TrajectoryBandsTests
{
    private static ReadoutTrajectory Flat(double anc, int from, int to)
    {
        var t = new ReadoutTrajectory();
        var r = new ClinicalReadouts();
        for (int d = from; d <= to; d++) t.Add(d, WithAnc(r, anc));
        return t;
    }

    private static ClinicalReadouts WithAnc(ClinicalReadouts r, double anc) => r with { AncE9PerLiter = anc };

    [Fact]
    public void Quantile_SketchOnly_WithinResolutionOfOrderStatistics()
    {
        // Patients 1…100 with ANC = k/10: the median (lower convention, rank 50) is 5.0 and the 95th percentile 9.5;
        // bins of 4 % report within 2 %.
        var bands = new TrajectoryBands(-2, 10, exactValueBudget: 0);
        Assert.False(bands.IsExact);
        for (int k = 1; k <= 100; k++) bands.Add(Flat(k / 10.0, -2, 10));
        Assert.Equal(100, bands.CountAt(Measure.Anc, 3));
        Assert.Equal(5.0, bands.Quantile(Measure.Anc, 3, 0.5), 5.0 * 0.02);
        Assert.Equal(9.5, bands.Quantile(Measure.Anc, 3, 0.95), 9.5 * 0.02);
        Assert.Equal(0.5, bands.Quantile(Measure.Anc, 3, 0.05), 0.5 * 0.02);
    }

    [Fact]
    public void Quantile_CohortFitsInMemory_IsTheExactType7Quantile()
    {
        var bands = new TrajectoryBands(0, 3);
        var values = Enumerable.Range(1, 37).Select(k => 0.1 * k * k).ToArray();
        foreach (double v in values.Reverse()) bands.Add(Flat(v, 0, 3));
        Assert.True(bands.IsExact);
        foreach (double p in new[] { 0.05, 0.5, 0.95 })
            Assert.Equal(Reconstitution.Analysis.SampleQuantiles.Quantile(values, p), bands.Quantile(Measure.Anc, 2, p), 1e-5);
    }

    [Fact]
    public void Add_BeyondTheBudget_FallsBackToTheSketch()
    {
        // A budget of exactly two patients' values (4 days × every measure each) holds two patients, not three.
        int perPatient = 4 * MeasureNames.All.Count;
        var bands = new TrajectoryBands(0, 3, exactValueBudget: 2 * perPatient);
        bands.Add(Flat(1, 0, 3));
        bands.Add(Flat(2, 0, 3));
        Assert.True(bands.IsExact);
        bands.Add(Flat(3, 0, 3));
        Assert.False(bands.IsExact);
        Assert.Equal(2, bands.Quantile(Measure.Anc, 1, 0.5), 2 * 0.02);
    }

    [Fact]
    public void Merge_TwoHalves_EqualsOneRun()
    {
        var whole = new TrajectoryBands(0, 5);
        var a = new TrajectoryBands(0, 5);
        var b = new TrajectoryBands(0, 5);
        for (int k = 1; k <= 40; k++)
        {
            var t = Flat(k * 0.37, 0, k % 6);
            whole.Add(t);
            (k % 2 == 0 ? a : b).Add(t);
        }
        a.Merge(b);
        Assert.True(a.IsExact);
        foreach (int day in Enumerable.Range(0, 6))
            foreach (double p in new[] { 0.05, 0.5, 0.95 })
                Assert.Equal(whole.Quantile(Measure.Anc, day, p), a.Quantile(Measure.Anc, day, p));
        Assert.Equal(whole.CountAt(Measure.Anc, 5), a.CountAt(Measure.Anc, 5));
    }

    [Fact]
    public void CountAt_DeadPatientsMissingLateDays_CountsOnlyTheAlive()
    {
        var bands = new TrajectoryBands(0, 10);
        bands.Add(Flat(1, 0, 10));
        bands.Add(Flat(1, 0, 4));
        Assert.Equal(2, bands.CountAt(Measure.Anc, 4));
        Assert.Equal(1, bands.CountAt(Measure.Anc, 5));
    }

    [Fact]
    public void Quantile_AfterMoreValuesWereAdded_IncludesThem()
    {
        // Quantiles sort the kept values once; adding a patient later must make the next quantile see it.
        var bands = new TrajectoryBands(0, 3);
        bands.Add(Flat(1, 0, 3));
        bands.Add(Flat(3, 0, 3));
        Assert.Equal(2, bands.Quantile(Measure.Anc, 2, 0.5), 1e-6);
        bands.Add(Flat(10, 0, 3));
        bands.Add(Flat(20, 0, 3));
        Assert.Equal(6.5, bands.Quantile(Measure.Anc, 2, 0.5), 1e-6);
    }

    [Fact]
    public void Quantile_ManyThreadsReadingAtOnce_AgreeWithOneReader()
    {
        // The CLI formats bands.csv and the charts on several threads; the first readers race to sort the kept values. The
        // sort must not touch what other readers read (an in-place sort under their feet fails this); the lock only saves
        // duplicate sorting, which this test cannot see.
        static TrajectoryBands Cohort()
        {
            var b = new TrajectoryBands(0, 30);
            for (int k = 1; k <= 200; k++) b.Add(Flat(k * 7 % 101 * 0.1, 0, 30 - k % 7));
            return b;
        }
        var alone = Cohort();
        var expected = Enumerable.Range(0, 31).Select(d => alone.Quantile(Measure.Anc, d, 0.95)).ToArray();
        for (int round = 0; round < 20; round++)
        {
            var shared = Cohort();
            var seen = new double[8][];
            Parallel.For(0, seen.Length, t => seen[t] = Enumerable.Range(0, 31).Select(d => shared.Quantile(Measure.Anc, d, 0.95)).ToArray());
            foreach (var s in seen) Assert.Equal(expected, s);
        }
    }

    [Fact]
    public void Merge_DifferentRanges_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TrajectoryBands(0, 5).Merge(new TrajectoryBands(0, 6)));
    }
}
