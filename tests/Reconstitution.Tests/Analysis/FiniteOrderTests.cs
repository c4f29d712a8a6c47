using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Analysis;

namespace Reconstitution.Tests.Analysis;

public class FiniteOrderTests
{
    // Negative and positive values, both zeros, subnormals, huge magnitudes, many ties (a few integers), a tight cluster.
    private static readonly Gen<double> Value = Gen.OneOf(
        Gen.Elements(0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-300, 1.7e308, -1.7e308, 42.0),
        Gen.Choose(-5, 5).Select(i => (double)i),
        Gen.Choose(-100_000, 100_000).Select(i => i / 64.0),
        Gen.Choose(0, 1000).Select(i => 100 + i * 1e-12));

    private static Config Cases(ulong seed) => Config.QuickThrowOnFailure.WithMaxTest(400).WithReplay(new Replay(new Rnd(seed), null));

    // −0 and +0 compare equal, so a sort may order them either way: compared as the same value.
    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v == 0 ? 0.0 : v);

    [Fact]
    public void Sort_AnyFiniteDoubles_TheOrderArraySortGives()
    {
        Prop.ForAll(Gen.ArrayOf(Value).Resize(600).ToArbitrary(), Gen.Elements(-1, 0, 1, 3).ToArbitrary(), (values, depth) =>
        {
            var expected = values.ToArray();
            Array.Sort(expected);
            var sorted = values.ToArray();
            if (depth < 0) FiniteOrder.Sort(sorted);
            else FiniteOrder.Sort(sorted, [], depth);   // 0: the heap sort at once; 1, 3: partitions, then heap sorts
            return sorted.Select(Bits).SequenceEqual(expected.Select(Bits))
                && sorted.Select(BitConverter.DoubleToInt64Bits).Order().SequenceEqual(values.Select(BitConverter.DoubleToInt64Bits).Order());
        }).Check(Cases(14_2026UL));
    }

    [Fact]
    public void Sort_WithItems_EachItemStaysWithItsKey()
    {
        Prop.ForAll(Gen.ArrayOf(Value).Resize(600).ToArbitrary(), Gen.Elements(-1, 0, 2).ToArbitrary(), (values, depth) =>
        {
            var keys = values.ToArray();
            var items = Enumerable.Range(0, keys.Length).ToArray();
            if (depth < 0) FiniteOrder.Sort(keys, items);
            else FiniteOrder.Sort(keys, items, depth);
            var expected = values.ToArray();
            Array.Sort(expected);
            bool ascending = keys.Select(Bits).SequenceEqual(expected.Select(Bits));
            bool permutation = items.Order().SequenceEqual(Enumerable.Range(0, keys.Length));
            bool carried = Enumerable.Range(0, keys.Length).All(i => BitConverter.DoubleToInt64Bits(keys[i]) == BitConverter.DoubleToInt64Bits(values[items[i]]));
            return ascending && permutation && carried;
        }).Check(Cases(14_2027UL));
    }

    [Fact]
    public void Quantile_AnyFiniteDoubles_SameBitsAsTheQuantileOfTheSortedValues()
    {
        // Selection finds the same two order statistics as a sort; where they are zeros of either sign the type-7
        // expression gives +0 in either order, so the bits agree with the sorted computation even there.
        var probability = Gen.OneOf(Gen.Elements(0.0, 0.025, 0.5, 0.975, 1.0), Gen.Choose(0, 1000).Select(i => i / 1000.0));
        Prop.ForAll(Gen.ArrayOf(Value).Resize(600).Where(v => v.Length > 0).ToArbitrary(), probability.ToArbitrary(), Gen.Elements(-1, 0, 1).ToArbitrary(), (values, p, depth) =>
        {
            var sorted = values.ToArray();
            Array.Sort(sorted);
            double expected = SampleQuantiles.QuantileOfSorted(sorted, p);
            var copy = values.ToArray();
            double q = FiniteOrder.Quantile(copy, p);
            var again = values.ToArray();
            int rank = (int)Math.Floor((values.Length - 1) * p);
            double selected = depth < 0 ? FiniteOrder.Select(again, rank) : FiniteOrder.Select(again, rank, depth);
            bool partitioned = again.Take(rank).All(v => v <= selected) && again.Skip(rank + 1).All(v => v >= selected);
            return BitConverter.DoubleToInt64Bits(q) == BitConverter.DoubleToInt64Bits(expected) && Bits(selected) == Bits(sorted[rank]) && partitioned;
        }).Check(Cases(14_2028UL));
    }

    [Fact]
    public void Sort_OrderedReversedEqualAndOrganPipeInputs_Sorted()
    {
        // Inputs that defeat naive pivots: each must still sort (and within the depth limit's O(n log n)).
        const int n = 20_000;
        double[][] inputs =
        [
            [.. Enumerable.Range(0, n).Select(i => (double)i)],
            [.. Enumerable.Range(0, n).Select(i => (double)(n - i))],
            [.. Enumerable.Repeat(3.5, n)],
            [.. Enumerable.Range(0, n).Select(i => (double)Math.Min(i, n - i))],
            [.. Enumerable.Range(0, n).Select(i => (double)(i % 7))],
        ];
        foreach (var input in inputs)
        {
            var expected = input.ToArray();
            Array.Sort(expected);
            var sorted = input.ToArray();
            FiniteOrder.Sort(sorted);
            Assert.Equal(expected, sorted);
            var copy = input.ToArray();
            Assert.Equal(expected[n / 2], FiniteOrder.Select(copy, n / 2));
        }
    }

    [Fact]
    public void LastAtOrBefore_DistinctAscending_WhatArrayBinarySearchGives()
    {
        Prop.ForAll(Gen.ArrayOf(Value).Resize(200).ToArbitrary(), Value.ToArbitrary(), (values, t) =>
        {
            var times = values.Distinct().Where(v => v != 0 || BitConverter.DoubleToInt64Bits(v) == 0).Order().ToArray();   // one zero at most
            int i = Array.BinarySearch(times, t);
            int expected = i >= 0 ? i : ~i - 1;
            return FiniteOrder.LastAtOrBefore(times, t) == expected;
        }).Check(Cases(14_2029UL));
    }

    [Fact]
    public void Select_RankOutOfRange_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FiniteOrder.Select(new double[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => FiniteOrder.Select(new double[3], -1));
        Assert.Throws<ArgumentException>(() => FiniteOrder.Sort(new double[3], new int[2]));
    }
}
