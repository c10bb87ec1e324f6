using NeuroActors.Sandbox.ChatPage;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Llm;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.Sandbox;

/// <summary>Standalone sandbox: the Bot API sandbox, the simulated KIE and their control API on one origin.</summary>
public static class SandboxProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddBotApiSandbox();
        builder.Services.AddKieSimulator(o => o.UseKeys(builder.Configuration["Sandbox:KieKeys"]));
        builder.Services.AddLlmSimulator();
        var app = builder.Build();
        app.MapGet("/", () => Results.Redirect(SandboxChatPageExtensions.PagePath));
        app.MapBotApiSandbox();
        app.MapKieSimulator();
        app.MapLlmSimulator();
        app.MapSandboxChatPage();
        await app.RunAsync();
        return 0;
    }
}
