// Sample 06 — a protocol written in C#.
// A protocol file (sample 07) is a fixed timetable. A protocol in C# can also *react to the patient*: here, a
// melphalan autograft in which G-CSF is given by a rule that reads the morning neutrophil count.
// The student's protocol is the class MelphalanAutograft at the bottom of this file: change it and run again.
//
//   dotnet run --project samples/06-custom-protocol-csharp             (150 patients per rule, 40 days)
//   dotnet run --project samples/06-custom-protocol-csharp -- --quick  (15 patients, 30 days)

using Reconstitution.Analysis;
using Reconstitution.Cohorts;
using Reconstitution.Kernel;
using Reconstitution.Outcomes;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

var options = SampleArgs.Parse(args, "06-custom-protocol-csharp");
int patients = options.PatientsOr(normal: 150, quick: 15);
int days = options.DaysOr(normal: 40, quick: 30);

IProtocol[] variants =
[
    new MelphalanAutograft(GcsfRule.None),
    new MelphalanAutograft(GcsfRule.FromDayFive),
    new MelphalanAutograft(GcsfRule.WhileNeutropenic),
];

var results = new List<(IProtocol Protocol, CohortSummaryBuilder Cohort, double[] GcsfDays)>();
foreach (var protocol in variants)
{
    // A user protocol runs through the same cohort machinery as a built-in one.
    var spec = new CohortSpecification(protocol)
    {
        Patients = patients, Days = days, Seed = options.Seed,
        Covariates = CovariateDistribution.Default with { Disease = AutoimmuneDisease.None },
    };
    var summary = new CohortSummaryBuilder(spec);
    var gcsf = new GcsfDayCounter();
    Cohort.Run(spec, [summary, gcsf]);
    results.Add((protocol, summary, [.. gcsf.Days]));
}

Console.WriteLine($"{patients} patients per rule, {days} days\n");
Console.WriteLine($"{"protocol",-28} {"neutrophils engrafted (median day)",35} {"days ANC<0.5 (mean)",20} {"G-CSF injections (mean)",24} {"infections (mean)",18}");
foreach (var (protocol, cohort, gcsfDays) in results)
{
    var o = cohort.Records.Select(r => r.Outcome).ToArray();
    Console.WriteLine($"{protocol.Name,-28} {cohort.Build().NeutrophilEngraftment?.MedianDay?.ToString("0") ?? "-",35} " +
                      $"{o.Average(x => x.DaysAncBelow0_5),20:0.0} {gcsfDays.Average(),24:0.0} {o.Average(x => x.Infections),18:0.00}");
}

var anc = new Chart("Neutrophils (median of the cohort)", ChartAxis.DaysAfterInfusion(-3, days), ChartAxis.Log10("ANC", "×10⁹/L", 0.01, 30))
    .WithLegend(LegendPosition.Bottom);
var engraftment = new Chart("Neutrophil engraftment", ChartAxis.DaysAfterInfusion(0, days), ChartAxis.Linear("Cumulative incidence", "%", 0, 100))
    .WithLegend(LegendPosition.Bottom);
foreach (var (protocol, cohort, _) in results)
{
    var b = cohort.Bands;
    double[] x = [.. Enumerable.Range(b.FirstDay, b.LastDay - b.FirstDay + 1).Select(d => (double)d)];
    anc = anc.AddLine(protocol.Name, x, [.. x.Select(d => b.Quantile(Measure.Anc, (int)d, 0.5))]);
    // Patients whose ANC never fell below 0.5 have no engraftment to time (ASTCT: after the nadir): left out.
    var observations = cohort.Records.Where(r => !r.Outcome.NeverNeutropenic).Select(r => EngraftmentObservation(r.Outcome)).ToArray();
    engraftment = engraftment.AddCumulativeIncidence(protocol.Name, CumulativeIncidenceCurve.Estimate(observations), days);
}
anc = anc.AddReferenceBand("Normal 2.0–7.5 ×10⁹/L", 2.0, 7.5).AddReferenceLine("Engraftment 0.5 ×10⁹/L", 0.5).AddMarker("Day 0: infusion", 0);

new ChartGrid("A protocol in C#: three G-CSF rules after melphalan 200 mg/m² and an autograft", columns: 2, [anc, engraftment])
    .WithCaption($"{patients} virtual adults per rule (the same patients). G-CSF rules: none; daily from day +5 until the ANC is back at 1.0 (library rule); from the first morning with ANC below 0.5 until it is back at 0.5.")
    .Save(options.File("gcsf-rules.svg"));

