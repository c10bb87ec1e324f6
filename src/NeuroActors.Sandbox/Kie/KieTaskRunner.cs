using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Sandbox.Kie;

/// <summary>
/// Moves tasks through waiting, queuing and generating to success or fail, and delivers their callbacks
/// (one after the other per task, with retries after a non-2xx answer or a network error, optionally twice, optionally signed).
/// </summary>
public sealed class KieTaskRunner : IHostedService, IDisposable
{
    internal const string CallbackClientName = "NeuroActors.Sandbox.Kie.Callbacks";

    private readonly KieSimulatorState _state;
    private readonly IHttpClientFactory _httpClients;
    private readonly ILogger<KieTaskRunner> _log;
    private readonly ConcurrentDictionary<KieTask, Task> _running = new();
    private CancellationTokenSource _lifetime = new();

    public KieTaskRunner(KieSimulatorState state, IHttpClientFactory httpClients, ILogger<KieTaskRunner> log)
    {
        _state = state;
        _httpClients = httpClients;
        _log = log;
    }

    /// <summary>Cancelled by a reset or by the host stopping; hanging requests end with it.</summary>
    internal CancellationToken Lifetime => _lifetime.Token;

    /// <summary>Starts a new task's lifecycle. With instant durations the task is finished when this returns.</summary>
    internal void Start(KieTask task)
    {
        var run = RunAsync(task, _lifetime.Token);
        if (!run.IsCompleted)
        {
            _running[task] = run;
            _ = run.ContinueWith(_ => _running.TryRemove(task, out Task? _), TaskScheduler.Default);
        }
    }

    /// <summary>Ends a running task now with the given outcome (the control API's "finish").</summary>
    internal static bool Finish(KieTask task, KieTaskOutcome outcome) =>
        !task.IsFinished && task.FinishSignal.TrySetResult(outcome == KieTaskOutcome.NeverFinishes ? KieTaskOutcome.Success : outcome);

    /// <summary>Stops every running task and callback (used by reset).</summary>
    internal void CancelAll()
    {
        // Not disposed: abandoned tasks may still link to its token while they wind down.
        var previous = Interlocked.Exchange(ref _lifetime, new CancellationTokenSource());
        previous.Cancel();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifetime.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host stopped waiting; the remaining tasks end with the process.
        }
    }

    public void Dispose() => _lifetime.Dispose();

    private async Task RunAsync(KieTask task, CancellationToken ct)
    {
        try
        {
            var finish = task.FinishSignal.Task;
            var stages = new (TimeSpan Before, KieTaskPhase Phase)[]
            {
                (task.Durations.Unrecorded, KieTaskPhase.Waiting),
                (task.Durations.Waiting, KieTaskPhase.Queuing),
                (task.Durations.Queuing, KieTaskPhase.Generating),
            };
            // Deadlines count from creation, so a late timer never stretches the lifecycle.
            var due = task.CreatedAt;
            foreach (var (before, phase) in stages)
            {
                due += before;
                await PauseUntilAsync(due, finish, ct);
                _state.Advance(task, phase);
                QueueCallbacks(task, phase, ct);
            }

            var planned = task.Behaviour.Outcome ?? KieTaskOutcome.Success;
            if (planned == KieTaskOutcome.NeverFinishes)
            {
                await finish.WaitAsync(ct);
            }
            else
            {
                await PauseUntilAsync(due + KieSimulatorState.GeneratingDuration(task), finish, ct);
            }

            var outcome = finish.IsCompletedSuccessfully ? finish.Result : planned;
            _state.Complete(task, outcome, KieFamilyFormats.ResultUrls(task));
            QueueCallbacks(task, _state.Read(() => task.Phase), ct);
            _state.Read(() => task.TerminalCallbacksQueued = true);
            await task.CallbackChain;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Reset or shutdown: the task is abandoned.
        }
    }

    /// <summary>Waits until <paramref name="due"/>, or less if the task is finished early; no wait at all once it has passed.</summary>
    private async Task PauseUntilAsync(DateTimeOffset due, Task finish, CancellationToken ct)
    {
        var wait = due - _state.Time.GetUtcNow();
        if (wait <= TimeSpan.Zero || finish.IsCompleted)
        {
            return;
        }

        using var early = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(wait, _state.Time, early.Token);
        await Task.WhenAny(delay, finish);
        await early.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    private void QueueCallbacks(KieTask task, KieTaskPhase phase, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(task.CallBackUrl))
        {
            return;
        }

        foreach (var callback in _state.Read(() => KieFamilyFormats.CallbacksOn(task, phase)))
        {
            var previous = task.CallbackChain;
            task.CallbackChain = DeliverAfterAsync(previous, task, callback, ct);
        }
    }

    private async Task DeliverAfterAsync(Task previous, KieTask task, KieCallback callback, CancellationToken ct)
    {
        await previous;
        var settings = _state.Settings;
        var deliveries = settings.DeliverCallbacksTwice ? 2 : 1;
        var body = callback.Body.ToJsonString(KieJson.Options);
        for (var delivery = 1; delivery <= deliveries && !ct.IsCancellationRequested; delivery++)
        {
            for (var attempt = 1; attempt <= 1 + Math.Max(0, settings.CallbackRetries); attempt++)
            {
                if (attempt > 1)
                {
                    try
                    {
                        await Task.Delay(settings.CallbackRetryDelay, _state.Time, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                if (await TryDeliverAsync(task, callback.Kind, body, delivery, attempt, settings, ct))
                {
                    break;
                }

                if (ct.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task<bool> TryDeliverAsync(
        KieTask task, string kind, string body, int delivery, int attempt, KieSimulatorSettings settings, CancellationToken ct)
    {
        var url = task.CallBackUrl!;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var signed = !string.IsNullOrEmpty(settings.HmacKey);
        if (signed)
        {
            var timestamp = _state.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(KieWebhookSignature.TimestampHeader, timestamp);
            request.Headers.Add(KieWebhookSignature.SignatureHeader, KieWebhookSignature.Compute(settings.HmacKey!, task.Id, timestamp));
        }

        int? status = null;
        string? error = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.CallbackTimeout);
        try
        {
            var client = _httpClients.CreateClient(CallbackClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"no answer within {settings.CallbackTimeout.TotalSeconds:0.#} s";
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }

        var delivered = status is >= 200 and < 300;
        _state.RecordCallback(task, new KieCallbackAttempt(kind, delivery, attempt, url, _state.Time.GetUtcNow(), status, error, signed, body));
        if (!delivered)
        {
            // Only the receiver's host is logged: a callback path or query may carry the receiver's secret.
            _log.LogInformation(
                "Simulated KIE callback {Kind} of task {TaskId} to host {Host} failed (attempt {Attempt}): {Status}",
                kind, task.Id, request.RequestUri?.Authority, attempt, status?.ToString(CultureInfo.InvariantCulture) ?? error);
        }

        return delivered;
    }
}
