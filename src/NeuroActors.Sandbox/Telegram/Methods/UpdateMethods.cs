using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Methods;

/// <summary>getUpdates, setWebhook, deleteWebhook, getWebhookInfo: the real server's semantics (contract 1.3-1.5).</summary>
internal static class UpdateMethods
{
    /// <summary>The real server caps a getUpdates answer at about 4 MiB of JSON.</summary>
    private const int MaxUpdatesJsonChars = 1 << 22;

    public static void Register(Dictionary<string, BotApiMethod> methods)
    {
        methods["getupdates"] = GetUpdatesAsync;
        methods["setwebhook"] = SetWebhookAsync;
        methods["deletewebhook"] = SetWebhookAsync;
        methods["getwebhookinfo"] = GetWebhookInfo;
    }

    private static async Task<BotApiResult> GetUpdatesAsync(BotApiCall call)
    {
        var state = call.State;
        var parameters = call.Parameters;
        var offset = (int)Math.Clamp(parameters.GetLong("offset") ?? 0, int.MinValue, int.MaxValue);
        var limit = parameters.GetInt("limit", 100, 1, 100);
        var timeout = parameters.GetInt("timeout", 0, 0, (int)call.Options.MaxLongPollTimeout.TotalSeconds);
        var allowed = ParseAllowedUpdates(parameters);

        DateTimeOffset deadline;
        TimeSpan? conflictDelay = null;
        lock (state.Gate)
        {
            var now = state.Now;
            if (state.Webhook is not null)
            {
                conflictDelay = state.NextConflictDelay();
            }
            else
            {
                state.Updates.SetAllowedTypes(allowed);
                if (call.Options.GetUpdatesAntiBusyLoop && state.PreviousPollOffset == offset)
                {
                    // The real server's guards against clients that poll in a tight loop.
                    if (timeout < 3 && now < state.PreviousPollStart + TimeSpan.FromSeconds(3))
                    {
                        timeout = 3;
                    }

                    if (now < state.PreviousPollStart + TimeSpan.FromSeconds(0.5))
                    {
                        limit = 1;
                    }
                }

                state.PreviousPollOffset = offset;
                state.PreviousPollStart = now;

                var forgotten = offset < 0 ? state.Updates.KeepLast(-offset) : 0;
                if (offset <= 0)
                {
                    offset = state.Updates.HeadId;
                }
                else
                {
                    forgotten = state.Updates.ConfirmBelow(offset);
                }

                if (forgotten > 0)
                {
                    state.SignalUpdatesChanged();
                }
            }

            deadline = now + TimeSpan.FromSeconds(timeout);
        }

        if (conflictDelay is { } delay)
        {
            await Task.Delay(delay, call.CancellationToken);
            throw BotApiErrors.ConflictWebhookActive();
        }

        return await LongPollAsync(call, offset, limit, timeout, deadline);
    }

