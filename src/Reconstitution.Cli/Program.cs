using Reconstitution.Cli;

// The reconstitution command. Ctrl+C cancels the run: workers finish the patient they hold, the finished patients are
// written, and the exit code is 130 (a second Ctrl+C ends the process at once).

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return; // second Ctrl+C: let the process end
    e.Cancel = true;
    cancel.Cancel();
};
Console.OutputEncoding = System.Text.Encoding.UTF8;
bool interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
return CliApp.Run(args, Console.Out, Console.Error, cancel.Token, interactive);
