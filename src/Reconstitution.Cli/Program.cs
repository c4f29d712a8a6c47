using System.Globalization;
using Reconstitution.Kernel;
using Reconstitution.Monitoring;
using Reconstitution.Randomness;

// A toy transplant timetable on the discrete-event kernel (a demo until the physiology layers
// land): conditioning callbacks on days −6…−1, a day-0 infusion process, a recovery process with
// daily timeouts that a fever interrupts, and G-CSF given from day +5 until the toy ANC ≥ 1.0.
// The numbers are illustrative, not a model.
if (args.Length > 0 && args[0] == "protocol") return ProtocolCommand.Run(args[1..]);

var inv = CultureInfo.InvariantCulture;
var sim = new Simulation(startTimeDays: -7);
var log = new EventLog();
var recorder = new Recorder();
var rng = RandomStream.Create(seed: 42, index: 0, purpose: "demo");

double marrow = 1.0;        // fraction of normal marrow cellularity
double anc = 4.0;           // absolute neutrophil count, 10⁹/L
bool gcsf = false;
SimEvent infused = sim.Event("infusion");

string[] agents = ["cyclophosphamide", "cyclophosphamide", "cyclophosphamide", "cyclophosphamide", "ATG", "ATG"];
for (int day = -6; day <= -1; day++)
{
    string agent = agents[day + 6];
    sim.Schedule(day, () =>
    {
        marrow *= 0.45;
        anc *= 0.4;
        log.Add(sim.Now, "conditioning", string.Create(inv, $"{agent}; marrow at {marrow * 100:0}% of normal"));
    });
}

sim.Process(Infusion(), "infusion");
Process recovery = sim.Process(Recovery(), "recovery");
sim.Process(Gcsf(), "G-CSF");
sim.Schedule(7.5, () =>
{
    log.Add(sim.Now, "fever", "febrile neutropenia: recovery interrupted");
    recovery.Interrupt("fever");
});
recorder.SampleEvery(sim, intervalDays: 1, untilDays: 30, "ANC", () => anc);

sim.Run(untilDays: 30);

Console.WriteLine("reconstitution: toy transplant timetable (kernel demo)");
foreach (LogEntry e in log.Entries)
    Console.WriteLine($"  day {e.TimeDays.ToString("+0.0;-0.0; 0.0", inv),6}  {e.Kind,-13} {e.Detail}");
TimeSeries ancSeries = recorder.Series("ANC");
Console.Write("  ANC (10⁹/L) by day:");
for (int i = 0; i < ancSeries.Count; i += 5)
    Console.Write(string.Create(inv, $" d{ancSeries.TimesDays[i]:+0;-0;0}={ancSeries.Values[i]:0.00}"));
Console.WriteLine();
Console.WriteLine($"  {sim.ProcessedEventCount} events processed; clock at day {sim.Now:0}.");
return 0;

IEnumerable<SimEvent> Infusion()
{
    yield return sim.Timeout(0 - sim.Now); // wait for day 0
    log.Add(sim.Now, "infusion", "autologous CD34+ graft, 5×10⁶/kg");
    infused.Succeed();
}

IEnumerable<SimEvent> Recovery()
{
    yield return infused;
    int daysAbove = 0;
    while (daysAbove < 3)
    {
        yield return sim.Timeout(1);
        if (sim.ActiveProcess!.TryGetInterrupt(out object? cause))
        {
            log.Add(sim.Now, "interrupt", $"recovery paused by {cause}; resumes in 2 days");
            yield return sim.Timeout(2);
            continue;
        }

        // Toy engraftment kinetics: slow start, faster with G-CSF, a little noise.
        double growth = (sim.Now < 8 ? 1.12 : 1.55) * (gcsf ? 1.25 : 1.0);
        anc = Math.Min(6.0, Math.Max(0.01, anc) * growth * (0.95 + (0.1 * rng.NextUniform())));
        daysAbove = anc >= 0.5 ? daysAbove + 1 : 0;
    }

    log.Add(sim.Now, "engraftment", string.Create(inv, $"ANC ≥ 0.5 on 3 consecutive days (first: day {sim.Now - 2:+0.0})"));
}

IEnumerable<SimEvent> Gcsf()
{
    yield return sim.Timeout(5 - sim.Now);
    gcsf = true;
    log.Add(sim.Now, "G-CSF", "started");
    while (anc < 1.0) yield return sim.Timeout(1);
    gcsf = false;
    log.Add(sim.Now, "G-CSF", string.Create(inv, $"stopped: ANC {anc:0.00} ≥ 1.0"));
}
