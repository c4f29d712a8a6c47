namespace Reconstitution.Randomness;

/// <summary>
/// ln(x!) and differences ln(a!) − ln(b!) that stay accurate for arguments up to 10¹⁵
/// (the populations of a whole body), where naive differences of two ~10¹⁴-sized
/// log-gamma values would lose the O(1) result the rejection tests of the samplers need.
/// </summary>
internal static class LogFactorial
{
    private const int TableSize = 256;
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly double[] Table = BuildTable();
    private static readonly double[] Correction = BuildCorrection();

    private static double[] BuildTable()
    {
        var table = new double[TableSize];
        double sum = 0;
        for (int i = 2; i < TableSize; i++)
        {
            sum += Math.Log(i);
            table[i] = sum;
        }
        return table;
    }

    private static double[] BuildCorrection()
    {
        // δ(x) = ln x! − (x ln x − x + ½ ln 2πx), tabulated where the asymptotic series is poor.
        var delta = new double[TableSize];
        for (int i = 1; i < TableSize; i++) delta[i] = Table[i] - (i * Math.Log(i) - i + HalfLogTwoPi + 0.5 * Math.Log(i));
        return delta;
    }

    /// <summary>Stirling's series remainder δ(x) for x ≥ 1 (Abramowitz &amp; Stegun 6.1.41).</summary>
    private static double StirlingCorrection(double x)
    {
        if (x < TableSize) return Correction[(int)x];
        double r = 1 / x, r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260)));
    }

    /// <summary>ln(x!) for an integer-valued x ≥ 0.</summary>
    public static double Of(double x)
    {
        if (x < TableSize) return Table[(int)x];
        return x * Math.Log(x) - x + HalfLogTwoPi + 0.5 * Math.Log(x) + StirlingCorrection(x);
    }

    /// <summary>ln(x!) − (x ln x − x) = ½ ln 2πx + δ(x) for x ≥ 1, computed without forming the huge terms.</summary>
    public static double StirlingRemainder(double x) => HalfLogTwoPi + 0.5 * Math.Log(x) + StirlingCorrection(x);

    /// <summary>ln(a!) − ln(b!) for integer-valued a, b ≥ 0, accurate when a and b are large and close.</summary>
    public static double Difference(double a, double b)
    {
        if (a < TableSize && b < TableSize) return Table[(int)a] - Table[(int)b];
        if (a == 0) return -Of(b);
        if (b == 0) return Of(a);
        // a ln a − b ln b − (a − b) = a·log1p(e/b) + e·ln b − e with e = a − b: no cancellation
        // of the two huge products.
        double e = a - b;
        double main = a * LogOnePlus(e / b) + e * Math.Log(b) - e;
        return main + 0.5 * Math.Log(a / b) + StirlingCorrection(a) - StirlingCorrection(b);
    }

    /// <summary>ln(1 + x), accurate for small |x|.</summary>
    public static double LogOnePlus(double x)
    {
        // Goldberg's trick: exact up to rounding for |x| small, without a library log1p.
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
