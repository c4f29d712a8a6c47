using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Randomness;

public class RandomStreamTests
{
    [Fact]
    public void Create_SameSeedAndKeys_ProducesSameSequence()
    {
        var a = RandomStream.Create(7, 3, "engine");
        var b = RandomStream.Create(7, 3, "engine");
        for (int i = 0; i < 1000; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void Create_DifferentKeys_ProduceDifferentSequences()
    {
        var a = RandomStream.Create(7, 3, "engine");
        var b = RandomStream.Create(7, 4, "engine");
        var c = RandomStream.Create(7, 3, "covariates");
        var d = RandomStream.Create(8, 3, "engine");
        ulong x = a.NextUInt64();
        Assert.NotEqual(x, b.NextUInt64());
        Assert.NotEqual(x, c.NextUInt64());
        Assert.NotEqual(x, d.NextUInt64());
    }

    [Fact]
    public void Derive_DoesNotDependOnDrawsFromParent()
    {
        var fresh = RandomStream.Create(11, 0, "engine");
        var used = RandomStream.Create(11, 0, "engine");
        for (int i = 0; i < 12345; i++) used.NextUInt64();
        var childOfFresh = fresh.Derive("thymus");
        var childOfUsed = used.Derive("thymus");
        for (int i = 0; i < 100; i++) Assert.Equal(childOfFresh.NextUInt64(), childOfUsed.NextUInt64());
    }

    [Fact]
    public void Derive_OrderOfDerivationDoesNotMatter()
    {
        var root = RandomStream.Create(5);
        var first = root.Derive(2);
        _ = root.Derive(1);
        var again = RandomStream.Create(5).Derive(2);
        Assert.Equal(first.NextUInt64(), again.NextUInt64());
    }

    [Fact]
    public void Rekey_ParentAndDerivedStreams_ContinueAsStreamsOfTheNewKeyWhateverWasDrawn()
    {
        // Two copies of one stream (and of its child) drawn to different points, then re-keyed with one key: their futures
        // agree (the children too, though one had drawn 7 numbers), since a re-keyed stream depends on its identity and the
        // key, not on the draws before. Another key differs.
        var a = RandomStream.Create(9, 1, "physiology");
        var b = RandomStream.Create(9, 1, "physiology");
        var c = RandomStream.Create(9, 1, "physiology");
        RandomStream ca = a.Derive("solver"), cb = b.Derive("solver"), cc = c.Derive("solver");
        for (int i = 0; i < 50; i++) a.NextUInt64();
        for (int i = 0; i < 7; i++) cb.NextUInt64();
        cc.NextUInt64();
        a.Rekey(42);
        b.Rekey(42);
        c.Rekey(43);
        for (int i = 0; i < 100; i++)
        {
            ulong x = a.NextUInt64();
            Assert.Equal(x, b.NextUInt64());
            Assert.NotEqual(x, c.NextUInt64());
            ulong y = ca.NextUInt64();
            Assert.Equal(y, cb.NextUInt64());
            Assert.NotEqual(y, cc.NextUInt64());
        }
        Assert.Equal(a.Derive("later").NextUInt64(), b.Derive("later").NextUInt64());
    }

    [Fact]
    public void NextUniform_IsInOpenClosedUnitInterval_WithMeanAndVarianceOfUniform()
    {
        // Theory: U(0,1] has mean 1/2 and variance 1/12. With n draws the standard error of the
        // mean is sqrt(1/12/n); the tolerance is 4 standard errors.
        var rng = RandomStream.Create(123);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextUniform();
            Assert.InRange(u, double.Epsilon, 1.0);
            sum += u;
            sumSq += u * u;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        Assert.InRange(mean, 0.5 - 4 * Math.Sqrt(1.0 / 12 / n), 0.5 + 4 * Math.Sqrt(1.0 / 12 / n));
        // Var of the sample variance of U(0,1) is (μ4 − σ⁴)/n = (1/80 − 1/144)/n.
        double seVar = Math.Sqrt((1.0 / 80 - 1.0 / 144) / n);
        Assert.InRange(variance, 1.0 / 12 - 4 * seVar, 1.0 / 12 + 4 * seVar);
    }

    [Fact]
    public void NextExponential_HasMeanOneOverRate()
    {
        // Theory: Exp(λ) has mean 1/λ and standard deviation 1/λ; tolerance 4 standard errors.
        var rng = RandomStream.Create(99);
        const int n = 100_000;
        const double rate = 2.5;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += rng.NextExponential(rate);
        double se = 1 / rate / Math.Sqrt(n);
        Assert.InRange(sum / n, 1 / rate - 4 * se, 1 / rate + 4 * se);
    }

    [Fact]
    public void Next_WithBound_StaysInRangeAndCoversIt()
    {
        var rng = RandomStream.Create(1);
        var seen = new bool[7];
        for (int i = 0; i < 10_000; i++)
        {
            int v = rng.Next(3, 10);
            Assert.InRange(v, 3, 9);
            seen[v - 3] = true;
        }
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Create_NegativeIndex_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RandomStream.Create(1, -1, "engine"));
        Assert.Equal("index", ex.ParamName);
    }

    [Fact]
    public void SaveState_DrawnLocallyAndRestored_ContinuesTheSameSequence()
    {
        // A hot loop draws from a local copy of the state and writes it back: the stream must be the one it would have
        // been had every number been drawn from the stream itself.
        var reference = RandomStream.Create(11, 2, "engine");
        var stream = RandomStream.Create(11, 2, "engine");
        for (int round = 0; round < 50; round++)
        {
            XoshiroState local = stream.SaveState();
            for (int i = 0; i < round; i++) Assert.Equal(reference.NextUInt64(), local.NextUInt64());
            Assert.Equal(reference.NextUniform(), local.NextUniform());
            stream.RestoreState(local);
            Assert.Equal(reference.NextUInt64(), stream.NextUInt64());
        }
    }

    [Fact]
    public void XoshiroStateNext_AnyBound_SameIntegersAndStateAsTheStream()
    {
        // A loop drawing bounded integers from a local state (the bootstrap's resamples) must draw what the stream's
        // Next(bound) draws, rejections included: bounds just above a power of two reject almost half of the raw draws,
        // and 0 and 1 draw nothing. After every integer both generators must be in the same state.
        var config = Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(new Replay(new Rnd(12_2026UL), null));
        var bounds = Gen.OneOf(Gen.Choose(0, 3), Gen.Choose(2, 5000), Gen.Choose(0, 30).Select(k => (1 << k) + 1), Gen.Constant(int.MaxValue));
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), bounds.ToArbitrary(), (seed, bound) =>
        {
            var stream = RandomStream.Create((ulong)seed, 5, "bootstrap");
            XoshiroState local = RandomStream.Create((ulong)seed, 5, "bootstrap").SaveState();
            for (int i = 0; i < 200; i++)
            {
                int expected = stream.Next(bound), drawn = local.Next(bound);
                if (expected != drawn || drawn < 0 || (bound > 0 && drawn >= bound)) return false;
            }
            return stream.NextUInt64() == local.NextUInt64();
        }).Check(config);
    }
}
