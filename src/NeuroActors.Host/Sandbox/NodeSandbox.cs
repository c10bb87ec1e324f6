using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NeuroActors.Domain.Catalog;
using NeuroActors.Host.Configuration;
using NeuroActors.Sandbox.ChatPage;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Llm;
using NeuroActors.Sandbox.Telegram;
using NeuroActors.Telegram;

namespace NeuroActors.Host.Sandbox;

/// <summary>Sandbox mode of a node: the Bot API sandbox, the simulated KIE and the simulated LLM on the node's own origin.</summary>
public static class NodeSandbox
{
    /// <summary>
    /// The settings that point the node's clients at its own sandbox: only keys the operator left empty, so explicit
    /// configuration always wins. Add them to the configuration before anything reads Kie or Llm.
    /// </summary>
    public static Dictionary<string, string?> ConfigurationDefaults(SandboxSettings sandbox, IConfiguration configuration)
    {
        var origin = sandbox.Origin.ToString().TrimEnd('/');
        var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Kie:BaseUrl"] = origin,
            ["Kie:UploadBaseUrl"] = origin,
            ["Kie:ApiKeys"] = SandboxSettings.KieKey,
            // The simulated KIE posts its callbacks to the node itself, as the real one would to Kie:CallbackBaseUrl.
            ["Kie:CallbackBaseUrl"] = origin,
            ["Llm:BaseUrl"] = origin,
            ["Llm:ApiKey"] = SandboxSettings.LlmKey,
            ["Llm:Model"] = SandboxSettings.LlmModel,
        };
        return defaults.Where(d => string.IsNullOrWhiteSpace(configuration[d.Key])).ToDictionary(d => d.Key, d => d.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Registers the three simulators, the origin and, for port 0, the handler that sends clients to the real port.</summary>
    public static IServiceCollection AddNodeSandbox(this IServiceCollection services, SandboxSettings sandbox, IConfiguration configuration)
    {
        services.AddSingleton(sandbox);
        var origin = new SandboxOrigin(sandbox);
        services.AddSingleton(origin);
        // setWebhook must name the real port when Http:Urls asked for port 0.
        services.AddSingleton<IWebhookUrlResolver>(origin);
        services.AddBotApiSandbox();
        // The simulator accepts the keys the node uses: the sandbox key, or the operator's own Kie:ApiKeys.
        services.AddKieSimulator(o => o.UseKeys(configuration["Kie:ApiKeys"]));
        // Every model of the node's catalogue is served, so any menu choice works in the sandbox.
        services.AddOptions<KieSimulatorOptions>().Configure<CatalogHolder>((o, catalog) => o.ServeCatalog(catalog.Current));
        services.AddLlmSimulator();
        if (sandbox.ResolvedAfterStart)
        {
            services.AddTransient<SandboxOriginHandler>();
            services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler<SandboxOriginHandler>());
        }

        services.AddHostedService<SandboxAnnouncer>();
        return services;
    }

    /// <summary>Maps /bot{token}/..., the KIE routes, /v1/chat/completions and the control APIs under /sandbox/telegram, /sandbox/kie, /sandbox/llm.</summary>
    public static IEndpointRouteBuilder MapNodeSandbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapBotApiSandbox();
        endpoints.MapKieSimulator();
        endpoints.MapLlmSimulator();
        endpoints.MapSandboxChatPage();
        return endpoints;
    }
}

/// <summary>Learns the bound origin once the server listens, and says in one line that sandbox mode is on and where.</summary>
internal sealed class SandboxAnnouncer(SandboxOrigin origin, IServer server, IHostApplicationLifetime lifetime, ILogger<SandboxAnnouncer> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            origin.Resolve(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
            if (!origin.Resolved.IsCompleted)
            {
                log.LogError("Sandbox mode is on, but the node's HTTP address could not be read; its clients cannot reach the sandbox");
                return;
            }

            var at = origin.Resolved.Result.ToString().TrimEnd('/');
            log.LogInformation(
                "Sandbox mode is on (no Telegram:BotToken): Bot API sandbox, simulated KIE and simulated LLM at {Origin}; chat page {ChatPage}, control API {TelegramControl} and {KieControl}",
                at, at + "/sandbox", at + "/sandbox/telegram", at + "/sandbox/kie");
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
