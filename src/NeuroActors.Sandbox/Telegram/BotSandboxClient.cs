using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace NeuroActors.Sandbox.Telegram;

/// <summary>A control API call that the sandbox refused.</summary>
public sealed class BotSandboxException : Exception
{
    public BotSandboxException()
    {
    }

    public BotSandboxException(string message)
        : base(message)
    {
    }

    public BotSandboxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BotSandboxException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }
}

/// <summary>
/// Client of the Telegram sandbox control API, for tests and load runs: act as users and read what the bot did.
/// It keeps a cursor per chat (the last change it has seen or caused), so <see cref="WaitForMessageAsync"/> after
/// <see cref="SendTextAsync"/> finds the bot's answer even when it arrived before the wait started.
/// </summary>
public sealed class BotSandboxClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ConcurrentDictionary<long, long> _cursors = new();

    /// <summary>Uses <paramref name="http"/>, whose BaseAddress is the sandbox origin; its Timeout must exceed the waits used.</summary>
    public BotSandboxClient(HttpClient http)
    {
        _http = http;
    }

    public BotSandboxClient(Uri sandboxOrigin)
    {
        _http = new HttpClient { BaseAddress = sandboxOrigin, Timeout = Timeout.InfiniteTimeSpan };
        _ownsHttp = true;
    }

    private const string Root = "sandbox/telegram";

    /// <summary>The last change of a chat this client has seen or caused; waits look after it.</summary>
    public long GetCursor(long chatId) => _cursors.GetValueOrDefault(chatId);

    public void SetCursor(long chatId, long seq) => _cursors[chatId] = seq;

    public Task<SandboxUserInfo> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxUserInfo>($"{Root}/users", request, cancellationToken);

    public Task<SandboxUserInfo> CreateUserAsync(string firstName = "Test", string? languageCode = "en", long? id = null, string? username = null, CancellationToken cancellationToken = default) =>
        CreateUserAsync(new CreateUserRequest(id, firstName, null, username, languageCode), cancellationToken);

    public Task<IReadOnlyList<SandboxUserInfo>> GetUsersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<SandboxUserInfo>>($"{Root}/users", cancellationToken);

    public Task<UserMessageSent> SendTextAsync(long userId, string text, int? replyToMessageId = null, CancellationToken cancellationToken = default) =>
        Track(PostAsync<UserMessageSent>($"{Root}/users/{userId}/messages", new SendTextRequest(text, replyToMessageId), cancellationToken));

    /// <summary>Sends "/command arguments" (the leading slash is optional).</summary>
    public Task<UserMessageSent> SendCommandAsync(long userId, string command, string? arguments = null, CancellationToken cancellationToken = default) =>
        Track(PostAsync<UserMessageSent>($"{Root}/users/{userId}/commands", new SendCommandRequest(command, arguments), cancellationToken));

    public Task<UserMessageSent> SendPhotoAsync(long userId, byte[] image, string? caption = null, CancellationToken cancellationToken = default) =>
        Track(PostAsync<UserMessageSent>($"{Root}/users/{userId}/photos", new SendMediaRequest(Convert.ToBase64String(image), Caption: caption), cancellationToken));

    public Task<UserMessageSent> SendDocumentAsync(long userId, byte[] content, string fileName, string? mimeType = null, string? caption = null, CancellationToken cancellationToken = default) =>
        Track(PostAsync<UserMessageSent>($"{Root}/users/{userId}/documents", new SendMediaRequest(Convert.ToBase64String(content), fileName, mimeType, caption), cancellationToken));

    public Task<UserMessageSent> SendVoiceAsync(long userId, byte[] audio, int durationSeconds = 1, CancellationToken cancellationToken = default) =>
        Track(PostAsync<UserMessageSent>($"{Root}/users/{userId}/voices", new SendMediaRequest(Convert.ToBase64String(audio), MimeType: "audio/ogg", Duration: durationSeconds), cancellationToken));

    public Task<UserMessageSent> SendAudioAsync(long userId, byte[] audio, int durationSeconds, string fileName = "audio.mp3", string? caption = null, CancellationToken cancellationToken = default) =>
        Track(PostAsync<UserMessageSent>($"{Root}/users/{userId}/audios", new SendMediaRequest(Convert.ToBase64String(audio), fileName, "audio/mpeg", caption, durationSeconds), cancellationToken));

    public Task<UserMessageSent> SendVideoAsync(long userId, byte[] video, int durationSeconds, string? caption = null, CancellationToken cancellationToken = default) =>
        Track(PostAsync<UserMessageSent>($"{Root}/users/{userId}/videos", new SendMediaRequest(Convert.ToBase64String(video), "video.mp4", "video/mp4", caption, durationSeconds), cancellationToken));

    public Task<UserMessageSent> SendVideoNoteAsync(long userId, byte[] video, int durationSeconds, CancellationToken cancellationToken = default) =>
        Track(PostAsync<UserMessageSent>($"{Root}/users/{userId}/video-notes", new SendMediaRequest(Convert.ToBase64String(video), MimeType: "video/mp4", Duration: durationSeconds), cancellationToken));

    /// <summary>Photos as one album (one message and update each, one media_group_id); the caption goes on the first.</summary>
    public async Task<AlbumSent> SendAlbumAsync(long userId, IReadOnlyList<byte[]> images, string? caption = null, CancellationToken cancellationToken = default)
    {
        var album = await PostAsync<AlbumSent>($"{Root}/users/{userId}/albums",
            new SendAlbumRequest(images.Select((image, i) => new SendMediaRequest(Convert.ToBase64String(image), Caption: i == 0 ? caption : null)).ToList()), cancellationToken);
        foreach (var sent in album.Messages)
        {
            AdvanceCursor(sent.ChatId, sent.Seq);
        }

        return album;
    }

    /// <summary>
    /// Presses an inline button by callback_data (or text), on <paramref name="messageId"/> or the newest bot message
    /// that has it, and waits up to <paramref name="waitForAnswer"/> (3 s by default) for answerCallbackQuery.
    /// </summary>
    public async Task<ButtonPressResult> PressButtonAsync(long userId, string? callbackData = null, string? text = null, int? messageId = null, TimeSpan? waitForAnswer = null, CancellationToken cancellationToken = default)
    {
        var request = new PressButtonRequest(callbackData, text, messageId, waitForAnswer is { } wait ? (int)wait.TotalMilliseconds : null);
        var result = await PostAsync<ButtonPressResult>($"{Root}/users/{userId}/press", request, cancellationToken);
        AdvanceCursor(result.ChatId, result.Seq);
        return result;
    }

    public Task<ButtonPressResult> PressButtonByTextAsync(long userId, string text, int? messageId = null, TimeSpan? waitForAnswer = null, CancellationToken cancellationToken = default) =>
        PressButtonAsync(userId, null, text, messageId, waitForAnswer, cancellationToken);

    public Task<CallbackAnswerInfo> GetCallbackAnswerAsync(string callbackQueryId, CancellationToken cancellationToken = default) =>
        GetAsync<CallbackAnswerInfo>($"{Root}/callback-queries/{Uri.EscapeDataString(callbackQueryId)}", cancellationToken);

    /// <summary>The user blocks the bot: the bot gets my_chat_member (kicked), then 403 on every send.</summary>
    public Task<SandboxUserInfo> BlockAsync(long userId, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxUserInfo>($"{Root}/users/{userId}/block", new { }, cancellationToken);

    public Task<SandboxUserInfo> UnblockAsync(long userId, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxUserInfo>($"{Root}/users/{userId}/unblock", new { }, cancellationToken);

    /// <summary>Pays an invoice (default: the newest unpaid one) and waits for the bot's pre-checkout answer.</summary>
    /// <param name="holdPayment">Charge, but send the successful_payment message only when <see cref="DeliverPaymentAsync"/> names the charge.</param>
    public async Task<PaymentResult> PayInvoiceAsync(long userId, int? invoiceMessageId = null, bool holdPayment = false, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync<PaymentResult>($"{Root}/users/{userId}/pay", new PayInvoiceRequest(invoiceMessageId, HoldPayment: holdPayment), cancellationToken);
        AdvanceCursor(userId, result.Seq);
        return result;
    }

    /// <summary>A successful_payment message Telegram delivers for a charge (new, or the same charge again) without a pre-checkout.</summary>
    public async Task<PaymentResult> DeliverPaymentAsync(long userId, DeliverPaymentRequest request, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync<PaymentResult>($"{Root}/users/{userId}/payments", request, cancellationToken);
        AdvanceCursor(userId, result.Seq);
        return result;
    }

    /// <summary>Pays a createInvoiceLink link (a subscription's starts it) and waits for the bot's pre-checkout answer.</summary>
    public async Task<PaymentResult> PayLinkAsync(long userId, string url, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync<PaymentResult>($"{Root}/users/{userId}/pay-link", new PayLinkRequest(url), cancellationToken);
        AdvanceCursor(userId, result.Seq);
        return result;
    }

    /// <summary>Telegram charges the next period of the user's subscription (a cancelled or lapsed one answers 409).</summary>
    public async Task<PaymentResult> RenewSubscriptionAsync(long userId, string? subscriptionChargeId = null, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync<PaymentResult>($"{Root}/users/{userId}/subscriptions/renew", new RenewSubscriptionRequest(subscriptionChargeId), cancellationToken);
        AdvanceCursor(userId, result.Seq);
        return result;
    }

    /// <summary>The next period is not paid: the subscription ends at its date, and Telegram tells the bot nothing.</summary>
    public Task<SubscriptionInfo> LapseSubscriptionAsync(long userId, string? subscriptionChargeId = null, CancellationToken cancellationToken = default) =>
        PostAsync<SubscriptionInfo>($"{Root}/users/{userId}/subscriptions/lapse", new RenewSubscriptionRequest(subscriptionChargeId), cancellationToken);

    public Task<IReadOnlyList<SubscriptionInfo>> GetSubscriptionsAsync(long userId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<SubscriptionInfo>>($"{Root}/users/{userId}/subscriptions", cancellationToken);

    public Task<ChatTranscript> GetTranscriptAsync(long chatId, CancellationToken cancellationToken = default) =>
        GetAsync<ChatTranscript>($"{Root}/chats/{chatId}/transcript", cancellationToken);

    /// <summary>The messages the bot sent in a chat, edits applied (deleted ones included, flagged).</summary>
    public async Task<IReadOnlyList<TranscriptMessage>> GetBotMessagesAsync(long chatId, CancellationToken cancellationToken = default) =>
        (await GetTranscriptAsync(chatId, cancellationToken)).Messages.Where(m => m.FromBot).ToList();

    /// <summary>Changes after <paramref name="after"/> of the given kinds, waiting up to <paramref name="timeout"/> for one.</summary>
    public Task<ChatChanges> GetChangesAsync(long chatId, long after, TimeSpan timeout, IEnumerable<string>? kinds = null, CancellationToken cancellationToken = default)
    {
        var query = $"after={after}&timeout_ms={(long)timeout.TotalMilliseconds}";
        if (kinds is not null)
        {
            query += "&kinds=" + Uri.EscapeDataString(string.Join(',', kinds));
        }

        return GetAsync<ChatChanges>($"{Root}/chats/{chatId}/changes?{query}", cancellationToken);
    }

    /// <summary>
    /// Waits for the next message the bot sends in the chat (after this client's cursor) that matches
    /// <paramref name="predicate"/>, and moves the cursor to it. Throws <see cref="TimeoutException"/> listing the
    /// chat's recent bot messages when none comes in time (10 s by default).
    /// </summary>
    public async Task<TranscriptMessage> WaitForMessageAsync(long chatId, Func<TranscriptMessage, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var change = await WaitForChangeAsync(chatId, c => c.Message is { } m && (predicate?.Invoke(m) ?? true), timeout, [ChatChangeKinds.Message], cancellationToken);
        return change.Message!;
    }

    /// <summary>Waits for the next change (by default a new message, an edit or a deletion) matching <paramref name="predicate"/>.</summary>
    public async Task<ChatChange> WaitForChangeAsync(long chatId, Func<ChatChange, bool>? predicate = null, TimeSpan? timeout = null, IReadOnlyCollection<string>? kinds = null, CancellationToken cancellationToken = default)
    {
        kinds ??= [ChatChangeKinds.Message, ChatChangeKinds.Edit, ChatChangeKinds.Delete];
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        var cursor = GetCursor(chatId);
        while (true)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            var changes = await GetChangesAsync(chatId, cursor, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, kinds, cancellationToken);
            foreach (var change in changes.Changes)
            {
                cursor = change.Seq;
                if (predicate?.Invoke(change) ?? true)
                {
                    AdvanceCursor(chatId, change.Seq);
                    return change;
                }
            }

            cursor = Math.Max(cursor, changes.LastSeq);
            if (DateTimeOffset.UtcNow >= deadline)
            {
                AdvanceCursor(chatId, cursor);
                throw new TimeoutException(await DescribeTimeoutAsync(chatId, kinds, timeout ?? DefaultTimeout, cancellationToken));
            }
        }
    }

    private async Task<string> DescribeTimeoutAsync(long chatId, IReadOnlyCollection<string> kinds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"No matching {string.Join('/', kinds)} in chat {chatId} within {timeout.TotalSeconds:0.#} s. Latest bot messages:");
        var messages = await GetBotMessagesAsync(chatId, cancellationToken);
        foreach (var message in messages.TakeLast(5))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  #{message.MessageId}{(message.Deleted ? " (deleted)" : string.Empty)}: {message.Media?.Kind ?? "text"} \"{message.PlainText}\"");
            if (message.InlineKeyboard is { } keyboard)
            {
                text.Append(" [").Append(string.Join(" | ", keyboard.SelectMany(row => row).Select(b => b.Text))).Append(']');
            }
        }

        return text.ToString();
    }

    public Task<IReadOnlyList<ChatActionRecord>> GetChatActionsAsync(long chatId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ChatActionRecord>>($"{Root}/chats/{chatId}/actions", cancellationToken);

    /// <summary>The commands the bot published with setMyCommands, per scope and language.</summary>
    public Task<IReadOnlyList<BotCommandSet>> GetCommandsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<BotCommandSet>>($"{Root}/commands", cancellationToken);

    public Task<byte[]> DownloadMediaAsync(TranscriptMedia media, CancellationToken cancellationToken = default) =>
        _http.GetByteArrayAsync(new Uri(media.Url, UriKind.RelativeOrAbsolute), cancellationToken);

    public Task<SandboxStats> GetStatsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<SandboxStats>($"{Root}/stats", cancellationToken);

    /// <summary>How long the bot took to answer each webhook delivery since the last <see cref="ClearWebhookTimingsAsync"/>: what Telegram waits for.</summary>
    public Task<WebhookTimings> GetWebhookTimingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<WebhookTimings>($"{Root}/webhook/timings", cancellationToken);

    public async Task ClearWebhookTimingsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync(new Uri($"{Root}/webhook/timings", UriKind.Relative), cancellationToken);
        await ReadAsync<object>(response, cancellationToken);
    }

    public Task SetFloodLimitsAsync(bool enabled, CancellationToken cancellationToken = default) =>
        PostAsync<object>($"{Root}/settings", new SandboxSettingsRequest(FloodLimitsEnabled: enabled), cancellationToken);

    /// <summary>
    /// The next <paramref name="count"/> calls of <paramref name="method"/> (any when null) fail with this error,
    /// e.g. <c>InjectFaultAsync("sendPhoto", 429, retryAfter: 5)</c>.
    /// </summary>
    public Task InjectFaultAsync(string? method, int errorCode, string? description = null, int? retryAfter = null, int count = 1, CancellationToken cancellationToken = default) =>
        PostAsync<object>($"{Root}/faults", new FaultRequest(method, errorCode, description, retryAfter, count), cancellationToken);

    public async Task ClearFaultsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync(new Uri($"{Root}/faults", UriKind.Relative), cancellationToken);
        await ReadAsync<object>(response, cancellationToken);
    }

    /// <summary>Forgets users, chats, updates, files and the webhook.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await PostAsync<object>($"{Root}/reset", new { }, cancellationToken);
        _cursors.Clear();
    }

    private async Task<UserMessageSent> Track(Task<UserMessageSent> sending)
    {
        var sent = await sending;
        AdvanceCursor(sent.ChatId, sent.Seq);
        return sent;
    }

    private void AdvanceCursor(long chatId, long seq) => _cursors.AddOrUpdate(chatId, seq, (_, current) => Math.Max(current, seq));

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(body, body.GetType(), options: ControlApiJson.Options);
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadAsStringAsync(cancellationToken);
            string message;
            try
            {
                message = System.Text.Json.JsonSerializer.Deserialize<ControlApiError>(error, ControlApiJson.Options)?.Error ?? error;
            }
            catch (System.Text.Json.JsonException)
            {
                message = error;
            }

            throw new BotSandboxException((int)response.StatusCode, $"{(int)response.StatusCode}: {message}");
        }

        return await response.Content.ReadFromJsonAsync<T>(ControlApiJson.Options, cancellationToken)
            ?? throw new BotSandboxException((int)response.StatusCode, "empty answer");
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
