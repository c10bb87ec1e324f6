using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Webhooks;

/// <summary>
/// Delivers queued updates to the bot's webhook the way the real server's WebhookActor does: one update in flight per
/// queue key (chat), up to max_connections in parallel, the secret header, any 2xx acknowledges, other answers are
/// retried (immediately, then 2, 4, 8... s up to a 60-120 s cap, or after Retry-After), and an update is dropped once
/// its next attempt would fall after its expiry.
/// </summary>
internal sealed class WebhookDeliverer : IAsyncDisposable
{
    private const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly BotApiSandbox _sandbox;
    private readonly HttpClient _client;
    private readonly SemaphoreSlim _restartGate = new(1, 1);
    private CancellationTokenSource? _runCancellation;
    private Task? _run;

    public WebhookDeliverer(BotApiSandbox sandbox)
    {
        _sandbox = sandbox;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private BotSandboxState State => _sandbox.State;

    /// <summary>Stops delivery to the previous webhook and starts delivering to <paramref name="config"/> (null: none).</summary>
    public async Task RestartAsync(WebhookConfig? config)
    {
        await _restartGate.WaitAsync();
        try
        {
            await StopAsync();
            if (config is not null)
            {
                _runCancellation = new CancellationTokenSource();
                var token = _runCancellation.Token;
                _run = Task.Run(() => RunAsync(config, token), CancellationToken.None);
            }
        }
        finally
        {
            _restartGate.Release();
        }
    }

    private async Task StopAsync()
    {
        if (_runCancellation is null)
        {
            return;
        }

        await _runCancellation.CancelAsync();
        try
        {
            await _run!;
        }
        catch (OperationCanceledException)
        {
            // Expected when delivery stops.
        }

        _runCancellation.Dispose();
        _runCancellation = null;
        _run = null;
        lock (State.Gate)
        {
            foreach (var update in State.Updates.Items)
            {
                update.InFlight = false;
            }
        }
    }

    private async Task RunAsync(WebhookConfig config, CancellationToken cancellationToken)
    {
        var deliveries = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var toSend = new List<QueuedUpdate>();
            TimeSpan? nextWake = null;
            Task changed;
            lock (State.Gate)
            {
                var now = State.Now;
                State.Updates.RemoveExpired(now);
                var inFlight = State.Updates.Items.Count(u => u.InFlight);
                var seenKeys = new HashSet<long>();
                foreach (var update in State.Updates.Items)
                {
                    // Only the oldest update of a chat may go; later ones wait for it.
                    if (!seenKeys.Add(update.QueueKey) || update.InFlight)
                    {
                        continue;
                    }

                    if (update.WakeAt > now)
                    {
                        var wait = update.WakeAt - now;
                        nextWake = nextWake is null || wait < nextWake ? wait : nextWake;
                        continue;
                    }

                    if (inFlight >= config.MaxConnections)
                    {
                        break;
                    }

                    update.InFlight = true;
                    inFlight++;
                    toSend.Add(update);
                }

                changed = State.UpdatesChanged;
            }

            deliveries.RemoveAll(t => t.IsCompleted);
            deliveries.AddRange(toSend.Select(update => DeliverAsync(config, update, cancellationToken)));

            using var wakeCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(nextWake ?? Timeout.InfiniteTimeSpan, wakeCancellation.Token);
            await Task.WhenAny(changed, timer);
            await wakeCancellation.CancelAsync();
        }

        await Task.WhenAll(deliveries);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task DeliverAsync(WebhookConfig config, QueuedUpdate update, CancellationToken cancellationToken)
    {
        string? error = null;
        var retryAfter = 0;
        byte[]? replyBody = null;
        string? replyContentType = null;
        double? answeredMs = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, config.Url)
            {
                Content = new StringContent(update.Json, Encoding.UTF8, "application/json"),
            };
            if (config.SecretToken is not null)
            {
                request.Headers.TryAddWithoutValidation(SecretHeader, config.SecretToken);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_sandbox.Options.WebhookTimeout);
            var sent = Stopwatch.GetTimestamp();
            using var response = await _client.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                replyBody = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                replyContentType = response.Content.Headers.ContentType?.ToString();
                answeredMs = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
            else
            {
                error = $"Wrong response from the webhook: {(int)response.StatusCode} {response.ReasonPhrase}";
                retryAfter = RetryAfterSeconds(response);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = "Read timeout expired";
        }
        catch (HttpRequestException e)
        {
            error = e.InnerException is SocketException socket ? SocketMessage(socket) : "Connection failed";
        }
        catch (OperationCanceledException)
        {
            lock (State.Gate)
            {
                update.InFlight = false;
            }

            return;
        }

        lock (State.Gate)
        {
            update.InFlight = false;
            if (error is null)
            {
                State.Updates.Remove(update);
                if (State.WebhookAnswerMs.Count < 1_000_000) // a benchmark's worth; a sandbox left running keeps the first million
                    State.WebhookAnswerMs.Add(answeredMs!.Value);
            }
            else
            {
                State.WebhookNotOk++;
                ScheduleRetry(update, error, retryAfter);
            }

            State.SignalUpdatesChanged();
        }

        if (replyBody is { Length: > 0 })
        {
            try
            {
                await WebhookReply.RunAsync(_sandbox, replyBody, replyContentType, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The bot never learns the outcome of a webhook reply; a sandbox defect must not stop delivery.
                _sandbox.Logger.LogError(e, "A method in a webhook reply failed in the sandbox");
            }
        }
    }

    private void ScheduleRetry(QueuedUpdate update, string error, int retryAfter)
    {
        var now = State.Now;
        State.LastWebhookErrorDate = now;
        State.LastWebhookErrorMessage = error;
        retryAfter = Math.Clamp(retryAfter, 0, 3600);
        var nextDelay = update.DelaySeconds;
        var effectiveDelay = retryAfter;
        if (retryAfter == 0 && update.FailCount > 0)
        {
            var capSeconds = (int)_sandbox.Options.WebhookMaxRetryDelay.TotalSeconds;
            var cap = RandomNumberGenerator.GetInt32(capSeconds, (2 * capSeconds) + 1);
            nextDelay = Math.Min(cap, nextDelay * 2);
            effectiveDelay = nextDelay;
        }

        if (now + TimeSpan.FromSeconds(effectiveDelay) > update.ExpiresAt)
        {
            _sandbox.Logger.LogInformation("Webhook update {UpdateId} dropped after {Failures} failures: {Error}", update.Id, update.FailCount + 1, error);
            State.Updates.Remove(update);
            return;
        }

        update.DelaySeconds = nextDelay;
        update.WakeAt = now + TimeSpan.FromSeconds(effectiveDelay);
        update.FailCount++;
    }

    private static int RetryAfterSeconds(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return (int)delta.TotalSeconds;
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : 0;
    }

    private static string SocketMessage(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "Connection refused",
        SocketError.HostNotFound or SocketError.NoData => "Failed to resolve host: Name or service not known",
        SocketError.TimedOut => "Connection timed out",
        _ => "Connection failed",
    };

    public async ValueTask DisposeAsync()
    {
        await _restartGate.WaitAsync();
        try
        {
            await StopAsync();
        }
        finally
        {
            _restartGate.Release();
        }

        _client.Dispose();
        _restartGate.Dispose();
    }
}
