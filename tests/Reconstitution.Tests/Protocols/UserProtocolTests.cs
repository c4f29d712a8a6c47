using Reconstitution.Kernel;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Xunit;

namespace Reconstitution.Tests.Protocols;

public sealed class UserProtocolTests
{
    /// <summary>A protocol written directly against the interface: melphalan 200 mg/m² on day −2, an autologous graft, and
    /// G-CSF given by the protocol's own rule (start on day +1, stop at ANC ≥ 1.5), as a kernel process reacting to the patient.</summary>
    private sealed class MelphalanWithOwnGcsf : IProtocol
    {
        public string Name => "my-melphalan";
        public string Description => "Melphalan 200 mg/m2, autologous blood stem cells, G-CSF until ANC >= 1.5";
        public int StartDay => -2;

        public void Schedule(TreatmentContext context)
        {
            var sim = context.Simulation;
            sim.Schedule(-2, () => context.Give(ConditioningAgent.Melphalan, 200));
            sim.Schedule(0, () => context.Infuse(new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 4e6)));
            context.StartSupportiveCare(new SupportiveCareDefinition(), StartDay);
            sim.Process(Gcsf(context), "my-gcsf");
        }

        private static IEnumerable<SimEvent> Gcsf(TreatmentContext context)
        {
            var sim = context.Simulation;
            yield return sim.Timeout(1 - sim.Now, TreatmentContext.SupportiveCarePriority);
            context.StartGcsf();
            bool fell = false;
            while (context.IsAlive)
            {
                double anc = context.Readouts.AncE9PerLiter;
                fell |= anc < 0.5;
                if (fell && anc >= 1.5) { context.StopGcsf(); yield break; }
                yield return sim.Timeout(1, TreatmentContext.SupportiveCarePriority);
            }
        }
    }

    [Fact]
    public void Run_UserProtocolImplementingTheInterface_RunsEndToEnd()
    {
        var course = PatientSimulation.Run(PatientCovariates.Default, new MelphalanWithOwnGcsf(), 5, 0, new PatientSimulationOptions { Days = 40 });
        var o = course.Outcome;
        Assert.Equal("my-melphalan", o.Protocol);
        Assert.True(o.Grafted);
        Assert.InRange(o.NeutrophilEngraftmentDay ?? -1, 5, 20);
        Assert.Contains(course.Events, e => e.Kind == "gcsfStart" && e.TimeDays == 1);
        Assert.Contains(course.Events, e => e.Kind == "gcsfStop");
        Assert.Equal(0, course.Outcome.DonorChimerismLastPercent); // autologous
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

    [Fact]
    public void Run_UserProtocolFromJson_RunsEndToEndAndRespondsToItsSupportiveCare()
    {
        // The sample file shipped in samples/protocols (so the sample is checked by the suite).
        var protocol = new DefinedProtocol(ProtocolFile.Read(SamplePath("my-flu-cy-rituximab.json")));
        Assert.Equal(-6, protocol.StartDay);
        var course = PatientSimulation.Run(PatientCovariates.Default, protocol, 8, 0, new PatientSimulationOptions { Days = 45 });
        Assert.Equal("my-flu-cy-rituximab", course.Outcome.Protocol);
        Assert.NotNull(course.Outcome.NeutrophilEngraftmentDay);
        // Fludarabine/low-dose cyclophosphamide is non-myeloablative: host and donor myeloid cells coexist (mixed chimerism).
        Assert.InRange(course.Outcome.DonorChimerismDay30Percent ?? -1, 1, 99.9);
        // Rituximab's B-cell kill lasts: B cells stay far below baseline at day 45.
        var b = course.Trajectory.Values(Measure.B);
        Assert.True(b[^1] < 0.1 * b[0], $"B cells {b[^1]} vs {b[0]}");
    }
}
