using System.Runtime.CompilerServices;

namespace Reconstitution.Numerics;

/// <summary>
/// 2ˣ for a real x without a call into the C library: 2ˣ = 2ᵏ·2^(j/64)·e^u, with i = ⌊64x⌋, k = ⌊i/64⌋, j = i − 64k, the powers
/// 2^(j/64) from a table of 64 and e^u, u = (x − i/64)·ln 2 in [0, ln 2/64], from its Taylor polynomial: the table-driven method
/// of Tang, P. T. P. (1989), "Table-driven implementation of the exponential function in IEEE floating-point arithmetic", ACM
/// Trans. Math. Softw. 15(2):144–157.
/// </summary>
/// <remarks>
/// <para>
/// Use it for decays by half-lives, 2^(−t/t½), evaluated at every right-hand-side evaluation. <see cref="Math.Pow"/>(2, x) (which
/// .NET's <c>double.Exp2</c> calls) and <see cref="Math.Exp"/> each cost a call through the runtime into the C library and its
/// error-reporting wrapper; this is a few multiplications and one table read.
/// </para>
/// <para>
/// Accuracy: x − i/64 is exact (Sterbenz) except for −1/64 &lt; x &lt; 0, where it is within 2⁻⁵⁹; the rounding of u moves the
/// result by less than 2·10⁻¹⁸ relative, and the polynomial's truncation (degree 6) by less than 4·10⁻¹⁸; each table entry is
/// 2^(j/64) correctly rounded (half a unit in the last place, ulp), stored as its bits so that it does not depend on the
/// platform's C library; e^u − 1 is formed in working precision (its own rounding is scaled down by u ≤ 0.011) and added to
/// 1·2^(j/64) in one fused multiply–add (half an ulp); multiplying by 2ᵏ is exact. So the result is within about 1.04 ulp of 2ˣ
/// (2.4·10⁻¹⁶ relative), against 0.52 ulp for glibc's <see cref="Math.Pow"/>: not always the same bits. At x = j/64 + k it is the
/// table entry times 2ᵏ. Where 2ᵏ would not be a normal number (x &lt; −1022, x ≥ 1024), for infinities and NaN, it returns
/// <see cref="Math.Pow"/>(2, x).
/// </para>
/// </remarks>
internal static class PowerOfTwo
{
    private const int TableBits = 6, TableSize = 1 << TableBits;
    private const double Ln2 = 0.693147180559945309417232121458176568;

    // 2^(j/64), j = 0 … 63, correctly rounded (computed with 60 significant decimal digits), as IEEE 754 bit patterns.
    private static readonly double[] s_fractionPowers = FromBits(
    [
        0x3FF0000000000000, 0x3FF02C9A3E778061, 0x3FF059B0D3158574, 0x3FF0874518759BC8,
        0x3FF0B5586CF9890F, 0x3FF0E3EC32D3D1A2, 0x3FF11301D0125B51, 0x3FF1429AAEA92DE0,
        0x3FF172B83C7D517B, 0x3FF1A35BEB6FCB75, 0x3FF1D4873168B9AA, 0x3FF2063B88628CD6,
        0x3FF2387A6E756238, 0x3FF26B4565E27CDD, 0x3FF29E9DF51FDEE1, 0x3FF2D285A6E4030B,
        0x3FF306FE0A31B715, 0x3FF33C08B26416FF, 0x3FF371A7373AA9CB, 0x3FF3A7DB34E59FF7,
        0x3FF3DEA64C123422, 0x3FF4160A21F72E2A, 0x3FF44E086061892D, 0x3FF486A2B5C13CD0,
        0x3FF4BFDAD5362A27, 0x3FF4F9B2769D2CA7, 0x3FF5342B569D4F82, 0x3FF56F4736B527DA,
        0x3FF5AB07DD485429, 0x3FF5E76F15AD2148, 0x3FF6247EB03A5585, 0x3FF6623882552225,
        0x3FF6A09E667F3BCD, 0x3FF6DFB23C651A2F, 0x3FF71F75E8EC5F74, 0x3FF75FEB564267C9,
        0x3FF7A11473EB0187, 0x3FF7E2F336CF4E62, 0x3FF82589994CCE13, 0x3FF868D99B4492ED,
        0x3FF8ACE5422AA0DB, 0x3FF8F1AE99157736, 0x3FF93737B0CDC5E5, 0x3FF97D829FDE4E50,
        0x3FF9C49182A3F090, 0x3FFA0C667B5DE565, 0x3FFA5503B23E255D, 0x3FFA9E6B5579FDBF,
        0x3FFAE89F995AD3AD, 0x3FFB33A2B84F15FB, 0x3FFB7F76F2FB5E47, 0x3FFBCC1E904BC1D2,
        0x3FFC199BDD85529C, 0x3FFC67F12E57D14B, 0x3FFCB720DCEF9069, 0x3FFD072D4A07897C,
        0x3FFD5818DCFBA487, 0x3FFDA9E603DB3285, 0x3FFDFC97337B9B5F, 0x3FFE502EE78B3FF6,
        0x3FFEA4AFA2A490DA, 0x3FFEFA1BEE615A27, 0x3FFF50765B6E4540, 0x3FFFA7C1819E90D8
    ]);

