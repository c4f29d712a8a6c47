using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments.Solvers;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hybrid solver copies the integrator's components into the counts clamped at 0 (<c>v &gt; 0 ? v : 0</c>), four at a
/// time on 256-bit lanes where they are accelerated; the vector lanes must give the scalar expression's bits for every value,
/// NaN, −0 and negative values included.
/// </summary>
public class ClampNonNegativeTests
{
    [Fact]
    public void ClampNonNegative_AnyValues_EqualsTheScalarExpressionToTheBit()
    {
        double[] specials = [0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, -1, double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var value = Gen.Frequency((6, Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 0.37)), (1, Gen.Elements(specials)));
        var config = Config.QuickThrowOnFailure.WithMaxTest(500).WithReplay(new Replay(new Rnd(15_2026UL), null));
        Prop.ForAll(Gen.ArrayOf(value).Resize(30).ToArbitrary(), values =>
        {
            var target = new double[values.Length + 1];
            target[^1] = 42; // beyond the length: untouched
            if (values.Length > 0) HybridSolver.ClampNonNegative(ref values[0], ref target[0], values.Length);
            for (int i = 0; i < values.Length; i++)
                if (BitConverter.DoubleToInt64Bits(target[i]) != BitConverter.DoubleToInt64Bits(values[i] > 0 ? values[i] : 0)) return false;
            // In place (a length that is not a multiple of four re-reads its last values after clamping them): the same bits.
            var inPlace = (double[])values.Clone();
            if (values.Length > 0) HybridSolver.ClampNonNegative(ref inPlace[0], ref inPlace[0], values.Length);
            for (int i = 0; i < values.Length; i++)
                if (BitConverter.DoubleToInt64Bits(inPlace[i]) != BitConverter.DoubleToInt64Bits(target[i])) return false;
            return target[^1] == 42;
        }).Check(config);
    }
}
