using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// Properties over randomly generated networks: FsCheck draws the shape (sizes, seed, solver),
/// and a network is built deterministically from it.
/// </summary>
public class ExactSsaPropertyTests
{
    public sealed record NetworkSpec(int Compartments, int Transitions, int Seed, int Solver, bool Closed, bool TimeDependent);

    private static readonly SolverKind[] Kinds = [SolverKind.Direct, SolverKind.SortingDirect, SolverKind.CompositionRejection];

    private static Arbitrary<NetworkSpec> Specs(bool closed) => Arb.From(
        from c in Gen.Choose(1, 5)
        from t in Gen.Choose(1, 8)
        from seed in Gen.Choose(0, int.MaxValue)
        from solver in Gen.Choose(0, 2)
        from timeDependent in Gen.Elements(false, true)
        select new NetworkSpec(c, t, seed, solver, closed, timeDependent));

    /// <summary>
    /// A random network, optionally with a time-dependent conversion. Open networks: immigrations, and transitions whose products never
    /// outnumber their reactants (no explosion). Closed networks: every transition consumes as
    /// many units as it makes, so the total count is conserved. Some rates carry Hill feedback.
    /// </summary>
    private static ReactionNetwork Build(NetworkSpec spec)
    {
        var rng = RandomStream.Create((ulong)spec.Seed, 99);
        var builder = new ReactionNetworkBuilder();
        for (int i = 0; i < spec.Compartments; i++) builder.Compartment($"C{i}", rng.Next(0, 31));
        for (int j = 0; j < spec.Transitions; j++)
        {
            int reactantUnits = rng.Next(spec.Closed ? 1 : 0, 3);
            var reactants = new List<int>();
            for (int u = 0; u < reactantUnits; u++) reactants.Add(rng.Next(spec.Compartments));
            int productUnits = spec.Closed ? reactantUnits : reactantUnits == 0 ? 1 : rng.Next(0, reactantUnits + 1);
            var products = new List<int>();
            for (int u = 0; u < productUnits; u++) products.Add(rng.Next(spec.Compartments));
            double rate = 3 * rng.NextDouble();
            bool hill = rng.Next(3) == 0;
            int hillInput = rng.Next(spec.Compartments);
            builder.Transition($"T{j}", t =>
            {
                foreach (int r in reactants) t.Consumes($"C{r}");
                foreach (int p in products) t.Produces($"C{p}");
                t.MassAction(rate);
                if (hill) t.RepressedBy($"C{hillInput}", 10.0, 2.0);
            });
        }
        if (spec.TimeDependent)
        {
            // An oscillating conversion C0 → C(last): exercises the hazard-integration path and,
            // being a conversion, keeps closed networks closed.
            string last = $"C{spec.Compartments - 1}";
            builder.Transition("oscillating", t => t.Consumes("C0").Produces(last).Rate(
                static r => 0.5 * (1 + Math.Sin(6 * r.TimeDays)) * r.Count(0), ["C0"], timeDependent: true));
        }
        return builder.Build();
    }

    private static readonly double[] Grid = [.. Enumerable.Range(1, 40).Select(i => i * 0.05)];

    private static CompartmentSystem Run(NetworkSpec spec, out Trajectory trajectory)
    {
        var system = new CompartmentSystem(Build(spec), new SolverOptions { Kind = Kinds[spec.Solver] }, RandomStream.Create((ulong)spec.Seed, 7));
        trajectory = system.Observe(Grid);
        return system;
    }

    [Fact]
    public void AdvanceTo_RandomNetworks_CountsAreNeverNegativeAndStayWhole()
    {
        Prop.ForAll(Specs(closed: false), spec =>
        {
            Run(spec, out var trajectory);
            for (int c = 0; c < spec.Compartments; c++)
                foreach (double x in trajectory.Values(c))
                    if (x < 0 || x != Math.Floor(x)) return false;
            return true;
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void AdvanceTo_ClosedNetworks_ConserveTheTotalCount()
    {
        Prop.ForAll(Specs(closed: true), spec =>
        {
            var system = Run(spec, out var trajectory);
            double initial = system.Network.Compartments.Sum(c => c.InitialCount);
            for (int s = 0; s < trajectory.Count; s++)
            {
                double total = 0;
                for (int c = 0; c < spec.Compartments; c++) total += trajectory[s, c];
                if (total != initial) return false;
            }
            return true;
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void AdvanceTo_SameSeed_GivesTheSameTrajectory()
    {
        Prop.ForAll(Specs(closed: false), spec =>
        {
            var first = Run(spec, out var a);
            var second = Run(spec, out var b);
            for (int c = 0; c < spec.Compartments; c++)
                if (!a.Values(c).SequenceEqual(b.Values(c))) return false;
            return first.FiringCounts.SequenceEqual(second.FiringCounts);
        }).CheckThrowOnFailure();
    }
}
