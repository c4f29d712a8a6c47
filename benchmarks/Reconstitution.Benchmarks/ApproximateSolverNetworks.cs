using System.Globalization;
using Reconstitution.Compartments;

namespace Reconstitution.Benchmarks;

/// <summary>The networks of the approximate-solver benchmarks.</summary>
public static class ApproximateSolverNetworks
{
    /// <summary>
    /// A scaled granulopoiesis-like chain: influx → 10 Erlang maturation stages (1.4/day each,
    /// ≈ 7 days) → blood (death 2.4/day, half-life ≈ 7 h) with a repressing Hill feedback of blood
    /// on the influx. Every count is proportional to <paramref name="scale"/> (the stationary blood
    /// count is ≈ 0.6·scale), so 10⁴ and 10¹² differ only in population size.
    /// </summary>
    public static ReactionNetwork ScaledChain(double scale)
    {
        const int stages = 10;
        const double influx = 1.0, stageRate = 1.4, death = 2.4;
        var b = new ReactionNetworkBuilder();
        double stationaryStage = influx * scale / stageRate / 2; // roughly, with the feedback halving the influx
        for (int s = 0; s < stages; s++) b.Compartment(Name("M", s), Math.Round(stationaryStage));
        b.Compartment("Blood", Math.Round(stationaryStage * stageRate / death));
        b.Parameter("K", 0.3 * scale).Parameter("n", 1);
        b.Transition("influx", t => t.Produces("M0").MassAction(2 * influx * scale).RepressedBy("Blood", "K", "n"));
        for (int s = 0; s < stages; s++)
        {
            string from = Name("M", s), to = s + 1 < stages ? Name("M", s + 1) : "Blood";
            b.Transition("mature" + from, t => t.Consumes(from).Produces(to).MassAction(stageRate));
        }
        b.Transition("death", t => t.Consumes("Blood").MassAction(death));
        return b.Build();
    }

    /// <summary>
    /// A physiology-sized network (≈ 120 compartments, ≈ 130 transitions) with the shape the next
    /// issue's model will have: a stem-cell pool (≈ 2·10⁴, self-renewal repressed by itself);
    /// erythroid, myeloid, megakaryocytic, T, B and NK lineages, each a progenitor pool, a 7-day
    /// maturation chain with amplifying divisions and circulating Erlang stages (40 for red cells,
    /// 115-day life; neutrophil half-life ≈ 7 h), production repressed by the circulating count
    /// (cytokine-like feedback); circulating counts from 10⁹ to 2.5·10¹³; and two small
    /// autoreactive clones (≈ 50 cells, birth and death 0.1/day) kept exact.
    /// </summary>
    public static ReactionNetwork Physiology()
    {
        var b = new ReactionNetworkBuilder();
        b.Compartment("HSC", 20_000);
        b.Parameter("hscK", 20_000).Parameter("one", 1);
        b.Transition("hscRenewal", t => t.Consumes("HSC").Produces("HSC", 2).MassAction(0.05).RepressedBy("HSC", "hscK", "one"));
        b.Transition("hscDeath", t => t.Consumes("HSC").MassAction(0.025));
        Lineage(b, "Ery", maturationStages: 12, divisions: 12, circulatingStages: 40, lifeDays: 115, circulating: 2.5e13, feedback: true);
        Lineage(b, "Mye", maturationStages: 10, divisions: 10, circulatingStages: 1, lifeDays: 0.42, circulating: 3e10, feedback: true);
        Lineage(b, "Meg", maturationStages: 8, divisions: 8, circulatingStages: 8, lifeDays: 10, circulating: 1e12, feedback: true);
        Lineage(b, "T", maturationStages: 12, divisions: 10, circulatingStages: 4, lifeDays: 100, circulating: 1e11, feedback: true);
        Lineage(b, "B", maturationStages: 10, divisions: 8, circulatingStages: 2, lifeDays: 40, circulating: 2e10, feedback: true);
        Lineage(b, "NK", maturationStages: 6, divisions: 6, circulatingStages: 1, lifeDays: 14, circulating: 1e9, feedback: false);
        for (int c = 0; c < 2; c++)
        {
            string clone = "Clone" + c.ToString(CultureInfo.InvariantCulture);
            b.Compartment(clone, 50, CompartmentMode.Exact);
            b.Transition(clone + "Birth", t => t.Consumes(clone).Produces(clone, 2).MassAction(0.1));
            b.Transition(clone + "Death", t => t.Consumes(clone).MassAction(0.1));
        }
        return b.Build();
    }

