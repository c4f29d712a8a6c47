using Reconstitution.Compartments;
using Reconstitution.Kernel;
using Reconstitution.Randomness;

// A researcher's first program against the NuGet package: a stem-cell pool with niche feedback,
// advanced by the kernel while a day-10 event halves it (a toy conditioning dose).
var network = new ReactionNetworkBuilder()
    .Compartment("HSC", 1000)
    .Parameter("renewalPerDay", 0.02).Parameter("nicheSize", 1000).Parameter("hill", 2)
    .Transition("renewal", t => t.Consumes("HSC").Produces("HSC", 2).MassAction("renewalPerDay")
        .RepressedBy("HSC", halfSaturationParameter: "nicheSize", coefficientParameter: "hill"))
    .Transition("loss", t => t.Consumes("HSC").MassAction(0.005))
    .Build();

var simulation = new Simulation();
var system = new CompartmentSystem(network, new SolverOptions(), RandomStream.Create(42));
simulation.AddAdvancer(system);
simulation.Schedule(10, () => system.SetCount("HSC", Math.Floor(system.GetCount("HSC") / 2)));
for (int day = 0; day <= 100; day += 20) { simulation.Run(day); Console.WriteLine($"day {day}: {system.GetCount("HSC")}"); }
Console.WriteLine($"package consumer: HSC on day 100 = {system.GetCount("HSC")}");
return system.GetCount("HSC") > 0 ? 0 : 1;
