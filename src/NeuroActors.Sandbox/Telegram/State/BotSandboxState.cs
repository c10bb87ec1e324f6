using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.State;

/// <summary>The webhook the bot set.</summary>
internal sealed record WebhookConfig(string Url, string? SecretToken, int MaxConnections, IReadOnlyList<string>? AllowedUpdates);

/// <summary>An error the control API asked for; <see cref="Remaining"/> counts down per matching call.</summary>
internal sealed class InjectedFault
{
    public required string? Method { get; init; }

    public required BotApiException Error { get; init; }

    public int Remaining { get; set; }
}

/// <summary>Why a parked poll was terminated, and how long to wait before saying so.</summary>
internal sealed record PollAbort(BotApiException Error, TimeSpan Delay);

/// <summary>A getUpdates request parked in a long poll; a newer poller or setWebhook aborts it with a 409.</summary>
internal sealed class ParkedPoll
{
    public TaskCompletionSource<PollAbort> Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// All state of the sandbox bot, guarded by <see cref="Gate"/>. Nothing awaits while holding the lock: waiters take
/// a signal task under the lock and await it outside.
/// </summary>
internal sealed class BotSandboxState
{
    public const long CallbackQueueKeyBase = 3L << 33;
    public const long PreCheckoutQueueKeyBase = 4L << 33;
    public const long ChatMemberQueueKeyBase = 5L << 33;

    private TaskCompletionSource _updatesChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BotSandboxState(BotApiSandboxOptions options)
    {
        Options = options;
        Updates = new UpdateQueue(options.FirstUpdateId ?? RandomNumberGenerator.GetInt32(100_000_000, 900_000_000));
        Bot = new BotIdentity(1, options.BotFirstName, options.BotUsername);
    }

    public object Gate { get; } = new();

    public BotApiSandboxOptions Options { get; }

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    public UpdateQueue Updates { get; private set; }

    public FileStore Files { get; } = new();

    public FloodLimiter Flood { get; } = new();

    public Dictionary<long, SandboxUser> Users { get; } = [];

    public Dictionary<long, SandboxChat> Chats { get; } = [];

    public Dictionary<string, CallbackQueryRecord> CallbackQueries { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PreCheckoutRecord> PreCheckouts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, StarPayment> Payments { get; } = new(StringComparer.Ordinal);

    /// <summary>createInvoiceLink's links by URL.</summary>
    public Dictionary<string, InvoiceLinkRecord> InvoiceLinks { get; } = new(StringComparer.Ordinal);

    /// <summary>Stars subscriptions by the charge id of their first payment.</summary>
    public Dictionary<string, StarSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);

    public Dictionary<CommandSetKey, IReadOnlyList<BotCommandInfo>> Commands { get; } = [];

    public List<InjectedFault> Faults { get; } = [];

