using System.CommandLine;
using System.Globalization;
using System.Net;
using Reconstitution.Cli.Lab;

namespace Reconstitution.Cli;

/// <summary><c>reconstitution lab [--port P] [--host ADDRESS]</c>: the teaching lab in a browser (docs/lab.md).</summary>
internal static class LabCommand
{
    public const int DefaultPort = 5170;

    public static Command Build(CliApp app)
    {
        var port = CliApp.Opt("--port", "P", $"Port to listen on, 0 to 65535 (default {DefaultPort}); 0 picks a free port.");
        var host = CliApp.Opt("--host", "ADDRESS", "IP address to listen on (default 127.0.0.1: only this computer). Another address lets other computers in; see docs/lab.md.");
        var cmd = new Command("lab", "Start the teaching lab: a web page on this computer to change a protocol, run virtual patients and read the charts.");
        cmd.Options.Add(port);
        cmd.Options.Add(host);
        cmd.SetAction(pr =>
        {
            int p = ArgumentParsing.Int(pr.GetValue(port), "--port", 0, 65535, DefaultPort);
            string h = pr.GetValue(host) ?? "127.0.0.1";
            if (!IPAddress.TryParse(h, out var address))
                throw new UsageException($"--host: {ArgumentParsing.Quote(h)} is not an IP address; use e.g. 127.0.0.1 (this computer only) or 0.0.0.0 (every network interface).");
            return Serve(app, address, p).GetAwaiter().GetResult();
        });
        return cmd;
    }

    private static async Task<int> Serve(CliApp app, IPAddress address, int port)
    {
        LabServer server;
        try
        {
            server = await LabServer.StartAsync(address, port, LabLimits.Default, app.Err, app.Cancellation);
        }
        catch (IOException ex)
        {
            throw new UsageException($"--port: cannot listen on {address}:{port.ToString(CultureInfo.InvariantCulture)} ({ex.Message.TrimEnd('.')}); choose another port, or --port 0 for a free one.");
        }
        await using (server)
        {
            app.Out.WriteLine($"Reconstitution lab: {server.Address}");
            if (!IPAddress.IsLoopback(address))
                app.Out.WriteLine("  Listening beyond this computer: anyone who can reach this address can run cohorts here.");
            app.Out.WriteLine("  Open the address in a browser. Ctrl+C stops the lab.");
            app.Out.Flush();
            try
            {
                await server.WaitForShutdownAsync(app.Cancellation);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the normal way to stop a server.
            }
        }
        app.Out.WriteLine("Reconstitution lab stopped.");
        return ExitCodes.Success;
    }
}
