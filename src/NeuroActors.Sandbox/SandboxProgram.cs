using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Llm;

namespace NeuroActors.Sandbox;

/// <summary>Standalone sandbox: the Bot API sandbox, the simulated KIE and their control API on one origin.</summary>
public static class SandboxProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var kieKeys = builder.Configuration["Sandbox:KieKeys"];
        builder.Services.AddKieSimulator(o =>
        {
            if (!string.IsNullOrWhiteSpace(kieKeys))
            {
                o.Keys.Clear();
                foreach (var key in kieKeys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    o.Keys.Add(key);
                }
            }
        });
        builder.Services.AddLlmSimulator();
        var app = builder.Build();
        app.MapGet("/", () => "NeuroActors sandbox");
        app.MapKieSimulator();
        app.MapLlmSimulator();
        await app.RunAsync();
        return 0;
    }
}
