using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.Domain.Telegram;
using Telegram.Bot;

namespace NeuroActors.Telegram;

public sealed record TelegramSettings(string BotToken, string ApiBaseUrl, string Mode, string? WebhookSecret, string? WebhookUrl)
{
    public bool IsWebhook => string.Equals(Mode, "webhook", StringComparison.OrdinalIgnoreCase);

    /// <summary>The token as it may appear in a log line.</summary>
    public string MaskedToken => BotToken.Length > 4 ? "***" + BotToken[^4..] : "***";
}

public static class TelegramAdapterWiring
{
    /// <summary>
    /// The Telegram adapter of a node: the Bot API client and <see cref="TelegramSender"/>, the ports the actors use
    /// (<see cref="ITelegramSendPort"/> for the outbox, <see cref="IUpdateSource"/> for the poller, <see cref="ITelegramFileSource"/>
    /// for jobs) and the start-up calls (setWebhook or deleteWebhook, the command menus) as a hosted service.
    /// The webhook's parsing is <see cref="TelegramWebhook"/>; the node maps the endpoint.
    /// </summary>
    public static IServiceCollection AddTelegramAdapter(this IServiceCollection services, TelegramSettings settings)
    {
        services.AddSingleton(settings);
        services.AddHttpClient("telegram").ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(70));
        services.AddHttpClient("telegram-media").ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(60));
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            // Our outbox owns retries after a 429: the client must not sleep and retry by itself.
            var options = new TelegramBotClientOptions(settings.BotToken, settings.ApiBaseUrl.TrimEnd('/')) { RetryThreshold = 0 };
            return new TelegramBotClient(options, sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram"));
        });
        services.AddSingleton(sp => new TelegramSender(sp.GetRequiredService<ITelegramBotClient>(), sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<ILogger<TelegramSender>>()));
        services.AddSingleton<ITelegramSendPort, TelegramSendPort>();
        services.AddSingleton<IUpdateSource, TelegramUpdateSource>();
        services.AddSingleton<ITelegramFileSource, TelegramFileSource>();
        services.AddSingleton<Domain.Payments.IStarRefunds, TelegramStarRefunds>();
        services.AddSingleton<Domain.Payments.IStarSubscriptions, TelegramStarSubscriptions>();
        services.AddSingleton(new BotIdentity());
        services.AddSingleton<TelegramStartupCalls>();
        services.AddHostedService(sp => sp.GetRequiredService<TelegramStartupCalls>());
        return services;
    }
}
