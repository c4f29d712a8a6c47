using System.Globalization;
using System.Text;

namespace Reconstitution.Output.Charts;

/// <summary>Resolves an axis range and chooses "nice" ticks with compact labels.</summary>
/// <remarks>
/// Linear ticks step by 1, 2 or 5 × 10ⁿ, the classic choice of Heckbert ("Nice numbers for graph
/// labels", Graphics Gems, 1990): the largest number of ticks whose labels do not collide.
/// Log ticks sit at decades; 2 and 5 are labelled between them when there is room, and when
/// decades are too close only every second (third, …) decade is labelled.
/// Labels are plain decimals (0.01, 0.5, 20, 1000) unless the axis reaches 10⁴ or goes below
/// 10⁻³, in which case every label on it is written as a power of ten: 10⁴ on a log axis,
/// 1×10⁴, 2×10⁴ on a linear one.
/// </remarks>
internal static class AxisTicks
{
    private const double Epsilon = 1e-9;

    /// <summary>The axis range: fixed bounds as given, free bounds fitted to the data and rounded outward to a tick.</summary>
    public static (double Min, double Max) ResolveRange(ChartAxis axis, DataRange data, string chartTitle, string axisName)
    {
        bool log = axis.Scale == AxisScale.Log10;
        if (data.IsEmpty && (axis.Minimum is null || axis.Maximum is null))
        {
            if (axis.Minimum is null && axis.Maximum is null)
                throw new InvalidOperationException(
                    $"Chart '{chartTitle}': the {axisName} axis '{axis.Title}' has no {(log ? "positive finite" : "finite")} values to fit its range to; " +
                    "add data or give the axis a fixed minimum and maximum.");
            data = new DataRange(log);
            data.Include(axis.Minimum ?? axis.Maximum!.Value);
        }

        double lo = axis.Minimum ?? data.Min;
        double hi = axis.Maximum ?? data.Max;
        if (!(lo < hi))
        {
            // Constant data, or a fixed bound on the wrong side of the data: widen the free side(s).
            if (log)
            {
                if (axis.Minimum is null) lo = (axis.Maximum is null ? Math.Min(lo, hi) : hi) / 10;
                if (axis.Maximum is null) hi = Math.Max(lo, hi) * 10;
            }
            else
            {
                double v = axis.Minimum is null ? hi : lo;
                double delta = v == 0 ? 1 : Math.Abs(v) * 0.1;
                if (axis.Minimum is null) lo = (axis.Maximum is null ? Math.Min(lo, hi) : hi) - delta;
                if (axis.Maximum is null) hi = Math.Max(lo, hi) + delta;
            }
        }

        if (log)
        {
            if (axis.Minimum is null) lo = Math.Pow(10, Math.Floor(Math.Log10(lo) + Epsilon));
            if (axis.Maximum is null) hi = Math.Pow(10, Math.Ceiling(Math.Log10(hi) - Epsilon));
        }
        else
        {
            double step = NiceStep((hi - lo) / 5);
            if (axis.Minimum is null) lo = Math.Floor(lo / step + Epsilon) * step;
            if (axis.Maximum is null) hi = Math.Ceiling(hi / step - Epsilon) * step;
        }
        return (lo, hi);
    }

    /// <summary>
    /// Ticks for a linear axis of <paramref name="lengthPx"/> pixels: the densest 1-2-5 step at
    /// which neighbouring labels keep <paramref name="gapPx"/> apart, given each label's extent
    /// along the axis (width on x, height on y).
    /// </summary>
    /// <param name="min">Lower end of the axis range.</param>
    /// <param name="max">Upper end of the axis range.</param>
    /// <param name="lengthPx">Length of the axis in pixels.</param>
    /// <param name="extentPx">A label's extent along the axis in pixels.</param>
    /// <param name="gapPx">The least free space between neighbouring labels.</param>
    /// <param name="minSpacingPx">The least distance between ticks, so that a long axis is not crowded with ticks.</param>
    public static List<AxisTick> Linear(double min, double max, double lengthPx, Func<string, double> extentPx, double gapPx, double minSpacingPx = 40)
    {
        double pxPerUnit = lengthPx / (max - min);
        double step = NiceStep((max - min) * minSpacingPx / lengthPx);
        for (int attempt = 0; attempt < 60; attempt++, step = NextNice(step))
        {
            var ticks = LinearAt(min, max, step);
            if (ticks.Count <= 2 || Fits(ticks, v => (v - min) * pxPerUnit, extentPx, gapPx)) return ticks;
        }
        return LinearAt(min, max, NiceStep(max - min));
    }

