using System.Runtime.CompilerServices;

namespace Reconstitution.Cohorts;

/// <summary>
/// Maps a float to a bit pattern whose unsigned order is the numeric order (the sign bit flipped for positive values, all
/// bits for negative ones), and back: the keys of the bands' radix sort and radix selection. NaN has no place in that
/// order; −0 sorts before +0.
/// </summary>
internal static class FloatOrderKey
{
    /// <summary>The key of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return bits ^ ((uint)((int)bits >> 31) | 0x8000_0000u);
    }

    /// <summary>The value whose key is <paramref name="key"/> (the inverse of <see cref="Of"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ValueOf(uint key) => BitConverter.UInt32BitsToSingle(key ^ (((key >> 31) - 1) | 0x8000_0000u));

    /// <summary>Writes the value of each key (<see cref="ValueOf"/>): values[i] is the float whose key is keys[i], bit for bit.</summary>
    public static void ValuesOf(ReadOnlySpan<uint> keys, Span<float> values)
    {
        for (int i = 0; i < keys.Length; i++) values[i] = ValueOf(keys[i]);
    }
}
