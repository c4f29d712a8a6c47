using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Reconstitution.Numerics;

/// <summary>
/// Sums whose terms are computed on SIMD lanes but added one at a time in component order, so that the sum has the scalar
/// loop's bits whatever the hardware (floating-point addition is not associative: lanes summed apart would round otherwise).
/// </summary>
/// <remarks>The terms are computed with the scalar form's operations on each lane (no fused multiply–add); only the
/// additions stay sequential. Allocates nothing; thread-safe.</remarks>
internal static class OrderedSum
{
    /// <summary>sum + t₀ + t₁ + t₂ + t₃ for the lanes t of <paramref name="terms"/>, added left to right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add(double sum, Vector256<double> terms)
    {
        Vector128<double> low = terms.GetLower(), high = terms.GetUpper();
        sum += low.ToScalar();
        sum += low.GetElement(1);
        sum += high.ToScalar();
        sum += high.GetElement(1);
        return sum;
    }

    /// <summary>Σᵢ xᵢ² over <paramref name="x"/>, in component order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double OfSquares(ReadOnlySpan<double> x)
    {
        ref double r = ref MemoryMarshal.GetReference(x);
        nuint i = 0, n = (nuint)x.Length;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 4 <= n; i += 4)
            {
                var v = Vector256.LoadUnsafe(ref r, i);
                sum = Add(sum, v * v);
            }
        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref r, i);
            sum += v * v;
        }
        return sum;
    }

    /// <summary>Σᵢ (aᵢ − bᵢ)² over the components of <paramref name="a"/> (<paramref name="b"/> at least as long), in component order.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is shorter than <paramref name="a"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double OfSquaredDifferences(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (b.Length < a.Length) throw new ArgumentException($"The second vector has {b.Length} entries; the first {a.Length}.", nameof(b));
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        nuint i = 0, n = (nuint)a.Length;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 4 <= n; i += 4)
            {
                var d = Vector256.LoadUnsafe(ref ra, i) - Vector256.LoadUnsafe(ref rb, i);
                sum = Add(sum, d * d);
            }
        for (; i < n; i++)
        {
            double d = Unsafe.Add(ref ra, i) - Unsafe.Add(ref rb, i);
            sum += d * d;
        }
        return sum;
    }
}
