namespace Reconstitution.Output.Charts;

/// <summary>
/// The colours a <see cref="Chart"/> gives its data series, in order. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The Okabe–Ito palette (Okabe &amp; Ito, "Color Universal Design", 2008; recommended by
/// Wong, Nature Methods 8:441, 2011), which stays distinguishable under the common forms of
/// colour-vision deficiency. The yellow of the original palette is left last because it is
/// hard to see on white.
/// </remarks>
public static class ChartPalette
{
    private static readonly string[] Colors =
    [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow
    ];

    /// <summary>The palette as CSS hex colours (<c>#RRGGBB</c>), in the order series receive them.</summary>
    public static IReadOnlyList<string> OkabeIto => Colors;

    /// <summary>The colour of the series at <paramref name="index"/> among a chart's data series; wraps around.</summary>
    internal static string At(int index) => Colors[index % Colors.Length];
}
