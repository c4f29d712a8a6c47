using System.Runtime.CompilerServices;
using Spectre.Console;

namespace Reconstitution.Cli;

/// <summary>Runs work under a Spectre.Console progress bar when the console is interactive, else plainly.</summary>
internal static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/>, giving it an <see cref="IProgress{T}"/> of finished items (or null when the bar is off).</summary>
    public static T Run<T>(bool show, string description, int total, Func<IProgress<int>?, T> work) =>
        show ? RunWithBar(description, total, work) : work(null);

    // Apart from Run, so that a run without the bar (redirected output, --quiet) never loads Spectre.Console: the ahead-of-time
    // code of a method resolves the types it names before its first call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T RunWithBar<T>(string description, int total, Func<IProgress<int>?, T> work)
    {
        T result = default!;
        // On standard error, so standard output stays clean for --json and tables.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: total);
                result = work(new Reporter(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class Reporter(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Value = value;
    }
}