    /// <summary>Ticks for a log axis: decades, labelled 1-2-5 or every n-th decade as room allows.</summary>
    public static List<AxisTick> Log(double min, double max, double lengthPx, Func<string, double> extentPx, double gapPx)
    {
        double lo = Math.Log10(min), hi = Math.Log10(max);
        double Px(double v) => (Math.Log10(v) - lo) / (hi - lo) * lengthPx;
        int first = (int)Math.Ceiling(lo - Epsilon), last = (int)Math.Floor(hi + Epsilon);
        double pxPerDecade = lengthPx / (hi - lo);

        // Values in arrays, not List<double>: the list's methods are generic code over double that no ahead-of-time image
        // holds, JIT-compiled at the end of every run for a few ticks (benchmarks/results/cohort.md, session 19).
        var found = new double[3 * Math.Max(0, last - first + 2)];
        int count = 0;
        for (int k = first - 1; k <= last; k++)
            foreach (double m in (ReadOnlySpan<double>)[1, 2, 5])
            {
                double v = m * Math.Pow(10, k);
                if (InRange(v, min, max)) found[count++] = v;
            }
        var candidates = Trim(found, count);

        double[] labelled;
        var oneTwoFive = Label(candidates);
        if (oneTwoFive.Count >= 2 && Fits(oneTwoFive, Px, extentPx, gapPx))
        {
            labelled = candidates;
        }
        else
        {
            labelled = [];
            int decades = last - first + 1;
            if (decades < 2)
            {
                // Less than two decades visible: fall back to linear ticks, placed on the log scale.
                var linear = Linear(min, max, lengthPx, extentPx, gapPx);
                return Fits(Relabel(linear), Px, extentPx, gapPx) ? Relabel(linear) : linear.GetRange(0, 1);
            }
            var decadeValues = new double[decades];
            for (int stride = 1; stride <= decades; stride++)
            {
                count = 0;
                for (int k = first; k <= last; k++)
                    if ((k - first) % stride == 0) decadeValues[count++] = Math.Pow(10, k);
                labelled = Trim(decadeValues, count);
                if (Fits(Label(labelled), Px, extentPx, gapPx)) break;
            }
        }

        var ticks = Label(labelled);
        if (pxPerDecade >= 30)
        {
            // Unlabelled minor ticks at 2…9 × 10ᵏ show the reader that the scale is logarithmic.
            for (int k = first - 1; k <= last; k++)
                for (int m = 2; m <= 9; m++)
                {
                    double v = m * Math.Pow(10, k);
                    if (InRange(v, min, max) && !Near(labelled, v)) ticks.Add(new AxisTick(v, ""));
                }
        }
        ticks.Sort((a, b) => a.Value.CompareTo(b.Value));
        return ticks;
    }

    /// <summary>1, 2 or 5 × 10ⁿ, the smallest such number ≥ <paramref name="raw"/>.</summary>
    public static double NiceStep(double raw)
    {
        if (!(raw > 0) || !double.IsFinite(raw)) return 1;
        double exp = Math.Floor(Math.Log10(raw));
        double p = Math.Pow(10, exp);
        double f = raw / p;
        double nice = f <= 1 + Epsilon ? 1 : f <= 2 + Epsilon ? 2 : f <= 5 + Epsilon ? 5 : 10;
        return nice * p;
    }

