// Sample 08 — How many isolation beds does a transplant unit need?
// A unit transplants 6 patients a month with autologous grafts (auto-cy-atg). It plans to switch to single cord-blood
// transplants (cord-single-mac). Each patient's stay comes from that patient's simulated blood counts: the bed is
// freed when the ANC has recovered (≥ 0.5 ×10⁹/L on 3 days after the nadir), with no transfusion for 2 days and no
// new infection for 7. For each protocol and bed count the unit is simulated for two years.
//
//   dotnet run --project samples/08-transplant-unit             (6 referrals/month, 24 months, 4–16 beds)
//   dotnet run --project samples/08-transplant-unit -- --quick  (6 referrals/month, 6 months, 3 bed counts)

using Reconstitution.Output.Charts;
using Reconstitution.Protocols;
using Reconstitution.TransplantUnit;

var options = SampleArgs.Parse(args, "08-transplant-unit");
double months = options.Quick ? 6 : 24;
int[] bedCounts = options.Quick ? [4, 8, 12] : [4, 5, 6, 7, 8, 9, 10, 12, 14, 16];
string[] protocols = ["auto-cy-atg", "cord-single-mac"];

var results = new Dictionary<(string Protocol, int Beds), UnitResult>();
foreach (string name in protocols)
{
    foreach (int beds in bedCounts)
    {
        var unit = new UnitSpecification(BuiltInProtocols.Get(name))
        {
            Beds = beds,
            ArrivalsPerMonth = 6,
            Months = months,
            WarmupMonths = options.Quick ? 1 : 3,
            MaxBedWaitDays = 60,   // after two months on the waiting list a patient is referred elsewhere
            Seed = options.Seed,   // same seed: the same referrals and the same patients for every bed count
        };
        results[(name, beds)] = UnitSimulation.Run(unit);
    }
}

Console.WriteLine($"6 referrals/month for {months} months; stays from the simulated patients");
Console.WriteLine($"{"protocol",-16} {"beds",4} {"median stay",11} {"occupied",9} {"all full",9} {"delayed",8} {"mean wait",10} {"turned away",12}");
foreach (var ((name, beds), r) in results)
{
    UnitSummary s = r.Summary;
    Console.WriteLine($"{name,-16} {beds,4} {s.LengthOfStay[0].MedianDays,8:0} d {s.MeanOccupiedBeds,9:0.0} {100 * s.FullFraction,8:0}% " +
                      $"{100 * Share(s.Delayed, s.Admitted),7:0}% {s.MeanBedWaitDays,8:0.0} d {s.TurnedAway,12}");
}

// Panel 1: the share of admissions that had to wait for a bed; panel 2: the mean wait.
var bedsAxis = ChartAxis.Linear("Isolation beds", "", 0, bedCounts.Max() + 1);
double[] x = [.. bedCounts.Select(b => (double)b)];
var delayed = new Chart("Admissions that waited for a bed", bedsAxis, ChartAxis.Linear("Delayed", "% of admissions", 0, 100))
    .WithLegend(LegendPosition.Bottom);
var waits = new Chart("Mean wait for a bed", bedsAxis, ChartAxis.Linear("Wait", "days", 0, null))
    .WithLegend(LegendPosition.Bottom);
foreach (string name in protocols)
{
    UnitSummary[] s = [.. bedCounts.Select(b => results[(name, b)].Summary)];
    delayed = delayed.AddPoints(name, x, [.. s.Select(v => 100 * Share(v.Delayed, v.Admitted))], null, null, connect: true);
    waits = waits.AddPoints(name, x, [.. s.Select(v => v.MeanBedWaitDays)], null, null, connect: true);
}

new ChartGrid("Beds needed for autologous vs cord-blood transplants (6 referrals a month)", columns: 2, [delayed, waits])
    .WithCaption($"Each point: one simulated unit over {months} months, the same referrals and patients (seed {options.Seed}). Patients waiting over 60 days are turned away.")
    .Save(options.File("bed-planning.svg"));

// The occupancy over time of a cord-blood unit with the beds an autologous unit needs.
int autoBeds = bedCounts.First(b => Share(results[("auto-cy-atg", b)].Summary.Delayed, results[("auto-cy-atg", b)].Summary.Admitted) <= 0.1);
results[("cord-single-mac", autoBeds)].OccupancyChart().Save(options.File("occupancy-cord.svg"));
Console.WriteLine($"An autologous unit delays ≤ 10 % of admissions with {autoBeds} beds; occupancy-cord.svg shows a cord-blood unit with {autoBeds} beds.");

static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
