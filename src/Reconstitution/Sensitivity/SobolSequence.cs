namespace Reconstitution.Sensitivity;

/// <summary>
/// The Sobol low-discrepancy sequence in up to <see cref="MaxDimensions"/> dimensions, with the direction numbers of
/// Joe and Kuo (primitive polynomials and initial numbers m_i of new-joe-kuo-6.21201: S. Joe and F. Y. Kuo, Constructing
/// Sobol sequences with better two-dimensional projections, SIAM J Sci Comput 2008;30:2635), generated in Gray-code order
/// (Antonov and Saleev 1979; Bratley and Fox, ACM TOMS 1988;14:88). Stateless and thread-safe.
/// </summary>
internal static class SobolSequence
{
    private const int Bits = 32;

    /// <summary>Dimensions available: the first plus one per primitive polynomial below.</summary>
    public const int MaxDimensions = 65;

    // Primitive polynomials over GF(2) for dimensions 2…65, as integers with the leading and trailing coefficients:
    // degree s = ⌊log₂ p⌋, inner coefficients a = (p >> 1) mod 2^(s−1).
    private static readonly int[] Polynomials =
    [
        3, 7, 11, 13, 19, 25, 37, 41, 47, 55, 59, 61, 67, 91, 97, 103, 109, 115, 131, 137, 143, 145, 157, 167, 171, 185, 191, 193,
        203, 211, 213, 229, 239, 241, 247, 253, 285, 299, 301, 333, 351, 355, 357, 361, 369, 391, 397, 425, 451, 463, 487, 501,
        529, 539, 545, 557, 563, 601, 607, 617, 623, 631, 637, 647,
    ];

    // The initial direction numbers m_1 … m_s of each polynomial (odd, m_k < 2^k).
    private static readonly int[][] Initial =
    [
        [1], [1, 3], [1, 3, 1], [1, 1, 1], [1, 1, 3, 3], [1, 3, 5, 13], [1, 1, 5, 5, 17], [1, 1, 5, 5, 5], [1, 1, 7, 11, 19],
        [1, 1, 5, 1, 1], [1, 1, 1, 3, 11], [1, 3, 5, 5, 31], [1, 3, 3, 9, 7, 49], [1, 1, 1, 15, 21, 21], [1, 3, 1, 13, 27, 49],
        [1, 1, 1, 15, 7, 5], [1, 3, 1, 15, 13, 25], [1, 1, 5, 5, 19, 61], [1, 3, 7, 11, 23, 15, 103], [1, 3, 7, 13, 13, 15, 69],
        [1, 1, 3, 13, 7, 35, 63], [1, 3, 5, 9, 1, 25, 53], [1, 3, 1, 13, 9, 35, 107], [1, 3, 1, 5, 27, 61, 31],
        [1, 1, 5, 11, 19, 41, 61], [1, 3, 5, 3, 3, 13, 69], [1, 1, 7, 13, 1, 19, 1], [1, 3, 7, 5, 13, 19, 59],
        [1, 1, 3, 9, 25, 29, 41], [1, 3, 5, 13, 23, 1, 55], [1, 3, 7, 3, 13, 59, 17], [1, 3, 1, 3, 5, 53, 69],
        [1, 1, 5, 5, 23, 33, 13], [1, 1, 7, 7, 1, 61, 123], [1, 1, 7, 9, 13, 61, 49], [1, 3, 3, 5, 3, 55, 33],
        [1, 3, 1, 15, 31, 13, 49, 245], [1, 3, 5, 15, 31, 59, 63, 97], [1, 3, 1, 11, 11, 11, 77, 249], [1, 3, 1, 11, 27, 43, 71, 9],
        [1, 1, 7, 15, 21, 11, 81, 45], [1, 3, 7, 3, 25, 31, 65, 79], [1, 3, 1, 1, 19, 11, 3, 205], [1, 1, 5, 9, 19, 21, 29, 157],
        [1, 3, 7, 11, 1, 33, 89, 185], [1, 3, 3, 3, 15, 9, 79, 71], [1, 3, 7, 11, 15, 39, 119, 27], [1, 1, 3, 1, 11, 31, 97, 225],
        [1, 1, 1, 3, 23, 43, 57, 177], [1, 3, 7, 7, 17, 17, 37, 71], [1, 3, 1, 5, 27, 63, 123, 213], [1, 1, 3, 5, 11, 43, 53, 133],
        [1, 3, 5, 5, 29, 17, 47, 173, 479], [1, 3, 3, 11, 3, 1, 109, 9, 69], [1, 1, 1, 5, 17, 39, 23, 5, 343],
        [1, 3, 1, 5, 25, 15, 31, 103, 499], [1, 1, 1, 11, 11, 17, 63, 105, 183], [1, 1, 5, 11, 9, 29, 97, 231, 363],
        [1, 1, 5, 15, 19, 45, 41, 7, 383], [1, 3, 7, 7, 31, 19, 83, 137, 221], [1, 1, 1, 3, 23, 15, 111, 223, 83],
        [1, 1, 5, 13, 31, 15, 55, 25, 161], [1, 1, 3, 13, 25, 47, 39, 87, 257], [1, 1, 1, 11, 21, 53, 125, 249, 293],
    ];

    /// <summary>
    /// Points <paramref name="skip"/> … <paramref name="skip"/> + <paramref name="count"/> − 1 of the sequence in
    /// <paramref name="dimensions"/> dimensions, each coordinate in [0, 1).
    /// </summary>
    /// <param name="dimensions">1 to <see cref="MaxDimensions"/>.</param>
    /// <param name="count">How many points, ≥ 0.</param>
    /// <param name="skip">Points dropped from the start (point 0 is the origin), ≥ 0.</param>
    /// <returns>The points.</returns>
    public static double[][] Generate(int dimensions, int count, int skip)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        if ((long)count + skip >= 1L << Bits) throw new ArgumentOutOfRangeException(nameof(count), count, "At most 2^32 − 1 points.");
        var v = DirectionNumbers(dimensions);
        var x = new uint[dimensions];
        var points = new double[count][];
        long last = (long)skip + count;
        for (long n = 0; n < last; n++)
        {
            if (n > 0)
            {
                // Gray-code step: flip the direction number of the lowest zero bit of n − 1.
                int c = System.Numerics.BitOperations.TrailingZeroCount(~(ulong)(n - 1));
                for (int j = 0; j < dimensions; j++) x[j] ^= v[j][c];
            }
            if (n >= skip)
            {
                var p = new double[dimensions];
                for (int j = 0; j < dimensions; j++) p[j] = x[j] / 4294967296.0;
                points[n - skip] = p;
            }
        }
        return points;
    }

    private static uint[][] DirectionNumbers(int dimensions)
    {
        var v = new uint[dimensions][];
        v[0] = new uint[Bits];
        for (int k = 0; k < Bits; k++) v[0][k] = 1u << (Bits - 1 - k);
        for (int j = 1; j < dimensions; j++)
        {
            int poly = Polynomials[j - 1];
            int s = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)poly);
            int a = (poly >> 1) & ((1 << (s - 1)) - 1);
            var m = Initial[j - 1];
            var d = new uint[Bits];
            for (int k = 0; k < Math.Min(s, Bits); k++) d[k] = (uint)m[k] << (Bits - 1 - k);
            for (int k = s; k < Bits; k++)
            {
                uint value = d[k - s] ^ (d[k - s] >> s);
                for (int l = 1; l < s; l++)
                    if (((a >> (s - 1 - l)) & 1) != 0) value ^= d[k - l];
                d[k] = value;
            }
            v[j] = d;
        }
        return v;
    }
}
