using System.Runtime.CompilerServices;

namespace Reconstitution.Numerics;

/// <summary>
/// xⁿ for a positive x and a real n without a call into the C library: 2^(n·log₂x), with log₂x carried in two doubles.
/// </summary>
/// <remarks>
/// <para>
/// Use it for Hill terms with a non-integer exponent (n = 6.96, 1.3) evaluated at every right-hand-side evaluation, where
/// <see cref="Math.Pow"/> costs a call through the runtime into the C library. Integer exponents are cheaper by multiplication.
/// </para>
/// <para>
/// Method: the table-driven logarithm of Tang, P. T. P. (1990), "Table-driven implementation of the logarithm function in IEEE
/// floating-point arithmetic", ACM Trans. Math. Softw. 16(4):378–400, and his exponential (1989; see <see cref="PowerOfTwo"/>).
/// x = 2ᵉ·m, m in [1, 2); with j the top 7 bits of m's fraction and cⱼ = 1/(1 + (j + ½)/128) (a double; c₀ = 1,
/// so that x = 2ᵉ gives n·e exactly and 1ⁿ = 1), r = m·cⱼ − 1 (one fused multiply–add, |r| &lt; 2⁻⁷, rounding below 2⁻⁶⁰), and
/// log₂x = e + log₂(1/cⱼ) + log₂(1 + r), the table's log₂(1/cⱼ) in two doubles (correctly rounded head, 60-digit tail) and
/// ln(1 + r) − r by its degree-8 Taylor polynomial (truncation below 2⁻⁶⁶). The sum is kept as head + tail to about 2⁻⁶⁰
/// relative, multiplied by n with one fused multiply–add for the product's rounding, and 2^(head + tail) taken by
/// <see cref="PowerOfTwo.TryOf"/>. A double log₂ alone
/// would not do: at n·log₂x ≈ 139 its rounding moves xⁿ by ≈ 90 ulp. The result is within about 1.1 ulp of xⁿ; for x ≤ 0,
/// subnormal, infinite or NaN x or n, and where xⁿ would not be a normal number, it returns <see cref="Math.Pow"/>(x, n).
/// </para>
/// </remarks>
internal static class RealPower
{
    private const int TableBits = 7, TableSize = 1 << TableBits;
    private const double InvLn2 = 1.4426950408889634, InvLn2Tail = 2.0355273740931033e-17;

    private static readonly double[] s_reciprocals = Reciprocals();

