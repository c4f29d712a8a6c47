using System.Globalization;
using Reconstitution.Output.Charts;

namespace Reconstitution.Sensitivity;

/// <summary>
/// The tornado chart of a <see cref="SensitivityResult"/> (<c>sensitivity.svg</c>): one panel per endpoint, one horizontal bar
/// per parameter, longest first, for μ* (Morris) or ST (Sobol) with its 95 % bootstrap interval as a whisker; Sobol panels
/// mark S1 with a dot; a dashed line marks the noise floor (what simulation noise alone gives). Stateless.
/// </summary>
internal static class SensitivityChart
{
    private const double Width = 760, FontPx = 12, BarPx = 16, GapPx = 6, HeaderPx = 26, Left = 16, Right = 24;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string ToSvg(SensitivityResult result)
    {
        var study = result.Study;
        bool sobol = study.Design.Method == SensitivityMethod.Sobol;
        string main = sobol ? "ST" : "muStar";
        var names = study.Space.Parameters.Select(p => p.Parameter.Name).ToArray();
        double labelWidth = names.Max(n => TextMetrics.Width(n, FontPx)) + 12;
        double plotLeft = Left + labelWidth, plotWidth = Width - plotLeft - Right - 60;
        double panelHeight = HeaderPx + names.Length * (BarPx + GapPx) + 22;
        double top = 64;
        double height = top + result.Endpoints.Count * panelHeight + 30;
        string title = $"{(sobol ? "Sobol total-effect indices" : "Morris screening (μ*)")} — {study.Baseline.Protocol.Name}";
        var w = new SvgWriter();
        SvgDocument.Open(w, (int)Width, (int)Math.Ceiling(height), title,
            "Bars: index with 95 % bootstrap interval; dashed line: noise floor (what simulation noise alone gives)" + (sobol ? "; dot: first-order index S1." : "."));
        w.Element("text", title, SvgWriter.A("x", Left), SvgWriter.A("y", 24), SvgWriter.A("font-size", 16), SvgWriter.A("font-weight", "bold"));
        string subtitle = string.Create(Inv, $"{study.Design.Count:N0} design points × {study.Baseline.Patients:N0} patients, seed {study.Baseline.Seed}; whiskers 95 % bootstrap CI; dashed: noise floor");
        w.Element("text", subtitle + (sobol ? "; dot: S1" : ""),
            SvgWriter.A("x", Left), SvgWriter.A("y", 44), SvgWriter.A("font-size", 11), SvgWriter.A("fill", "#555555"));
        double y0 = top;
        foreach (var endpoint in result.Endpoints)
        {
            var rows = names.Select(n => (Name: n, Main: result.Get(endpoint.Endpoint, n, main), First: sobol ? result.Get(endpoint.Endpoint, n, "S1") : null))
                .OrderByDescending(r => double.IsFinite(r.Main.Value) ? r.Main.Value : double.NegativeInfinity).ThenBy(r => r.Name, StringComparer.Ordinal).ToArray();
            double max = rows.Select(r => Math.Max(Finite(r.Main.Value), Finite(r.Main.CiUpper))).Append(Finite(rows[0].Main.NoiseFloor)).Max();
            if (sobol) max = Math.Min(max, 1); // shares of variance: intervals of small designs can pass 1; they are clipped
            if (!(max > 0)) max = 1;
            double X(double v) => plotLeft + Math.Clamp(v, 0, max) / max * plotWidth;
            string unit = sobol ? "share of variance" : $"{endpoint.Unit} per unit of probability";
            w.Element("text", $"{endpoint.Endpoint} ({unit})", SvgWriter.A("x", Left), SvgWriter.A("y", y0 + 16), SvgWriter.A("font-size", 13), SvgWriter.A("font-weight", "bold"));
            double y = y0 + HeaderPx;
            foreach (var r in rows)
            {
                w.Element("text", r.Name, SvgWriter.A("x", plotLeft - 6), SvgWriter.A("y", y + BarPx - 4), SvgWriter.A("font-size", FontPx), SvgWriter.A("text-anchor", "end"));
                if (double.IsFinite(r.Main.Value))
                {
                    w.Empty("rect", SvgWriter.A("x", plotLeft), SvgWriter.A("y", y), SvgWriter.A("width", Math.Max(0, X(r.Main.Value) - plotLeft)), SvgWriter.A("height", BarPx),
                        SvgWriter.A("fill", ChartPalette.OkabeIto[5]));
                    if (double.IsFinite(r.Main.CiLower) && double.IsFinite(r.Main.CiUpper))
                        w.Empty("line", SvgWriter.A("x1", X(r.Main.CiLower)), SvgWriter.A("x2", X(r.Main.CiUpper)), SvgWriter.A("y1", y + BarPx / 2), SvgWriter.A("y2", y + BarPx / 2),
                            SvgWriter.A("stroke", "#1A1A1A"), SvgWriter.A("stroke-width", 1.5));
                    w.Element("text", Label(r.Main.Value), SvgWriter.A("x", Math.Max(X(r.Main.Value), X(Finite(r.Main.CiUpper))) + 4), SvgWriter.A("y", y + BarPx - 4),
                        SvgWriter.A("font-size", 10), SvgWriter.A("fill", "#555555"));
                }
                if (r.First is { } s1 && double.IsFinite(s1.Value))
                    w.Empty("circle", SvgWriter.A("cx", X(s1.Value)), SvgWriter.A("cy", y + BarPx / 2), SvgWriter.A("r", 3.5), SvgWriter.A("fill", ChartPalette.OkabeIto[0]));
                y += BarPx + GapPx;
            }
            double floor = rows[0].Main.NoiseFloor;
            if (double.IsFinite(floor) && floor > 0)
                w.Empty("line", SvgWriter.A("x1", X(floor)), SvgWriter.A("x2", X(floor)), SvgWriter.A("y1", y0 + HeaderPx - 2), SvgWriter.A("y2", y),
                    SvgWriter.A("stroke", "#D55E00"), SvgWriter.A("stroke-dasharray", "4 3"));
            w.Empty("line", SvgWriter.A("x1", plotLeft), SvgWriter.A("x2", plotLeft), SvgWriter.A("y1", y0 + HeaderPx - 2), SvgWriter.A("y2", y), SvgWriter.A("stroke", "#1A1A1A"));
            w.Element("text", "0", SvgWriter.A("x", plotLeft), SvgWriter.A("y", y + 12), SvgWriter.A("font-size", 10), SvgWriter.A("text-anchor", "middle"));
            w.Element("text", Label(max), SvgWriter.A("x", plotLeft + plotWidth), SvgWriter.A("y", y + 12), SvgWriter.A("font-size", 10), SvgWriter.A("text-anchor", "middle"));
            y0 += panelHeight;
        }
        SvgDocument.Close(w);
        return w.ToString();
    }

    private static string Label(double v) => v.ToString("G3", Inv);

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;
}
