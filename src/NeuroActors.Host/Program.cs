namespace NeuroActors.Host;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var app = WebApplication.CreateBuilder(args).Build();
        await app.RunAsync();
        return 0;
    }
}