    // −log₂(cⱼ) for the double cⱼ above, j = 0 … 127: head (correctly rounded) and tail, as IEEE 754 bit patterns (60 digits).
    private static readonly double[] s_logHeads = FromBits(
    [
        0x0000000000000000, 0x3F91363117A97B03, 0x3F9C9363BA850F9C, 0x3FA3ED3094685A27,
        0x3FA985BFC3495193, 0x3FAF13898332539D, 0x3FB24B5B7E135A41, 0x3FB507B836033BBA,
        0x3FB7BEEE96B8A281, 0x3FBA7111DF348494, 0x3FBD1E34E35B82D7, 0x3FBFC66A0F0B00A5,
        0x3FC134E1B4890631, 0x3FC284294B07A640, 0x3FC3D1146D9A8A63, 0x3FC51BAB907A5C8A,
        0x3FC663F6FAC91315, 0x3FC7A9FEC7D05DE0, 0x3FC8EDCAE8352B6B, 0x3FCA2F632320B86C,
        0x3FCB6ECF175F95EC, 0x3FCCAC163C770DCA, 0x3FCDE73FE3B1480E, 0x3FCF205339208F27,
        0x3FD02BABA24D0664, 0x3FD0C62975542A8D, 0x3FD15FA676BB08FE, 0x3FD1F825F6D88E13,
        0x3FD28FAB35B32684, 0x3FD32639636B2836, 0x3FD3BBD3A0A1DCFB, 0x3FD4507CFEDD4FC5,
        0x3FD4E43880E8FB6B, 0x3FD577091B3378C9, 0x3FD608F1B42948AE, 0x3FD699F5248CD4B8,
        0x3FD72A1637CBC183, 0x3FD7B957AC51AAC4, 0x3FD847BC33D8618E, 0x3FD8D54673B5C371,
        0x3FD961F90527409B, 0x3FD9EDD6759B25E0, 0x3FDA78E146F7BEF4, 0x3FDB031BEFE06435,
        0x3FDB8C88DBF88679, 0x3FDC152A6C24CAE7, 0x3FDC9D02F6CA47B5, 0x3FDD2414C80BF27C,
        0x3FDDAA6222064FB8, 0x3FDE2FED3D097297, 0x3FDEB4B847D15BCE, 0x3FDF38C567BCC541,
        0x3FDFBC16B902680A, 0x3FE01F57277264E0, 0x3FE0604719F24EB2, 0x3FE0A0DC34F8E1FC,
        0x3FE0E117754D7C11, 0x3FE120F9D39E1806, 0x3FE160844495E006, 0x3FE19FB7B8F32422,
        0x3FE1DE951D9CBBA7, 0x3FE21D1D5BB6D59B, 0x3FE25B5158B73D05, 0x3FE29931F6791560,
        0x3FE2D6C013501380, 0x3FE313FC8A1B36F2, 0x3FE350E8325707DA, 0x3FE38D83E02F5D08,
        0x3FE3C9D06490AE11, 0x3FE405CE8D38F4BC, 0x3FE4417F24C82165, 0x3FE47CE2F2D02588,
        0x3FE4B7FABBE49796, 0x3FE4F2C741A9F33E, 0x3FE52D4942E4790A, 0x3FE567817B86B02D,
        0x3FE5A170A4BF8D5C, 0x3FE5DB177508413C, 0x3FE61476A031B108, 0x3FE64D8ED7719BEE,
        0x3FE68660C96F6F88, 0x3FE6BEED2250CDAD, 0x3FE6F7348BC5C617, 0x3FE72F37AD14C5B0,
        0x3FE766F72B263DEF, 0x3FE79E73A8900620, 0x3FE7D5ADC5A078A4, 0x3FE80CA620694DF9,
        0x3FE8435D54CA3774, 0x3FE879D3FC7B3B71, 0x3FE8B00AAF16D4A9, 0x3FE8E6020223D661,
        0x3FE91BBA891F1708, 0x3FE95134D584E2E4, 0x3FE9867176DA382D, 0x3FE9BB70FAB5CE4D,
        0x3FE9F033ECC8E957, 0x3FEA24BAD6E7FB77, 0x3FEA590641131564, 0x3FEA8D16B17E2745,
        0x3FEAC0ECAC99133C, 0x3FEAF488B51792D4, 0x3FEB27EB4BF8F08A, 0x3FEB5B14F08F9665,
        0x3FEB8E0620887309, 0x3FEBC0BF57F23605, 0x3FEBF341114464A7, 0x3FEC258BC5664829,
        0x3FEC579FEBB5B657, 0x3FEC897DFA0DB58E, 0x3FECBB2664CCFCF5, 0x3FECEC999EDC5204,
        0x3FED1DD819B4C3F0, 0x3FED4EE24565C62A, 0x3FED7FB8909B2A6C, 0x3FEDB05B68A2FB64,
        0x3FEDE0CB397338A3, 0x3FEE11086DAF7497, 0x3FEE41136EAE553D, 0x3FEE70ECA47EF86F,
        0x3FEEA09475EE3C39, 0x3FEED00B488BEC24, 0x3FEEFF5180AFD3E5, 0x3FEF2E67817EB846,
        0x3FEF5D4DACEF36BE, 0x3FEF8C0463CE8C68, 0x3FEFBA8C05C544E0, 0x3FEFE8E4F15BD1A1
    ]);