// Cause 1 = engrafted that day, 2 = died first (competing), 0 = not engrafted by the end (censored).
static SurvivalObservation EngraftmentObservation(PatientOutcome o)
{
    if (o.NeutrophilEngraftmentDay is int day && (o.DeathDay is not int died || day <= died)) return new(day, 1);
    if (o.DeathDay is int death) return new(death, 2);
    return new(Math.Max(o.LastDay, 0), 0);
}

/// <summary>When the protocol gives G-CSF.</summary>
enum GcsfRule { None, FromDayFive, WhileNeutropenic }

/// <summary>
/// The student's protocol: melphalan 200 mg/m² on day −2, 3×10⁶ autologous CD34+ blood stem cells/kg on day 0,
/// transfusions by the default thresholds, and G-CSF by <see cref="GcsfRule"/>.
/// </summary>
/// <remarks>
/// <see cref="IProtocol.Schedule"/> is called once per patient before the run. It puts actions on the simulation's
/// timetable (day 0 = infusion) and acts on the patient only through the <see cref="TreatmentContext"/>, so the outcome
/// layer sees every dose, infusion and transfusion. Cohorts run patients in parallel on one protocol object: keep
/// per-patient state in local variables of the process (the iterator), never in fields.
/// </remarks>
sealed class MelphalanAutograft(GcsfRule rule) : IProtocol
{
    public string Name => rule switch
    {
        GcsfRule.None => "mel200-no-gcsf",
        GcsfRule.FromDayFive => "mel200-gcsf-from-day-5",
        _ => "mel200-gcsf-while-neutropenic",
    };

    public string Description => "Melphalan 200 mg/m2 day -2, autologous blood stem cells 3e6 CD34+/kg, G-CSF rule " + rule;

    public int StartDay => -2;

    public void Schedule(TreatmentContext context)
    {
        Simulation sim = context.Simulation;
        sim.Schedule(-2, () => context.Give(ConditioningAgent.Melphalan, 200));
        sim.Schedule(0, () => context.Infuse(new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 3e6) { Viability = 0.95 }));
        // The library's supportive care: red cells below Hb 7 g/dL, platelets below 10 ×10⁹/L, and, if GcsfStartDay
        // is set, G-CSF from that day until the ANC, having fallen below 1.0, is back at 1.0 ×10⁹/L.
        var care = new SupportiveCareDefinition { GcsfStartDay = rule == GcsfRule.FromDayFive ? 5 : null };
        context.StartSupportiveCare(care, StartDay);
        // Our own rule, as a process that reads the patient's morning count.
        if (rule == GcsfRule.WhileNeutropenic) sim.Process(GcsfWhileNeutropenic(context), "gcsf-while-neutropenic");
    }

    /// <summary>
    /// A process: an iterator that waits (yield return a timeout) and acts. It looks at the morning count every day
    /// (priority SupportiveCarePriority runs after the day's count is taken), starts G-CSF the first morning the ANC is
    /// below 0.5 and stops it when the ANC is back at <see cref="StopAnc"/>.
    /// </summary>
    /// <summary>Our rule stops G-CSF as soon as the ANC is back at this level (×10⁹/L); the library's rule waits for 1.0.</summary>
    private const double StopAnc = 0.5;

    private static IEnumerable<SimEvent> GcsfWhileNeutropenic(TreatmentContext context)
    {
        Simulation sim = context.Simulation;
        yield return sim.Timeout(1 - sim.Now, TreatmentContext.SupportiveCarePriority);   // first look on day +1
        bool fell = false;
        while (context.IsAlive)
        {
            double anc = context.Readouts.AncE9PerLiter;   // ×10⁹/L
            if (anc < 0.5) fell = true;
            if (fell && anc < 0.5 && !context.GcsfActive) context.StartGcsf();
            if (fell && anc >= StopAnc && context.GcsfActive) { context.StopGcsf(); yield break; }
            yield return sim.Timeout(1, TreatmentContext.SupportiveCarePriority);
        }
    }
}

/// <summary>A cohort sink that counts each patient's G-CSF days from the event log (gcsfStart / gcsfStop entries).</summary>
sealed class GcsfDayCounter : ICohortSink
{
    public List<double> Days { get; } = [];

    public void Accept(PatientRecord record, PatientCourse course)
    {
        double total = 0, since = double.NaN;
        foreach (var e in course.Events)
        {
            if (e.Kind == "gcsfStart") since = e.TimeDays;
            else if (e.Kind == "gcsfStop" && !double.IsNaN(since)) { total += e.TimeDays - since; since = double.NaN; }
        }
        if (!double.IsNaN(since)) total += course.Outcome.LastDay - since;   // still on G-CSF at the end
        Days.Add(total);
    }
}
