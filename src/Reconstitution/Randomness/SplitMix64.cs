using System.Runtime.CompilerServices;

namespace Reconstitution.Randomness;

/// <summary>
/// Steele, Lea and Flood's SplitMix64 finaliser (OOPSLA 2014), the recommended way to seed
/// Xoshiro generators and to hash stream keys into well-mixed 64-bit identities.
/// </summary>
internal static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Advances <paramref name="state"/> by the golden-ratio increment and returns the mixed value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong state)
    {
        state += Gamma;
        return Mix(state);
    }

    /// <summary>The SplitMix64 bijective mixing function.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
