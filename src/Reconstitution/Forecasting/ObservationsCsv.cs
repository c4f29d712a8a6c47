using System.Globalization;
using Reconstitution.Physiology;

namespace Reconstitution.Forecasting;

/// <summary>
/// Reads a patient's measurements from a tidy CSV file with the header <c>day,measure,value</c>: one row per measurement,
/// measures and units as in <c>trajectory.csv</c> (docs/outputs.md), days in order, missing days simply absent, a value
/// below or above the assay's range written <c>&lt; 0.1</c> or <c>&gt; 1000</c>. Blank lines and lines starting with
/// <c>#</c> are ignored. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Every problem is an <see cref="ObservationFormatException"/> naming the line and the field: an unknown measure, a
/// value that is not a number, a negative count, days out of order, the same measure twice on one day, no rows at all,
/// and a value above the plausible range of its measure, which is how a file in another unit shows (ANC 1,500 is
/// cells/µL where ×10⁹/L is expected; Hb 120 is g/L where g/dL is expected).
/// </remarks>
public static class ObservationsCsv
{
    /// <summary>The required header.</summary>
    public const string Header = "day,measure,value";

    /// <summary>The largest plausible value of each measure in its unit, and the unit a larger value probably was in.</summary>
    private static readonly (Measure Measure, double Max, string Unit, string Hint)[] Ranges =
    [
        (Measure.Anc, 100, "×10⁹/L", "cells/µL? divide by 1000"),
        (Measure.Wbc, 500, "×10⁹/L", "cells/µL? divide by 1000"),
        (Measure.Hb, 25, "g/dL", "g/L? divide by 10"),
        (Measure.Platelets, 3000, "×10⁹/L", "cells/µL? divide by 1000"),
        (Measure.Lymphocytes, 100, "×10⁹/L", "cells/µL? divide by 1000"),
        (Measure.Cd4, 20000, "cells/µL", "cells/mL? divide by 1000"),
        (Measure.Cd8, 20000, "cells/µL", "cells/mL? divide by 1000"),
        (Measure.B, 20000, "cells/µL", "cells/mL? divide by 1000"),
        (Measure.Nk, 20000, "cells/µL", "cells/mL? divide by 1000"),
        (Measure.DonorChimerism, 100, "%", "a percentage is at most 100"),
        (Measure.Autoreactive, double.MaxValue, "cells", ""),
        (Measure.DiseaseActivity, 1, "index in [0, 1)", "the index is below 1"),
        (Measure.Autoantibody, 1000, "× pre-treatment level", "a ratio to the pre-treatment titre, not a titre"),
    ];

    /// <summary>Reads a file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The observations in file order (days non-decreasing).</returns>
    /// <exception cref="ObservationFormatException">The file is malformed; the message names the line and field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<Observation> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var reader = new StreamReader(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <summary>Parses CSV text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">A label for messages, e.g. the file name.</param>
    /// <returns>The observations in order.</returns>
    /// <exception cref="ObservationFormatException">The text is malformed; the message names the line and field.</exception>
    public static IReadOnlyList<Observation> Parse(TextReader reader, string source = "observations")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var list = new List<Observation>();
        var seen = new HashSet<(int, Measure)>();
        bool header = false;
        int lineNumber = 0, lastDay = int.MinValue, lastDayLine = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            var fields = trimmed.Split(',');
            if (!header)
            {
                string[] names = Array.ConvertAll(fields, f => f.Trim().ToLowerInvariant());
                if (string.Join(",", names) != Header)
                    throw new ObservationFormatException(source, lineNumber, null, $"the header is '{trimmed}'; expected '{Header}'.");
                header = true;
                continue;
            }
            if (fields.Length != 3)
                throw new ObservationFormatException(source, lineNumber, null, $"{fields.Length} fields; expected 3 ({Header}).");
            string dayText = fields[0].Trim(), measureText = fields[1].Trim(), valueText = fields[2].Trim();
            if (!int.TryParse(dayText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int day) || day < -60 || day > 36500)
                throw new ObservationFormatException(source, lineNumber, "day", $"'{dayText}' is not allowed; use a whole day from -60 to 36500 relative to infusion (day 0).");
            if (day < lastDay)
                throw new ObservationFormatException(source, lineNumber, "day", $"day {day} comes after day {lastDay} (line {lastDayLine}); rows must be in day order.");
            lastDay = day;
            lastDayLine = lineNumber;
            var measure = ParseMeasure(measureText, source, lineNumber);
            var (value, censoring) = ParseValue(valueText, measure, source, lineNumber);
            if (!seen.Add((day, measure)))
                throw new ObservationFormatException(source, lineNumber, "measure", $"'{measureText}' is given twice on day {day}; give one value per measure and day.");
            list.Add(new Observation(day, measure, value, censoring));
        }
        if (!header) throw new ObservationFormatException(source, 0, null, $"the file is empty; expected the header '{Header}' and at least one row.");
        if (list.Count == 0) throw new ObservationFormatException(source, 0, null, "no observations; give at least one row day,measure,value (e.g. 3,anc,0.05).");
        return list;
    }

    private static Measure ParseMeasure(string text, string source, int line)
    {
        foreach (var m in MeasureNames.All)
            if (string.Equals(MeasureNames.Of(m), text, StringComparison.OrdinalIgnoreCase)) return m;
        throw new ObservationFormatException(source, line, "measure", $"'{text}' is not a known measure; use one of: {string.Join(", ", MeasureNames.All.Select(MeasureNames.Of))}.");
    }

    private static (double Value, ObservationCensoring Censoring) ParseValue(string text, Measure measure, string source, int line)
    {
        var censoring = ObservationCensoring.None;
        string number = text;
        if (text.StartsWith('<')) { censoring = ObservationCensoring.Below; number = text[1..].Trim(); }
        else if (text.StartsWith('>')) { censoring = ObservationCensoring.Above; number = text[1..].Trim(); }
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new ObservationFormatException(source, line, "value", $"'{text}' is not a number; write e.g. 0.35, or '< 0.1' for a value below the detection limit.");
        if (value < 0)
            throw new ObservationFormatException(source, line, "value", $"{text} is negative; {MeasureNames.Of(measure)} is ≥ 0.");
        if (censoring == ObservationCensoring.Below && value == 0)
            throw new ObservationFormatException(source, line, "value", $"'{text}' cannot happen (no count is below 0); give the detection limit, e.g. '< 0.1'.");
        var r = Array.Find(Ranges, x => x.Measure == measure);
        if (value > r.Max)
            throw new ObservationFormatException(source, line, "value", string.Create(CultureInfo.InvariantCulture,
                $"{text} is above the plausible maximum {r.Max} {r.Unit} of '{MeasureNames.Of(measure)}'; is the file in another unit ({r.Hint})? Values are in the units of trajectory.csv (docs/outputs.md)."));
        return (value, censoring);
    }
}
