using System.CommandLine;
using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Physiology;

namespace Reconstitution.Cli;

/// <summary><c>reconstitution simulate</c>: one patient with given covariates.</summary>
internal static class SimulateCommand
{
    /// <summary>The default --out of simulate: its own folder, so a single patient never mixes with a cohort's files in ./out.</summary>
    public const string DefaultFolder = "out/simulate";

    public static Command Build(CliApp app)
    {
        var common = new CommonOptions();
        var age = CliApp.Opt("--age", "A", "Age in years, 0 to 120 (default 40).");
        var weight = CliApp.Opt("--weight", "KG", "Weight in kg, 2 to 300 (default 70).");
        var sex = CliApp.Opt("--sex", "male|female", "Biological sex (default female).");
        var cmd = new Command("simulate", "Simulate one patient; print a summary; write patients.csv, trajectory.csv, summary.json and counts.svg.");
        common.AddTo(cmd, patients: false, threads: false);
        common.Out.Description = $"Output folder (default ./{DefaultFolder}); created if missing; an earlier run's files in it are removed.";
        cmd.Options.Add(age);
        cmd.Options.Add(weight);
        cmd.Options.Add(sex);
        cmd.SetAction(pr =>
        {
            var covariates = new PatientCovariates
            {
                AgeYears = ArgumentParsing.Double(pr.GetValue(age), "--age", 0, 120, 40, "years"),
                WeightKg = ArgumentParsing.Double(pr.GetValue(weight), "--weight", 2, 300, 70, "kg"),
                Sex = ArgumentParsing.Sex(pr.GetValue(sex), BiologicalSex.Female),
                Disease = ArgumentParsing.Disease(pr.GetValue(common.Disease), AutoimmuneDisease.MultipleSclerosis),
            };
            var spec = common.Specification(pr) with { Patients = 1, Threads = 1, Covariates = CovariateDistribution.Fixed(covariates) };
            bool quiet = pr.GetValue(common.Quiet);
            using var folder = RunFolder.Open(app, pr.GetValue(common.Out), "simulate", DefaultFolder);
            var run = CohortRunner.Run(app, spec, folder, trajectories: 1, showProgress: false, keepCourses: true, charts: false);
            if (run.Run.Cancelled || run.Summary is null) return CohortRunner.Cancelled(app, run.Run, folder);
            var course = run.Courses[0];
            string title = string.Create(CultureInfo.InvariantCulture,
                $"Blood counts after {spec.Protocol.Name}: {covariates.AgeYears:0.#}-year-old {(covariates.Sex == BiologicalSex.Female ? "woman" : "man")}, {covariates.WeightKg:0.#} kg, {DiseaseNames.Describe(covariates.Disease)}");
            folder.WriteText("counts.svg", CohortCharts.PatientCounts(course.Trajectory, title).ToSvg());
            folder.Finish();
            if (pr.GetValue(common.Json)) app.Out.Write(run.Summary.ToJson());
            else if (!quiet)
            {
                SummaryTable.Print(app.Out, Rows(spec.Protocol.Name, covariates, course.Outcome));
                app.Out.WriteLine($"  Wrote patients.csv, trajectory.csv, summary.json, counts.svg, run.json to '{folder.Dir}'.");
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static IEnumerable<(string, string)> Rows(string protocol, PatientCovariates c, Outcomes.PatientOutcome o)
    {
        var inv = CultureInfo.InvariantCulture;
        static string Day(int? d) => d is { } x ? "day " + x.ToString(CultureInfo.InvariantCulture) : "—";
        yield return ("Protocol", protocol);
        yield return ("Patient", string.Create(inv, $"{c.AgeYears:0.#} years, {(c.Sex == BiologicalSex.Female ? "female" : "male")}, {c.WeightKg:0.#} kg, disease {DiseaseNames.Of(c.Disease)}"));
        yield return ("Simulated to", "day " + o.LastDay.ToString("0", inv));
        yield return ("Neutrophil engraftment", o.NeverNeutropenic ? "not applicable (ANC never below 0.5)" : Day(o.NeutrophilEngraftmentDay));
        yield return ("Platelet engraftment", o.NeverThrombocytopenic ? "not applicable (platelets never below 20)" : Day(o.PlateletEngraftmentDay));
        yield return ("Primary graft failure", o.PrimaryGraftFailure ? "yes" : "no");
        yield return ("Nadirs", string.Create(inv, $"ANC {o.AncNadirE9PerLiter:0.###} ×10⁹/L, platelets {o.PlateletNadirE9PerLiter:0.#} ×10⁹/L, Hb {o.HemoglobinNadirGPerDl:0.#} g/dL"));
        yield return ("Days ANC < 0.5", o.DaysAncBelow0_5.ToString(inv));
        yield return ("Transfusions", string.Create(inv, $"{o.RedCellUnits} red-cell units, {o.PlateletTransfusions} platelet doses"));
        yield return ("Infections", o.Infections.ToString(inv));
        yield return ("Acute / chronic GVHD", $"{Day(o.AcuteGvhdDay)} / {Day(o.ChronicGvhdDay)}");
        yield return ("Autoreactive clone", o.HasDisease ? (o.AutoreactiveEradicationDay is { } e ? $"eradicated on day {e}" : "persists") : "no disease");
        yield return ("Relapse", Day(o.RelapseDay));
        yield return ("Death", o.DeathDay is { } d ? $"day {d} ({o.DeathCause})" : "alive at the end");
    }
}
