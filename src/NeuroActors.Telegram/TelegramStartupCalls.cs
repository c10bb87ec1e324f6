using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace NeuroActors.Telegram;

/// <summary>
/// Turns the configured webhook URL into the one Telegram should call: the node's sandbox registers one when its real
/// port is known only after start; without one the configured URL goes as it is.
/// </summary>
public interface IWebhookUrlResolver
{
    Task<Uri> ResolveAsync(Uri configured, CancellationToken cancel);
}

/// <summary>
/// The Bot API calls a node makes once at start: getMe (the bot's @username), deleteWebhook (polling) or setWebhook (webhook), then the command
/// menu in English (default) and Russian. They run in the background and retry with backoff, so a Telegram that is
/// briefly unreachable never stops the node; an answer no retry can change (bad token, bad URL) is logged once.
/// </summary>
public sealed class TelegramStartupCalls(
    ITelegramBotClient bot,
    TelegramSettings settings,
    ILogger<TelegramStartupCalls> log,
    IHostApplicationLifetime lifetime,
    IWebhookUrlResolver? webhookUrls = null,
    BotIdentity? identity = null) : BackgroundService
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    /// <summary>Completes when every call has succeeded or failed for good.</summary>
    public Task Completion => _completion.Task;

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // In sandbox mode the Bot API is this very process: wait until it listens (harmless with the real Telegram).
            await WhenStartedAsync(stoppingToken);

            // The bot's @username, for invite links (t.me/<username>?start=ref_...).
            await CallAsync("getMe", async c => identity?.Learned((await bot.GetMe(c)).Username), stoppingToken);
            if (settings.IsWebhook)
            {
                var url = await WebhookUrlAsync(stoppingToken);
                await CallAsync("setWebhook", c => bot.SetWebhook(url, allowedUpdates: TelegramUpdateSource.AllowedUpdates,
                    secretToken: settings.WebhookSecret, cancellationToken: c), stoppingToken);
            }
            else
            {
                // Pending updates stay: a restart must not lose what users sent meanwhile.
                await CallAsync("deleteWebhook", c => bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken: c), stoppingToken);
            }

            await CallAsync("setMyCommands (en)", c => bot.SetMyCommands(Commands(UiTexts.English), cancellationToken: c), stoppingToken);
            await CallAsync("setMyCommands (ru)", c => bot.SetMyCommands(Commands(UiTexts.Russian), languageCode: "ru", cancellationToken: c), stoppingToken);
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    private async Task WhenStartedAsync(CancellationToken cancel)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancel);
    }

    public static IEnumerable<BotCommand> Commands(UiTexts texts) => texts.BotCommands.Select(c => new BotCommand(c.Command, c.Description));

    private async Task<string> WebhookUrlAsync(CancellationToken cancel)
    {
        var url = new Uri(settings.WebhookUrl!);
        return webhookUrls is null ? url.ToString() : (await webhookUrls.ResolveAsync(url, cancel)).ToString();
    }

    private async Task CallAsync(string name, Func<CancellationToken, Task> call, CancellationToken stopping)
    {
        for (var failures = 0; !stopping.IsCancellationRequested; failures++)
        {
            TimeSpan delay;
            try
            {
                await call(stopping);
                log.LogInformation("Telegram {Call} done for bot {BotToken}", name, settings.MaskedToken);
                return;
            }
            catch (ApiRequestException e) when (e.ErrorCode is 400 or 401 or 403 or 404)
            {
                log.LogError("Telegram {Call} for bot {BotToken} was refused ({ErrorCode}: {Error}); not retrying: check the Telegram settings",
                    name, settings.MaskedToken, e.ErrorCode, e.Message);
                return;
            }
            catch (ApiRequestException e) when (e.Parameters?.RetryAfter is { } retryAfter)
            {
                delay = TimeSpan.FromSeconds(Math.Max(1, retryAfter));
                log.LogWarning("Telegram {Call} for bot {BotToken} asked to wait {DelaySeconds} s", name, settings.MaskedToken, delay.TotalSeconds);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                delay = FirstRetryDelay * Math.Pow(2, Math.Min(failures, 10));
                if (delay > MaxRetryDelay) delay = MaxRetryDelay;
                log.LogWarning("Telegram {Call} for bot {BotToken} failed ({Error}); trying again in {DelaySeconds} s", name, settings.MaskedToken,
                    e.GetBaseException().Message, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
