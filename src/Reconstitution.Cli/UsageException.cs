namespace Reconstitution.Cli;

/// <summary>Bad usage or input: the CLI prints the message on one line and exits with code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
