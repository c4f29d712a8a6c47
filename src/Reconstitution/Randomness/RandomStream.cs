using System.Numerics;
using System.Runtime.CompilerServices;

namespace Reconstitution.Randomness;

/// <summary>
/// A seeded, splittable stream of pseudo-random numbers (the Xoshiro256** generator of
/// Blackman and Vigna) whose identity is derived from a seed and a path of stream keys.
/// </summary>
/// <remarks>
/// <para>
/// A stream is named, not drawn: <see cref="Create(ulong, ReadOnlySpan{ulong})"/> hashes
/// (seed, key₁, key₂, …) through SplitMix64 into the 256-bit generator state, and
/// <see cref="Derive(ulong)"/> makes a child from the parent's <em>identity</em>, never from
/// numbers the parent has produced. So the stream of patient 17's engine is the same whether
/// it is made first or after a million others, on any thread and in any shard.
/// </para>
/// <para>
/// MathNet.Numerics ships the same Xoshiro256** algorithm, but its constructor takes a 32-bit
/// seed; a cohort of millions of patients needs the full 256-bit state seeded from a 64-bit
/// hash, so the generator is implemented here. The type derives from <see cref="Random"/>, so
/// MathNet.Numerics distributions accept it directly; the hot-path methods
/// (<see cref="NextUInt64"/>, <see cref="NextUniform"/>, <see cref="NextExponential"/>) are
/// non-virtual and allocation-free.
/// </para>
/// <para>Not thread-safe: give each thread (each patient) its own stream.</para>
/// </remarks>
public sealed class RandomStream : Random
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    private ulong _identity;
    private ulong _s0, _s1, _s2, _s3;
    private List<RandomStream>? _derived; // the streams derived from this one, re-keyed with it (Rekey)

    private RandomStream(ulong identity) => Initialize(identity);

    private void Initialize(ulong identity)
    {
        _identity = identity;
        ulong x = identity;
        _s0 = SplitMix64.Next(ref x);
        _s1 = SplitMix64.Next(ref x);
        _s2 = SplitMix64.Next(ref x);
        _s3 = SplitMix64.Next(ref x);
        // Xoshiro's all-zero state is a fixed point; SplitMix64 outputs make it practically
        // impossible, but guard anyway.
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 0x9E3779B97F4A7C15UL;
    }

    /// <summary>Creates the stream named by <paramref name="seed"/> and the given keys.</summary>
    /// <param name="seed">The study seed.</param>
    /// <param name="keys">Stream keys, outermost first (e.g. patient index, then purpose).</param>
    /// <returns>A new stream; equal arguments always give streams that produce equal numbers.</returns>
    public static RandomStream Create(ulong seed, params ReadOnlySpan<ulong> keys)
    {
        ulong identity = SplitMix64.Mix(seed ^ 0x5DEECE66DUL);
        foreach (ulong key in keys) identity = Combine(identity, key);
        return new RandomStream(identity);
    }

    /// <summary>Creates the stream named by a seed, a patient index and a purpose.</summary>
    /// <param name="seed">The study seed.</param>
    /// <param name="index">A non-negative index, typically the patient index in a cohort.</param>
    /// <param name="purpose">A purpose label such as <c>"engine"</c> or <c>"covariates"</c>.</param>
    /// <returns>A new stream that depends only on the three arguments.</returns>
    public static RandomStream Create(ulong seed, long index, string purpose)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(purpose);
        return Create(seed, (ulong)index, StableHash(purpose));
    }

    /// <summary>
    /// Derives the child stream with the given key. The child depends only on this stream's
    /// identity and <paramref name="key"/>, not on how many numbers this stream has produced.
    /// </summary>
    /// <param name="key">The child's key.</param>
    /// <returns>A new, independent stream.</returns>
    public RandomStream Derive(ulong key)
    {
        var child = new RandomStream(Combine(_identity, key));
        (_derived ??= []).Add(child);
        return child;
    }

    /// <summary>
    /// Re-keys this stream and every stream derived from it so far: each continues as the stream named by its own
    /// identity and <paramref name="key"/>, and streams derived later derive from the new identity. Used to give a
    /// running simulation an independent future (<c>PatientSimulationOptions.Future</c>); the numbers drawn before are
    /// unaffected.
    /// </summary>
    /// <param name="key">The key of the new streams.</param>
    internal void Rekey(ulong key)
    {
        Initialize(Combine(_identity, key));
        if (_derived is not null)
            foreach (var child in _derived) child.Rekey(key);
    }

    /// <summary>Derives the child stream named by a purpose label (see <see cref="Derive(ulong)"/>).</summary>
    /// <param name="purpose">The label; hashed with a stable 64-bit FNV-1a hash.</param>
    /// <returns>A new, independent stream.</returns>
    public RandomStream Derive(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        return Derive(StableHash(purpose));
    }

    /// <summary>Copies the generator's state out, for a loop that draws from a local copy (see <see cref="XoshiroState"/>).</summary>
    internal XoshiroState SaveState() => new() { S0 = _s0, S1 = _s1, S2 = _s2, S3 = _s3 };

    /// <summary>Continues from a state returned by <see cref="SaveState"/> and advanced since.</summary>
    internal void RestoreState(in XoshiroState state)
    {
        _s0 = state.S0;
        _s1 = state.S1;
        _s2 = state.S2;
        _s3 = state.S3;
    }

    /// <summary>Returns the next 64 uniformly distributed random bits.</summary>
    /// <returns>A value in [0, 2⁶⁴).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniform number in the open-closed interval (0, 1], safe to take the logarithm of.</summary>
    /// <returns>A value u with 0 &lt; u ≤ 1, in steps of 2⁻⁵³.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextUniform() => (long)((NextUInt64() >> 11) + 1) * TwoToMinus53; // via long: < 2⁵³, so exact, and one instruction

    /// <summary>Returns an exponentially distributed waiting time.</summary>
    /// <param name="rate">The rate (per unit time); must be positive and finite.</param>
    /// <returns>A waiting time with mean 1/<paramref name="rate"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextExponential(double rate) => -Math.Log(NextUniform()) / rate;

    /// <summary>Returns a uniform number in [0, 1).</summary>
    /// <returns>A value in [0, 1) in steps of 2⁻⁵³.</returns>
    public override double NextDouble() => (long)(NextUInt64() >> 11) * TwoToMinus53;

    /// <inheritdoc />
    protected override double Sample() => NextDouble();

    /// <inheritdoc />
    public override int Next() => (int)NextBounded(int.MaxValue);

    /// <inheritdoc />
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)NextBounded((ulong)maxValue);
    }

    /// <inheritdoc />
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)NextBounded((ulong)((long)maxValue - minValue)));
    }

    /// <inheritdoc />
    public override long NextInt64() => (long)NextBounded(long.MaxValue);

    /// <inheritdoc />
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)NextBounded((ulong)maxValue);
    }

    /// <inheritdoc />
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue + (long)NextBounded((ulong)(maxValue - minValue));
    }

    /// <inheritdoc />
    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    /// <inheritdoc />
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    /// <inheritdoc />
    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            BitConverter.TryWriteBytes(buffer, NextUInt64());
            buffer = buffer[8..];
        }
        if (buffer.Length > 0)
        {
            Span<byte> last = stackalloc byte[8];
            BitConverter.TryWriteBytes(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    /// <summary>Unbiased integer in [0, bound) by Lemire's multiply-and-reject method.</summary>
    private ulong NextBounded(ulong bound)
    {
        if (bound <= 1) return 0;
        ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold) high = Math.BigMul(NextUInt64(), bound, out low);
        }
        return high;
    }

    private static ulong Combine(ulong identity, ulong key) =>
        SplitMix64.Mix(identity ^ SplitMix64.Mix(key + 0x9E3779B97F4A7C15UL));

    /// <summary>FNV-1a, 64-bit: stable across processes and runtimes, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static ulong StableHash(string text)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }
}
