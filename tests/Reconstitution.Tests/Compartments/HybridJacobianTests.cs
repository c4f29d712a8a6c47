using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hybrid solver assembles ∂f/∂y from the network's structure, with the signals as intermediate variables
/// (HybridSolver.Jacobian.cs). These tests compare it with the column-grouped forward difference of the whole right-hand
/// side (<see cref="SparseJacobian.Evaluate"/>) on the pattern the solver declares, and with a Jacobian written out by hand.
/// </summary>
/// <remarks>
/// <para>Tolerance. Both are forward differences with the step δⱼ = √ε·max(|yⱼ|, floor) (the structured one differences
/// only the signals and the general rates, the rest is analytic), so each entry carries at most the error of one: the
/// truncation ½δⱼ|∂²fₖ/∂yⱼ²| plus the rounding of f's terms, a few ε·Rₖ/δⱼ, where Rₖ is the size of row k's rates. For
/// rates of first-order terms times Hill-type signals of exponent n ≤ 7, |∂²fₖ/∂yⱼ²| ≤ (n + 1)²·Rₖ/yⱼ², so the truncation
/// is at most 32√ε·Rₖ/yⱼ and the rounding about 4√ε·Rₖ/yⱼ. The tests allow 256·√ε·Rₖ/max(|yⱼ|, floor) per entry (about 7
/// times the bound), with Rₖ taken as the larger of |fₖ| and the largest |Jₖᵢ|·max(|yᵢ|, floor) of the row (a rate).</para>
/// </remarks>
public class HybridJacobianTests
{
    private static readonly double SqrtEpsilon = Math.Sqrt(Math.ScaleB(1.0, -52));

