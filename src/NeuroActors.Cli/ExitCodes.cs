namespace NeuroActors.Cli;

/// <summary>neuroctl's exit codes, for scripts: 0 done, 1 the node refused or failed the command, 2 bad usage, 3 the node could not be reached or did not let us in.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
}

/// <summary>A command that ends with one line on stderr and an exit code; never shown as a stack trace.</summary>
public sealed class CommandFailedException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
