namespace NeuroActors.Cli;

/// <summary>
/// What neuroctl reads and writes outside its arguments: standard output and error, environment variables and the
/// HTTP handler. Tests give their own, so a whole run can be checked without a process.
/// </summary>
public sealed record CliEnvironment(TextWriter Output, TextWriter Error, Func<string, string?> Variable, HttpMessageHandler? Handler = null)
{
    public static CliEnvironment FromProcess() => new(Console.Out, Console.Error, Environment.GetEnvironmentVariable);
}
