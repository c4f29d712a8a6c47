using System.CommandLine;
using Reconstitution.Protocols;

namespace Reconstitution.Cli;

/// <summary><c>reconstitution protocols [--show NAME]</c>.</summary>
internal static class ProtocolsCommand
{
    public static Command Build(CliApp app)
    {
        var show = CliApp.Opt("--show", "NAME", "Print one built-in protocol (or a protocol file) as protocol JSON that can be edited and passed back with --protocol FILE.");
        var cmd = new Command("protocols", "List the built-in protocols, or print one as an editable protocol JSON file.");
        cmd.Options.Add(show);
        cmd.SetAction(pr =>
        {
            string? name = pr.GetValue(show);
            if (name is not null)
            {
                var p = ArgumentParsing.Protocol(name, "--show");
                app.Out.Write(ProtocolFile.Write(p.Definition));
                return ExitCodes.Success;
            }
            int width = BuiltInProtocols.Names.Max(n => n.Length);
            foreach (var n in BuiltInProtocols.Names)
            {
                var p = BuiltInProtocols.Get(n);
                app.Out.WriteLine($"{n.PadRight(width)}  {p.Description}");
            }
            app.Out.WriteLine();
            app.Out.WriteLine("Print one as JSON: reconstitution protocols --show NAME > my.json; edit it; run it with --protocol my.json.");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
