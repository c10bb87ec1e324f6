namespace NeuroActors.Host;

public static class Program
{
    public static Task<int> Main(string[] args) => NodeProgram.RunAsync(args);
}
