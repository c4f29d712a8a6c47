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
    public void Quantile_BandProbabilities_SelectedEqualSortedBitForBit()
    {
        // The 5, 50 and 95 % quantiles of exact bands come from selected order statistics, other probabilities from the
        // cells sorted. Both must be the type-7 quantile of the same floats: compare each band quantile with the same
        // formula over the cell's sorted floats, on cells of 0 to 400 values with ties, zeros (clamped negatives),
        // infinities and NaN (skipped), and values near bin edges.
        var cohort = EdgeCohort(400, 40, seed: 19);
        var bands = new TrajectoryBands(0, 40);
        foreach (var t in cohort) bands.Add(t);
        Assert.True(bands.IsExact);
        foreach (var m in new[] { Measure.Anc, Measure.Hb, Measure.Cd4 })
            for (int day = 0; day <= 40; day++)
            {
                var cell = cohort.Where(t => t.Count > day).Select(t => t.Values(m)[day]).Where(v => !double.IsNaN(v))
                    .Select(v => (float)Math.Max(v, 0)).Order().ToArray();
                Assert.Equal(cell.Length, bands.CountAt(m, day));
                foreach (double p in new[] { 0.05, 0.5, 0.95 })
                {
                    double expected = double.NaN;
                    if (cell.Length > 0)
                    {
                        double h = (cell.Length - 1) * p;
                        int lo = (int)Math.Floor(h);
                        float a = cell[lo], b = cell[Math.Min(lo + 1, cell.Length - 1)];
                        expected = h == lo || a == b ? a : a + (h - lo) * ((double)b - a);
                    }
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(bands.Quantile(m, day, p)));
                }
                // Another probability (the sorted path, which sorts the grouped values in place) after the bands';
                // every later cell then checks the bands' again after it.
                if (cell.Length > 0) Assert.Equal(cell[^1], bands.Quantile(m, day, 1));
            }
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

    // Patients whose ANC and Hb are drawn near the sketches' bin edges (where rounding to a float would change the bin),
    // with missing (NaN), negative (clamped to 0) and infinite values, dying on different days.
    private static ReadoutTrajectory[] EdgeCohort(int patients, int lastDay, int seed)
    {
        var random = new Random(seed);
        double Near(double minimum, double resolution)
        {
            double r = random.NextDouble();
            if (r < 0.03) return double.NaN;
            if (r < 0.05) return -random.NextDouble();
            if (r < 0.06) return double.PositiveInfinity;
            if (r < 0.08) return 0;
            // An exact edge m·(1 + resolution)^k moved by up to 40 units in the last place either way.
            double edge = minimum * Math.Exp(random.Next(0, 400) * Math.Log(1 + resolution));
            long bits = BitConverter.DoubleToInt64Bits(edge) + random.Next(-40, 41);
            return BitConverter.Int64BitsToDouble(bits);
        }
        var cohort = new ReadoutTrajectory[patients];
        for (int k = 0; k < patients; k++)
        {
            var t = new ReadoutTrajectory();
            int last = lastDay - random.Next(0, 4);
            for (int d = 0; d <= last; d++)
                t.Add(d, new ClinicalReadouts { AncE9PerLiter = Near(1e-3, 0.04), HemoglobinGPerDl = Near(0.1, 0.01), Cd4PerMicroliter = random.Next(0, 5) * 100.0 });
            cohort[k] = t;
        }
        return cohort;
    }

    private static void AssertSameBands(TrajectoryBands expected, TrajectoryBands actual)
    {
        Assert.Equal(expected.IsExact, actual.IsExact);
        foreach (var m in new[] { Measure.Anc, Measure.Hb, Measure.Cd4, Measure.Autoreactive })
            foreach (int day in expected.SampledDays)
            {
                Assert.Equal(expected.CountAt(m, day), actual.CountAt(m, day));
                foreach (double p in new[] { 0, 0.05, 0.5, 0.95, 1 })
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Quantile(m, day, p)), BitConverter.DoubleToInt64Bits(actual.Quantile(m, day, p)));
            }
    }

    [Fact]
    public void Add_OutgrowingTheBudget_GivesBitForBitTheSketchFedFromTheStart()
    {
        // The sketch is built from the kept values (doubles) only when they outgrow the budget; its counts must be those of
        // a sketch that saw every value on arrival, also for values next to a bin edge (as floats they would change bin).
        var cohort = EdgeCohort(patients: 60, lastDay: 20, seed: 15);
        int perPatient = 21 * MeasureNames.All.Count;
        var fedFromStart = new TrajectoryBands(0, 20, exactValueBudget: 0);
        var outgrown = new TrajectoryBands(0, 20, exactValueBudget: 25 * perPatient);
        foreach (var t in cohort)
        {
            fedFromStart.Add(t);
            outgrown.Add(t);
        }
        Assert.False(outgrown.IsExact);
        AssertSameBands(fedFromStart, outgrown);
    }

    [Fact]
    public void Merge_ExactHalvesOutgrowingTheBudget_GivesBitForBitTheSketchOfAll()
    {
        var cohort = EdgeCohort(patients: 40, lastDay: 12, seed: 16);
        int perPatient = 13 * MeasureNames.All.Count;
        var all = new TrajectoryBands(0, 12, exactValueBudget: 0);
        var a = new TrajectoryBands(0, 12, exactValueBudget: 30 * perPatient);
        var b = new TrajectoryBands(0, 12, exactValueBudget: 30 * perPatient);
        var sketchOnly = new TrajectoryBands(0, 12, exactValueBudget: 0);
        for (int k = 0; k < cohort.Length; k++)
        {
            all.Add(cohort[k]);
            (k < 20 ? a : k < 30 ? b : sketchOnly).Add(cohort[k]);
        }
        Assert.True(a.IsExact && b.IsExact);
        a.Merge(b);   // 30 patients: still within the budget
        Assert.True(a.IsExact);
        a.Merge(sketchOnly);
        Assert.True(b.IsExact);   // merging did not change the bands merged in
        AssertSameBands(all, a);
    }

    [Fact]
    public void CountAt_Exact_CountsKeptValuesOfTheDay()
    {
        var cohort = EdgeCohort(patients: 30, lastDay: 8, seed: 17);
        var exact = new TrajectoryBands(0, 8);
        foreach (var t in cohort) exact.Add(t);
        Assert.True(exact.IsExact);
        for (int day = 0; day <= 8; day++)
        {
            int expected = cohort.Count(t =>
            {
                int i = t.Days.IndexOf((double)day);
                return i >= 0 && !double.IsNaN(t.Values(Measure.Anc)[i]);
            });
            Assert.Equal(expected, exact.CountAt(Measure.Anc, day));
        }
    }

    [Fact]
    public void Merge_DifferentRanges_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TrajectoryBands(0, 5).Merge(new TrajectoryBands(0, 6)));
    }

    [Fact]
    public void ForPatients_CohortThatFitsTheBudget_KeepsFloatsAndGivesTheSameQuantilesAndCountsBitForBit()
    {
        // Bands made for a cohort of known size keep floats when it cannot outgrow the budget; their quantiles read the same
        // floats as bands that kept doubles, so every band quantile, every other quantile (sorted cells) and every count must
        // be equal to the bit, over edge values (ties, clamped negatives, infinities, NaN skipped, values near float ties).
        var cohort = EdgeCohort(300, 40, seed: 23);
        var doubles = new TrajectoryBands(0, 40);
        var floats = TrajectoryBands.ForPatients(0, 40, cohort.Length);
        foreach (var t in cohort)
        {
            doubles.Add(t);
            floats.Add(t);
        }
        Assert.True(floats.IsExact);
        foreach (var m in MeasureNames.All)
            for (int day = 0; day <= 40; day++)
            {
                Assert.Equal(doubles.CountAt(m, day), floats.CountAt(m, day));
                foreach (double p in new[] { 0.05, 0.25, 0.5, 0.95 })
                    Assert.Equal(BitConverter.DoubleToInt64Bits(doubles.Quantile(m, day, p)), BitConverter.DoubleToInt64Bits(floats.Quantile(m, day, p)));
            }
    }

    [Fact]
    public void ForPatients_MorePatientsThanDeclared_BecomeASketchWithinItsResolution()
    {
        // Declared for one patient, given enough for the budget to overflow (the budget holds ≈ 8 million values): the kept
        // floats turn into the binned sketch, as kept doubles would, each quantile within the sketch's 2 %.
        int days = 3000, patients = (int)(TrajectoryBands.ExactValueBudget / (MeasureNames.All.Count * 800)) + 2;
        var bands = TrajectoryBands.ForPatients(0, days, 1);
        Assert.True(bands.IsExact);
        for (int k = 1; k <= patients; k++) bands.Add(Flat(k % 10 + 1, 0, days));
        Assert.False(bands.IsExact);
        Assert.Equal(patients, bands.CountAt(Measure.Anc, 5));
        var exact = Reconstitution.Analysis.SampleQuantiles.Quantile(Enumerable.Range(1, patients).Select(k => (double)(k % 10 + 1)).ToArray(), 0.5);
        Assert.Equal(exact, bands.Quantile(Measure.Anc, 5, 0.5), exact * 0.02);
    }

    [Fact]
    public void Merge_FloatsAndDoubles_EqualsOneRun()
    {
        // A part kept as floats merged with one kept as doubles, either way round: the union's quantiles are those of one run.
        var whole = new TrajectoryBands(0, 5);
        var a = TrajectoryBands.ForPatients(0, 5, 40);
        var b = new TrajectoryBands(0, 5);
        var c = new TrajectoryBands(0, 5);
        var d = TrajectoryBands.ForPatients(0, 5, 40);
        for (int k = 1; k <= 40; k++)
        {
            var t = Flat(k * 0.37 + 1e-9 * k, 0, k % 6);
            whole.Add(t);
            (k % 2 == 0 ? a : b).Add(t);
            (k % 2 == 0 ? c : d).Add(t);
        }
        a.Merge(b);
        c.Merge(d);
        foreach (int day in Enumerable.Range(0, 6))
            foreach (double p in new[] { 0.05, 0.5, 0.95, 0.3 })
            {
                Assert.Equal(whole.Quantile(Measure.Anc, day, p), a.Quantile(Measure.Anc, day, p));
                Assert.Equal(whole.Quantile(Measure.Anc, day, p), c.Quantile(Measure.Anc, day, p));
            }
    }
}
