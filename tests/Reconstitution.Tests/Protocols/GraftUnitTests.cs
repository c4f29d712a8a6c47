using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Protocols;

public sealed class GraftUnitTests
{
    // Double cord: two units with their own doses and HLA match; a CD34-selected haplo boost on day +28.
    private const string DoubleCordFile = """
        {
          "name": "double-cord-boost",
          "conditioning": [
            { "agent": "cyclophosphamide", "dose": 60, "day": -7 },
            { "agent": "cyclophosphamide", "dose": 60, "day": -6 },
            { "agent": "totalBodyIrradiation", "dose": 3, "day": -4 },
            { "agent": "totalBodyIrradiation", "dose": 3, "day": -3 },
            { "agent": "totalBodyIrradiation", "dose": 3, "day": -2 },
            { "agent": "totalBodyIrradiation", "dose": 3, "day": -1 }
          ],
          "grafts": [
            { "source": "singleCord", "donor": "mismatched", "cd34PerKg": 2e5, "day": 0 },
            { "source": "singleCord", "donor": "matchedUnrelated", "cd34PerKg": 1e5, "day": 0 },
            { "source": "peripheralBlood", "donor": "mismatched", "cd34PerKg": 3e6, "cd34SelectionLogDepletion": 4, "day": 28 }
          ],
          "gvhdProphylaxis": { "calcineurinInhibitor": true, "methotrexate": false }
        }
        """;

    [Fact]
    public void Grafts_GraftIsTheFirstUnit_SettingGraftReplacesAll()
    {
        var a = new GraftDefinition(GraftSource.SingleCord, DonorType.Mismatched, 2e5);
        var b = new GraftDefinition(GraftSource.SingleCord, DonorType.Mismatched, 1e5);
        var p = new ProtocolDefinition("p") { Grafts = [a, b] };
        Assert.Same(a, p.Graft);
        Assert.Equal(2, p.Grafts.Count);
        var q = p with { Graft = b };
        Assert.Equal([b], q.Grafts);
        Assert.Empty((p with { Graft = null }).Grafts);
    }

    [Fact]
    public void Grafts_UnitWithNoCells_Throws()
    {
        var empty = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.MatchedSibling, 0);
        var e = Assert.Throws<ArgumentException>(() => new ProtocolDefinition("p") { Grafts = [empty] });
        Assert.Contains("no cells", e.Message);
        // A donor lymphocyte infusion (CD3+ only) is a unit with cells.
        Assert.True((empty with { Cd3PerKg = 1e7 }).HasCells);
        Assert.ThrowsAny<ArgumentException>(() => empty with { Cd3PerKg = -1e7 });
    }

    [Fact]
    public void Parse_TwoCordUnitsAndABoost_ReadsAndRoundTrips()
    {
        var p = ProtocolFile.Parse(DoubleCordFile);
        Assert.Equal(3, p.Grafts.Count);
        Assert.Equal(2e5, p.Graft!.Cd34PerKg);
        Assert.Equal(DonorType.MatchedUnrelated, p.Grafts[1].Donor);
        Assert.Equal(28, p.Grafts[2].Day);
        string written = ProtocolFile.Write(p);
        Assert.Contains("\"grafts\"", written);
        Assert.Equal(p.Grafts, ProtocolFile.Parse(written).Grafts);
    }

    [Theory]
    [InlineData("\"cd34PerKg\": 1e5, \"day\": 0", "\"cd34PerKg\": 0, \"day\": 0", "grafts[1].cd34PerKg", "no cells")]
    [InlineData("\"cd34PerKg\": 1e5, \"day\": 0", "\"cd34PerKg\": 0, \"cd3PerKg\": -1e7, \"day\": 0", "grafts[1].cd3PerKg", "")]
    [InlineData("\"day\": 28", "\"day\": 400", "grafts[2].day", "")]
    [InlineData("\"grafts\": [", "\"graft\": null, \"grafts\": [", "grafts", "not both")]
    public void Parse_BadUnit_ErrorNamesLineAndField(string find, string replace, string field, string problem)
    {
        Assert.Contains(find, DoubleCordFile);
        var text = problem == "not both"
            ? DoubleCordFile.Replace(find, "\"graft\": { \"source\": \"singleCord\", \"donor\": \"mismatched\", \"cd34PerKg\": 2e5 }, \"grafts\": [")
            : DoubleCordFile.Replace(find, replace);
        var ex = Assert.Throws<ProtocolFileException>(() => ProtocolFile.Parse(text, "cord.json"));
        Assert.Equal(field, ex.Field);
        Assert.True(ex.Line > 1, ex.Message);
        Assert.Contains(problem, ex.Problem);
    }

    [Fact]
    public void Run_TwoUnitsAndABoost_InfusesEachOnItsDay()
    {
        var p = ProtocolFile.Parse(DoubleCordFile);
        var course = PatientSimulation.Run(PatientCovariates.Default, new DefinedProtocol(p), 4, 0, new PatientSimulationOptions { Days = 40 });
        var infusions = course.Events.Where(e => e.Kind == "infusion").ToList();
        if (course.Outcome.DeathDay is { } died && died < 28) return; // an early death ends the course before the boost (rare)
        Assert.Equal(3, infusions.Count);
        Assert.Equal([0.0, 0.0, 28.0], infusions.Select(e => e.TimeDays));
        Assert.StartsWith("unit 3: peripheralBlood", infusions[2].Detail);
        // The initial graft is both cord units (viability 1, no dose variation); the boost is not counted.
        Assert.Equal(3e5, course.Outcome.Cd34PerKgInfused, 6);
    }

    [Fact]
    public void Run_BoostAfterPoorGraftFunction_RaisesStemCells()
    {
        // A C# protocol reacts to the patient: a CD34+ boost on day +28 when the ANC is still below 0.5 (poor graft function).
        var cord = ProtocolFile.Parse(DoubleCordFile) with { Grafts = [new GraftDefinition(GraftSource.SingleCord, DonorType.Mismatched, 2e4)] };
        var boost = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Mismatched, 5e6) { Cd34SelectionLogDepletion = 4, Day = 28 };
        var options = new PatientSimulationOptions { Days = 60 };
        var without = PatientSimulation.Run(PatientCovariates.Default, new DefinedProtocol(cord), 8, 0, options);
        var with = PatientSimulation.Run(PatientCovariates.Default, new BoostIfPoorFunction(new DefinedProtocol(cord), boost), 8, 0, options);
        if (without.Outcome.DeathDay is { } d && d <= 60) return;
        int day28 = Array.IndexOf(without.Trajectory.Days.ToArray(), 28.0);
        Assert.True(without.Trajectory.Values(Measure.Anc)[day28] < 0.5, "the small cord unit should not have engrafted by day +28");
        Assert.Contains(with.Events, e => e.Kind == "infusion" && e.TimeDays == 28);
        int last = without.Trajectory.Count - 1;
        Assert.True(with.Trajectory.Values(Measure.DonorChimerism)[last] >= without.Trajectory.Values(Measure.DonorChimerism)[last]);
    }

    private sealed class BoostIfPoorFunction(DefinedProtocol inner, GraftDefinition boost) : IProtocol
    {
        public string Name => inner.Name + "-boost";
        public string Description => inner.Description;
        public int StartDay => inner.StartDay;

        public void Schedule(TreatmentContext context)
        {
            inner.Schedule(context);
            context.Simulation.Schedule(boost.Day, () =>
            {
                if (context.IsAlive && context.Readouts.AncE9PerLiter < 0.5) context.Infuse(boost);
            }, priority: 1500);
        }
    }
}
