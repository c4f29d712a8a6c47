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
    public static string Number(double value)
    {
        double rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        if (rounded == 0) return "0";
        return rounded.ToString("0.##", CultureInfo.InvariantCulture);
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

    private void Indent() => _text.Append(' ', 2 * _depth);
}
