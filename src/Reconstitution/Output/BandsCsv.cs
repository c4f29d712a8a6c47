using System.Text;
using Reconstitution.Cohorts;
using Reconstitution.Physiology;

namespace Reconstitution.Output;

/// <summary>Writes <c>bands.csv</c>: <c>day,measure,patients,p05,p50,p95</c> for every sampled day (<see cref="TrajectoryBands.IsSampled"/>: daily to day 730, then every 30 days) and measure of a cohort's bands. Thread-safe.</summary>
/// <remarks>The cohort-level trajectory file; per-patient trajectories go to <see cref="TrajectoryCsvWriter"/> and are written only when asked for, since they grow with the cohort.</remarks>
public static class BandsCsv
{
    /// <summary>The file's text.</summary>
    /// <param name="bands">The bands.</param>
    /// <returns>The CSV text.</returns>
    public static string Format(TrajectoryBands bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        var sb = new StringBuilder("day,measure,patients,p05,p50,p95\n");
        foreach (int day in bands.SampledDays)
            foreach (var m in MeasureNames.All)
            {
                long n = bands.CountAt(m, day);
                sb.Append(CsvFormat.Int(day)).Append(',').Append(MeasureNames.Of(m)).Append(',').Append(n).Append(',');
                sb.Append(CsvFormat.Compact(bands.Quantile(m, day, 0.05))).Append(',')
                  .Append(CsvFormat.Compact(bands.Quantile(m, day, 0.5))).Append(',')
                  .Append(CsvFormat.Compact(bands.Quantile(m, day, 0.95))).Append('\n');
            }
        return sb.ToString();
    }

    /// <summary>Writes the file atomically (temporary file, then rename).</summary>
    /// <param name="path">The path.</param>
    /// <param name="bands">The bands.</param>
    public static void Save(string path, TrajectoryBands bands) => AtomicFile.WriteAllText(path, Format(bands));
}
