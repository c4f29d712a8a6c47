using System.Runtime.InteropServices;
using Reconstitution.Cli;

// The reconstitution command. Ctrl+C (SIGINT) and SIGTERM (what `timeout`, Slurm and `kill` send) cancel the run: the
// patient being simulated stops at its next simulated day, the finished patients are written, run.json says
// "cancelled", and the exit code is 130. A second signal ends the process at once.

using var cancel = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (cancel.IsCancellationRequested) return; // second signal: the default action ends the process
    context.Cancel = true;
    cancel.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
Console.OutputEncoding = System.Text.Encoding.UTF8;
bool interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
return CliApp.Run(args, Console.Out, Console.Error, cancel.Token, interactive);
