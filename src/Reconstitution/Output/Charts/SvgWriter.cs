using System.Globalization;
using System.Text;

namespace Reconstitution.Output.Charts;

/// <summary>
/// Writes SVG markup into a string: escaped text and attributes, numbers in the invariant
/// culture rounded to 0.01 px, "\n" line ends and two-space indentation, so the same calls
/// always give the same bytes on every machine.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>An attribute with an escaped text value, with its leading space.</summary>
    public static string A(string name, string value) => " " + name + "=\"" + Escape(value) + "\"";

    /// <summary>An attribute with a number value, with its leading space.</summary>
    public static string A(string name, double value) => " " + name + "=\"" + Number(value) + "\"";

    /// <summary>A number as SVG wants it: invariant culture, at most two decimals, no "-0".</summary>
    /// <remarks>
    /// The text of <c>rounded.ToString("0.##", CultureInfo.InvariantCulture)</c>, written from whole hundredths for
    /// coordinates below 10⁹ (a chart holds tens of thousands of them; the custom format string is parsed and applied for
    /// each one). Math.Round to two decimals gives the double nearest to k / 100 for a whole k, so rounded · 100 is within
    /// a unit in the last place of k and rounds back to it; the format reads a double to 15 significant digits, which
    /// recover k / 100 exactly while k has at most 15 digits, and then prints its integer part and up to two decimals
    /// without trailing zeros. Larger and non-finite values take the format itself.
    /// </remarks>
    public static string Number(double value)
    {
        double rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        if (rounded == 0) return "0";
        if (!(Math.Abs(rounded) < 1e9)) return rounded.ToString("0.##", CultureInfo.InvariantCulture);
        long k = (long)Math.Round(rounded * 100);
        return Hundredths(k);
    }

    // k / 100 as "[-]integer[.d[d]]", trailing decimal zeros dropped (k ≠ 0).
    private static string Hundredths(long k)
    {
        Span<char> text = stackalloc char[24];
        int at = text.Length;
        ulong magnitude = (ulong)Math.Abs(k);
        ulong whole = magnitude / 100, cents = magnitude % 100;
        if (cents != 0)
        {
            ulong tens = cents / 10, units = cents % 10;
            if (units != 0) text[--at] = (char)('0' + units);
            text[--at] = (char)('0' + tens);
            text[--at] = '.';
        }
        do
        {
            text[--at] = (char)('0' + whole % 10);
            whole /= 10;
        }
        while (whole != 0);
        if (k < 0) text[--at] = '-';
        return new string(text[at..]);
    }

    /// <summary>Escapes XML special characters and drops characters XML 1.0 does not allow.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                case '\t' or '\n' or '\r': sb.Append(' '); break;
                default:
                    if (c < 0x20 || c == '\uFFFE' || c == '\uFFFF') break;
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                        break;
                    }
                    if (char.IsSurrogate(c)) { sb.Append('\uFFFD'); break; }
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    public void Open(string tag, params string[] attributes)
    {
        Indent();
        _text.Append('<').Append(tag);
        foreach (string a in attributes) _text.Append(a);
        _text.Append(">\n");
        _depth++;
    }

    public void Close(string tag)
    {
        _depth--;
        Indent();
        _text.Append("</").Append(tag).Append(">\n");
    }

    public void Empty(string tag, params string[] attributes)
    {
        Indent();
        _text.Append('<').Append(tag);
        foreach (string a in attributes) _text.Append(a);
        _text.Append("/>\n");
    }

    public void Element(string tag, string content, params string[] attributes)
    {
        Indent();
        _text.Append('<').Append(tag);
        foreach (string a in attributes) _text.Append(a);
        _text.Append('>').Append(Escape(content)).Append("</").Append(tag).Append(">\n");
    }

    public override string ToString() => _text.ToString();

    // Two spaces a level, appended as a string made once per depth: StringBuilder.Append(char, count) fills on vector lanes,
    // code the JIT compiles in every run (benchmarks/results/cohort.md, session 19).
    private void Indent() => _text.Append(_depth < Indents.Length ? Indents[_depth] : Spaces(_depth));

    private static readonly string[] Indents = MakeIndents(16);

    private static string[] MakeIndents(int depths)
    {
        var indents = new string[depths];
        for (int d = 0; d < depths; d++) indents[d] = Spaces(d);
        return indents;
    }

    private static string Spaces(int depth)
    {
        string spaces = "";
        for (int d = 0; d < depth; d++) spaces += "  ";
        return spaces;
    }
}
