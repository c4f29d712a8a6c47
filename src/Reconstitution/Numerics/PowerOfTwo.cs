namespace Reconstitution.Numerics;

/// <summary>
/// 2ˣ for a real x without a call into the C library: 2ˣ = 2ᵏ·2^(j/64)·e^u, with i = ⌊64x⌋, k = ⌊i/64⌋, j = i − 64k, the powers
/// 2^(j/64) from a table of 64 and e^u, u = (x − i/64)·ln 2 in [0, ln 2/64), from its Taylor polynomial (Tang's table method).
/// </summary>
/// <remarks>
/// <para>
/// Use it for decays by half-lives, 2^(−t/t½), evaluated at every right-hand-side evaluation. <see cref="Math.Pow"/>(2, x) (which
/// .NET's <c>double.Exp2</c> calls) and <see cref="Math.Exp"/> each cost a call through the runtime into the C library and its
/// error-reporting wrapper; this is a few multiplications and one table read.
/// </para>
/// <para>
/// Accuracy: x − i/64 is exact (Sterbenz) except for −1/64 ≤ x &lt; 0, where it is within 2⁻⁵⁹; the rounding of u moves the
/// result by less than 2·10⁻¹⁸ relative, and the polynomial's truncation (degree 6) by less than 4·10⁻¹⁸; each table entry is
/// <see cref="Math.Pow"/>(2, j/64), within 0.52 unit in the last place (ulp); e^u − 1 is formed in working precision (its own
/// rounding is scaled down by u &lt; 0.011) and added to 1·2^(j/64) in one fused multiply–add (half an ulp); multiplying by 2ᵏ is
/// exact. So the result is within about 1.05 ulp of 2ˣ (2.4·10⁻¹⁶ relative), against 0.52 ulp for <see cref="Math.Pow"/>: not
/// the same bits. Where 2ᵏ would not be a normal number (x &lt; −1022, x ≥ 1024), for infinities and NaN, it returns
/// <see cref="Math.Pow"/>(2, x).
/// </para>
/// </remarks>
internal static class PowerOfTwo
{
    private const int TableBits = 6, TableSize = 1 << TableBits;
    private const double Ln2 = 0.693147180559945309417232121458176568;

    // 2^(j/64), j = 0 … 63.
    private static readonly double[] s_fractionPowers = [.. Enumerable.Range(0, TableSize).Select(j => Math.Pow(2, j / (double)TableSize))];

    /// <summary>2 to the power <paramref name="exponent"/>, within about 1.05 ulp (see the remarks).</summary>
    /// <param name="exponent">Any real number; infinities and NaN as <see cref="Math.Pow"/>(2, x).</param>
    public static double Of(double exponent)
    {
        double scaled = Math.Floor(exponent * TableSize);
        if (!(scaled >= -1022 * TableSize && scaled < 1024 * TableSize)) return Math.Pow(2, exponent);
        long i = (long)scaled;
        double u = (exponent - scaled * (1.0 / TableSize)) * Ln2;
        // e^u − 1 = u·(1 + u/2 + u²/6 + u³/24 + u⁴/120 + u⁵/720), the halves paired to shorten the chain.
        double u2 = u * u;
        double high = Math.FusedMultiplyAdd(u2, Math.FusedMultiplyAdd(u, 1.0 / 720, 1.0 / 120), Math.FusedMultiplyAdd(u, 1.0 / 24, 1.0 / 6));
        double expm1 = u * Math.FusedMultiplyAdd(u2, high, Math.FusedMultiplyAdd(u, 0.5, 1));
        double fraction = s_fractionPowers[(int)(i & (TableSize - 1))];
        return Math.FusedMultiplyAdd(fraction, expm1, fraction) * BitConverter.Int64BitsToDouble(((i >> TableBits) + 1023) << 52);
    }
}