    private static async Task<BotApiResult> LongPollAsync(BotApiCall call, int offset, int limit, int timeout, DateTimeOffset deadline)
    {
        var state = call.State;
        ParkedPoll? parked = null;
        Task<PollAbort>? abortTask = null;
        var timedOut = false;
        try
        {
            while (true)
            {
                Task changed;
                TimeSpan remaining;
                lock (state.Gate)
                {
                    var now = state.Now;
                    state.Updates.RemoveExpired(now);
                    var updates = state.Updates.Take(offset, limit, MaxUpdatesJsonChars);
                    if (updates.Count > 0 || timeout == 0 || timedOut || now >= deadline || call.Sandbox.Stopping.IsCancellationRequested)
                    {
                        return BotApiResult.Raw(Render(updates));
                    }

                    if (parked is null)
                    {
                        // A newly parked poll terminates the one parked before it.
                        state.AbortParkedPoll(BotApiErrors.ConflictOtherPoller());
                        parked = new ParkedPoll();
                        state.ParkedPoll = parked;
                        abortTask = parked.Aborted.Task;
                    }

                    changed = state.UpdatesChanged;
                    remaining = deadline - now;
                }

                using var timer = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, call.Sandbox.Stopping);
                var timeoutTask = Task.Delay(remaining, timer.Token);
                var first = await Task.WhenAny(changed, abortTask!, timeoutTask);
                await timer.CancelAsync();
                call.CancellationToken.ThrowIfCancellationRequested();
                if (first == abortTask)
                {
                    var abort = await abortTask;
                    if (abort.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(abort.Delay, call.CancellationToken);
                    }

                    throw abort.Error;
                }

                // The timer measures the wait in real time, whatever clock the options carry.
                timedOut = first == timeoutTask;
                if (first == changed)
                {
                    // Let a burst of updates land in one answer, as the server's 1-2 ms wake-up delay does.
                    await Task.Delay(TimeSpan.FromMilliseconds(2), call.CancellationToken);
                }
            }
        }
        finally
        {
            if (parked is not null)
            {
                lock (state.Gate)
                {
                    if (state.ParkedPoll == parked)
                    {
                        state.ParkedPoll = null;
                    }
                }
            }
        }
    }

    private static string Render(List<QueuedUpdate> updates)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < updates.Count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append(updates[i].Json);
        }

        return json.Append(']').ToString();
    }

    private static List<string>? ParseAllowedUpdates(BotApiParameters parameters)
    {
        var node = parameters.GetJson("allowed_updates", "can't parse allowed_updates JSON object");
        if (node is not JsonArray array)
        {
            return null;
        }

        return array.Select(item => item?.GetValue<string>()).OfType<string>().ToList();
    }

    private static async Task<BotApiResult> SetWebhookAsync(BotApiCall call)
    {
        var state = call.State;
        var parameters = call.Parameters;
        var url = call.Method == "setwebhook" ? parameters.GetString("url") : null;
        var dropPending = parameters.GetBool("drop_pending_updates");
        var maxConnections = url is null ? 0 : parameters.GetInt("max_connections", 40, 1, 100);
        var secret = url is null ? null : parameters.GetString("secret_token");
        var allowed = ParseAllowedUpdates(parameters);

        WebhookConfig? started;
        string description;
        lock (state.Gate)
        {
            var now = state.Now;
            if (url is not null && !call.IsWebhookReply)
            {
                if (now < state.NextSetWebhookAllowed)
                {
                    throw BotApiErrors.TooManyRequests(1);
                }

                state.NextSetWebhookAllowed = now + call.Options.SetWebhookMinInterval;
            }

            var current = state.Webhook;
            var unchanged = (current?.Url) == url
                && (current is null || (current.MaxConnections == maxConnections && current.SecretToken == secret));
            if (unchanged && !dropPending)
            {
                state.Updates.SetAllowedTypes(allowed);
                return BotApiResult.True(url is null ? "Webhook is already deleted" : "Webhook is already set");
            }

            if (url is not null)
            {
                ValidateWebhook(url, secret);
                state.AbortParkedPoll(BotApiErrors.ConflictTerminatedBySetWebhook());
            }

            if (dropPending)
            {
                state.Updates.Clear();
            }

            state.Updates.SetAllowedTypes(allowed);
            state.LastWebhookErrorDate = null;
            state.LastWebhookErrorMessage = null;
            state.Webhook = url is null ? null : new WebhookConfig(url, secret, maxConnections, allowed);
            started = state.Webhook;
            description = url is not null ? "Webhook was set" : current is null ? "Webhook is already deleted" : "Webhook was deleted";
            state.SignalUpdatesChanged();
        }

        await call.Sandbox.Webhooks.RestartAsync(started);
        return BotApiResult.True(description);
    }

    private static void ValidateWebhook(string url, string? secret)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw BotApiErrors.BadRequest("invalid webhook URL specified");
        }

        if (secret is null)
        {
            return;
        }

        if (secret.Length > 256)
        {
            throw BotApiErrors.BadRequest("secret token is too long");
        }

        if (!secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw BotApiErrors.BadRequest("secret token contains unallowed characters");
        }
    }

    private static Task<BotApiResult> GetWebhookInfo(BotApiCall call)
    {
        var state = call.State;
        lock (state.Gate)
        {
            state.Updates.RemoveExpired(state.Now);
            var webhook = state.Webhook;
            var info = new JsonObject
            {
                ["url"] = webhook?.Url ?? string.Empty,
                ["has_custom_certificate"] = false,
                ["pending_update_count"] = state.Updates.Count,
            };
            if (state.LastWebhookErrorDate is { } errorDate)
            {
                info["last_error_date"] = errorDate.ToUnixTimeSeconds();
                info["last_error_message"] = state.LastWebhookErrorMessage;
            }

            if (webhook is not null)
            {
                info["max_connections"] = webhook.MaxConnections;
                info["ip_address"] = "127.0.0.1";
                if (!ReferenceEquals(state.Updates.AllowedTypes, UpdateQueue.DefaultAllowedTypes))
                {
                    info["allowed_updates"] = new JsonArray(state.Updates.AllowedTypes.Order(StringComparer.Ordinal).Select(t => (JsonNode)t).ToArray());
                }
            }

            return Task.FromResult(new BotApiResult(info));
        }
    }
}
