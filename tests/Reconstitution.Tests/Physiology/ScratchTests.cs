using System.Diagnostics;
using Reconstitution.Compartments;
using Reconstitution.Physiology;
using Reconstitution.Randomness;
using Xunit;
using Xunit.Abstractions;

namespace Reconstitution.Tests.Physiology;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        var model = PhysiologyModel.Create(PatientCovariates.Default);
        output.WriteLine($"compartments {model.Network.Compartments.Count} transitions {model.Network.Transitions.Count} signals {model.Network.Signals.Count}");
        var patient = new Patient(model, RandomStream.Create(1, 2));
        var sw = Stopwatch.StartNew();
        patient.RunTo(365 * 5, 365);
        output.WriteLine($"5y in {sw.Elapsed.TotalMilliseconds} ms");
        var tr = patient.Trajectory;
        for (int i = 0; i < tr.Count; i++)
        {
            var s = string.Join(" ", MeasureNames.All.Select(m => $"{MeasureNames.Of(m)}={tr[i, m]:G4}"));
            output.WriteLine($"d{tr.Days[i]}: {s}");
        }
        var prod = model.Production(patient.System.Counts);
        output.WriteLine($"prod {prod}");
        var hyb = patient.System;
    }
}
