namespace NeuroActors.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => Neuroctl.RunAsync(args, CliEnvironment.FromProcess());
}
