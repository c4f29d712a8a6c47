using System.Numerics;
using System.Runtime.CompilerServices;

namespace Reconstitution.Randomness;

/// <summary>
/// The four words of a <see cref="RandomStream"/>'s xoshiro256** state as a value, for a hot loop that copies the
/// state into a local (<see cref="RandomStream.SaveState"/>), draws from it in registers and writes it back
/// (<see cref="RandomStream.RestoreState"/>) before anything else draws from the stream. Produces exactly the numbers
/// the stream would have produced: the same algorithm on the same state.
/// </summary>
/// <remarks>
/// A stream's state lives in the fields of a heap object, which the JIT reloads and stores on every draw because the
/// loop's own array stores might alias them; a local copy of four words can stay in registers. The step repeats
/// <see cref="RandomStream.NextUInt64"/> on purpose: making the stream hold this struct and delegate to it slowed every
/// stream draw (the hand-specialised SSA loop by ≈ 14 %); a test checks that both produce the same numbers.
/// </remarks>
internal struct XoshiroState
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    public ulong S0, S1, S2, S3;

    /// <summary>The next 64 bits, as <see cref="RandomStream.NextUInt64"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(S1 * 5, 7) * 9;
        ulong t = S1 << 17;
        S2 ^= S0;
        S3 ^= S1;
        S1 ^= S2;
        S0 ^= S3;
        S2 ^= t;
        S3 = BitOperations.RotateLeft(S3, 45);
        return result;
    }

    /// <summary>A uniform number in (0, 1], as <see cref="RandomStream.NextUniform"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextUniform() => (long)((NextUInt64() >> 11) + 1) * TwoToMinus53;

    /// <summary>An unbiased integer in [0, <paramref name="bound"/>), as <see cref="RandomStream.Next(int)"/> (Lemire's method).</summary>
    /// <param name="bound">The exclusive upper bound, ≥ 0 (0 and 1 give 0 without drawing, as the stream does).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int bound)
    {
        if (bound <= 1) return 0;
        ulong high = Math.BigMul(NextUInt64(), (ulong)bound, out ulong low);
        if (low < (ulong)bound)
        {
            ulong threshold = (0 - (ulong)bound) % (ulong)bound;
            while (low < threshold) high = Math.BigMul(NextUInt64(), (ulong)bound, out low);
        }
        return (int)high;
    }
}