    /// <summary>A label for a tick value: plain (0.01, 2.5, 1000) or, with <paramref name="powerOfTen"/>, 10ⁿ / m×10ⁿ; a minus sign (U+2212) for negatives.</summary>
    /// <param name="value">The tick value.</param>
    /// <param name="powerOfTen">Whether to write powers of ten.</param>
    /// <param name="minDecimals">Decimals a plain label keeps at least (the tick step's), before trailing zeros are trimmed.</param>
    /// <param name="alwaysMantissa">Whether 10ⁿ is written 1×10ⁿ, as on a linear axis where it stands among 2×10ⁿ, 3×10ⁿ.</param>
    public static string Format(double value, bool powerOfTen, int minDecimals = 0, bool alwaysMantissa = false)
    {
        if (value == 0) return "0";
        double a = Math.Abs(value);
        string sign = value < 0 ? "\u2212" : "";
        int exp = (int)Math.Floor(Math.Log10(a) + Epsilon);
        if (powerOfTen)
        {
            double mantissa = Math.Round(a / Math.Pow(10, exp), 2);
            string m = Math.Abs(mantissa - 1) < Epsilon && !alwaysMantissa ? "" : mantissa.ToString("0.##", CultureInfo.InvariantCulture) + "×";
            return sign + m + "10" + Superscript(exp);
        }
        // Enough decimals for the value's significant digits (ticks have at most two), trimmed.
        int decimals = Math.Clamp(Math.Max(2 - exp, minDecimals), 0, 12);
        string s = Math.Round(a, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (s.Contains('.', StringComparison.Ordinal)) s = s.TrimEnd('0').TrimEnd('.');
        return sign + s;
    }

    private static List<AxisTick> LinearAt(double min, double max, double step)
    {
        long first = (long)Math.Ceiling(min / step - Epsilon), last = (long)Math.Floor(max / step + Epsilon);
        var values = new double[Math.Max(0, last - first + 1)];
        for (long k = first; k <= last; k++)
        {
            double v = k * step;
            values[k - first] = Math.Abs(v) < step * Epsilon ? 0 : v;
        }
        return Label(values, Math.Max(0, -(int)Math.Floor(Math.Log10(step) + Epsilon)), alwaysMantissa: true);
    }

    private static List<AxisTick> Label(double[] values, int minDecimals = 0, bool alwaysMantissa = false)
    {
        bool power = UsesPowerOfTen(values);
        var ticks = new List<AxisTick>(values.Length);
        foreach (double v in values) ticks.Add(new AxisTick(v, Format(v, power, minDecimals, alwaysMantissa)));
        return ticks;
    }

    private static List<AxisTick> Relabel(List<AxisTick> ticks)
    {
        int count = 0;
        foreach (var t in ticks) if (t.Value > 0) count++;
        var values = new double[count];
        count = 0;
        foreach (var t in ticks) if (t.Value > 0) values[count++] = t.Value;
        return Label(values);
    }

    // The first count values, in a new array of that length.
    private static double[] Trim(double[] values, int count)
    {
        var trimmed = new double[count];
        Array.Copy(values, trimmed, count);
        return trimmed;
    }

    // Whether a labelled value lies within the relative tolerance of v (a minor tick there would double it).
    private static bool Near(double[] labelled, double v)
    {
        foreach (double x in labelled)
            if (Math.Abs(x - v) <= Epsilon * v) return true;
        return false;
    }

    private static bool UsesPowerOfTen(double[] values)
    {
        foreach (double v in values)
        {
            double a = Math.Abs(v);
            if (a >= 1e4 * (1 - Epsilon) || (a > 0 && a < 1e-3 * (1 - Epsilon))) return true;
        }
        return false;
    }

    private static bool Fits(List<AxisTick> ticks, Func<double, double> px, Func<string, double> extentPx, double gapPx)
    {
        for (int i = 1; i < ticks.Count; i++)
        {
            if (!ticks[i].IsLabelled || !ticks[i - 1].IsLabelled) continue;
            double distance = Math.Abs(px(ticks[i].Value) - px(ticks[i - 1].Value));
            if (distance < (extentPx(ticks[i].Label) + extentPx(ticks[i - 1].Label)) / 2 + gapPx) return false;
        }
        return true;
    }

    private static double NextNice(double step)
    {
        double exp = Math.Floor(Math.Log10(step) + Epsilon);
        double f = step / Math.Pow(10, exp);
        return (f < 1.5 ? 2 : f < 3.5 ? 5 : 10) * Math.Pow(10, exp);
    }

    private static bool InRange(double v, double min, double max) => v >= min * (1 - Epsilon) && v <= max * (1 + Epsilon);

    private static string Superscript(int exponent)
    {
        var sb = new StringBuilder();
        foreach (char c in exponent.ToString(CultureInfo.InvariantCulture))
            sb.Append(c switch
            {
                '-' => '⁻',
                '0' => '⁰',
                '1' => '¹',
                '2' => '²',
                '3' => '³',
                '4' => '⁴',
                '5' => '⁵',
                '6' => '⁶',
                '7' => '⁷',
                '8' => '⁸',
                _ => '⁹',
            });
        return sb.ToString();
    }
}
