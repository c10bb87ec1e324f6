using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuroActors.Sandbox.Telegram;

// The JSON contract of the Telegram sandbox control API (/sandbox/telegram/...), shared by the server and BotSandboxClient.
// Names are snake_case on the wire (ControlApiJson.Options).

public sealed record CreateUserRequest(
    long? Id = null,
    string? FirstName = null,
    string? LastName = null,
    string? Username = null,
    string? LanguageCode = null);

public sealed record SandboxUserInfo(
    long Id,
    string FirstName,
    string? LastName,
    string? Username,
    string? LanguageCode,
    bool HasStartedBot,
    bool HasBlockedBot);

public sealed record SendTextRequest(string Text, int? ReplyToMessageId = null);

public sealed record SendCommandRequest(string Command, string? Arguments = null);

/// <summary>A photo, document, voice message, audio file, video or video note sent by a user; the bytes as base64; <see cref="Duration"/> in seconds (voice, audio, video, video note).</summary>
public sealed record SendMediaRequest(
    string Base64,
    string? FileName = null,
    string? MimeType = null,
    string? Caption = null,
    int? Duration = null);

/// <summary>An album: 2 or more photos sent at once, each its own message and update, all with one media_group_id (the first one's caption is the album's).</summary>
public sealed record SendAlbumRequest(IReadOnlyList<SendMediaRequest> Items);

/// <summary>What an album produced: one message per item, in order, and the album's media_group_id.</summary>
public sealed record AlbumSent(string MediaGroupId, IReadOnlyList<UserMessageSent> Messages);

/// <summary>What a user action produced: the message in the chat, its update (null when allowed_updates filtered it) and the chat's change sequence number.</summary>
public sealed record UserMessageSent(long ChatId, int MessageId, int? UpdateId, long Seq);

/// <summary>Press an inline button by its callback_data or its text; the message defaults to the newest bot message that has it.</summary>
public sealed record PressButtonRequest(
    string? CallbackData = null,
    string? Text = null,
    int? MessageId = null,
    int? WaitMs = null);

/// <summary>How the bot answered a callback query (answerCallbackQuery), if it has.</summary>
public sealed record CallbackAnswerInfo(
    string CallbackQueryId,
    bool Answered,
    string? Text,
    bool ShowAlert,
    string? Url,
    DateTimeOffset? AnsweredAt);

public sealed record ButtonPressResult(
    string CallbackQueryId,
    long ChatId,
    int MessageId,
    string Data,
    int? UpdateId,
    long Seq,
    CallbackAnswerInfo Answer);

/// <param name="HoldPayment">
/// True: the charge is made once the bot confirms the pre-checkout, but its successful_payment message waits until
/// <c>POST /users/{id}/payments</c> names the charge (to put a restart of the bot between the two).
/// </param>
public sealed record PayInvoiceRequest(int? MessageId = null, int? WaitMs = null, bool HoldPayment = false);

/// <summary>
/// A successful_payment service message Telegram delivers with no pre-checkout the bot just saw: an invoice the bot
/// accepted before (another deployment, a foreign payload), or Telegram repeating the message of a charge it reported
/// already (give its <see cref="TelegramPaymentChargeId"/>). The charge is recorded, so it can be refunded.
/// A subscription's payment carries <see cref="SubscriptionExpirationDate"/> and the recurring flags.
/// </summary>
public sealed record DeliverPaymentRequest(
    string InvoicePayload,
    long TotalAmount,
    string Currency = "XTR",
    string? TelegramPaymentChargeId = null,
    DateTimeOffset? SubscriptionExpirationDate = null,
    bool IsRecurring = false,
    bool IsFirstRecurring = false);

/// <summary>Pay an invoice link (createInvoiceLink's URL) as the user: a pre-checkout first, then the charge; a subscription's link starts it.</summary>
public sealed record PayLinkRequest(string Url);

/// <summary>Renew a subscription (by its first charge id; null: the user's only running one): a new charge, the end one period later.</summary>
public sealed record RenewSubscriptionRequest(string? SubscriptionChargeId = null);

/// <summary>A Stars subscription as the sandbox keeps it: cancelled by editUserStarSubscription, lapsed by the control API.</summary>
public sealed record SubscriptionInfo(
    string FirstChargeId,
    long UserId,
    string InvoicePayload,
    long Stars,
    int PeriodSeconds,
    DateTimeOffset ExpiresAt,
    bool IsCanceled,
    bool Lapsed,
    IReadOnlyList<string> Charges);

/// <summary>The outcome of paying an invoice: status is paid, declined (the bot answered ok=false) or timeout (no answer in time).</summary>
public sealed record PaymentResult(
    string Status,
    int InvoiceMessageId,
    string PreCheckoutQueryId,
    string? TelegramPaymentChargeId,
    string? ErrorMessage,
    int? SuccessfulPaymentMessageId,
    long Seq)
{
    public const string Paid = "paid";
    public const string Declined = "declined";
    public const string TimedOut = "timeout";
}

public sealed record TranscriptButton(string Text, string? CallbackData, string? Url, bool Pay);

/// <summary>A message's media; <see cref="Url"/> serves its bytes.</summary>
public sealed record TranscriptMedia(
    string Kind,
    string FileId,
    string Url,
    string? FileName,
    string? MimeType,
    long Size,
    int? Width,
    int? Height,
    int? Duration);

