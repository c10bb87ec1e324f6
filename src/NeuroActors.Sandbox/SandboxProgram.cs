namespace NeuroActors.Sandbox;

/// <summary>Standalone sandbox: the Bot API sandbox, the simulated KIE and their control API on one origin.</summary>
public static class SandboxProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        app.MapGet("/", () => "NeuroActors sandbox");
        await app.RunAsync();
        return 0;
    }
}
