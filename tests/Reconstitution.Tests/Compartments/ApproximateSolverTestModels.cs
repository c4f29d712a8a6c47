using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>Networks with known answers, shared by the approximate-solver tests.</summary>
internal static class ApproximateSolverTestModels
{
    /// <summary>∅ → X at rate k, X → ∅ at rate d·X: stationary X ~ Poisson(k/d).</summary>
    public static ReactionNetwork ImmigrationDeath(double k, double d, double x0, CompartmentMode mode = CompartmentMode.Dynamic) =>
        new ReactionNetworkBuilder()
            .Compartment("X", x0, mode)
            .Parameter("k", k).Parameter("d", d)
            .Transition("immigration", t => t.Produces("X").MassAction("k"))
            .Transition("death", t => t.Consumes("X").MassAction("d"))
            .Build();

    /// <summary>X → 2X at rate b·X, X → ∅ at rate d·X.</summary>
    public static ReactionNetwork BirthDeath(double b, double d, double x0, CompartmentMode mode = CompartmentMode.Dynamic) =>
        new ReactionNetworkBuilder()
            .Compartment("X", x0, mode)
            .Parameter("b", b).Parameter("d", d)
            .Transition("birth", t => t.Consumes("X").Produces("X", 2).MassAction("b"))
            .Transition("death", t => t.Consumes("X").MassAction("d"))
            .Build();

    /// <summary>Immigration at k₀(1 + sin t) (time-dependent), death at d·X.</summary>
    public static ReactionNetwork PulsedImmigrationDeath(double k0, double d, double x0, CompartmentMode mode = CompartmentMode.Dynamic) =>
        new ReactionNetworkBuilder()
            .Compartment("X", x0, mode)
            .Parameter("k0", k0).Parameter("d", d)
            .Transition("immigration", t => t.Produces("X").Rate(static r => r.Parameter(0) * (1 + Math.Sin(r.TimeDays)), [], ["k0"], timeDependent: true))
            .Transition("death", t => t.Consumes("X").MassAction("d"))
            .Build();

    /// <summary>Immigration only, at k₀(1 + sin t): X_t ~ Poisson(k₀(t + 1 − cos t)) exactly.</summary>
    public static ReactionNetwork PulsedImmigration(double k0, CompartmentMode mode = CompartmentMode.Dynamic) =>
        new ReactionNetworkBuilder()
            .Compartment("X", 0, mode)
            .Parameter("k0", k0)
            .Transition("immigration", t => t.Produces("X").Rate(static r => r.Parameter(0) * (1 + Math.Sin(r.TimeDays)), [], ["k0"], timeDependent: true))
            .Build();

    /// <summary>Mean of the pulsed model: x′ = k₀(1 + sin t) − d·x, solved in closed form.</summary>
    public static double PulsedMean(double k0, double d, double x0, double t)
    {
        // Particular solution k₀/d + k₀(d sin t − cos t)/(1 + d²), plus the homogeneous part.
        double particular(double s) => k0 / d + k0 * (d * Math.Sin(s) - Math.Cos(s)) / (1 + d * d);
        return particular(t) + (x0 - particular(0)) * Math.Exp(-d * t);
    }

    /// <summary>A closed system: A ⇌ B, A + B → 2B, 2B → A + B (total A + B conserved).</summary>
    public static ReactionNetwork Closed(double a0, double b0, double k1, double k2, double k3, double k4, CompartmentMode mode = CompartmentMode.Dynamic) =>
        new ReactionNetworkBuilder()
            .Compartment("A", a0, mode).Compartment("B", b0, mode)
            .Transition("forward", t => t.Consumes("A").Produces("B").MassAction(k1))
            .Transition("backward", t => t.Consumes("B").Produces("A").MassAction(k2))
            .Transition("convert", t => t.Consumes("A").Consumes("B").Produces("B", 2).MassAction(k3))
            .Transition("revert", t => t.Consumes("B", 2).Produces("A").Produces("B").MassAction(k4))
            .Build();

    public static CompartmentSystem NewSystem(ReactionNetwork network, SolverOptions options, ulong seed, long replicate = 0) =>
        new(network, options, RandomStream.Create(seed, replicate, "engine"));

    /// <summary>Sample mean, variance and fourth central moment.</summary>
    public static (double Mean, double Variance, double Fourth) Moments(ReadOnlySpan<double> xs)
    {
        double mean = 0;
        foreach (double x in xs) mean += x;
        mean /= xs.Length;
        double m2 = 0, m4 = 0;
        foreach (double x in xs)
        {
            double d = (x - mean) * (x - mean);
            m2 += d;
            m4 += d * d;
        }
        return (mean, m2 / (xs.Length - 1), m4 / xs.Length);
    }
}
