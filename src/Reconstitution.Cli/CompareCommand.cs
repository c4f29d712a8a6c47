using System.CommandLine;

namespace Reconstitution.Cli;

internal static class CompareCommand
{
    public static Command Build(CliApp app) => new("compare", "Compare two protocols (not yet available).");
}
