using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Cohorts;

namespace Reconstitution.Tests.Cohorts;

public class CellValueListTests
{
    [Fact]
    public void Sort_AnyFloats_EqualsAComparisonSortBitForBit()
    {
        // The radix sort must order exactly as a comparison sort: negative and positive values, zero, infinities,
        // subnormals, many ties; short spans (Span.Sort) and long ones (radix passes, some skipped).
        float[] specials = [0f, -1.5f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, 1e-30f, 3e38f, 7f];
        var value = Gen.OneOf(
            Gen.Elements(specials),
            Gen.Choose(-1000, 1000).Select(i => i / 8f),
            Gen.Choose(0, int.MaxValue).Select(i => BitConverter.Int32BitsToSingle(i & 0x7F7F_FFFF)));
        var config = Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(new Replay(new Rnd(15_2026UL), null));
        Prop.ForAll(Gen.ArrayOf(value).Resize(600).ToArbitrary(), values =>
        {
            var radix = values.ToArray();
            CellValueList.Sort(radix, new uint[2 * radix.Length]);
            var expected = values.ToArray();
            Array.Sort(expected);
            return radix.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected.Select(BitConverter.SingleToInt32Bits));
        }).Check(config);
    }

    [Fact]
    public void SortByCell_ValuesOfManyCells_GroupsAndSortsEachCell()
    {
        var list = new CellValueList();
        var random = new Random(7);
        var byCell = new List<float>[5];
        for (int c = 0; c < byCell.Length; c++) byCell[c] = [];
        for (int i = 0; i < CellValueList.ChunkLength + 4_000; i++)   // more than one chunk
        {
            int cell = random.Next(4);     // cell 4 stays empty
            float v = random.Next(300) * 0.25f;
            list.Add(cell, v);
            byCell[cell].Add(v);
        }
        var (start, values) = list.SortByCell(5);
        for (int c = 0; c < byCell.Length; c++)
            Assert.Equal(byCell[c].Order(), values[start[c]..start[c + 1]]);
    }

    [Fact]
    public void AddSeries_SkipsNegativeOffsetsAndNaN_AndKeepsTheRestClampedInOrder()
    {
        var series = new CellValueList();
        var single = new CellValueList();
        var random = new Random(11);
        int expected = 0;
        int patients = CellValueList.ChunkLength / 400 + 10;   // × 400 values: more than one chunk
        for (int patient = 0; patient < patients; patient++)
        {
            var offsets = new int[400];
            var values = new double[400];
            int kept = 0;
            for (int i = 0; i < offsets.Length; i++)
            {
                offsets[i] = random.Next(-1, 6);
                values[i] = random.Next(10) == 0 ? double.NaN : random.Next(-50, 300) * 0.125;
                if (offsets[i] < 0 || double.IsNaN(values[i])) continue;
                single.Add(10 + offsets[i], (float)Math.Max(values[i], 0));
                kept++;
            }
            Assert.Equal(kept, series.AddSeries(10, offsets, values));
            expected += kept;
        }
        var (startSeries, valuesSeries) = series.SortByCell(16);
        var (startSingle, valuesSingle) = single.SortByCell(16);
        Assert.Equal(startSingle, startSeries);
        Assert.Equal(valuesSingle, valuesSeries);
        Assert.Equal(expected, startSeries[16]);
    }

    [Fact]
    public void RunAt_CellsInAnyOrder_GiveBackEveryValueWithItsCellInOrder()
    {
        // Runs of consecutive cells, broken by jumps, repeated cells and chunk ends (three chunks).
        var list = new CellValueList();
        var random = new Random(12);
        var added = new List<(int Cell, double Value)>();
        int cell = 0, count = 2 * CellValueList.ChunkLength + 3_000;
        for (int i = 0; i < count; i++)
        {
            int r = random.Next(100);
            cell = r < 90 ? cell + 1 : r < 95 ? random.Next(500) : cell;
            double v = random.NextDouble() * 1e3;
            list.Add(cell, v);
            added.Add((cell, v));
        }
        var read = new List<(int Cell, double Value)>();
        for (int run = 0; run < list.RunCount; run++)
        {
            var values = list.RunAt(run, out int first);
            for (int j = 0; j < values.Length; j++) read.Add((first + j, values[j]));
        }
        Assert.Equal(added, read);
        Assert.Equal(added.Count, list.Count);
        Assert.InRange(list.RunCount, count / 20, count / 5);   // ≈ one run per 10 values, not one per value

        // Grouped by cell over many blocks of cells (runs cross their edges): each cell's values, as floats, sorted.
        int cells = added.Max(a => a.Cell) + 1;
        var (start, sorted) = list.SortByCell(cells);
        var lookup = added.ToLookup(a => a.Cell, a => (float)a.Value);
        for (int c = 0; c < cells; c++)
            Assert.Equal(lookup[c].Order(), sorted[start[c]..start[c + 1]]);
    }

    [Fact]
    public void AddAndAddSeries_MixedAcrossChunkBoundaries_SortByCellEqualsAPlainList()
    {
        // Single values and series alternate in random lengths (up to 3,000 a series, chunks hold 16,384 entries), so series
        // start in one chunk and end in the next, and single values open new chunks after series filled one exactly or not.
        // Every kept value must land in its cell: compare with a plain list of (cell, value) grouped and sorted per cell.
        const int cells = 12;
        var list = new CellValueList();
        var plain = new List<(int Cell, float Value)>();
        var random = new Random(19);
        while (plain.Count < 60_000)
        {
            if (random.Next(2) == 0)
            {
                for (int i = random.Next(1, 200); i > 0; i--)
                {
                    int cell = random.Next(cells);
                    float v = random.Next(1000) * 0.5f;
                    list.Add(cell, v);
                    plain.Add((cell, v));
                }
            }
            else
            {
                int first = random.Next(4), length = random.Next(0, 3000);
                var offsets = new int[length];
                var values = new double[length];
                for (int i = 0; i < length; i++)
                {
                    offsets[i] = random.Next(-1, cells - first);
                    values[i] = random.Next(20) == 0 ? double.NaN : random.Next(-100, 1000) * 0.25;
                    if (offsets[i] >= 0 && !double.IsNaN(values[i])) plain.Add((first + offsets[i], (float)Math.Max(values[i], 0)));
                }
                list.AddSeries(first, offsets, values);
            }
        }
        var (start, sorted) = list.SortByCell(cells);
        Assert.Equal(plain.Count, start[cells]);
        for (int c = 0; c < cells; c++)
            Assert.Equal(plain.Where(e => e.Cell == c).Select(e => e.Value).Order(), sorted[start[c]..start[c + 1]]);
    }

    [Fact]
    public void AddSeries_StretchesAcrossChunkBoundaries_SameRunsAndBitsAsAppendingValueByValue()
    {
        // Daily-like series (consecutive offsets, then sparse ones and gaps) with negative values, −0, NaN and skipped
        // offsets, long enough to cross several chunks: the block append must give the runs and the bits that
        // Add(cell, Math.Max(v, 0)) value by value gives.
        var random = new Random(20261205);
        var series = new CellValueList();
        var byValue = new CellValueList();
        for (int s = 0; s < 160; s++)
        {
            int length = random.Next(1, 900), firstCell = random.Next(0, 3) * 1000;
            var offsets = new int[length];
            var values = new double[length];
            int offset = random.Next(0, 5);
            for (int i = 0; i < length; i++)
            {
                offset += random.NextDouble() < 0.9 ? 1 : random.Next(2, 30);
                offsets[i] = random.NextDouble() < 0.03 ? -1 : offset;
                double u = random.NextDouble();
                values[i] = u < 0.02 ? double.NaN : u < 0.04 ? -0.0 : u < 0.1 ? -random.NextDouble() : u < 0.12 ? 0 : 1e3 * random.NextDouble();
            }
            int added = series.AddSeries(firstCell, offsets, values);
            int expected = 0;
            for (int i = 0; i < length; i++)
            {
                if (offsets[i] < 0 || double.IsNaN(values[i])) continue;
                byValue.Add(firstCell + offsets[i], Math.Max(values[i], 0));
                expected++;
            }
            Assert.Equal(expected, added);
        }
        Assert.True(series.Count > 2 * CellValueList.ChunkLength, $"only {series.Count} values");
        Assert.Equal(byValue.Count, series.Count);
        Assert.Equal(byValue.RunCount, series.RunCount);
        for (int r = 0; r < series.RunCount; r++)
        {
            var actual = series.RunAt(r, out int cell);
            var reference = byValue.RunAt(r, out int referenceCell);
            Assert.Equal(referenceCell, cell);
            Assert.Equal(reference.ToArray().Select(BitConverter.DoubleToInt64Bits), actual.ToArray().Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void ContainsNaN_NaNAtAnyPosition_IsFoundOnVectorLanesAndInTheTail()
    {
        // Lengths below, at and past one and several vectors of four: a NaN in a vector's lane or in the scalar tail, and
        // values that compare oddly but are numbers (±0, ±∞) found as none.
        for (int length = 0; length <= 13; length++)
        {
            var values = new double[length];
            for (int i = 0; i < length; i++) values[i] = (i % 4) switch { 0 => -0.0, 1 => double.PositiveInfinity, 2 => double.NegativeInfinity, _ => i };
            Assert.False(CellValueList.ContainsNaN(values));
            for (int at = 0; at < length; at++)
            {
                var withNaN = (double[])values.Clone();
                withNaN[at] = double.NaN;
                Assert.True(CellValueList.ContainsNaN(withNaN), $"length {length}, NaN at {at}");
            }
        }
    }

    [Fact]
    public void GroupByCell_RunPastTheCells_ThrowsNamingTheParameter()
    {
        var list = new CellValueList();
        list.AddSeries(3, [0, 1, 2], [1.0, 2.0, 3.0]);   // cells 3–5
        Assert.Equal([0, 0, 0, 0, 1, 2, 3], list.GroupByCell(6).Start);
        Assert.Equal("cells", Assert.Throws<ArgumentOutOfRangeException>(() => list.GroupByCell(5)).ParamName);
    }

    [Fact]
    public void KeepingFloats_SameGroupsAndKeysAsDoubles_AndRunsAsTheirFloats()
    {
        // Series with NaN, negative values, −0, skipped offsets and values that round to the same float, across several
        // chunks of either list: a list that keeps floats groups exactly what a list of doubles groups (it keeps the float
        // the grouping makes), its runs hold those floats, and a list of doubles refuses to hand out floats and vice versa.
        var random = new Random(31);
        var doubles = new CellValueList();
        var floats = new CellValueList(single: true);
        while (floats.Count < 2 * CellValueList.SingleChunkLength + 500)
        {
            int length = random.Next(1, 700), first = random.Next(0, 4) * 100;
            var offsets = new int[length];
            var values = new double[length];
            for (int i = 0; i < length; i++)
            {
                offsets[i] = random.NextDouble() < 0.03 ? -1 : i % 97;
                double u = random.NextDouble();
                values[i] = u < 0.02 ? double.NaN : u < 0.04 ? -0.0 : u < 0.1 ? -random.NextDouble() : u < 0.2 ? 1 + 1e-9 * random.Next(3) : 1e3 * random.NextDouble();
            }
            Assert.Equal(doubles.AddSeries(first, offsets, values), floats.AddSeries(first, offsets, values));
            doubles.Add(first + 99, values[0]);
            floats.Add(first + 99, values[0]);
        }
        Assert.True(floats.KeepsFloats);
        Assert.Equal(doubles.Count, floats.Count);
        // Runs end at chunk ends, and the chunks differ in length: compare the values with their cells in order.
        var keptInOrder = new List<(int Cell, int Bits)>();
        for (int r = 0; r < floats.RunCount; r++)
        {
            var kept = floats.SingleRunAt(r, out int cell);
            for (int j = 0; j < kept.Length; j++) keptInOrder.Add((cell + j, BitConverter.SingleToInt32Bits(kept[j])));
        }
        var givenInOrder = new List<(int Cell, int Bits)>();
        for (int r = 0; r < doubles.RunCount; r++)
        {
            var given = doubles.RunAt(r, out int cell);
            for (int j = 0; j < given.Length; j++) givenInOrder.Add((cell + j, BitConverter.SingleToInt32Bits((float)given[j])));
        }
        Assert.Equal(givenInOrder, keptInOrder);
        Assert.Equal(doubles.GroupKeysByCell(400).Keys, floats.GroupKeysByCell(400).Keys);
        var (start, grouped) = doubles.GroupByCell(400);
        var (floatStart, floatGrouped) = floats.GroupByCell(400);
        Assert.Equal(start, floatStart);
        Assert.Equal(grouped.Select(BitConverter.SingleToInt32Bits), floatGrouped.Select(BitConverter.SingleToInt32Bits));
        Assert.Throws<InvalidOperationException>(() => floats.RunAt(0, out _));
        Assert.Throws<InvalidOperationException>(() => doubles.SingleRunAt(0, out _));

        // Appending either to the other keeps each list's own form: the same groups again.
        var both = new CellValueList(single: true);
        both.AddRange(doubles);
        both.AddRange(floats);
        var twice = new CellValueList();
        twice.AddRange(floats);
        twice.AddRange(doubles);
        Assert.Equal(both.GroupKeysByCell(400).Keys, twice.GroupKeysByCell(400).Keys);
    }
}
