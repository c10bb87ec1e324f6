using Akka.Hosting;
using NeuroActors.Actors.Gateway;
using NeuroActors.Actors.Outbox;
using NeuroActors.Telegram;

namespace NeuroActors.Host.Gateway;

public static class GatewayWiring
{
    /// <summary>
    /// The node's Telegram services: the Bot API client and sender (<see cref="TelegramWiring.AddTelegram"/>), the outbox's
    /// <see cref="ITelegramSendPort"/>, the poller's <see cref="IUpdateSource"/> and the start-up calls.
    /// </summary>
    public static IServiceCollection AddTelegramGateway(this IServiceCollection services, TelegramSettings settings)
    {
        services.AddTelegram(settings);
        services.AddSingleton<ITelegramSendPort, TelegramSendPort>();
        services.AddSingleton<IUpdateSource, TelegramUpdateSource>();
        services.AddSingleton<TelegramStartupCalls>();
        services.AddHostedService(sp => sp.GetRequiredService<TelegramStartupCalls>());
        return services;
    }

    /// <summary>The actors' side: this node's outbox and, in polling mode, the poller singleton.</summary>
    public static AkkaConfigurationBuilder WithTelegramGateway(this AkkaConfigurationBuilder akka, TelegramSettings settings, PollerOptions? poller = null)
    {
        akka.WithOutbox();
        if (!settings.IsWebhook) akka.WithTelegramPoller(poller);
        return akka;
    }
}