    private static readonly double[] s_logTails = FromBits(
    [
        0x0000000000000000, 0xBC3C518110728C78, 0xBC21E48F7D3A7532, 0x3C430EFAE4DD4C04,
        0xBC3F6F10B3FFDDE6, 0x3C482E43769DF2B8, 0x3C5A07F7A310E5FF, 0xBC42E22A63B25C74,
        0x3C54D5BD65D831BD, 0x3C02CCFC1B3A2E8E, 0xBC59574D90350BB2, 0xBC5627610DCFDD09,
        0xBC65F5A871DB3520, 0x3C5D4B1111B53C4F, 0xBC303310DFD1392C, 0x3C650EAB12BC6E5E,
        0xBC47280DE8183006, 0xBC4097A10633534E, 0x3C588973C9ED3440, 0x3C63373C416F9311,
        0xBC634E4A1DD167FC, 0xBC6F2846769438C6, 0xBC657840587F9289, 0xBC6687F2573FC202,
        0xBC6F91865D06A5B0, 0x3C7EF24A1B61FDDF, 0x3C5EFC4B82CB43A0, 0x3C7DBB6437314DE3,
        0x3C7E00BE8A1314E0, 0xBC77D5B29971F254, 0x3C7897F9DCAF2376, 0xBC79DEBF0B766DDC,
        0xBC722D6A89CE2F44, 0x3C616C390DDEBFF9, 0xBC78D2A7EC652E60, 0x3C68F95F61F6AFF0,
        0xBC7474CD86631B27, 0x3C774A306B4E2B49, 0x3C175C76BD1D6DC4, 0x3C7A37F6F8B426D7,
        0xBC795A740ADB1EA4, 0xBC5ACFC5718B453C, 0x3C7611D5E0AEDD42, 0xBC676EBF84ADD99E,
        0x3C719AD8DFA81265, 0x3C7CF5DB78381C32, 0xBC77E8D7AE9D5654, 0x3C390F72195F511D,
        0xBC6CAD5135ADBBD4, 0xBC753D411710B72B, 0x3C5D134055BC8097, 0xBC70CD19A96D54F2,
        0x3C553B8CF96C5310, 0xBC8A889786371D74, 0x3C72509766B44632, 0x3C7BE5F7E4C75246,
        0x3C669154B6CA6D85, 0x3C8E997A040D2705, 0xBC7BF7DB391D2086, 0xBC6F87D5145E643F,
        0xBC7DEBB83C62A1E3, 0xBC86187F7B1D97AB, 0xBC8ED3B90D241AAE, 0x3C7355F9FFB2FACA,
        0x3C89E2FDC5587118, 0xBC847FB1A515A0DB, 0xBC73528E9E16BAB7, 0x3C67708667D58F92,
        0x3C7553AB197E94EF, 0xBC8487000B86914F, 0x3C4C9089CA8C82BE, 0xBC89048CFB7110E1,
        0xBC77FD3C11F0109C, 0x3C8E8CC9FE099D42, 0xBC8B4F38B092E146, 0xBC79564573EE664F,
        0x3C7D19E7C8DC2701, 0xBC5C7DB10C95D845, 0xBC438D99A333A994, 0x3C8CE77DCB388228,
        0x3C6B7DD9248A739F, 0x3C8CA76BA880A914, 0x3C636049CE2E312B, 0x3C6C6790507799A3,
        0xBC5D614876DE67F3, 0xBC7C28619C08E505, 0x3C80C93927CFF043, 0x3C84E453AABCD216,
        0xBC62D054D9D9DA02, 0xBC63716894B1D993, 0xBC72E50C4B6C2AAB, 0x3C7295DB48A63663,
        0x3C872C6534ED68CD, 0x3C8F6F49BBEE2EC4, 0x3C881BDACC58745B, 0xBC79D8720DB828EC,
        0xBC6C7CDC70D552EA, 0xBC848DD3C03BFA5D, 0x3C746493A2171691, 0xBC8299232CF56047,
        0xBC87A4C31101C5BE, 0x3C8A6F3EE1405E54, 0xBC6CB511ADEEBD67, 0x3C6B1B19348D9D18,
        0x3C700E72092B3BC1, 0xBC74232C74403594, 0xBC3D319F8FE51122, 0xBC695BBA8BB907E5,
        0x3C814E256CFBC967, 0xBC76E3BACD04B3AD, 0xBC405DB92EF5930F, 0x3C824D266F837DD4,
        0x3C607CE7CD24D34F, 0xBC7E5089722924AF, 0xBC439951F698E3C5, 0x3C75D6C600646173,
        0x3C76BA52C683B7C6, 0x3C88BF4949991BAF, 0x3C8243E29F7659D4, 0xBC66F15F46903C7B,
        0xBC74D415ED0ED3FB, 0x3C8AA772E7AEAADC, 0xBC70E76550555ECA, 0x3C882B5819180969,
        0x3C7A545120FF5202, 0xBC6797393DC5B24F, 0x3C76DD0C20D76FF4, 0xBC70BDF1493AC653
    ]);

