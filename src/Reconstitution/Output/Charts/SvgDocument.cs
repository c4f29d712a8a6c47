namespace Reconstitution.Output.Charts;

/// <summary>The root element shared by <see cref="Chart"/> and <see cref="ChartGrid"/>.</summary>
internal static class SvgDocument
{
    public static void Open(SvgWriter w, int widthPx, int heightPx, string title, string? description)
    {
        w.Open("svg",
            SvgWriter.A("xmlns", "http://www.w3.org/2000/svg"),
            SvgWriter.A("width", widthPx),
            SvgWriter.A("height", heightPx),
            SvgWriter.A("viewBox", $"0 0 {SvgWriter.Number(widthPx)} {SvgWriter.Number(heightPx)}"),
            SvgWriter.A("role", "img"),
            SvgWriter.A("font-family", TextMetrics.FontFamily),
            SvgWriter.A("fill", "#1A1A1A"));
        // <title> and <desc> give screen readers and tooltips the chart's name.
        w.Element("title", title);
        if (description is not null) w.Element("desc", description);
        w.Empty("rect", SvgWriter.A("class", "background"), SvgWriter.A("width", widthPx), SvgWriter.A("height", heightPx), SvgWriter.A("fill", "#FFFFFF"));
    }

    public static void Close(SvgWriter w) => w.Close("svg");
}
