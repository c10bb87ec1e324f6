using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroActors.Sandbox.Telegram.State;

namespace NeuroActors.Sandbox.Telegram.Control;

/// <summary>The control API of the Telegram sandbox under <c>/sandbox/telegram</c>: simulated users, transcripts, waits, events.</summary>
internal static class ControlApiEndpoints
{
    public const string Prefix = "/sandbox/telegram";

    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix);
        api.MapPost("/users", Json((context, sandbox) => ReadBodyAsync<CreateUserRequest>(context)
            .ContinueWith(t => (object)UserActions.CreateUser(sandbox.State, t.Result), TaskScheduler.Default)));
        api.MapGet("/users", Json((_, sandbox) => Locked(sandbox, state => state.Users.Values.OrderBy(u => u.Id).Select(u => u.ToInfo()).ToList())));
        api.MapGet("/users/{userId:long}", Json((context, sandbox) => Locked(sandbox, state => UserActions.RequireUser(state, UserId(context)).ToInfo())));
        api.MapPost("/users/{userId:long}/messages", Json(async (context, sandbox) =>
        {
            var request = await ReadBodyAsync<SendTextRequest>(context);
            return UserActions.SendText(sandbox.State, UserId(context), request.Text, request.ReplyToMessageId);
        }));
        api.MapPost("/users/{userId:long}/commands", Json(async (context, sandbox) =>
            UserActions.SendCommand(sandbox.State, UserId(context), await ReadBodyAsync<SendCommandRequest>(context))));
        api.MapPost("/users/{userId:long}/photos", Json(async (context, sandbox) =>
            UserActions.SendMedia(sandbox.State, UserId(context), "photo", await ReadBodyAsync<SendMediaRequest>(context))));
        api.MapPost("/users/{userId:long}/documents", Json(async (context, sandbox) =>
            UserActions.SendMedia(sandbox.State, UserId(context), "document", await ReadBodyAsync<SendMediaRequest>(context))));
        api.MapPost("/users/{userId:long}/voices", Json(async (context, sandbox) =>
            UserActions.SendMedia(sandbox.State, UserId(context), "voice", await ReadBodyAsync<SendMediaRequest>(context))));
        api.MapPost("/users/{userId:long}/audios", Json(async (context, sandbox) =>
            UserActions.SendMedia(sandbox.State, UserId(context), "audio", await ReadBodyAsync<SendMediaRequest>(context))));
        api.MapPost("/users/{userId:long}/videos", Json(async (context, sandbox) =>
            UserActions.SendMedia(sandbox.State, UserId(context), "video", await ReadBodyAsync<SendMediaRequest>(context))));
        api.MapPost("/users/{userId:long}/video-notes", Json(async (context, sandbox) =>
            UserActions.SendMedia(sandbox.State, UserId(context), "video_note", await ReadBodyAsync<SendMediaRequest>(context))));
        api.MapPost("/users/{userId:long}/albums", Json(async (context, sandbox) =>
            UserActions.SendAlbum(sandbox.State, UserId(context), await ReadBodyAsync<SendAlbumRequest>(context))));
        api.MapPost("/users/{userId:long}/press", Json(async (context, sandbox) =>
            await UserActions.PressAsync(sandbox.State, UserId(context), await ReadBodyAsync<PressButtonRequest>(context), context.RequestAborted)));
        api.MapPost("/users/{userId:long}/block", Json((context, sandbox) => Task.FromResult<object>(UserActions.SetBlocked(sandbox.State, UserId(context), blocked: true))));
        api.MapPost("/users/{userId:long}/unblock", Json((context, sandbox) => Task.FromResult<object>(UserActions.SetBlocked(sandbox.State, UserId(context), blocked: false))));
        api.MapPost("/users/{userId:long}/pay", Json(async (context, sandbox) =>
            await UserActions.PayAsync(sandbox.State, UserId(context), await ReadBodyAsync<PayInvoiceRequest>(context, allowEmpty: true), context.RequestAborted)));
        api.MapPost("/users/{userId:long}/payments", Json(async (context, sandbox) =>
            UserActions.DeliverPayment(sandbox.State, UserId(context), await ReadBodyAsync<DeliverPaymentRequest>(context))));
        api.MapPost("/users/{userId:long}/pay-link", Json(async (context, sandbox) =>
            await UserActions.PayLinkAsync(sandbox.State, UserId(context), await ReadBodyAsync<PayLinkRequest>(context), context.RequestAborted)));
        api.MapGet("/users/{userId:long}/subscriptions", Json((context, sandbox) =>
            Task.FromResult<object>(UserActions.Subscriptions(sandbox.State, UserId(context)))));
        api.MapPost("/users/{userId:long}/subscriptions/renew", Json(async (context, sandbox) =>
            UserActions.RenewSubscription(sandbox.State, UserId(context), await ReadBodyAsync<RenewSubscriptionRequest>(context, allowEmpty: true))));
        api.MapPost("/users/{userId:long}/subscriptions/lapse", Json(async (context, sandbox) =>
            UserActions.LapseSubscription(sandbox.State, UserId(context), await ReadBodyAsync<RenewSubscriptionRequest>(context, allowEmpty: true))));
        api.MapGet("/callback-queries/{id}", Json((context, sandbox) => Locked(sandbox, state =>
            state.CallbackQueries.GetValueOrDefault(context.GetRouteValue("id") as string ?? string.Empty)?.ToInfo()
                ?? throw ControlApiException.NotFound("no such callback query"))));
        api.MapGet("/chats/{chatId:long}/transcript", Json((context, sandbox) => Locked(sandbox, state =>
        {
            var chat = RequireChat(state, context);
            var origin = Origin(context, sandbox.Options);
            return new ChatTranscript(chat.Id, chat.Messages.Select(m => MessageRendering.WithOrigin(state.Snapshot(m), origin)).ToList(), chat.LastSeq);
        })));
        api.MapGet("/chats/{chatId:long}/changes", Json(WaitForChangesAsync));
        api.MapGet("/chats/{chatId:long}/events", (RequestDelegate)StreamEventsAsync);
        api.MapGet("/chats/{chatId:long}/actions", Json((context, sandbox) => Locked(sandbox, state => RequireChat(state, context).Actions.ToList())));
        api.MapGet("/commands", Json((_, sandbox) => Locked(sandbox, state => state.Commands
            .Select(c => new BotCommandSet(c.Key.ScopeType, c.Key.ScopeChatId, c.Key.LanguageCode.Length == 0 ? null : c.Key.LanguageCode, c.Value))
            .OrderBy(c => c.ScopeType, StringComparer.Ordinal).ThenBy(c => c.LanguageCode, StringComparer.Ordinal)
            .ToList())));
        api.MapGet("/files/{fileId}", (RequestDelegate)ServeFileAsync);
        api.MapGet("/stats", Json((_, sandbox) => Locked(sandbox, state => new SandboxStats(
            new Dictionary<string, int>(state.CallsByMethod),
            new Dictionary<string, int>(state.ErrorsByCode),
            state.Updates.Count,
            state.ParkedPoll is not null,
            state.Webhook?.Url))));
        api.MapGet("/webhook/timings", Json((_, sandbox) => Locked(sandbox, state => new WebhookTimings(state.WebhookAnswerMs.ToList(), state.WebhookNotOk))));
        api.MapDelete("/webhook/timings", Json((_, sandbox) => Locked(sandbox, state =>
        {
            state.WebhookAnswerMs.Clear();
            state.WebhookNotOk = 0;
            return new { ok = true };
        })));
        api.MapPost("/faults", Json(async (context, sandbox) =>
        {
            var request = await ReadBodyAsync<FaultRequest>(context);
            var fault = CreateFault(request);
            lock (sandbox.State.Gate)
            {
                sandbox.State.Faults.Add(fault);
            }

            return new { method = fault.Method, error_code = fault.Error.ErrorCode, description = fault.Error.Description, count = fault.Remaining };
        }));
        api.MapDelete("/faults", Json((_, sandbox) => Locked(sandbox, state =>
        {
            state.Faults.Clear();
            return new { ok = true };
        })));
        api.MapPost("/settings", Json(async (context, sandbox) =>
        {
            var request = await ReadBodyAsync<SandboxSettingsRequest>(context);
            if (request.FloodLimitsEnabled is { } flood)
            {
                sandbox.Options.FloodLimitsEnabled = flood;
            }

            if (request.CallbackAnswerWindowMs is { } window)
            {
                sandbox.Options.CallbackAnswerWindow = TimeSpan.FromMilliseconds(window);
            }

            return new { flood_limits_enabled = sandbox.Options.FloodLimitsEnabled, callback_answer_window_ms = (long)sandbox.Options.CallbackAnswerWindow.TotalMilliseconds };
        }));
        api.MapPost("/reset", Json(async (_, sandbox) =>
        {
            lock (sandbox.State.Gate)
            {
                sandbox.State.AbortParkedPoll(Wire.BotApiErrors.ConflictTerminatedBySetWebhook());
                sandbox.State.Webhook = null;
                sandbox.State.Reset();
            }

            await sandbox.Webhooks.RestartAsync(null);
            return new { ok = true };
        }));
    }

    private static InjectedFault CreateFault(FaultRequest request)
    {
        if (request.ErrorCode is < 400 or > 599)
        {
            throw new ControlApiException("error_code must be a 4xx or 5xx code");
        }

        if (request.Count < 1)
        {
            throw new ControlApiException("count must be at least 1");
        }

        var retryAfter = request.ErrorCode == 429 ? request.RetryAfter ?? 1 : (int?)null;
        var description = request.Description ?? request.ErrorCode switch
        {
            429 => "Too Many Requests: retry after " + retryAfter!.Value.ToString(CultureInfo.InvariantCulture),
            403 => "Forbidden: bot was blocked by the user",
            500 => "Internal Server Error: restart",
            _ => throw new ControlApiException("give a description for this error code"),
        };
        return new InjectedFault
        {
            Method = request.Method?.ToLowerInvariant(),
            Error = new Wire.BotApiException(request.ErrorCode, description, retryAfter),
            Remaining = request.Count,
        };
    }

    private static RequestDelegate Json(Func<HttpContext, BotApiSandbox, Task<object>> handler) => async context =>
    {
        var sandbox = context.RequestServices.GetRequiredService<BotApiSandbox>();
        object result;
        try
        {
            result = await handler(context, sandbox);
        }
        catch (ControlApiException e)
        {
            await WriteJsonAsync(context, e.StatusCode, new ControlApiError(e.Message));
            return;
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, new ControlApiError("the body is not the expected JSON: " + e.Message));
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            sandbox.Logger.LogError(e, "Control API call {Path} failed", context.Request.Path);
            await WriteJsonAsync(context, StatusCodes.Status500InternalServerError, new ControlApiError(e.GetType().Name + ": " + e.Message));
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, result);
    };

    private static Task<object> Locked<T>(BotApiSandbox sandbox, Func<BotSandboxState, T> read)
        where T : class
    {
        lock (sandbox.State.Gate)
        {
            return Task.FromResult<object>(read(sandbox.State));
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), ControlApiJson.Options, context.RequestAborted);
    }

    private static async Task<T> ReadBodyAsync<T>(HttpContext context, bool allowEmpty = false)
        where T : class
    {
        // A user may send files over what a bot may download (20 MB), as base64: the bot must be able to refuse them.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = 200L << 20;
        }

        if (allowEmpty && context.Request.ContentLength is null or 0 && !context.Request.Headers.TransferEncoding.Any())
        {
            return JsonSerializer.Deserialize<T>("{}", ControlApiJson.Options)!;
        }

        return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ControlApiJson.Options, context.RequestAborted)
            ?? throw new ControlApiException("a JSON body is required");
    }

    private static long UserId(HttpContext context) => long.Parse((string)context.GetRouteValue("userId")!, CultureInfo.InvariantCulture);

    private static SandboxChat RequireChat(BotSandboxState state, HttpContext context)
    {
        var chatId = long.Parse((string)context.GetRouteValue("chatId")!, CultureInfo.InvariantCulture);
        return state.Chats.GetValueOrDefault(chatId) ?? throw ControlApiException.NotFound($"no chat {chatId}");
    }

    private static string Origin(HttpContext context, BotApiSandboxOptions options) =>
        options.PublicBaseUrl?.GetLeftPart(UriPartial.Authority) ?? $"{context.Request.Scheme}://{context.Request.Host}";

    /// <summary>Changes after <c>after</c> of the given kinds (default: all); waits up to <c>timeout_ms</c> for one to happen.</summary>
    private static async Task<object> WaitForChangesAsync(HttpContext context, BotApiSandbox sandbox)
    {
        var query = context.Request.Query;
        var after = long.TryParse(query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
        var timeout = int.TryParse(query["timeout_ms"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? TimeSpan.FromMilliseconds(t) : TimeSpan.Zero;
        if (timeout > MaxWait)
        {
            timeout = MaxWait;
        }

        var kinds = query["kinds"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var origin = Origin(context, sandbox.Options);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            Task changed;
            long chatId;
            List<ChatChange> matching;
            long lastSeq;
            lock (sandbox.State.Gate)
            {
                var chat = RequireChat(sandbox.State, context);
                chatId = chat.Id;
                matching = chat.ChangesAfter(after).Where(c => kinds.Count == 0 || kinds.Contains(c.Kind)).ToList();
                lastSeq = chat.LastSeq;
                changed = chat.ChangedSignal;
            }

            var remaining = deadline - DateTimeOffset.UtcNow;
            if (matching.Count > 0 || remaining <= TimeSpan.Zero || sandbox.Stopping.IsCancellationRequested)
            {
                return new ChatChanges(chatId, matching.Select(c => MessageRendering.WithOrigin(c, origin)).ToList(), lastSeq);
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, sandbox.Stopping);
            await Task.WhenAny(changed, Task.Delay(remaining, timer.Token));
            await timer.CancelAsync();
            context.RequestAborted.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Server-sent events of a chat's changes, from <c>Last-Event-ID</c> (or <c>after</c>) on, until the client leaves.</summary>
    private static async Task StreamEventsAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<BotApiSandbox>();
        var aborted = context.RequestAborted;
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var cursorText = lastEventId.Length > 0 ? lastEventId : context.Request.Query["after"].ToString();
        var cursor = long.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
        lock (sandbox.State.Gate)
        {
            if (!sandbox.State.Chats.ContainsKey(long.Parse((string)context.GetRouteValue("chatId")!, CultureInfo.InvariantCulture)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }

        var origin = Origin(context, sandbox.Options);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await context.Response.Body.FlushAsync(aborted);
            while (!aborted.IsCancellationRequested && !sandbox.Stopping.IsCancellationRequested)
            {
                IReadOnlyList<ChatChange> changes;
                Task changed;
                lock (sandbox.State.Gate)
                {
                    var chat = RequireChat(sandbox.State, context);
                    changes = chat.ChangesAfter(cursor);
                    changed = chat.ChangedSignal;
                }

                foreach (var change in changes)
                {
                    var data = JsonSerializer.Serialize(MessageRendering.WithOrigin(change, origin), ControlApiJson.Options);
                    var frame = $"id: {change.Seq}\nevent: {change.Kind}\ndata: {data}\n\n";
                    await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), aborted);
                    cursor = change.Seq;
                }

                await context.Response.Body.FlushAsync(aborted);
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(aborted, sandbox.Stopping);
                var keepAlive = Task.Delay(KeepAliveInterval, timer.Token);
                if (await Task.WhenAny(changed, keepAlive) == keepAlive && !timer.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(": keep-alive\n\n"u8.ToArray(), aborted);
                }

                await timer.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page closed the stream.
        }
        catch (ControlApiException)
        {
            // The chat disappeared (reset): end the stream.
        }
    }

    private static async Task ServeFileAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<BotApiSandbox>();
        StoredFile? file;
        lock (sandbox.State.Gate)
        {
            file = sandbox.State.Files.Find(context.GetRouteValue("fileId") as string ?? string.Empty);
        }

        if (file is null)
        {
            await WriteJsonAsync(context, StatusCodes.Status404NotFound, new ControlApiError("no such file"));
            return;
        }

        context.Response.ContentType = file.MimeType ?? "application/octet-stream";
        context.Response.ContentLength = file.Size;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }
}
