using System.Globalization;
using System.Text;
using Reconstitution.Output;

namespace Reconstitution.Sensitivity;

/// <summary>
/// <c>points.csv</c>: one row per evaluated point of a <see cref="SensitivityStudy"/> with its parameter values and endpoint
/// values, numbers in shortest round-trip form, so the outputs of shards read back exactly. Stateless and thread-safe.
/// </summary>
/// <remarks>Columns: <c>point</c>, <c>designPoint</c>, <c>seed</c>, one per parameter (by name), one per endpoint (by name; empty where undefined).</remarks>
public static class SensitivityPointsCsv
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The text for points <paramref name="first"/> … <paramref name="first"/> + outputs.Count − 1.</summary>
    /// <param name="study">The study.</param>
    /// <param name="first">The first point's number.</param>
    /// <param name="outputs">Per point, one value per endpoint (from <see cref="SensitivityStudy.Evaluate"/>).</param>
    /// <returns>The CSV text.</returns>
    public static string Format(SensitivityStudy study, int first, IReadOnlyList<double[]> outputs)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(outputs);
        var sb = new StringBuilder(Header(study)).Append('\n');
        for (int i = 0; i < outputs.Count; i++)
        {
            int p = first + i;
            var cells = new List<string> { CsvFormat.Int(p), CsvFormat.Int(study.DesignPointOf(p)), study.SeedOf(p).ToString(Inv) };
            cells.AddRange(study.ValuesOf(p).Select(v => CsvFormat.Exact(v)));
            cells.AddRange(outputs[i].Select(v => double.IsFinite(v) ? CsvFormat.Exact(v) : ""));
            sb.AppendJoin(',', cells).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Reads the endpoint values of points <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="study">The study the points belong to (its parameters and endpoints must head the columns).</param>
    /// <param name="first">The expected first point.</param>
    /// <param name="count">The expected number of points.</param>
    /// <returns>Per point, one value per endpoint.</returns>
    /// <exception cref="FormatException">The header, a point number or a value does not match (the message names the line).</exception>
    public static List<double[]> ReadOutputs(string text, SensitivityStudy study, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(study);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int k = study.Space.Parameters.Count, e = study.Endpoints.Count;
        if (lines.Length == 0 || lines[0] != Header(study)) throw new FormatException("line 1: the header differs from this study's parameters and endpoints.");
        if (lines.Length - 1 != count) throw new FormatException(string.Create(Inv, $"{lines.Length - 1} points; expected {count}."));
        var outputs = new List<double[]>(count);
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != 3 + k + e || cells[0] != (first + i - 1).ToString(Inv))
                throw new FormatException(string.Create(Inv, $"line {i + 1}: expected point {first + i - 1} with {3 + k + e} cells."));
            var row = new double[e];
            for (int j = 0; j < e; j++)
            {
                string c = cells[3 + k + j];
                if (c.Length == 0) row[j] = double.NaN;
                else if (!double.TryParse(c, NumberStyles.Float, Inv, out row[j])) throw new FormatException(string.Create(Inv, $"line {i + 1}: '{c}' is not a number."));
            }
            outputs.Add(row);
        }
        return outputs;
    }

    private static string Header(SensitivityStudy study) =>
        string.Join(',', new[] { "point", "designPoint", "seed" }.Concat(study.Space.Parameters.Select(p => p.Parameter.Name)).Concat(study.Endpoints.Select(x => x.Name)));
}