    public Dictionary<string, int> CallsByMethod { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> ErrorsByCode { get; } = new(StringComparer.Ordinal);

    /// <summary>How long the bot took to answer each webhook delivery (ms), and how many it answered other than 2xx or not at all.</summary>
    public List<double> WebhookAnswerMs { get; } = [];

    public int WebhookNotOk { get; set; }

    /// <summary>The bot, with the id of the token it last used.</summary>
    public BotIdentity Bot { get; set; }

    // getUpdates bookkeeping, as the real server keeps it.
    public ParkedPoll? ParkedPoll { get; set; }

    public int? PreviousPollOffset { get; set; }

    public DateTimeOffset PreviousPollStart { get; set; }

    public DateTimeOffset NextConflictTime { get; set; }

    // Webhook bookkeeping.
    public WebhookConfig? Webhook { get; set; }

    public DateTimeOffset? LastWebhookErrorDate { get; set; }

    public string? LastWebhookErrorMessage { get; set; }

    public DateTimeOffset NextSetWebhookAllowed { get; set; }

    /// <summary>
    /// The delay of a 409 conflict answer: none for the first, 3 s when conflicts repeat within 3 s (the real
    /// server's fail_query_conflict).
    /// </summary>
    public TimeSpan NextConflictDelay()
    {
        var now = Now;
        if (now >= NextConflictTime)
        {
            NextConflictTime = now + TimeSpan.FromSeconds(3);
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(3);
    }

    /// <summary>Terminates the parked long poll, if any, with <paramref name="error"/>.</summary>
    public void AbortParkedPoll(BotApiException error)
    {
        if (ParkedPoll is { } parked)
        {
            parked.Aborted.TrySetResult(new PollAbort(error, NextConflictDelay()));
            ParkedPoll = null;
        }
    }

    /// <summary>Completes when an update is queued or removed; take under the lock, await outside.</summary>
    public Task UpdatesChanged => _updatesChanged.Task;

    public void SignalUpdatesChanged()
    {
        var signal = _updatesChanged;
        _updatesChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.TrySetResult();
    }

    /// <summary>Queues an update of <paramref name="type"/> whose body is <paramref name="payload"/>.</summary>
    public QueuedUpdate? AddUpdate(string type, JsonObject payload, long queueKey, TimeSpan lifetime)
    {
        var now = Now;
        Updates.RemoveExpired(now);
        var update = Updates.Enqueue(
            type,
            id => new JsonObject { ["update_id"] = id, [type] = payload }.ToJsonString(BotApiJson.NodeOptions),
            queueKey,
            now + lifetime);
        if (update is not null)
        {
            SignalUpdatesChanged();
        }

        return update;
    }

    public SandboxChat GetChat(SandboxUser user)
    {
        if (!Chats.TryGetValue(user.Id, out var chat))
        {
            chat = new SandboxChat(user);
            Chats[user.Id] = chat;
        }

        return chat;
    }

    /// <summary>The chat a sending method addresses, with the real server's errors for unknown, blocked and unstarted chats.</summary>
    public SandboxChat ResolveChatForWrite(BotApiParameters parameters)
    {
        var chat = ResolveChat(parameters);
        if (chat.User.HasBlocked)
        {
            throw BotApiErrors.BotBlocked();
        }

        if (!chat.User.HasStarted)
        {
            throw BotApiErrors.CantInitiateConversation();
        }

        return chat;
    }

    public SandboxChat ResolveChat(BotApiParameters parameters)
    {
        var raw = parameters.GetString("chat_id") ?? throw BotApiErrors.ChatIdEmpty();
        if (!long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId)
            || !Chats.TryGetValue(chatId, out var chat))
        {
            throw BotApiErrors.ChatNotFound();
        }

        return chat;
    }

    /// <summary>Consumes flood budget for a message to <paramref name="chat"/> or throws the 429.</summary>
    public void ConsumeFloodBudget(SandboxChat chat)
    {
        if (Flood.TryConsume(chat.Id, Now, Options) is { } retryAfter)
        {
            throw BotApiErrors.TooManyRequests(retryAfter);
        }
    }

    /// <summary>A new message from the bot: stored, and logged as a change.</summary>
    public void AddBotMessage(SandboxChat chat, SandboxMessage message)
    {
        chat.AddMessage(message);
        chat.RecordChange(ChatChangeKinds.Message, message.Date, Snapshot(message));
    }

    public TranscriptMessage Snapshot(SandboxMessage message) => MessageRendering.ToTranscript(message, MessageRendering.FilesPath);

    public JsonObject RenderMessage(SandboxMessage message)
    {
        var chat = Chats[message.ChatId];
        return MessageRendering.ToBotApiJson(message, chat, chat.FindMessage);
    }

    /// <summary>The injected error for this call of <paramref name="method"/> (lowercase), if one is due.</summary>
    public BotApiException? TakeFault(string method)
    {
        var fault = Faults.Find(f => f.Method is null || f.Method == method);
        if (fault is null)
        {
            return null;
        }

        if (--fault.Remaining <= 0)
        {
            Faults.Remove(fault);
        }

        return fault.Error;
    }

    public void CountCall(string method, int? errorCode)
    {
        CallsByMethod[method] = CallsByMethod.GetValueOrDefault(method) + 1;
        if (errorCode is { } code)
        {
            var key = code.ToString(CultureInfo.InvariantCulture);
            ErrorsByCode[key] = ErrorsByCode.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>Forgets users, chats, updates, files, payments and commands; the webhook is removed by the caller.</summary>
    public void Reset()
    {
        Users.Clear();
        Chats.Clear();
        CallbackQueries.Clear();
        PreCheckouts.Clear();
        Payments.Clear();
        InvoiceLinks.Clear();
        Subscriptions.Clear();
        Commands.Clear();
        Faults.Clear();
        CallsByMethod.Clear();
        ErrorsByCode.Clear();
        WebhookAnswerMs.Clear();
        WebhookNotOk = 0;
        Files.Clear();
        Flood.Reset();
        Updates = new UpdateQueue(Updates.NextId);
        LastWebhookErrorDate = null;
        LastWebhookErrorMessage = null;
        PreviousPollOffset = null;
        SignalUpdatesChanged();
    }

    /// <summary>Callback query ids are decimal strings of a 64-bit number on the real server.</summary>
    public static string NewQueryId() =>
        ((ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue) << 31 | (uint)RandomNumberGenerator.GetInt32(int.MaxValue)).ToString(CultureInfo.InvariantCulture);
}
