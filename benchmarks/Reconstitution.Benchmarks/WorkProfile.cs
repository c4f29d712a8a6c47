using System.Diagnostics;
using Reconstitution.Cohorts;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Where a cohort patient's time and solver work go, by phase of the course: model build and set-up, then the days up to 0 (the
/// conditioning), 0–30, 30–100 and the rest. Each patient is set up and summarised by the same code as in
/// <see cref="PatientSimulation.Run(VirtualPatient, IProtocol, ulong, long, PatientSimulationOptions?)"/> (<see cref="PatientSimulation.Start"/>,
/// <see cref="PatientSimulation.Finish"/>; one thread), its simulation stopped at the phase boundaries to read the wall clock and the
/// integrator's and hybrid solver's counters (refreshes: rebuilds after an external change of counts or parameters). The cohort is run twice and the second pass reported (the first warms the JIT).
/// After the table it lists the most frequent exact firings per patient by transition (whole course).
/// </summary>
/// <remarks>
/// <para>Wall-clock figures are only as quiet as the machine; the work counts (evaluations, steps, restarts, firings) are exact.</para>
/// <para>To profile one phase only (the quiet late days, say): with <c>WORK_PERF_CONTROL=</c><i>control-fifo</i><c>,</c><i>ack-fifo</i>
/// set, the second pass enables perf's sampling for each patient's last segment (day 100 to the end, or the last phase of a
/// shorter course, or the segment <c>WORK_PERF_SEGMENT</c> names: 0 for the build and set-up, 1 for the conditioning up to day 0) and disables it after, through perf's control FIFOs:
/// <c>mkfifo ctl ack; WORK_PERF_CONTROL=ctl,ack perf record -D -1 --control=fifo:ctl,ack … dotnet $B work auto-cy-atg 1000 730</c>.</para>
/// </remarks>
internal static class WorkProfile
{
    /// <summary>Runs <paramref name="patients"/> patients of <paramref name="protocolName"/> for <paramref name="days"/> days and prints the per-patient table.</summary>
    public static void Run(string protocolName, int patients, int days)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covs = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis };
        var options = PatientSimulationOptions.Default with { Days = days };
        // WORK_DEFER_RESTARTS=0 or 1: the deferral of negligible restarts off or on (default: the default solver options' choice).
        string? defer = Environment.GetEnvironmentVariable("WORK_DEFER_RESTARTS");
        if (defer is "0" or "1") options = options with { Solver = (options.Solver ?? Patient.DefaultSolverOptions) with { HybridDeferNegligibleRestarts = defer == "1" } };
        // WORK_ODE_METHOD=<OdeMethod name>: another integrator for the continuous part (default: the default solver options').
        string? method = Environment.GetEnvironmentVariable("WORK_ODE_METHOD");
        if (!string.IsNullOrEmpty(method))
        {
            if (!Enum.TryParse(method, out Reconstitution.Compartments.OdeMethod odeMethod) || !Enum.IsDefined(odeMethod))
                throw new ArgumentException($"WORK_ODE_METHOD was '{method}'; expected one of {string.Join(", ", Enum.GetNames<Reconstitution.Compartments.OdeMethod>())}.");
            options = options with { Solver = (options.Solver ?? Patient.DefaultSolverOptions) with { OdeMethod = odeMethod } };
        }
        double[] cuts = [.. new[] { 0.0, 30, 100 }.Where(c => c < days), days + 0.5];   // the last is PatientRun.StopTime
        int segs = cuts.Length + 1;
        var ticks = new long[segs]; var evals = new long[segs]; var steps = new long[segs]; var rej = new long[segs]; var restarts = new long[segs]; var firings = new long[segs]; var switches = new long[segs]; var refreshes = new long[segs]; var allocated = new long[segs];
        // The integrator's evaluations by purpose (stiffness switching only): RKC steps and stages, its spectral estimates and
        // first evaluations; Rosenbrock–W steps, rejections, its Jacobians' evaluations, first evaluations, factorisations; handovers
        // (both ways) and the trials of Rosenbrock–W that did not pay (StiffnessSwitching.Gain) and handed back.
        const int parts = 14;
        var split = new long[segs, parts];
        long summaryTicks = 0;
        var firingsBy = new Dictionary<string, long>();
        using var perf = PerfControl.FromEnvironment();
        // WORK_PERF_SEGMENT=<k>: sample segment k instead of the last (0: the build and set-up, 1: to day 0, the conditioning).
        string? segment = Environment.GetEnvironmentVariable("WORK_PERF_SEGMENT");
        int perfSegment = segs - 1;
        if (!string.IsNullOrEmpty(segment) && !(int.TryParse(segment, out perfSegment) && perfSegment >= 0 && perfSegment < segs))
            throw new ArgumentException($"WORK_PERF_SEGMENT was '{segment}'; expected a segment from 0 (the build) to {segs - 1} (the last).");
        // WORK_DEFER_PROBE=1: measure the restarting firings against the deferral bound (HybridSolver.DeferralProbe.cs; the course is unchanged).
        bool probe = Environment.GetEnvironmentVariable("WORK_DEFER_PROBE") == "1";
        // WORK_REUSE_STALE=0: every step after a deferred firing evaluates f afresh (the stale derivative is not reused within its bound).
        bool reuseStale = Environment.GetEnvironmentVariable("WORK_REUSE_STALE") != "0";
        long candidates = 0, within = 0, deferred = 0, refused = 0, staleSteps = 0; double discarded = 0, refusedDays = 0; var decades = new long[8]; var horizons = new long[4];
        for (int pass = 0; pass < 2; pass++)
        {
            Array.Clear(ticks); Array.Clear(evals); Array.Clear(steps); Array.Clear(rej); Array.Clear(restarts); Array.Clear(firings); Array.Clear(switches); Array.Clear(refreshes); Array.Clear(allocated); Array.Clear(split); summaryTicks = 0;
            for (int i = 0; i < patients; i++)
            {
                ulong seed = 1;
                var cov = covs.Draw(RandomStream.Create(seed, i, "covariates"));
                bool buildSampled = perf is not null && pass == 1 && perfSegment == 0;
                if (buildSampled) perf!.Send("enable");
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                var run = PatientSimulation.Start(PatientSimulation.Draw(cov, seed, i, options), protocol, seed, i, options);
                if (buildSampled) perf!.Send("disable");
                var sim = run.Simulation;
                var solver = (HybridSolver)run.Person.System.Solver;
                solver.ProbesDeferral = probe;
                solver.ReusesStaleDerivative = reuseStale;
                // The patient's set-up (solver, kernel, protocol schedule) counts with the model build, not with the first phase.
                long prevT = Stopwatch.GetTimestamp();
                long prevA = GC.GetAllocatedBytesForCurrentThread();
                allocated[0] += prevA - a0;
                long pe = 0, ps = 0, pr = 0, prs = 0, pf = 0, psw = 0, prf = 0;
                var previous = new long[parts];
                for (int s = 0; s < segs; s++)
                {
                    bool sampled = perf is not null && pass == 1 && s == perfSegment;
                    if (sampled) perf!.Send("enable");
                    if (s > 0 && !sim.IsFinished) sim.Run(cuts[s - 1]);
                    if (sampled) perf!.Send("disable");
                    long now = Stopwatch.GetTimestamp();
                    if (s == 0) { ticks[0] += prevT - t0; continue; }
                    ticks[s] += now - prevT; prevT = now;
                    long nowA = GC.GetAllocatedBytesForCurrentThread();
                    allocated[s] += nowA - prevA; prevA = nowA;
                    var ode = solver.Integrator;
                    evals[s] += ode.Evaluations - pe; pe = ode.Evaluations;
                    steps[s] += ode.AcceptedSteps - ps; ps = ode.AcceptedSteps;
                    rej[s] += ode.RejectedSteps - pr; pr = ode.RejectedSteps;
                    restarts[s] += solver.Restarts - prs; prs = solver.Restarts;
                    firings[s] += solver.DiscreteFirings - pf; pf = solver.DiscreteFirings;
                    switches[s] += solver.Switches - psw; psw = solver.Switches;
                    refreshes[s] += solver.Refreshes - prf; prf = solver.Refreshes;
                    if (ode is StiffnessSwitching pair)
                    {
                        var rkc = pair.Explicit;
                        var rw = pair.Implicit;
                        long[] now2 =
                        [
                            rkc.Evaluations, rkc.AcceptedSteps, rkc.RejectedSteps, rkc.SpectralEvaluations, rkc.FirstEvaluations,
                            rw?.Evaluations ?? 0, rw?.AcceptedSteps ?? 0, rw?.RejectedSteps ?? 0, rw?.JacobianFunctionEvaluations ?? 0,
                            rw?.FirstEvaluations ?? 0, pair.Handovers, rw?.Factorisations ?? 0, pair.FailedTrials, rw?.JacobianEvaluations ?? 0,
                        ];
                        for (int k = 0; k < parts; k++) { split[s, k] += now2[k] - previous[k]; previous[k] = now2[k]; }
                    }
                }
                if (pass == 1)
                {
                    var fc = run.Person.System.FiringCounts;
                    for (int j = 0; j < fc.Length; j++)
                        if (fc[j] > 0) { string key = run.Person.System.Network.Transitions[j].Name; firingsBy[key] = firingsBy.GetValueOrDefault(key) + fc[j]; }
                }
                if (pass == 1 && probe)
                {
                    candidates += solver.DeferralCandidates; within += solver.DeferralWithinBound; discarded += solver.DeferralDiscardedDays;
                    for (int d = 0; d < decades.Length; d++) decades[d] += solver.DeferralRatioDecades[d];
                    for (int d = 0; d < horizons.Length; d++) horizons[d] += solver.DeferralHorizonDecades[d];
                }
                if (pass == 1)
                {
                    deferred += solver.DeferredFirings; refused += solver.DeferralRefused; refusedDays += solver.DeferralRefusedDays;
                    staleSteps += (solver.Integrator as StiffnessSwitching)?.Explicit.ApproximateDerivativeSteps ?? (solver.Integrator as RungeKuttaChebyshev)?.ApproximateDerivativeSteps ?? 0;
                }
                long t2 = Stopwatch.GetTimestamp();
                PatientSimulation.Finish(run);
                summaryTicks += Stopwatch.GetTimestamp() - t2;
            }
        }
        double ms(long t) => t * 1000.0 / Stopwatch.Frequency / patients;
        string[] names = ["build", .. cuts.Select((c, k) => k == 0 ? $"to day {c:0}" : $"{cuts[k - 1]:0}-{c:0}")];
        Console.WriteLine($"{protocolName} {patients} patients x {days} d, per patient:");
        Console.WriteLine("segment      ms     evals   steps  rejected restarts firings switches refreshes");
        for (int s = 0; s < segs; s++)
            Console.WriteLine($"{names[s],-10} {ms(ticks[s]),6:F3} {evals[s] / (double)patients,8:F1} {steps[s] / (double)patients,7:F1} {rej[s] / (double)patients,7:F1} {restarts[s] / (double)patients,7:F1} {firings[s] / (double)patients,8:F1} {switches[s] / (double)patients,6:F1} {refreshes[s] / (double)patients,7:F1}");
        Console.WriteLine($"summary {ms(summaryTicks):F3} ms");
        Console.WriteLine($"allocated per patient (KB): {string.Join(", ", names.Select((n, s) => $"{n} {allocated[s] / 1024.0 / patients:F1}"))}");
        Console.WriteLine("firings per patient by transition (the most frequent):");
        foreach (var (key, count) in firingsBy.OrderByDescending(e => e.Value).Take(12))
            Console.WriteLine($"  {count / (double)patients,8:F1}  {key}");
        if (probe)
        {
            Console.WriteLine($"deferral probe, per patient: {candidates / (double)patients:F1} restarting firings change no continuous compartment, {within / (double)patients:F1} within the bound (kappa {HybridSolver.DeferralSafety}); mean discarded rest of step {(candidates > 0 ? discarded / candidates : 0):F4} d");
            Console.WriteLine($"  largest error/tolerance ratio by decade (<=1e-4, -3, -2, -1, 0, 1, 2, above): {string.Join(" ", decades.Select(d => (d / (double)patients).ToString("F1")))}");
            Console.WriteLine($"  days of step the bound would hold (<=0.1, <=1, <=10, above): {string.Join(" ", horizons.Select(d => (d / (double)patients).ToString("F1")))}");
        }
        if ((options.Solver ?? Patient.DefaultSolverOptions).HybridDeferNegligibleRestarts)
            Console.WriteLine($"deferral of negligible restarts, per patient: {deferred / (double)patients:F1} restarting firings deferred, {refused / (double)patients:F1} refused (bound failed; mean discarded rest of step {(refused > 0 ? refusedDays / refused : 0):F4} d); {staleSteps / (double)patients:F1} steps started from the carried derivative, corrected{(reuseStale ? "" : " (WORK_REUSE_STALE=0)")}");
        Console.WriteLine("stiffness switching, per patient: RKC evals (steps, rejected, spectral, first) | Rosenbrock-W evals (steps, rejected, Jacobians' evals, first; Jacobians, factorisations) | handovers (failed trials)");
        for (int s = 1; s < segs; s++)
        {
            double p(int k) => split[s, k] / (double)patients;
            Console.WriteLine($"{names[s],-10} {p(0),7:F1} ({p(1):F1}, {p(2):F1}, {p(3):F1}, {p(4):F1}) | {p(5),7:F1} ({p(6):F1}, {p(7):F1}, {p(8):F1}, {p(9):F1}; {p(13):F2}, {p(11):F1}) | {p(10):F1} ({p(12):F1})");
        }
    }

    /// <summary>perf's control and acknowledgement FIFOs (<c>perf record --control=fifo:ctl,ack</c>), named by <c>WORK_PERF_CONTROL</c>.</summary>
    private sealed class PerfControl(FileStream control, FileStream ack) : IDisposable
    {
        public static PerfControl? FromEnvironment()
        {
            string? setting = Environment.GetEnvironmentVariable("WORK_PERF_CONTROL");
            if (string.IsNullOrEmpty(setting)) return null;
            string[] paths = setting.Split(',');
            if (paths.Length != 2)
                throw new ArgumentException($"WORK_PERF_CONTROL was '{setting}'; expected '<control fifo>,<ack fifo>' (perf record --control=fifo:ctl,ack).");
            // perf opens the control FIFO for reading and the acknowledgement FIFO for writing; open in the same order.
            var control = new FileStream(paths[0], FileMode.Open, FileAccess.Write);
            return new PerfControl(control, new FileStream(paths[1], FileMode.Open, FileAccess.Read));
        }

        /// <summary>Sends a command (<c>enable</c>, <c>disable</c>) and waits for perf's "ack\n\0".</summary>
        public void Send(string command)
        {
            control.Write(System.Text.Encoding.ASCII.GetBytes(command + "\n"));
            control.Flush();
            Span<byte> reply = stackalloc byte[5];
            ack.ReadExactly(reply);
        }

        public void Dispose()
        {
            control.Dispose();
            ack.Dispose();
        }
    }
}
