using Reconstitution.Cli;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Tests.Protocols;

namespace Reconstitution.Tests.Physiology;

/// <summary>The alloimmune mechanisms of docs/model.md §17: host-versus-graft resistance, unit identity and unit-versus-unit competition.</summary>
public class AlloimmunityTests
{
    private static ProtocolDefinition CordSingle => ((DefinedProtocol)BuiltInProtocols.Get("cord-single-mac")).Definition;

    /// <summary>Two cord units on day 0 with the same CD34+ dose, unit 2 carrying four times the CD3+ cells of unit 1.</summary>
    private static DefinedProtocol DoubleCord(double cd3Unit1, double cd3Unit2) => new(CordSingle with
    {
        Name = "double-cord-test",
        Grafts =
        [
            new GraftDefinition(GraftSource.SingleCord, DonorType.Mismatched, 1.5e5) { Cd3PerKg = cd3Unit1, TotalNucleatedCellsPerKg = 2e7, Viability = 0.9 },
            new GraftDefinition(GraftSource.SingleCord, DonorType.Mismatched, 1.5e5) { Cd3PerKg = cd3Unit2, TotalNucleatedCellsPerKg = 2e7, Viability = 0.9 },
        ],
    });

    private static double Se(double p, int n) => Math.Sqrt(Math.Max(p * (1 - p), 1.0 / n) / n);

    [Fact]
    public void HostVersusGraft_MoreTotalNucleatedCells_LessCordGraftFailure()
    {
        // Theory (Rubinstein 1998, Wagner 2002, Barker 2005): host NK and T cells that survive conditioning kill a limited number of
        // donor cells a day, so a cord unit with more nucleated cells dilutes their attack and fails less often. One cord unit after a
        // conditioning that leaves host effectors (fludarabine, cyclophosphamide 120 mg/kg, TBI 4 Gy), the same CD34+ dose in every
        // patient and the same seeds (common random numbers), TNC 0.8×10⁷ against 10⁸ per kg. The runs are paired by patient, so the
        // test is McNemar's: of the discordant pairs, b fail only with the small unit and c only with the large one; under "TNC has
        // no effect" b − c has mean 0 and standard deviation √(b + c), and it must exceed 3 of them.
        const int n = 720;
        var regimen = CordSingle with
        {
            Conditioning =
            [
                .. Enumerable.Range(-6, 5).Select(d => new ConditioningDose(ConditioningAgent.Fludarabine, 40, d)),
                new ConditioningDose(ConditioningAgent.Cyclophosphamide, 60, -7), new ConditioningDose(ConditioningAgent.Cyclophosphamide, 60, -6),
                new ConditioningDose(ConditioningAgent.TotalBodyIrradiation, 2, -2), new ConditioningDose(ConditioningAgent.TotalBodyIrradiation, 2, -1),
            ],
        };
        PatientOutcome[] Run(double tnc) => CohortHelper.Run(
            new DefinedProtocol(regimen with { Graft = CordSingle.Graft! with { TotalNucleatedCellsPerKg = tnc, Cd34DoseCv = 0 } }), n, 50, 1401);
        var low = Run(0.8e7);
        var high = Run(1e8);
        int b = Enumerable.Range(0, n).Count(i => low[i].PrimaryGraftFailure && !high[i].PrimaryGraftFailure);
        int c = Enumerable.Range(0, n).Count(i => !low[i].PrimaryGraftFailure && high[i].PrimaryGraftFailure);
        Assert.True(b - c > 3 * Math.Sqrt(b + c), $"graft failure with TNC 0.8e7 {low.Count(o => o.PrimaryGraftFailure)}/{n}, with 1e8 {high.Count(o => o.PrimaryGraftFailure)}/{n}; only the small unit failed in {b}, only the large one in {c}");
    }

    [Fact]
    public void UnitVersusUnit_DoubleCord_OneUnitDominatesInMostPatientsAndTheHigherCd3UnitWins()
    {
        // Theory (Barker 2005, Blood 105:1343: one unit predominated in all patients by day 100, the winner had the higher CD3+ dose;
        // Eldjerou 2010: dominance is an immune interaction of the units' T cells). Two units with equal CD34+ and 4× different CD3+:
        // (1) one unit makes ≥ 90 % of donor neutrophils by day 100 in most patients (share > 1/2 by two standard errors) and more often
        // than without unit-versus-unit competition (then the units only share the marrow by their homed stem cells);
        // (2) the higher-CD3+ unit is the dominant one in most patients (share > 1/2 by two standard errors).
        const int n = 60;
        var protocol = DoubleCord(0.6e7, 2.4e7);
        Assert.Equal(2, protocol.AllogeneicUnits);
        var with = CohortHelper.Run(protocol, n, 100, 1402);
        var noCompetition = PatientSimulationOptions.Default with
        {
            Parameters = PhysiologyParameters.Default with { Alloimmunity = AlloimmunityParameters.Default with { UnitVersusUnitMaxPerDay = 0 } },
        };
        var without = CohortHelper.Run(protocol, n, 100, 1402, options: noCompetition);
        var alive = with.Where(o => o.DominantUnit is not null).ToArray();
        double dominated = with.Count(o => o.DominantUnitDay is { } d && d <= 100) / (double)n;
        double dominatedWithout = without.Count(o => o.DominantUnitDay is { } d && d <= 100) / (double)n;
        double higherCd3Wins = alive.Count(o => o.DominantUnit == 2) / (double)alive.Length;
        Assert.True(dominated - 2 * Se(dominated, n) > 0.5, $"one unit ≥ 90 % by day 100 in {dominated:P0}");
        Assert.True(dominated - dominatedWithout > 2 * Math.Sqrt(Se(dominated, n) * Se(dominated, n) + Se(dominatedWithout, n) * Se(dominatedWithout, n)),
            $"dominance {dominated:P0} with competition, {dominatedWithout:P0} without");
        Assert.True(higherCd3Wins - 2 * Se(higherCd3Wins, alive.Length) > 0.5, $"higher-CD3+ unit dominant in {higherCd3Wins:P0} of {alive.Length}");
    }