    /// <summary>2 to the power <paramref name="exponent"/>, within about 1.04 ulp (see the remarks).</summary>
    /// <param name="exponent">Any real number; infinities and NaN as <see cref="Math.Pow"/>(2, x).</param>
    public static double Of(double exponent)
    {
        double scaled = Math.Floor(exponent * TableSize);
        if (!(scaled >= -1022 * TableSize && scaled < 1024 * TableSize)) return Math.Pow(2, exponent);
        return Scaled((long)scaled, (exponent - scaled * (1.0 / TableSize)) * Ln2);
    }

    /// <summary>
    /// 2^(<paramref name="exponent"/> + <paramref name="tail"/>) for an exponent carried in two parts (|tail| at most a few ulp of
    /// the exponent), within about 1.05 ulp; false where the result would not be a normal number or the exponent is not finite.
    /// </summary>
    /// <remarks>For <see cref="RealPower"/>, whose n·log₂x needs more than a double's precision when it is large.</remarks>
    internal static bool TryOf(double exponent, double tail, out double result)
    {
        double scaled = Math.Floor(exponent * TableSize);
        if (!(scaled >= -1022 * TableSize && scaled < 1024 * TableSize)) { result = 0; return false; }
        result = Scaled((long)scaled, (exponent - scaled * (1.0 / TableSize) + tail) * Ln2);
        return true;
    }

    /// <summary>
    /// <see cref="TryOf"/> of two exponents at once, bit for bit, both inlined next to each other (for
    /// <see cref="RealPower.OfPair"/>); false, with neither result, unless both results are normal numbers (the caller then
    /// takes <see cref="TryOf"/> of each).
    /// </summary>
    internal static bool TryOfBoth(double exponent1, double tail1, double exponent2, double tail2, out double result1, out double result2)
    {
        double scaled1 = Math.Floor(exponent1 * TableSize), scaled2 = Math.Floor(exponent2 * TableSize);
        if (!(scaled1 >= -1022 * TableSize && scaled1 < 1024 * TableSize && scaled2 >= -1022 * TableSize && scaled2 < 1024 * TableSize))
        {
            result1 = result2 = 0;
            return false;
        }
        result1 = Scaled((long)scaled1, (exponent1 - scaled1 * (1.0 / TableSize) + tail1) * Ln2);
        result2 = Scaled((long)scaled2, (exponent2 - scaled2 * (1.0 / TableSize) + tail2) * Ln2);
        return true;
    }

    // 2^(i/64)·e^u for 2^(i/64) normal and u in [0, ln 2/64] (slightly outside for TryOf's tail: the polynomial holds there).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Scaled(long i, double u)
    {
        // e^u − 1 = u·(1 + u/2 + u²/6 + u³/24 + u⁴/120 + u⁵/720), the halves paired to shorten the chain.
        double u2 = u * u;
        double high = Math.FusedMultiplyAdd(u2, Math.FusedMultiplyAdd(u, 1.0 / 720, 1.0 / 120), Math.FusedMultiplyAdd(u, 1.0 / 24, 1.0 / 6));
        double expm1 = u * Math.FusedMultiplyAdd(u2, high, Math.FusedMultiplyAdd(u, 0.5, 1));
        double fraction = s_fractionPowers[(int)(i & (TableSize - 1))];
        return Math.FusedMultiplyAdd(fraction, expm1, fraction) * BitConverter.Int64BitsToDouble(((i >> TableBits) + 1023) << 52);
    }

    // Filled with a loop, not Array.ConvertAll over long (a generic instantiation JIT-compiled in every process;
    // benchmarks/results/cohort.md, session 16).
    private static double[] FromBits(long[] bits)
    {
        var values = new double[bits.Length];
        for (int i = 0; i < bits.Length; i++) values[i] = BitConverter.Int64BitsToDouble(bits[i]);
        return values;
    }
}