public sealed record TranscriptInvoice(string Title, string Description, string Currency, long TotalAmount, string Payload, bool Paid);

public sealed record TranscriptPayment(
    string Currency, long TotalAmount, string InvoicePayload, string TelegramPaymentChargeId,
    DateTimeOffset? SubscriptionExpirationDate = null, bool IsRecurring = false, bool IsFirstRecurring = false);

/// <summary>A formatting entity of <see cref="TranscriptMessage.PlainText"/>; offsets and lengths in UTF-16 code units, as in the Bot API.</summary>
public sealed record TranscriptEntity(string Type, int Offset, int Length, string? Url = null, string? Language = null);

/// <summary>
/// A message of a chat with edits applied. <see cref="Text"/> and <see cref="Caption"/> are as the bot sent them
/// (with markup); <see cref="PlainText"/> is what the user sees, formatted by <see cref="Entities"/> (as a client renders it).
/// </summary>
public sealed record TranscriptMessage(
    int MessageId,
    bool FromBot,
    DateTimeOffset Date,
    string? Text,
    string? Caption,
    string? PlainText,
    string? ParseMode,
    JsonElement? ReplyMarkup,
    IReadOnlyList<IReadOnlyList<TranscriptButton>>? InlineKeyboard,
    IReadOnlyList<IReadOnlyList<string>>? ReplyKeyboard,
    TranscriptMedia? Media,
    string? MediaGroupId,
    int? ReplyToMessageId,
    TranscriptInvoice? Invoice,
    TranscriptPayment? SuccessfulPayment,
    TranscriptPayment? RefundedPayment,
    int EditCount,
    DateTimeOffset? EditDate,
    bool Deleted,
    IReadOnlyList<TranscriptEntity>? Entities = null)
{
    /// <summary>Every inline button, row by row.</summary>
    [JsonIgnore]
    public IEnumerable<TranscriptButton> Buttons => InlineKeyboard?.SelectMany(row => row) ?? [];
}

public sealed record ChatTranscript(long ChatId, IReadOnlyList<TranscriptMessage> Messages, long LastSeq);

/// <summary>One change in a chat, in order; <see cref="Seq"/> grows by one per change.</summary>
public sealed record ChatChange(
    long Seq,
    string Kind,
    DateTimeOffset At,
    TranscriptMessage? Message,
    string? Action,
    CallbackAnswerInfo? CallbackAnswer);

public static class ChatChangeKinds
{
    /// <summary>The bot sent a message.</summary>
    public const string Message = "message";

    /// <summary>The bot edited a message (text, caption, media or keyboard).</summary>
    public const string Edit = "edit";

    /// <summary>A message was deleted.</summary>
    public const string Delete = "delete";

    /// <summary>The bot sent a chat action such as typing.</summary>
    public const string ChatAction = "chat_action";

    /// <summary>The user sent a message (text, media, or a payment service message).</summary>
    public const string UserMessage = "user_message";

    /// <summary>The bot answered a callback query.</summary>
    public const string CallbackAnswer = "callback_answer";

    /// <summary>The user blocked or unblocked the bot.</summary>
    public const string Blocked = "blocked";

    public const string Unblocked = "unblocked";
}

public sealed record ChatChanges(long ChatId, IReadOnlyList<ChatChange> Changes, long LastSeq);

public sealed record ChatActionRecord(string Action, DateTimeOffset At);

public sealed record BotCommandInfo(string Command, string Description);

/// <summary>Commands published with setMyCommands for one scope (default, all_private_chats, chat, ...) and language.</summary>
public sealed record BotCommandSet(string ScopeType, long? ScopeChatId, string? LanguageCode, IReadOnlyList<BotCommandInfo> Commands);

/// <summary>
/// Makes the next <see cref="Count"/> calls of <see cref="Method"/> (any method when null) fail with this error, for
/// testing how the bot handles it. The description defaults to the real text for 429 ("Too Many Requests: retry after
/// N"), 403 (blocked) and 500 ("Internal Server Error: restart").
/// </summary>
public sealed record FaultRequest(string? Method, int ErrorCode, string? Description = null, int? RetryAfter = null, int Count = 1);

/// <summary>Runtime switches; null leaves a setting as it is.</summary>
public sealed record SandboxSettingsRequest(bool? FloodLimitsEnabled = null, int? CallbackAnswerWindowMs = null);

/// <summary>Bot API calls by method, errors by code, the update queue, whether a getUpdates long poll is waiting, and the webhook.</summary>
public sealed record SandboxStats(
    IReadOnlyDictionary<string, int> CallsByMethod,
    IReadOnlyDictionary<string, int> ErrorsByCode,
    int PendingUpdates,
    bool LongPollWaiting,
    string? WebhookUrl);

/// <summary>The bot's answer time of each webhook delivery answered 2xx (ms, in order), and the deliveries answered otherwise or not in time.</summary>
public sealed record WebhookTimings(IReadOnlyList<double> AnsweredMs, int NotOk);

public sealed record ControlApiError(string Error);

/// <summary>The serializer settings of the control API, for any client written outside BotSandboxClient.</summary>
public static class ControlApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
