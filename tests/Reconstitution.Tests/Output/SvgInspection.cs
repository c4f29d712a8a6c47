using System.Globalization;
using System.Xml.Linq;
using Reconstitution.Output.Charts;

namespace Reconstitution.Tests.Output;

/// <summary>Helpers that read rendered charts back as XML.</summary>
internal static class SvgInspection
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static XDocument Parse(string svg) => XDocument.Parse(svg);

    public static List<XElement> WithClass(XContainer root, string cssClass) =>
        [.. root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cssClass) == true)];

    public static List<XElement> Series(XContainer root) => WithClass(root, "series");

    public static List<XElement> LegendEntries(XContainer root) => WithClass(root, "legend-entry");

    public static List<string> Texts(XContainer root, string cssClass) =>
        [.. WithClass(root, cssClass).SelectMany(e => e.Name == Svg + "text" ? [e] : e.Descendants(Svg + "text")).Select(e => e.Value)];

    public static List<string> TickLabels(XContainer root, string axisClass) =>
        Texts(WithClass(root, axisClass).Single(), "tick-label");

    public static double Attr(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);

    /// <summary>
    /// The estimated boxes of every unrotated text (x, y, width, height in px), from the same
    /// metrics the layout uses, to check that the layout keeps texts apart.
    /// </summary>
    public static List<(string Text, double Left, double Top, double Right, double Bottom)> TextBoxes(XDocument doc)
    {
        var boxes = new List<(string, double, double, double, double)>();
        foreach (var t in doc.Descendants(Svg + "text"))
        {
            if (t.Attribute("transform") is not null) continue;
            double x = Attr(t, "x"), y = Attr(t, "y"), size = Attr(t, "font-size");
            bool bold = (string?)t.Attribute("font-weight") == "bold";
            double width = TextMetrics.Width(t.Value, size, bold);
            string anchor = (string?)t.Attribute("text-anchor") ?? "start";
            double left = anchor switch { "middle" => x - width / 2, "end" => x - width, _ => x };
            // Ascent ≈ 0.76 em and descent ≈ 0.24 em in DejaVu Sans.
            boxes.Add((t.Value, left, y - 0.76 * size, left + width, y + 0.24 * size));
        }
        return boxes;
    }
}
