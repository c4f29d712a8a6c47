using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Xunit;
using Xunit.Abstractions;

namespace Reconstitution.Tests.Protocols;

public sealed class ExploreTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        var names = (Environment.GetEnvironmentVariable("EXPLORE") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int n = int.Parse(Environment.GetEnvironmentVariable("EXPLORE_N") ?? "20");
        int days = int.Parse(Environment.GetEnvironmentVariable("EXPLORE_DAYS") ?? "60");
        var disease = Enum.Parse<AutoimmuneDisease>(Environment.GetEnvironmentVariable("EXPLORE_DISEASE") ?? "None");
        foreach (var name in names)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            IProtocol protocol = name == "sle-cy-atg-cd34"
                ? new DefinedProtocol(BuiltInProtocols.Get("auto-cy-atg").Definition with { Name = name, Graft = BuiltInProtocols.Get("auto-cy-atg").Definition.Graft! with { Cd34SelectionLogDepletion = 4 } })
                : name == "auto-ergene" ? new DefinedProtocol(BuiltInProtocols.Get("auto-beam-atg-cd34").Definition with { Name = name, Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 11.5e6) })
                : BuiltInProtocols.Get(name);
            var r = CohortHelper.Run(protocol, n, days, 7, new PatientCovariates { AgeYears = 45, Disease = disease });
            output.WriteLine($"{name} n={n} days={days} {disease}: relapse-free {r.Count(x => x.RelapseDay == null) / (double)n:F3} event-free {r.Count(x => x.RelapseDay == null && x.DeathDay == null) / (double)n:F3} alive {r.Count(x => x.DeathDay == null) / (double)n:F3} death<100d {r.Count(x => x.DeathDay is < 100) / (double)n:F3} aGVHD {r.Count(x => x.AcuteGvhdDay != null) / (double)n:F3} cGVHD {r.Count(x => x.ChronicGvhdDay != null) / (double)n:F3} eradicated {r.Count(x => x.AutoreactiveEradicationDay != null) / (double)n:F3} graftFailure {r.Count(x => x.PrimaryGraftFailure) / (double)n:F3} ANCdays<0.5 {r.Average(x => x.DaysAncBelow0_5):F1} PLT<20 median {CohortHelper.Median(r.Select(x => (int?)x.DaysPlateletsBelow20))} PLT<10 median {CohortHelper.Median(r.Select(x => (int?)x.DaysPlateletsBelow10))} pltTx median {CohortHelper.Median(r.Select(x => (int?)x.PlateletTransfusions))} none {r.Count(x => x.PlateletTransfusions == 0) / (double)n:F2}");
            output.WriteLine($"{name}: ANC {CohortHelper.Median(r.Select(x => x.NeutrophilEngraftmentDay))} {CohortHelper.MedianCi(r.Select(x => x.NeutrophilEngraftmentDay))} PLT {CohortHelper.Median(r.Select(x => x.PlateletEngraftmentDay))} {CohortHelper.MedianCi(r.Select(x => x.PlateletEngraftmentDay))}"
                + $" fail {r.Count(x => x.PrimaryGraftFailure)} dead {r.Count(x => x.DeathDay != null)} aGVHD {r.Count(x => x.AcuteGvhdDay != null)} cGVHD {r.Count(x => x.ChronicGvhdDay != null)} rej {r.Count(x => x.RejectionDay != null)}"
                + $" inf {r.Average(x => x.Infections):F2} pltTx {r.Average(x => x.PlateletTransfusions):F2} rbc {r.Average(x => x.RedCellUnits):F2} plt<20 {r.Average(x => x.DaysPlateletsBelow20):F1} plt<10 {r.Average(x => x.DaysPlateletsBelow10):F1}"
                + $" chim30 {r.Average(x => x.DonorChimerismDay30Percent ?? double.NaN):F1} chimLast {r.Average(x => x.DonorChimerismLastPercent):F1} Tchim {r.Average(x => x.DonorTCellChimerismLastPercent):F1}"
                + $" erad {r.Count(x => x.AutoreactiveEradicationDay != null)} relapse {r.Count(x => x.RelapseDay != null)} autoNadir {string.Join(",", r.Take(6).Select(x => x.AutoreactiveNadirCells.ToString("G2")))} {sw.ElapsedMilliseconds} ms");
            output.WriteLine("   ANC days: " + string.Join(",", r.Select(x => x.NeutrophilEngraftmentDay?.ToString() ?? "-")) + " | PLT: " + string.Join(",", r.Select(x => x.PlateletEngraftmentDay?.ToString() ?? "-")) + " | death: " + string.Join(",", r.Where(x => x.DeathCause != null).Select(x => x.DeathCause + "@" + x.DeathDay)));
        }
    }
}