    private readonly struct Rhs(HybridSolver solver) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => solver.Derivative(timeDays, y, dydt);
    }

    /// <summary>Both Jacobians of the solver's right-hand side at (t, y), on its declared pattern: (differenced, structured, f, evaluations of each).</summary>
    private static (double[] Differenced, double[] Structured, double[] F, int DifferenceCost, int StructureCost, SparseJacobian Pattern) BothJacobians(
        HybridSolver solver, double t, double[] y, double floor)
    {
        int n = y.Length;
        var stepper = new RosenbrockW(n, 1e-3, floor);
        ((IJacobianPattern)solver).Declare(stepper);
        var jacobian = stepper.Jacobian;
        var system = new Rhs(solver);
        var f = new double[n];
        solver.Derivative(t, y, f);
        int differenceCost = jacobian.Evaluate(ref system, t, y, f, floor, new double[n], new double[n]);
        double[] differenced = jacobian.Values.ToArray();
        int structureCost = jacobian.Assemble(solver, ref system, t, y, f, floor, new double[n]);
        return (differenced, jacobian.Values.ToArray(), f, differenceCost, structureCost, jacobian);
    }

    /// <summary>Asserts the two Jacobians agree within the tolerance of the class remarks; returns the number of entries above it.</summary>
    private static int AssertAgree(double[] differenced, double[] structured, double[] f, double[] y, double floor, SparseJacobian pattern, string context)
    {
        ReadOnlySpan<int> offsets = pattern.RowOffsets, columns = pattern.Columns;
        int significant = 0;
        for (int k = 0; k < offsets.Length - 1; k++)
        {
            double rate = Math.Abs(f[k]);
            for (int e = offsets[k]; e < offsets[k + 1]; e++) rate = Math.Max(rate, Math.Abs(differenced[e]) * Math.Max(Math.Abs(y[columns[e]]), floor));
            for (int e = offsets[k]; e < offsets[k + 1]; e++)
            {
                double tolerance = 256 * SqrtEpsilon * rate / Math.Max(Math.Abs(y[columns[e]]), floor);
                double difference = Math.Abs(differenced[e] - structured[e]);
                Assert.True(difference <= tolerance,
                    $"{context}: ∂f{k}/∂y{columns[e]} differenced {differenced[e]:R}, structured {structured[e]:R} (difference {difference:G3} > tolerance {tolerance:G3}).");
                if (Math.Abs(differenced[e]) > tolerance) significant++;
            }
        }
        return significant;
    }

    [Fact]
    public void Jacobian_ChainWithSignalAndCustomRate_EqualsTheHandWrittenJacobian()
    {
        // P renews (×feedback(B)), P → 2 M1 at k, M1 → 2 M2 (×feedback), M2 → B by a custom time-dependent rate, deaths of B and M1.
        var network = HybridRightHandSideTests.Chain();
        var system = new CompartmentSystem(network, new SolverOptions { Kind = SolverKind.Ode, OdeMethod = OdeMethod.RosenbrockW }, RandomStream.Create(3));
        system.AdvanceTo(1);
        var solver = (HybridSolver)system.Solver;
        double[] y = [1.5e6, 0.5e6, 4e6, 6e7];
        var (_, structured, _, _, cost, pattern) = BothJacobians(solver, 2.5, y, 1);

        double feedback = 2 / (1 + y[3] / 5e7), slope = -2 / 5e7 / Math.Pow(1 + y[3] / 5e7, 2), m2 = 0.5 * (1 + 0.1 * Math.Sin(2.5));
        var expected = new double[4, 4];
        expected[0, 0] = 0.4 * feedback - 0.7;
        expected[0, 3] = 0.4 * y[0] * slope;
        expected[1, 0] = 2 * 0.7;
        expected[1, 1] = -0.9 * feedback - 0.1;
        expected[1, 3] = -0.9 * y[1] * slope;
        expected[2, 1] = 2 * 0.9 * feedback;
        expected[2, 2] = -m2;
        expected[2, 3] = 2 * 0.9 * y[1] * slope;
        expected[3, 2] = m2;
        expected[3, 3] = -0.05;
        ReadOnlySpan<int> offsets = pattern.RowOffsets, columns = pattern.Columns;
        var seen = new double[4, 4];
        for (int k = 0; k < 4; k++)
            for (int e = offsets[k]; e < offsets[k + 1]; e++) seen[k, columns[e]] = structured[e];
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 4; j++)
                Assert.True(Math.Abs(seen[k, j] - expected[k, j]) <= 1e-6 * Math.Abs(expected[k, j]) + 1e-12, $"∂f{k}/∂y{j}: {seen[k, j]:R}, expected {expected[k, j]:R}.");
        // One evaluation for the base state, one group (B feeds the only signal), one for ∂f/∂t.
        Assert.Equal(3, cost);
    }

    [Fact]
    public void Jacobian_NetworkWithoutSignals_ExactAndCountsTheBaseAndTimeEvaluations()
    {
        // A → B → death, no signal and no time-dependent rate: the structure is the whole Jacobian (no signal part to
        // difference, no ∂f/∂t). Its reported cost is the base evaluation, never 0 (a review found (0 − 1)/1 = −1 signal
        // updates making it 0).
        var network = new ReactionNetworkBuilder()
            .Compartment("A", 1e6, CompartmentMode.Continuous).Compartment("B", 2e6, CompartmentMode.Continuous)
            .Transition("A.out", t => t.Consumes("A").Produces("B").MassAction(0.3))
            .Transition("B.death", t => t.Consumes("B").MassAction(0.05))
            .Build();
        var system = new CompartmentSystem(network, new SolverOptions { Kind = SolverKind.Ode, OdeMethod = OdeMethod.RosenbrockW }, RandomStream.Create(3));
        system.AdvanceTo(1);
        var (_, structured, _, _, cost, pattern) = BothJacobians((HybridSolver)system.Solver, 1.5, [8e5, 2.2e6], 1);
        var seen = new double[2, 2];
        ReadOnlySpan<int> offsets = pattern.RowOffsets, columns = pattern.Columns;
        for (int k = 0; k < 2; k++)
            for (int e = offsets[k]; e < offsets[k + 1]; e++) seen[k, columns[e]] = structured[e];
        Assert.Equal(-0.3, seen[0, 0], 12);
        Assert.Equal(0.3, seen[1, 0], 12);
        Assert.Equal(-0.05, seen[1, 1], 12);
        Assert.Equal(1, cost);
    }

    [Theory]
    [InlineData("auto-cy-atg")]
    [InlineData("allo-pbsc-mac")]
    [InlineData("cord-double-mac")]
    [InlineData("ric-flu-bu-atg")]
    public void Jacobian_PhysiologyCourse_AgreesWithTheDifferenceOfTheWholeRightHandSide(string protocolName)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.SystemicSclerosis };
        var options = new PatientSimulationOptions { Days = 400 };
        var run = PatientSimulation.Start(PatientSimulation.Draw(covariates, 7, 3, options), protocol, 7, 3, options);
        var solver = (HybridSolver)run.Person.System.Solver;
        int compared = 0;
        foreach (double day in new[] { protocol.StartDay + 1, 3, 20, 60, 200, 400 })
        {
            run.Simulation.Run(day);
            var ode = solver.Integrator;
            if (ode.Dimension == 0) continue;
            double[] y = ode.Y.AsSpan(0, ode.Dimension).ToArray();
            var (differenced, structured, f, differenceCost, structureCost, pattern) = BothJacobians(solver, ode.T, y, 1);
            int significant = AssertAgree(differenced, structured, f, y, 1, pattern, $"{protocolName} day {day}");
            Assert.True(significant > y.Length, $"{protocolName} day {day}: only {significant} entries above the tolerance.");
            Assert.True(structureCost < differenceCost, $"{protocolName} day {day}: {structureCost} evaluations, differences {differenceCost}.");
            compared++;
        }
        Assert.True(compared >= 4);
    }

    /// <summary>The shape of a random network: sizes and the seed its rates and wiring are drawn from.</summary>
    public sealed record NetworkSpec(int Continuous, int Exact, int Signals, int Transitions, int Seed);

    /// <summary>
    /// A random network of continuous compartments C0 … and exact ones X0 … (small counts), with signals that are Hill
    /// functions of weighted sums of random compartments (one reads an earlier signal, one depends on time), and transitions
    /// of every kind: first order with no, one, two or a repeated modulator, second order, a Hill factor, a custom rate, an
    /// immigration; transitions that change an exact compartment while reading continuous ones give the hazard row.
    /// </summary>
    private static ReactionNetwork Build(NetworkSpec spec)
    {
        var rng = RandomStream.Create((ulong)spec.Seed, 15);
        var builder = new ReactionNetworkBuilder();
        var all = new List<string>();
        for (int i = 0; i < spec.Continuous; i++)
        {
            builder.Compartment($"C{i}", 1e4 + 1e6 * rng.NextDouble(), CompartmentMode.Continuous);
            all.Add($"C{i}");
        }
        for (int i = 0; i < spec.Exact; i++)
        {
            builder.Compartment($"X{i}", rng.Next(1, 20), CompartmentMode.Exact);
            all.Add($"X{i}");
        }
        string Continuous() => $"C{rng.Next(spec.Continuous)}";
        for (int s = 0; s < spec.Signals; s++)
        {
            int inputs = rng.Next(1, Math.Min(5, all.Count) + 1);
            var read = Enumerable.Range(0, inputs).Select(_ => all[rng.Next(all.Count)]).Distinct().ToArray();
            double[] weights = [.. read.Select(_ => 0.2 + rng.NextDouble())];
            double half = 2e5 + 1e6 * rng.NextDouble(), hill = 1 + 3 * rng.NextDouble();
            bool repressing = rng.Next(2) == 0, timeDependent = s == 1;
            if (s == 2)
            {
                // Reads the first signal as well as counts.
                builder.Signal($"S{s}", x =>
                {
                    double sum = 0;
                    for (int i = 0; i < weights.Length; i++) sum += weights[i] * x.Count(i);
                    return x.Parameter(0) * (1 + sum / half);
                }, read, ["S0"]);
                continue;
            }
            builder.Signal($"S{s}", x =>
            {
                double sum = 0;
                for (int i = 0; i < weights.Length; i++) sum += weights[i] * x.Count(i);
                double r = Math.Pow(sum / half, hill), value = repressing ? 1 / (1 + r) : r / (1 + r);
                return timeDependent ? value * (1.5 + Math.Sin(x.TimeDays)) : value;
            }, read, timeDependent: timeDependent);
        }
        string Signal() => $"S{rng.Next(spec.Signals)}";
        for (int j = 0; j < spec.Transitions; j++)
        {
            int kind = rng.Next(8);
            string a = Continuous(), b = Continuous(), signal = Signal(), other = Signal(), exact = spec.Exact > 0 ? $"X{rng.Next(spec.Exact)}" : b;
            double rate = 0.05 + rng.NextDouble();
            builder.Transition($"T{j}", t =>
            {
                switch (kind)
                {
                    case 0: t.Consumes(a).Produces(b, 2).MassAction(rate); break;
                    case 1: t.Consumes(a).Produces(b).MassAction(rate).ModulatedBy(signal); break;
                    case 2: t.Consumes(a).Produces(b).MassAction(rate).ModulatedBy(signal).ModulatedBy(other); break;
                    case 3: t.Consumes(a).MassAction(rate).ModulatedBy(signal).ModulatedBy(signal); break;
                    case 4: t.Consumes(a).Consumes(b).Produces(b, 2).MassAction(rate * 1e-6); break;
                    case 5: t.Consumes(a).Produces(b).MassAction(rate).RepressedBy(b, 5e5, 2.0).ModulatedBy(signal); break;
                    case 6: t.Consumes(a).Produces(b).Rate(x => rate * x.Count(0) * x.Count(1) / (x.Count(1) + 3e5), [a, b]); break;
                    default: t.Consumes(a).Produces(exact).MassAction(rate * 1e-3).ModulatedBy(signal); break;
                }
            });
        }
        builder.Transition("immigration", t => t.Produces(Continuous()).MassAction(1e3));
        return builder.Build();
    }

    [Fact]
    public void Jacobian_RandomNetworks_AgreesWithTheDifferenceOfTheWholeRightHandSide()
    {
        var specs = Arb.From(
            from continuous in Gen.Choose(2, 12)
            from exact in Gen.Choose(0, 3)
            from signals in Gen.Choose(3, 6)
            from transitions in Gen.Choose(4, 20)
            from seed in Gen.Choose(0, int.MaxValue)
            select new NetworkSpec(continuous, exact, signals, transitions, seed));
        var config = Config.QuickThrowOnFailure.WithMaxTest(150).WithReplay(new Replay(new Rnd(12_2026UL), null));
        Prop.ForAll(specs, spec =>
        {
            var system = new CompartmentSystem(Build(spec), new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.RosenbrockW },
                RandomStream.Create((ulong)spec.Seed, 1));
            system.AdvanceTo(1e-3);
            var solver = (HybridSolver)system.Solver;
            int n = solver.Integrator.Dimension;
            var rng = RandomStream.Create((ulong)spec.Seed, 2);
            double[] y = [.. Enumerable.Range(0, n).Select(_ => 1e3 + 1e6 * rng.NextDouble())];
            var (differenced, structured, f, _, _, pattern) = BothJacobians(solver, 0.7, y, 1);
            AssertAgree(differenced, structured, f, y, 1, pattern, spec.ToString());
        }).Check(config);
    }
}
