using Microsoft.Extensions.DependencyInjection.Extensions;
using NeuroActors.Sandbox.Telegram.Control;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram;

/// <summary>Hosting of the Bot API sandbox, standalone (SandboxProgram) or inside another ASP.NET app (the node's sandbox mode).</summary>
public static class BotApiSandboxExtensions
{
    /// <summary>Registers the sandbox; options come from the <c>Sandbox:Telegram</c> section, then <paramref name="configure"/>.</summary>
    public static IServiceCollection AddBotApiSandbox(this IServiceCollection services, Action<BotApiSandboxOptions>? configure = null)
    {
        var options = services.AddOptions<BotApiSandboxOptions>().BindConfiguration(BotApiSandboxOptions.ConfigurationSection);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<BotApiSandbox>();
        return services;
    }

    /// <summary>Maps <c>/bot{token}/{method}</c>, <c>/file/bot{token}/{path}</c> and the control API under <c>/sandbox/telegram</c>.</summary>
    public static IEndpointRouteBuilder MapBotApiSandbox(this IEndpointRouteBuilder endpoints)
    {
        BotApiEndpoints.Map(endpoints);
        ControlApiEndpoints.Map(endpoints);
        return endpoints;
    }
}
