using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// The check of a right-hand-side evaluation's rates: whether every rate is finite and ≥ 0 (−0 included, NaN excluded), in
/// one pass of two vector operations per four rates instead of two comparisons and two masks.
/// </summary>
/// <remarks>
/// <para><b>Why it is exact.</b> The fast pass ORs the rates' bits and adds the rates up. If no rate has its sign bit set,
/// each is +0, positive finite, +∞ or a NaN, and their sum (in any order) is finite unless one of them is +∞ or NaN, or the
/// finite sum overflows. So "no sign bit and a finite sum" implies "all valid". Any other outcome (a negative rate, a −0, a
/// NaN, an infinity, an overflowing sum) runs the comparisons, so the answer is always that of
/// <c>a ≥ 0 and a &lt; +∞</c> for every rate; only the time differs.</para>
/// <para>Issue 15: the check was ≈ 6 % of one evaluation of the physiology network (≈ 270 rates; benchmarks/results/cohort.md,
/// session 13).</para>
/// </remarks>
internal static class RateValidity
{
    /// <summary>Whether every value is finite and ≥ 0 (not NaN).</summary>
    /// <param name="values">The rates.</param>
    /// <returns>True when every value v has v ≥ 0 and v &lt; +∞.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllValid(ReadOnlySpan<double> values)
    {
        const int Block = 4 * 4;   // four vectors per round, four independent sums (an addition's latency is ≈ 3 cycles)
        if (Vector256.IsHardwareAccelerated && values.Length >= Block)
        {
            // Rounds of 16 from the start; the rest (fewer than 16) as the last 16, overlapping: reading a rate twice
            // changes neither test. A moving reference, so the four loads of a round are constant offsets from it.
            ref double round = ref MemoryMarshal.GetReference(values);
            ref double last = ref Unsafe.Add(ref round, values.Length - Block);
            Vector256<double> s0 = Vector256<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
            Vector256<ulong> bits = Vector256<ulong>.Zero;
            while (true)
            {
                var a = Vector256.LoadUnsafe(ref round);
                var b = Vector256.LoadUnsafe(ref round, 4);
                var c = Vector256.LoadUnsafe(ref round, 8);
                var d = Vector256.LoadUnsafe(ref round, 12);
                s0 += a;
                s1 += b;
                s2 += c;
                s3 += d;
                bits |= (a.AsUInt64() | b.AsUInt64()) | (c.AsUInt64() | d.AsUInt64());
                if (!Unsafe.IsAddressLessThan(ref round, ref last)) break;
                round = ref Unsafe.Add(ref round, Block);
                if (Unsafe.IsAddressGreaterThan(ref round, ref last)) round = ref last;
            }
            var sum = (s0 + s1) + (s2 + s3);
            if ((bits & Vector256.Create(0x8000_0000_0000_0000UL)) == Vector256<ulong>.Zero
                && Vector256.LessThanAll(sum, Vector256.Create(double.PositiveInfinity)))
                return true;
        }
        return Compared(values);
    }

    /// <summary>The same answer by comparing every value (on vector lanes where available).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Compared(ReadOnlySpan<double> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref double first = ref MemoryMarshal.GetReference(values);
            var zero = Vector<double>.Zero;
            var infinity = new Vector<double>(double.PositiveInfinity);
            var ok = Vector<long>.AllBitsSet;
            for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = Vector.LoadUnsafe(ref first, (nuint)i);
                ok &= Vector.GreaterThanOrEqual(v, zero) & Vector.LessThan(v, infinity);
            }
            if (ok != Vector<long>.AllBitsSet) return false;
        }
        bool valid = true;
        for (; i < values.Length; i++) valid &= values[i] >= 0 & values[i] < double.PositiveInfinity;
        return valid;
    }
}
