using System.Globalization;
using System.Runtime.ExceptionServices;
using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Cli;

/// <summary>Runs a cohort into an output folder: the streamed CSVs, then summary.json, bands.csv and the charts.</summary>
internal static class CohortRunner
{
    public sealed record Outcome(CohortRunResult Run, CohortSummaryBuilder Builder, CohortSummary? Summary, IReadOnlyList<Outcomes.PatientCourse> Courses);

    // trajectories: patients whose daily readouts go to trajectory.csv; keepCourses: keep every course in memory
    // (single-patient runs); prefix: file-name prefix (compare writes two cohorts into one folder).
    public static Outcome Run(CliApp app, CohortSpecification spec, RunFolder folder, int trajectories, bool showProgress, bool keepCourses = false, string prefix = "", bool charts = true)
    {
        var builder = new CohortSummaryBuilder(spec);
        var collector = keepCourses ? new CourseCollector() : null;
        CohortRunResult result;
        // The streamed CSVs go to temporary files, renamed into place only when the run ends (finished or cancelled):
        // a failure leaves no half-written file under a real name.
        string patientsName = prefix + "patients.csv", trajectoryName = prefix + "trajectory.csv";
        using (var patients = new PatientsCsvWriter(folder.CreateText(patientsName), ownsWriter: true))
        using (var trajectory = trajectories > 0 ? new TrajectoryCsvWriter(folder.CreateText(trajectoryName), trajectories, ownsWriter: true) : null)
        {
            var sinks = new List<ICohortSink> { patients, builder };
            if (trajectory is not null) sinks.Add(trajectory);
            if (collector is not null) sinks.Add(collector);
            string label = string.Create(CultureInfo.InvariantCulture, $"{spec.Protocol.Name}: {spec.Patients:N0} patients × {spec.Days} days");
            result = ConsoleProgress.Run(showProgress && app.Interactive, label, spec.Patients,
                progress => Cohort.Run(spec, sinks, progress, app.Cancellation));
        }
        folder.Commit(patientsName);
        if (trajectories > 0) folder.Commit(trajectoryName);
        CohortSummary? summary = null;
        if (builder.Count > 0)
        {
            // The summary, bands.csv and the charts only read the finished cohort, so they are formatted at once (on the
            // cores the patients no longer need), then written in a fixed order.
            string who = string.Create(CultureInfo.InvariantCulture, $"{builder.Count:N0} virtual patients, {spec.Protocol.Name}");
            // Names and formatters in two lists of reference types, filled in step by Add: a list of (name, formatter)
            // tuples and its ConvertAll were generic code over a framework value type, JIT-compiled in every run.
            var names = new List<string>();
            var formats = new List<Func<string>>();
            void Add(string name, Func<string> format)
            {
                names.Add(prefix + name);
                formats.Add(format);
            }
            Add("summary.json", () => (summary = builder.Build()).ToJson());
            Add("bands.csv", () => BandsCsv.Format(builder.Bands));
            if (charts)
            {
                Add("bands.svg", () => CohortCharts.CohortBands(builder.Bands, $"Blood counts after {spec.Protocol.Name}: {builder.Count:N0} virtual patients").ToSvg());
                Add("lymphocytes.svg", () => CohortCharts.CohortBands(builder.Bands, $"Lymphocyte recovery after {spec.Protocol.Name}: {builder.Count:N0} virtual patients", lymphocytes: true).ToSvg());
                Add("incidence.svg", () => CohortCharts.Incidence(builder.Records, spec.Days, $"Cumulative incidence — {who}").ToSvg());
            }
            var texts = FormatAll(formats);
            for (int i = 0; i < names.Count; i++) folder.WriteText(names[i], texts[i]);
        }
        return new Outcome(result, builder, summary, collector?.Courses ?? []);
    }

    /// <summary>
    /// Runs every formatter at once and returns their texts in order. If any fail, rethrows the exception of the first
    /// failing formatter by index (with its original stack trace), as formatting them one by one would have, whichever
    /// failed first in time.
    /// </summary>
    /// <remarks>
    /// The first formatter runs on the calling thread, each other one on a thread of its own: a handful of jobs, run once at
    /// the end of a process that has no other use for the thread pool. <c>Parallel.For</c> cost ≈ 6 ms more CPU per run,
    /// starting the pool's threads and initialising its event source (benchmarks/results/cohort.md, session 12).
    /// </remarks>
    internal static string[] FormatAll(IReadOnlyList<Func<string>> formats)
    {
        var texts = new string[formats.Count];
        var errors = new Exception?[formats.Count];
        void Format(int i)
        {
            try
            {
                texts[i] = formats[i]();
            }
            catch (Exception ex)
            {
                errors[i] = ex;
            }
        }
        var threads = new Thread[Math.Max(0, formats.Count - 1)];
        for (int i = 0; i < threads.Length; i++)
        {
            int index = i + 1;
            threads[i] = new Thread(() => Format(index)) { IsBackground = true, Name = "cohort-format-" + index };
            threads[i].Start();
        }
        if (formats.Count > 0) Format(0);
        foreach (var thread in threads) thread.Join();
        if (Array.Find(errors, e => e is not null) is { } first) ExceptionDispatchInfo.Throw(first);
        return texts;
    }

    /// <summary>Reports a cancelled run on standard error and returns exit code 130.</summary>
    public static int Cancelled(CliApp app, CohortRunResult run, RunFolder folder)
    {
        folder.Finish(cancelled: true);
        app.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reconstitution: cancelled; {run.Finished} of {run.Requested} patients finished; the files in '{folder.Dir}' hold the finished patients ({RunFolder.ManifestName} says \"status\": \"cancelled\")."));
        return ExitCodes.Cancelled;
    }
}