    /// <summary><paramref name="x"/> to the power <paramref name="n"/>, within about 1.1 ulp (see the remarks).</summary>
    /// <param name="x">The base; positive normal numbers take the fast path, anything else gives <see cref="Math.Pow"/>(x, n).</param>
    /// <param name="n">The exponent, any finite real number.</param>
    public static double Of(double x, double n)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        if (!OnFastPath(bits, n)) return Math.Pow(x, n);
        TimesLog2(bits, n, out double y, out double yTail);
        return PowerOfTwo.TryOf(y, yTail, out double result) ? result : Math.Pow(x, n);
    }

    /// <summary>
    /// <see cref="Of"/>(<paramref name="x1"/>, <paramref name="n1"/>) and <see cref="Of"/>(<paramref name="x2"/>, <paramref name="n2"/>),
    /// bit for bit, the two computed next to each other: each is one chain of dependent operations (≈ 100 cycles of latency),
    /// and with both inlined into one short stretch of code (<see cref="TimesLog2"/> twice, then
    /// <see cref="PowerOfTwo.TryOfBoth"/>) the processor runs the second in the first one's waits instead of after it. Each
    /// result comes from the same operations on the same operands in the same order as <see cref="Of"/>'s (the JIT neither
    /// fuses nor reorders floating-point operations); where either pair leaves the fast path, both are <see cref="Of"/>'s
    /// own calls.
    /// </summary>
    /// <param name="x1">The first base.</param>
    /// <param name="n1">The first exponent.</param>
    /// <param name="x2">The second base.</param>
    /// <param name="n2">The second exponent.</param>
    /// <param name="power1">x₁^n₁, as <see cref="Of"/> gives it.</param>
    /// <param name="power2">x₂^n₂, as <see cref="Of"/> gives it.</param>
    public static void OfPair(double x1, double n1, double x2, double n2, out double power1, out double power2)
    {
        ulong bits1 = BitConverter.DoubleToUInt64Bits(x1), bits2 = BitConverter.DoubleToUInt64Bits(x2);
        if (!OnFastPath(bits1, n1) || !OnFastPath(bits2, n2))
        {
            power1 = Of(x1, n1);
            power2 = Of(x2, n2);
            return;
        }
        TimesLog2(bits1, n1, out double y1, out double yTail1);
        TimesLog2(bits2, n2, out double y2, out double yTail2);
        if (!PowerOfTwo.TryOfBoth(y1, yTail1, y2, yTail2, out power1, out power2))
        {
            power1 = PowerOfTwo.TryOf(y1, yTail1, out double result1) ? result1 : Math.Pow(x1, n1);
            power2 = PowerOfTwo.TryOf(y2, yTail2, out double result2) ? result2 : Math.Pow(x2, n2);
        }
    }

    /// <summary>Whether x (as its <paramref name="bits"/>) is a positive normal number and <paramref name="n"/> finite: the fast path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool OnFastPath(ulong bits, double n) =>
        (ulong)((long)(bits >> 52) - 1) < 2046 && double.IsFinite(n);   // sign and exponent: 1 … 2046 for positive normal x

    /// <summary>n·log₂x as head <paramref name="y"/> + tail <paramref name="yTail"/> for a positive normal x given by its <paramref name="bits"/> (see the remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TimesLog2(ulong bits, double n, out double y, out double yTail)
    {
        long biased = (long)(bits >> 52);
        int j = (int)(bits >> (52 - TableBits)) & (TableSize - 1);
        double m = BitConverter.UInt64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFUL) | 0x3FF0_0000_0000_0000UL);
        double r = Math.FusedMultiplyAdd(m, s_reciprocals[j], -1);

        // ln(1 + r) − r = −r²/2 + r³/3 − r⁴/4 + r⁵/5 − r⁶/6 + r⁷/7 − r⁸/8.
        double r2 = r * r;
        double odd = Math.FusedMultiplyAdd(r2, Math.FusedMultiplyAdd(r2, 1.0 / 7, 1.0 / 5), 1.0 / 3);
        double even = Math.FusedMultiplyAdd(r2, Math.FusedMultiplyAdd(r2, -1.0 / 8, -1.0 / 6), -1.0 / 4);
        double rest = r2 * Math.FusedMultiplyAdd(r, odd, Math.FusedMultiplyAdd(r2, even, -0.5));

        // log₂(1 + r) = (r + rest)/ln 2 as head + tail.
        double pHead = r * InvLn2;
        double pTail = Math.FusedMultiplyAdd(r, InvLn2, -pHead) + Math.FusedMultiplyAdd(r, InvLn2Tail, rest * InvLn2);

        // e + log₂(1/cⱼ): exact sum and error (|e| ≥ 1 > the table's head unless e = 0, where the sum is exact).
        double e = biased - 1023, head = s_logHeads[j];
        double s = e + head, sError = e - s + head;
        // + log₂(1 + r): two-sum, either may be the larger.
        double sum = s + pHead, back = sum - s;
        double sumError = (s - (sum - back)) + (pHead - back);
        double tail = sError + sumError + s_logTails[j] + pTail;

        y = n * sum;
        yTail = Math.FusedMultiplyAdd(n, sum, -y) + n * tail;
    }

    // The tables are filled with loops, not LINQ from int or Array.ConvertAll over ulong: those are generic instantiations of
    // the framework that no ReadyToRun image holds, JIT-compiled in every process (benchmarks/results/cohort.md, session 16).
    private static double[] Reciprocals()
    {
        var values = new double[TableSize];
        for (int j = 0; j < TableSize; j++) values[j] = j == 0 ? 1 : 1.0 / (1.0 + (j + 0.5) / TableSize);
        return values;
    }

    private static double[] FromBits(ulong[] bits)
    {
        var values = new double[bits.Length];
        for (int i = 0; i < bits.Length; i++) values[i] = BitConverter.UInt64BitsToDouble(bits[i]);
        return values;
    }
}
