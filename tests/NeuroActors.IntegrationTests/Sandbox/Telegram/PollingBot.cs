using System.Collections.Concurrent;
using System.Threading.Channels;
using Telegram.Bot;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;

namespace NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;

/// <summary>A Telegram.Bot client running its own polling loop against the sandbox, with an optional handler.</summary>
internal sealed class PollingBot : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<Update> _updates = Channel.CreateUnbounded<Update>();

    public PollingBot(TelegramSandboxHost host, Func<ITelegramBotClient, Update, CancellationToken, Task>? handler = null)
    {
        Bot = host.CreateBot();
        Bot.StartReceiving(
            async (bot, update, cancellationToken) =>
            {
                if (handler is not null)
                {
                    await handler(bot, update, cancellationToken);
                }

                await _updates.Writer.WriteAsync(update, cancellationToken);
            },
            (_, exception, _, _) =>
            {
                if (!_stop.IsCancellationRequested)
                {
                    Errors.Enqueue(exception);
                }

                return Task.CompletedTask;
            },
            new ReceiverOptions { AllowedUpdates = [] },
            _stop.Token);
    }

    public TelegramBotClient Bot { get; }

    public ConcurrentQueue<Exception> Errors { get; } = new();

    /// <summary>The next update the loop handled that matches, failing after 10 s.</summary>
    public async Task<Update> NextUpdateAsync(Func<Update, bool>? predicate = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var update = await _updates.Reader.ReadAsync(timeout.Token);
            if (predicate?.Invoke(update) ?? true)
            {
                return update;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
