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
            var r = CohortHelper.Run(BuiltInProtocols.Get(name), n, days, 7, new PatientCovariates { AgeYears = 45, Disease = disease });
            output.WriteLine($"{name}: ANC {CohortHelper.Median(r.Select(x => x.NeutrophilEngraftmentDay))} {CohortHelper.MedianCi(r.Select(x => x.NeutrophilEngraftmentDay))} PLT {CohortHelper.Median(r.Select(x => x.PlateletEngraftmentDay))} {CohortHelper.MedianCi(r.Select(x => x.PlateletEngraftmentDay))}"
                + $" fail {r.Count(x => x.PrimaryGraftFailure)} dead {r.Count(x => x.DeathDay != null)} aGVHD {r.Count(x => x.AcuteGvhdDay != null)} cGVHD {r.Count(x => x.ChronicGvhdDay != null)} rej {r.Count(x => x.RejectionDay != null)}"
                + $" inf {r.Average(x => x.Infections):F2} pltTx {r.Average(x => x.PlateletTransfusions):F2} rbc {r.Average(x => x.RedCellUnits):F2} plt<20 {r.Average(x => x.DaysPlateletsBelow20):F1} plt<10 {r.Average(x => x.DaysPlateletsBelow10):F1}"
                + $" chim30 {r.Average(x => x.DonorChimerismDay30Percent ?? double.NaN):F1} chimLast {r.Average(x => x.DonorChimerismLastPercent):F1} Tchim {r.Average(x => x.DonorTCellChimerismLastPercent):F1}"
                + $" erad {r.Count(x => x.AutoreactiveEradicationDay != null)} relapse {r.Count(x => x.RelapseDay != null)} autoNadir {string.Join(",", r.Take(6).Select(x => x.AutoreactiveNadirCells.ToString("G2")))} {sw.ElapsedMilliseconds} ms");
            output.WriteLine("   ANC days: " + string.Join(",", r.Select(x => x.NeutrophilEngraftmentDay?.ToString() ?? "-")) + " | PLT: " + string.Join(",", r.Select(x => x.PlateletEngraftmentDay?.ToString() ?? "-")) + " | death: " + string.Join(",", r.Where(x => x.DeathCause != null).Select(x => x.DeathCause + "@" + x.DeathDay)));
        }
    }
}
