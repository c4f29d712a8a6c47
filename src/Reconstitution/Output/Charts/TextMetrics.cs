namespace Reconstitution.Output.Charts;

/// <summary>
/// Estimates of how wide text is drawn, so that labels can be placed without overlapping when no
/// font engine is at hand.
/// </summary>
/// <remarks>
/// Widths are the advance widths of DejaVu Sans and DejaVu Sans Bold (the first font of
/// <see cref="FontFamily"/>; read from the fonts' hmtx tables, in thousandths of an em) for
/// printable ASCII and the symbols charts use; other characters count as 0.84 em, or 1 em in
/// East Asian scripts. A 5 % margin is added. Verdana is as wide as DejaVu Sans and Arial
/// narrower, so the estimate holds or errs on the wide side for the fallback fonts too.
/// </remarks>
internal static class TextMetrics
{
    /// <summary>The font stack of every text element.</summary>
    public const string FontFamily = "'DejaVu Sans', Verdana, Arial, sans-serif";

    /// <summary>Line height as a multiple of the font size.</summary>
    public const double LineHeight = 1.25;

    private const double Margin = 1.05;

    // Advance widths (1/1000 em) of characters 32 (space) to 126 (~).
    private static readonly short[] Regular =
    [
        317, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636,
        636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
        603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
        634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
    ];

    private static readonly short[] Bold =
    [
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696,
        696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
        733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
        712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
    ];

    /// <summary>The estimated width in pixels of <paramref name="text"/> on one line.</summary>
    public static double Width(string text, double fontSizePx, bool bold = false)
    {
        double em = 0;
        foreach (char c in text) em += CharWidthEm(c, bold);
        return em * fontSizePx * Margin;
    }

    /// <summary>Breaks <paramref name="text"/> at spaces into lines no wider than <paramref name="maxWidthPx"/>; a word longer than that keeps its own line.</summary>
    public static List<string> Wrap(string text, double maxWidthPx, double fontSizePx, bool bold = false)
    {
        var lines = new List<string>();
        string current = "";
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && Width(candidate, fontSizePx, bold) > maxWidthPx)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }
        if (current.Length > 0 || lines.Count == 0) lines.Add(current);
        return lines;
    }

    private static double CharWidthEm(char c, bool bold)
    {
        if (c is >= ' ' and <= '~') return (bold ? Bold : Regular)[c - ' '] / 1000.0;
        double scale = bold ? 1.1 : 1.0;
        return scale * c switch
        {
            '⁰' or '¹' or '²' or '³' or '⁴' or '⁵' or '⁶' or '⁷' or '⁸' or '⁹' => 0.401,
            '⁻' or '⁺' => 0.528,
            '–' => 0.5,
            '—' or '…' => 1.0,
            '\u2009' or '\u202F' => 0.2, // thin and narrow no-break spaces
            '\u00A0' => 0.318,
            '°' => 0.5,
            'µ' or 'α' or 'β' or 'γ' or 'κ' => 0.66,
            >= '\u2E80' => 1.0, // CJK and other full-width scripts
            _ => 0.84, // ×, −, ±, ≥, ≤ and anything else
        };
    }
}
