using System.CommandLine;
using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.TransplantUnit;

namespace Reconstitution.Cli;

/// <summary><c>reconstitution unit</c>: a transplant unit's beds and apheresis slots, with stays from simulated patients.</summary>
internal static class UnitCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(CliApp app)
    {
        var common = new CommonOptions();
        var beds = CliApp.Opt("--beds", "N", "Isolation beds, 1 to 10000 (default 10).");
        var arrivals = CliApp.Opt("--arrivals-per-month", "R", "Mean referrals per month (Poisson), above 0 up to 10000 (default 4).");
        var months = CliApp.Opt("--months", "M", "Months of referrals, above 0 up to 1200 (default 24).");
        var warmup = CliApp.Opt("--warmup-months", "W", "Months left out of the occupancy summary while the empty unit fills, 0 up to below --months (default 3, or 0 if --months ≤ 3).");
        var slots = CliApp.Opt("--apheresis-slots", "N", "Apheresis slots for autologous collections, 1 to 1000 (default 1).");
        var maxWait = CliApp.Opt("--max-wait", "DAYS", "Days a patient waits for a bed before being turned away, 0 to 3650 (default 60).");
        var days = CliApp.Opt("--days", "N", "Days of each patient's course simulated after infusion (discharge and readmissions happen within them), 30 to 3650 (default 100).");
        var anc = CliApp.Opt("--discharge-anc", "X", "Discharge rule: ANC ×10⁹/L to reach after the nadir, above 0 up to 100 (default 0.5).");
        var ancDays = CliApp.Opt("--discharge-anc-days", "N", "Discharge rule: consecutive days at that ANC, 1 to 30 (default 3).");
        var transfusionFree = CliApp.Opt("--transfusion-free-days", "N", "Discharge rule: days without a transfusion, 0 (ignore) to 60 (default 2).");
        var infectionFree = CliApp.Opt("--infection-free-days", "N", "Discharge rule: days without a new infection, 0 (ignore) to 60 (default 7).");
        var cmd = new Command("unit",
            "Simulate a transplant unit: referrals wait for apheresis and an isolation bed; each stay comes from a simulated patient. " +
            "Write unit-patients.csv, unit-occupancy.csv, unit-summary.json and occupancy.svg.");
        cmd.Options.Add(common.Protocol);
        foreach (var o in new[] { beds, arrivals, months, warmup, slots, maxWait, days, anc, ancDays, transfusionFree, infectionFree }) cmd.Options.Add(o);
        foreach (var o in new Option[] { common.Seed, common.Disease, common.Threads, common.Out, common.Json, common.Quiet }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var protocol = ArgumentParsing.Protocol(pr.GetValue(common.Protocol));
            double m = ArgumentParsing.Double(pr.GetValue(months), "--months", 1e-3, 1200, 24, "months");
            var spec = new UnitSpecification(protocol)
            {
                Beds = ArgumentParsing.Int(pr.GetValue(beds), "--beds", 1, 10_000, 10),
                ArrivalsPerMonth = ArgumentParsing.Double(pr.GetValue(arrivals), "--arrivals-per-month", 1e-3, 10_000, 4, "per month"),
                Months = m,
                WarmupMonths = Warmup(pr.GetValue(warmup), m),
                ApheresisSlots = ArgumentParsing.Int(pr.GetValue(slots), "--apheresis-slots", 1, 1000, 1),
                MaxBedWaitDays = ArgumentParsing.Double(pr.GetValue(maxWait), "--max-wait", 0, 3650, 60, "days"),
                Discharge = new DischargeRule
                {
                    AncThresholdE9PerLiter = ArgumentParsing.Double(pr.GetValue(anc), "--discharge-anc", 1e-3, 100, 0.5, "×10⁹/L"),
                    AncConsecutiveDays = ArgumentParsing.Int(pr.GetValue(ancDays), "--discharge-anc-days", 1, 30, 3),
                    TransfusionFreeDays = ArgumentParsing.Int(pr.GetValue(transfusionFree), "--transfusion-free-days", 0, 60, 2),
                    InfectionFreeDays = ArgumentParsing.Int(pr.GetValue(infectionFree), "--infection-free-days", 0, 60, 7),
                },
                Covariates = CovariateDistribution.Default with { Disease = ArgumentParsing.Disease(pr.GetValue(common.Disease), AutoimmuneDisease.MultipleSclerosis) },
                PatientOptions = new PatientSimulationOptions { Days = ArgumentParsing.Int(pr.GetValue(days), "--days", 30, 3650, 100) },
                Seed = ArgumentParsing.Seed(pr.GetValue(common.Seed), CommonOptions.DefaultSeed),
                Threads = ArgumentParsing.Int(pr.GetValue(common.Threads), "--threads", 1, 1024, Math.Min(Environment.ProcessorCount, 1024)),
            };
            using var folder = RunFolder.Open(app, pr.GetValue(common.Out), "unit");
            UnitResult result;
            try
            {
                result = UnitSimulation.Run(spec, app.Cancellation);
            }
            catch (OperationCanceledException)
            {
                folder.Finish(cancelled: true); // nothing written; run.json says "cancelled"
                throw;
            }
            folder.WriteText("unit-patients.csv", result.PatientsCsv());
            folder.WriteText("unit-occupancy.csv", result.OccupancyCsv());
            folder.WriteText("unit-summary.json", result.ToJson());
            folder.WriteText("occupancy.svg", result.OccupancyChart().ToSvg());
            folder.Finish();
            if (pr.GetValue(common.Json)) app.Out.Write(result.ToJson());
            else if (!pr.GetValue(common.Quiet))
            {
                SummaryTable.Print(app.Out, Rows(result));
                app.Out.WriteLine($"  Wrote unit-patients.csv, unit-occupancy.csv, unit-summary.json, occupancy.svg, run.json to '{folder.Dir}'.");
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    private static IEnumerable<(string, string)> Rows(UnitResult r)
    {
        UnitSummary s = r.Summary;
        UnitSpecification spec = r.Specification;
        yield return ("Protocol", string.Join(", ", spec.Protocols.Select(p => p.Name)));
        yield return ("Unit", string.Create(Inv, $"{spec.Beds} beds, {spec.ApheresisSlots} apheresis slot(s), {spec.ArrivalsPerMonth:0.###} referrals/month for {spec.Months:0.##} months, seed {spec.Seed}"));
        yield return ("Referred", string.Create(Inv, $"{s.Referred}: {s.Admitted} admitted ({s.Delayed} after waiting), {s.TurnedAway} turned away"));
        yield return ("Wait for a bed", string.Create(Inv, $"mean {Days(s.MeanBedWaitDays)}, 90th percentile {Days(s.P90BedWaitDays)}"));
        yield return ("Bed occupancy", string.Create(Inv, $"mean {s.MeanOccupiedBeds:0.0} of {s.Beds} ({100 * s.Utilisation:0}%), all full {100 * s.FullFraction:0}% of the time, peak {s.MaxOccupiedBeds:0} (days {s.WindowStartDay:0}–{s.WindowEndDay:0})"));
        foreach (var l in s.LengthOfStay)
            yield return ($"Stay, {l.Protocol}", l.Admitted == 0 ? "nobody admitted"
                : string.Create(Inv, $"median {l.MedianDays:0.#} days (10–90%: {l.P10Days:0.#}–{l.P90Days:0.#}), mean {l.MeanDays:0.#}; {l.DiedInUnit} died, {l.Unresolved} unresolved"));
        yield return ("Readmissions", s.Readmissions.ToString(Inv));
    }

    private static double Warmup(string? text, double months)
    {
        double w = ArgumentParsing.Double(text, "--warmup-months", 0, 1200, months > 3 ? 3 : 0, "months");
        if (w >= months)
            throw new UsageException($"--warmup-months: {ArgumentParsing.Quote(text ?? "3")} is not allowed; it must be less than --months ({months.ToString(Inv)}).");
        return w;
    }

    private static string Days(double d) => double.IsNaN(d) ? "—" : d.ToString("0.0", Inv) + " days";
}
