namespace NeuroActors.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("neuroctl");
        return args.Length == 0 ? 0 : 1;
    }
}
