using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.Text;

namespace NeuroActors.Sandbox.Telegram.State;

/// <summary>The bot as it appears in messages; the id comes from the token the bot uses.</summary>
internal sealed record BotIdentity(long Id, string FirstName, string Username)
{
    public JsonObject ToUserJson() => new() { ["id"] = Id, ["is_bot"] = true, ["first_name"] = FirstName, ["username"] = Username };
}

/// <summary>A simulated Telegram user; their private chat with the bot has the same id.</summary>
internal sealed class SandboxUser
{
    public required long Id { get; init; }

    public required string FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Username { get; init; }

    public string? LanguageCode { get; init; }

    /// <summary>A bot cannot write first: until the user writes, sends answer 403 "bot can't initiate conversation".</summary>
    public bool HasStarted { get; set; }

    public bool HasBlocked { get; set; }

    public JsonObject ToUserJson()
    {
        var json = new JsonObject { ["id"] = Id, ["is_bot"] = false, ["first_name"] = FirstName };
        if (LastName is not null)
        {
            json["last_name"] = LastName;
        }

        if (Username is not null)
        {
            json["username"] = Username;
        }

        if (LanguageCode is not null)
        {
            json["language_code"] = LanguageCode;
        }

        return json;
    }

    public JsonObject ToChatJson()
    {
        var json = new JsonObject { ["id"] = Id, ["type"] = "private", ["first_name"] = FirstName };
        if (LastName is not null)
        {
            json["last_name"] = LastName;
        }

        if (Username is not null)
        {
            json["username"] = Username;
        }

        return json;
    }

    public SandboxUserInfo ToInfo() => new(Id, FirstName, LastName, Username, LanguageCode, HasStarted, HasBlocked);
}

/// <summary>The media of a message.</summary>
internal sealed record MessageMedia(string Kind, StoredFile File, int? Width, int? Height, int? Duration, string? Title = null, string? Performer = null);

internal sealed record InvoiceContent(string Title, string Description, string Payload, string Currency, long TotalAmount, string? StartParameter);

/// <summary>A successful_payment; a subscription's payments carry its expiration date and the recurring flags.</summary>
internal sealed record PaymentContent(
    string Currency,
    long TotalAmount,
    string InvoicePayload,
    string TelegramPaymentChargeId,
    string? ProviderPaymentChargeId,
    DateTimeOffset? SubscriptionExpirationDate = null,
    bool IsRecurring = false,
    bool IsFirstRecurring = false);

/// <summary>An invoice link made by createInvoiceLink; with a subscription period, paying it starts a Stars subscription.</summary>
internal sealed record InvoiceLinkRecord(string Url, InvoiceContent Invoice, int? SubscriptionPeriod);

/// <summary>
/// A user's Stars subscription, known by the charge id of its first payment (what editUserStarSubscription takes).
/// Renewed by the control API one period at a time unless cancelled; lapsed when a renewal was not paid.
/// </summary>
internal sealed class StarSubscription
{
    public required string FirstChargeId { get; init; }

    public required long UserId { get; init; }

    public required InvoiceContent Invoice { get; init; }

    public required int PeriodSeconds { get; init; }

    public required DateTimeOffset ExpiresAt { get; set; }

    public bool Canceled { get; set; }

    public bool Lapsed { get; set; }

    public List<string> Charges { get; } = [];

    public SubscriptionInfo ToInfo() =>
        new(FirstChargeId, UserId, Invoice.Payload, Invoice.TotalAmount, PeriodSeconds, ExpiresAt, Canceled, Lapsed, [.. Charges]);
}

/// <summary>A message in a private chat, from the bot or from the user. Mutable under the sandbox lock (edits, deletion).</summary>
internal sealed class SandboxMessage
{
    public required int MessageId { get; init; }

    public required long ChatId { get; init; }

    public required bool FromBot { get; init; }

    public required DateTimeOffset Date { get; init; }

    /// <summary>The bot at the time it sent the message (user messages: null).</summary>
    public BotIdentity? Bot { get; init; }

    public FormattedText? Text { get; set; }

    public FormattedText? Caption { get; set; }

    public MessageMedia? Media { get; set; }

    public ReplyMarkup? Markup { get; set; }

    public string? MediaGroupId { get; init; }

    public int? ReplyToMessageId { get; init; }

    public InvoiceContent? Invoice { get; init; }

    public PaymentContent? SuccessfulPayment { get; init; }

    public PaymentContent? RefundedPayment { get; init; }

    public bool InvoicePaid { get; set; }

    public DateTimeOffset? EditDate { get; set; }

    public int EditCount { get; set; }

    public bool Deleted { get; set; }
}

/// <summary>A callback query waiting for answerCallbackQuery.</summary>
internal sealed class CallbackQueryRecord
{
    public required string Id { get; init; }

    public required long ChatId { get; init; }

    public required int MessageId { get; init; }

    public required string Data { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public bool Answered { get; set; }

    public string? AnswerText { get; set; }

    public bool ShowAlert { get; set; }

    public string? Url { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public TaskCompletionSource AnswerSignal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CallbackAnswerInfo ToInfo() => new(Id, Answered, AnswerText, ShowAlert, Url, AnsweredAt);
}

/// <summary>A pre-checkout query waiting for answerPreCheckoutQuery.</summary>
internal sealed class PreCheckoutRecord
{
    public required string Id { get; init; }

    public required long UserId { get; init; }

    public required int InvoiceMessageId { get; init; }

    public required InvoiceContent Invoice { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set once the payment has timed out: a later answer is "query is too old".</summary>
    public bool Expired { get; set; }

    public bool? Ok { get; set; }

    public string? ErrorMessage { get; set; }

    public TaskCompletionSource AnswerSignal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A Stars payment, refundable once.</summary>
internal sealed class StarPayment
{
    public required string ChargeId { get; init; }

    public required long UserId { get; init; }

    public required PaymentContent Content { get; init; }

    public bool Refunded { get; set; }
}

/// <summary>Commands for one scope and language (setMyCommands).</summary>
internal sealed record CommandSetKey(string ScopeType, long? ScopeChatId, string LanguageCode);
