using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Cohorts;

namespace Reconstitution.Tests.Cohorts;

public class OrderStatisticSelectorTests
{
    [Fact]
    public void SelectAndSelectFromKeys_AnyFloatsAndRanks_GiveBitForBitWhatASortPutsThere()
    {
        // Negative and positive values, zero, infinities, subnormals, many ties, clusters far from one outlier (so a bucket
        // holds most values and the search goes a level deeper); lengths around the insertion-sort limit and beyond.
        float[] specials = [0f, -1.5f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, 1e-30f, 3e38f, 7f];
        var value = Gen.OneOf(
            Gen.Elements(specials),
            Gen.Choose(-1000, 1000).Select(i => i / 8f),
            Gen.Choose(0, 200).Select(i => 1000f + i * 1e-4f),
            Gen.Choose(0, int.MaxValue).Select(i => BitConverter.Int32BitsToSingle(i & 0x7F7F_FFFF)));
        var config = Config.QuickThrowOnFailure.WithMaxTest(400).WithReplay(new Replay(new Rnd(13_2026UL), null));
        var selector = new OrderStatisticSelector();   // reused: buffers grow and are reused across calls
        Prop.ForAll(Gen.ArrayOf(value).Resize(700).Where(v => v.Length > 0).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (values, seed) =>
        {
            var random = new Random(seed);
            var ranks = Enumerable.Range(0, random.Next(1, OrderStatisticSelector.MaxRanks + 1)).Select(_ => random.Next(values.Length)).ToArray();   // any order, repeats
            var copy = values.ToArray();
            var found = new float[ranks.Length];
            selector.Select(values, ranks, found);
            // The same values given as their keys (as a cohort's bands group them): the same bits, the keys untouched.
            var keys = values.Select(FloatOrderKey.Of).ToArray();
            var keysCopy = keys.ToArray();
            var fromKeys = new float[ranks.Length];
            selector.SelectFromKeys(keys, ranks, fromKeys);
            var sorted = values.ToArray();
            Array.Sort(sorted);
            var expected = ranks.Select(r => BitConverter.SingleToInt32Bits(sorted[r])).ToArray();
            return copy.SequenceEqual(values) && keysCopy.SequenceEqual(keys)
                && found.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected)
                && fromKeys.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected);
        }).Check(config);
    }

    [Fact]
    public void Select_RanksOutOfRangeOrTooMany_Refused()
    {
        var selector = new OrderStatisticSelector();
        float[] values = [3, 1, 2];
        var found = new float[2];
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.Select(values, [2, -1], found));
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.Select(values, [0, 3], found));
        Assert.Throws<ArgumentException>(() => selector.Select(values, new int[OrderStatisticSelector.MaxRanks + 1], new float[9]));
        selector.Select(values, [2, 0], found);
        Assert.Equal([3f, 1f], found);
        uint[] keys = [.. values.Select(FloatOrderKey.Of)];
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.SelectFromKeys(keys, [0, 3], found));
        selector.SelectFromKeys(keys, [1, 0], found);
        Assert.Equal([2f, 1f], found);
    }
}