    /// <summary>
    /// HSC → progenitor pool (commitment catalysed by HSC; pool self-renews at 0.45/day and exits at
    /// 0.5/day) → maturation stages over 7 days (the first <paramref name="divisions"/> double) →
    /// <paramref name="circulatingStages"/> Erlang stages of total mean life <paramref name="lifeDays"/>.
    /// With feedback, commitment is repressed by the circulating total (K = target), and set so that
    /// without feedback the count would be twice the target.
    /// </summary>
    private static void Lineage(ReactionNetworkBuilder b, string name, int maturationStages, int divisions, int circulatingStages,
        double lifeDays, double circulating, bool feedback)
    {
        const double transitDays = 7, exitRate = 0.5, renewal = 0.45, hsc = 20_000;
        double stageRate = maturationStages / transitDays;
        double circulatingRate = circulatingStages / lifeDays;
        double output = circulating / lifeDays;                  // cells/day entering circulation
        double flow = output / Math.Pow(2, divisions);           // cells/day leaving the progenitor pool
        string prog = name + "Prog";
        b.Compartment(prog, Math.Round(flow / exitRate));
        for (int s = 0; s < maturationStages; s++)
            b.Compartment(Stage(name, "M", s), Math.Round(flow * Math.Pow(2, Math.Min(s, divisions)) / stageRate));
        for (int s = 0; s < circulatingStages; s++)
            b.Compartment(Stage(name, "C", s), Math.Round(circulating / circulatingStages));
        b.Parameter(name + "K", circulating);
        double commit = (feedback ? 2 : 1) * flow / exitRate * (exitRate - renewal) / hsc;
        var inputs = new List<WeightedCompartment>();
        for (int s = 0; s < circulatingStages; s++) inputs.Add(new WeightedCompartment(Stage(name, "C", s), 1));
        b.Transition(name + "Commit", t =>
        {
            t.Consumes("HSC").Produces("HSC").Produces(prog).MassAction(commit);
            if (feedback) t.RepressedBy(inputs, name + "K", "one");
        });
        b.Transition(name + "Renew", t => t.Consumes(prog).Produces(prog, 2).MassAction(renewal));
        b.Transition(name + "Exit", t => t.Consumes(prog).Produces(Stage(name, "M", 0)).MassAction(exitRate));
        for (int s = 0; s < maturationStages; s++)
        {
            string from = Stage(name, "M", s), to = s + 1 < maturationStages ? Stage(name, "M", s + 1) : Stage(name, "C", 0);
            int offspring = s < divisions ? 2 : 1;
            b.Transition(from + "Next", t => t.Consumes(from).Produces(to, offspring).MassAction(stageRate));
        }
        for (int s = 0; s < circulatingStages; s++)
        {
            string from = Stage(name, "C", s);
            if (s + 1 < circulatingStages)
            {
                string to = Stage(name, "C", s + 1);
                b.Transition(from + "Next", t => t.Consumes(from).Produces(to).MassAction(circulatingRate));
            }
            else b.Transition(from + "Death", t => t.Consumes(from).MassAction(circulatingRate));
        }
    }

    private static string Name(string prefix, int s) => prefix + s.ToString(CultureInfo.InvariantCulture);

    private static string Stage(string lineage, string kind, int s) => lineage + kind + s.ToString(CultureInfo.InvariantCulture);
}
