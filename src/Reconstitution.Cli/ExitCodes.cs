namespace Reconstitution.Cli;

/// <summary>The process exit codes (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Cancelled = 130;
}
