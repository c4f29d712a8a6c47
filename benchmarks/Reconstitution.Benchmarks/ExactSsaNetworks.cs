using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>The networks of the exact-SSA benchmarks (also used by the tests of the benchmark setup).</summary>
public static class ExactSsaNetworks
{
    /// <summary>A: immigration–death, 0 → X at k = 1000/day, X → 0 at d = 1/day, started at the stationary mean.</summary>
    public static ReactionNetwork ImmigrationDeath() => new ReactionNetworkBuilder()
        .Compartment("X", 1000)
        .Parameter("k", 1000).Parameter("d", 1)
        .Transition("immigration", t => t.Produces("X").MassAction("k"))
        .Transition("death", t => t.Consumes("X").MassAction("d"))
        .Build();

    /// <summary>
    /// B: stem-cell chain HSC → P1 → P2 → P3 → Mature → ∅. HSC self-renewal is repressed by the
    /// HSC pool (Hill, K = 1000, n = 1), so the pool settles at 1000; progenitor divisions double
    /// the cells (P1 → 2 P2, …); every stage dies. About 10⁴ firings per day.
    /// </summary>
    public static ReactionNetwork StemCellChain() => new ReactionNetworkBuilder()
        .Compartment("HSC", 1000).Compartment("P1", 500).Compartment("P2", 900)
        .Compartment("P3", 1650).Compartment("Mature", 6000)
        .Parameter("renewal", 2).Parameter("niche", 1000).Parameter("hill", 1)
        .Parameter("hscDifferentiation", 0.5).Parameter("hscDeath", 0.5)
        .Parameter("division", 1).Parameter("progenitorDeath", 0.1).Parameter("matureDeath", 0.5)
        .Transition("HSC self-renewal", t => t.Consumes("HSC").Produces("HSC", 2).MassAction("renewal")
            .RepressedBy("HSC", "niche", "hill"))
        .Transition("HSC differentiation", t => t.Consumes("HSC").Produces("P1").MassAction("hscDifferentiation"))
        .Transition("HSC death", t => t.Consumes("HSC").MassAction("hscDeath"))
        .Transition("P1 division", t => t.Consumes("P1").Produces("P2", 2).MassAction("division"))
        .Transition("P1 death", t => t.Consumes("P1").MassAction("progenitorDeath"))
        .Transition("P2 division", t => t.Consumes("P2").Produces("P3", 2).MassAction("division"))
        .Transition("P2 death", t => t.Consumes("P2").MassAction("progenitorDeath"))
        .Transition("P3 maturation", t => t.Consumes("P3").Produces("Mature", 2).MassAction("division"))
        .Transition("P3 death", t => t.Consumes("P3").MassAction("progenitorDeath"))
        .Transition("Mature death", t => t.Consumes("Mature").MassAction("matureDeath"))
        .Build();

    /// <summary>
    /// C: 100 compartments, 300 transitions: each compartment has immigration (rate log-uniform in
    /// [1, 1000] per day), death (log-uniform in [0.1, 10] per day) and conversion into a random
    /// other compartment (log-uniform in [0.01, 1] per day). Propensities spread over ~6 decades.
    /// </summary>
    public static ReactionNetwork Large(int compartments = 100)
    {
        var rng = RandomStream.Create(2026, 11, 21);
        var builder = new ReactionNetworkBuilder();
        double LogUniform(double lo, double hi) => lo * Math.Pow(hi / lo, rng.NextDouble());
        for (int i = 0; i < compartments; i++)
        {
            double k = LogUniform(1, 1000), d = LogUniform(0.1, 10);
            builder.Compartment($"X{i}", Math.Round(k / d));
        }
        for (int i = 0; i < compartments; i++)
        {
            int target = (i + 1 + rng.Next(compartments - 1)) % compartments;
            string x = $"X{i}";
            double k = LogUniform(1, 1000), d = LogUniform(0.1, 10), c = LogUniform(0.01, 1);
            builder.Transition($"immigration {i}", t => t.Produces(x).MassAction(k))
                   .Transition($"death {i}", t => t.Consumes(x).MassAction(d))
                   .Transition($"conversion {i}", t => t.Consumes(x).Produces($"X{target}").MassAction(c));
        }
        return builder.Build();
    }
}
