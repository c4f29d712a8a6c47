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
    /// A physiology-sized network (~150 compartments, ~155 transitions) with the shape the next
    /// issue's model will have: a stem-cell pool (≈ 2·10⁴, self-renewal repressed by itself);
    /// erythroid (40-stage Erlang chain, 115-day red-cell life), myeloid (10 stages, neutrophil
    /// half-life ≈ 7 h), megakaryocytic (8 stages, 10-day platelet life) and lymphoid (20 stages,
    /// slow turnover) lineages from progenitor pools with cytokine-like Hill feedback of the
    /// mature counts on their production; mature counts from 10⁹ to 10¹³; and two small
    /// autoreactive clones (≈ 50 cells, birth and death ≈ 0.1/day) that stay exact.
    /// </summary>
    public static ReactionNetwork Physiology()
    {
        var b = new ReactionNetworkBuilder();
        b.Compartment("HSC", 20_000);
        b.Parameter("hscK", 20_000).Parameter("one", 1);
        b.Transition("hscRenewal", t => t.Consumes("HSC").Produces("HSC", 2).MassAction(0.05).RepressedBy("HSC", "hscK", "one"));
        b.Transition("hscDeath", t => t.Consumes("HSC").MassAction(0.005));
        Lineage(b, "Ery", stages: 40, lifeDays: 115, mature: 2.5e13, progenitorGain: 1e3, feedbackOn: true);
        Lineage(b, "Mye", stages: 10, lifeDays: 0.42, mature: 3e10, progenitorGain: 1e3, feedbackOn: true);
        Lineage(b, "Meg", stages: 8, lifeDays: 10, mature: 1e12, progenitorGain: 1e3, feedbackOn: true);
        Lineage(b, "Lym", stages: 20, lifeDays: 60, mature: 1e11, progenitorGain: 1e2, feedbackOn: false);
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
    /// HSC → progenitor pool (amplifying) → k maturation stages (mean transit = 7 days) → mature
    /// cells with mean life <paramref name="lifeDays"/>; production optionally repressed by the
    /// mature count (K = the target count), so the lineage settles near <paramref name="mature"/>.
    /// </summary>
    private static void Lineage(ReactionNetworkBuilder b, string name, int stages, double lifeDays, double mature, double progenitorGain, bool feedbackOn)
    {
        const double transitDays = 7;
        double stageRate = stages / transitDays;
        double death = 1 / lifeDays;
        double output = mature * death;               // cells/day leaving the chain at steady state
        double progenitorRate = 0.5;                  // per day, progenitor exit into the chain
        double progenitors = output / progenitorRate / progenitorGain;
        string prog = name + "Prog";
        b.Compartment(prog, Math.Round(progenitors));
        for (int s = 0; s < stages; s++) b.Compartment(Stage(name, s), Math.Round(output / stageRate));
        b.Compartment(name, Math.Round(mature));
        b.Parameter(name + "K", mature);
        // Differentiation from the stem-cell pool (catalytic: HSC are not consumed), then amplification.
        double seed = progenitors * progenitorRate / 20_000 / 2;
        b.Transition(name + "Commit", t =>
        {
            t.Consumes("HSC").Produces("HSC").Produces(prog).MassAction(feedbackOn ? 2 * seed : seed);
            if (feedbackOn) t.RepressedBy(name, name + "K", "one");
        });
        b.Transition(name + "Amplify", t => t.Consumes(prog).Produces(prog, 2).MassAction(progenitorRate * (1 - 1 / progenitorGain) * 0.999));
        b.Transition(name + "Exit", t => t.Consumes(prog).Produces(Stage(name, 0)).MassAction(progenitorRate));
        for (int s = 0; s < stages; s++)
        {
            string from = Stage(name, s), to = s + 1 < stages ? Stage(name, s + 1) : name;
            b.Transition(name + "Mature" + s.ToString(CultureInfo.InvariantCulture), t => t.Consumes(from).Produces(to).MassAction(stageRate * (s + 1 < stages ? 1 : progenitorGain)));
        }
        b.Transition(name + "Death", t => t.Consumes(name).MassAction(death));
    }

    private static string Name(string prefix, int s) => prefix + s.ToString(CultureInfo.InvariantCulture);

    private static string Stage(string lineage, int s) => lineage + "Stage" + s.ToString(CultureInfo.InvariantCulture);
}
