using System.Diagnostics;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
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
        var patient = new Patient(model, RandomStream.Create(1, 2));
        patient.AdvanceTo(1);
        var solver = (HybridSolver)typeof(CompartmentSystem).GetField("_solver", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(patient.System)!;
        var net = model.Network.Compiled;
        int n = solver.Integrator.Dimension;
        var y = solver.Integrator.Y.AsSpan(0, n).ToArray();
        var dy = new double[n];
        var counts = patient.System.State.Counts;
        var pars = patient.System.State.Parameters;
        double bd=1e9, bs=1e9, bp=1e9;
        for (int rep = 0; rep < 15; rep++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 5000; i++) solver.Derivative(1, y, dy);
            double tDer = sw.Elapsed.TotalMilliseconds / 5000 * 1000;
            sw.Restart();
            for (int i = 0; i < 5000; i++) net.UpdateSignals(counts, pars, 1);
            double tSig = sw.Elapsed.TotalMilliseconds / 5000 * 1000;
            sw.Restart();
            double sum = 0;
            for (int i = 0; i < 5000; i++)
                for (int j = 0; j < net.TransitionCount; j++) sum += net.Propensity(j, counts, pars, 1);
            double tProp = sw.Elapsed.TotalMilliseconds / 5000 * 1000;
            bd = Math.Min(bd, tDer); bs = Math.Min(bs, tSig); bp = Math.Min(bp, tProp);
        }
        output.WriteLine($"min derivative {bd:F2} us, signals {bs:F2} us, propensities {bp:F2} us");
        var sw2 = Stopwatch.StartNew();
        double by = 1e9;
        for (int r = 0; r < 8; r++)
        {
            var p = new Patient(model, RandomStream.Create(1, (ulong)r));
            sw2.Restart();
            p.AdvanceTo(365);
            by = Math.Min(by, sw2.Elapsed.TotalMilliseconds);
        }
            output.WriteLine($"min year {by:F2} ms");
    }
}
