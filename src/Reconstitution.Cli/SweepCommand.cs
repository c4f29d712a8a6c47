using System.CommandLine;

namespace Reconstitution.Cli;

internal static class SweepCommand
{
    public static Command Build(CliApp app) => new("sweep", "Vary parameters over a grid (not yet available).");
}
