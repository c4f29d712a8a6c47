using System.Globalization;
using Reconstitution.Analysis;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

/// <summary><c>reconstitution protocol &lt;name|file.json&gt; [--patients n] [--days d] [--seed s] [--age y] [--disease d] [--write]</c>.</summary>
internal static class ProtocolCommand
{
    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: reconstitution protocol <name|file.json> [--patients n] [--days d] [--seed s] [--age y] [--disease name] [--write]");
            Console.Error.WriteLine("built-in protocols: " + string.Join(", ", BuiltInProtocols.Names));
            return 2;
        }
        int patients = 20, days = 60;
        ulong seed = 1;
        double age = 45;
        var disease = AutoimmuneDisease.None;
        bool write = false;
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--patients": patients = int.Parse(Next(), inv); break;
                case "--days": days = int.Parse(Next(), inv); break;
                case "--seed": seed = ulong.Parse(Next(), inv); break;
                case "--age": age = double.Parse(Next(), inv); break;
                case "--disease": disease = Enum.Parse<AutoimmuneDisease>(Next(), ignoreCase: true); break;
                case "--write": write = true; break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        try
        {
            var protocol = BuiltInProtocols.Resolve(args[0]);
            if (write) { Console.Write(ProtocolFile.Write(protocol.Definition)); return 0; }
            var covariates = new PatientCovariates { AgeYears = age, Disease = disease };
            var options = new PatientSimulationOptions { Days = days };
            var outcomes = new List<PatientOutcome>();
            Console.WriteLine($"{protocol.Name}: {protocol.Description}");
            Console.WriteLine("patient  ANC-day  PLT-day  failure  PLT-tx  RBC  infections  aGVHD  chim30  relapse  death");
            for (int p = 0; p < patients; p++)
            {
                var o = PatientSimulation.Run(covariates, protocol, seed, p, options).Outcome;
                outcomes.Add(o);
                Console.WriteLine(string.Create(inv,
                    $"{p,7}  {Show(o.NeutrophilEngraftmentDay),7}  {Show(o.PlateletEngraftmentDay),7}  {(o.PrimaryGraftFailure ? "yes" : "no"),7}  {o.PlateletTransfusions,6}  {o.RedCellUnits,3}  {o.Infections,10}  {Show(o.AcuteGvhdDay),5}  {(o.DonorChimerismDay30Percent is { } c ? c.ToString("0", inv) : "-"),6}  {Show(o.RelapseDay),7}  {(o.DeathCause is null ? "-" : o.DeathCause + "@" + o.DeathDay)}"));
            }
            double Median(Func<PatientOutcome, int?> f) => SampleQuantiles.Median(outcomes.Select(o => f(o) is { } d ? (double)d : double.PositiveInfinity).ToArray());
            Console.WriteLine(string.Create(inv, $"median neutrophil engraftment day {Median(o => o.NeutrophilEngraftmentDay)}, platelet {Median(o => o.PlateletEngraftmentDay)}; graft failure {outcomes.Count(o => o.PrimaryGraftFailure)}/{patients}; deaths {outcomes.Count(o => o.DeathDay is not null)}/{patients}"));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or ProtocolFileException or FileNotFoundException or FormatException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private static string Show(int? day) => day is { } d ? d.ToString(CultureInfo.InvariantCulture) : "-";
}
