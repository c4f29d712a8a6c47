using System.Text;

namespace Reconstitution.Output.Charts;

/// <summary>The root element shared by <see cref="Chart"/> and <see cref="ChartGrid"/>, and atomic saving.</summary>
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

    /// <summary>
    /// Writes to a temporary file beside <paramref name="path"/> and moves it over the target,
    /// so a reader never sees a half-written chart (e.g. a notebook or web page polling the file).
    /// </summary>
    public static void SaveAtomically(string path, string content)
    {
        Validation.Guard.NotBlank(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot save the chart to '{path}': the folder '{directory}' does not exist.");
        string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllText(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