    [Fact]
    public void AllogeneicUnits_ByProtocol_TracesUnitsOnlyWhenTwoOrMoreOnTheFirstDay()
    {
        // Single-donor and autologous cohorts keep the smaller network: one donor origin, and no host-versus-graft transitions without an
        // allogeneic unit; a boost on a later day joins the first unit's origin.
        Assert.Equal(0, BuiltInProtocols.Get("auto-cy-atg").AllogeneicUnits);
        Assert.Equal(1, BuiltInProtocols.Get("cord-double-mac").AllogeneicUnits);
        var boosted = new DefinedProtocol(CordSingle with { Grafts = [CordSingle.Graft!, CordSingle.Graft! with { Day = 28 }] });
        Assert.Equal(1, boosted.AllogeneicUnits);
        var covariates = PatientCovariates.Default;
        int Transitions(int units) => PhysiologyModel.Create(covariates, allogeneicUnits: units).Network.Transitions.Count;
        Assert.True(Transitions(0) < Transitions(1) && Transitions(1) < Transitions(2));
    }

    [Fact]
    public void GraftFailureCriteria_EarlierCordDay_MoreFailuresAndEachHasACause()
    {
        // The day +42 rule is a parameter: asking cord grafts to engraft by day 14 (before the median of ≈ 22) fails nearly everyone,
        // and every failure carries a cause.
        const int n = 16;
        var early = PatientSimulationOptions.Default with { GraftFailure = GraftFailureCriteria.Default with { CordBloodDay = 14 } };
        var strict = CohortHelper.Run(BuiltInProtocols.Get("cord-single-mac"), n, 45, 1403, options: early);
        var usual = CohortHelper.Run(BuiltInProtocols.Get("cord-single-mac"), n, 45, 1403);
        Assert.True(strict.Count(o => o.PrimaryGraftFailure) > usual.Count(o => o.PrimaryGraftFailure) + n / 2);
        Assert.All(strict.Concat(usual), o => Assert.Equal(o.PrimaryGraftFailure, o.GraftFailureCause is not null));
        Assert.All(strict.Where(o => o.GraftFailureCause is not null),
            o => Assert.Contains(o.GraftFailureCause, new[] { GraftFailureCauses.Rejection, GraftFailureCauses.PoorGraftFunction }));
    }

    [Fact]
    public void Cli_DoubleCordWithTwoDoses_PerUnitChimerismShowsTheDominantUnit()
    {
        // The sample protocol file with two cord units of different doses runs end to end from the CLI; patients.csv names the dominant
        // unit and trajectory.csv has a unitChimerism row per unit and day, the dominant unit holding the larger share on the last day.
        string file = SamplePath("double-cord-two-doses.json");
        string dir = Directory.CreateTempSubdirectory("recon-units").FullName;
        int code = CliApp.Run(["cohort", "--protocol", file, "--patients", "12", "--days", "100", "--seed", "5", "--out", dir], new StringWriter(), new StringWriter());
        Assert.Equal(0, code);
        var patients = File.ReadAllLines(Path.Combine(dir, "patients.csv"));
        var header = patients[0].Split(',');
        int unitColumn = Array.IndexOf(header, "dominantUnit"), dayColumn = Array.IndexOf(header, "dominantUnitReached90Day");
        Assert.True(unitColumn > 0 && dayColumn > unitColumn);
        var last = new Dictionary<(string Patient, string Unit), double>();
        foreach (string line in File.ReadLines(Path.Combine(dir, "trajectory.csv")).Skip(1))
        {
            var f = line.Split(',');
            if (f[2].StartsWith("unitChimerism", StringComparison.Ordinal)) last[(f[0], f[2][^1..])] = double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture);
        }
        int withDominant = 0;
        foreach (string row in patients.Skip(1))
        {
            var f = row.Split(',');
            if (f[unitColumn].Length == 0) continue;
            withDominant++;
            if (!last.ContainsKey((f[0], f[unitColumn]))) continue; // trajectory.csv holds the first patients only
            string other = f[unitColumn] == "1" ? "2" : "1";
            Assert.True(last[(f[0], f[unitColumn])] >= last[(f[0], other)], row);
        }
        Assert.True(withDominant >= 6, $"{withDominant} of 12 patients with a dominant unit");
    }

    private static string SamplePath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "protocols", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("samples/protocols/" + file + " not found above " + AppContext.BaseDirectory);
    }
}
