using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Telegram;

/// <summary>What kind of update reached the bot, as the conversation cares about it.</summary>
public enum UpdateKind
{
    Text,
    Photo,
    Document,
    /// <summary>A sticker, voice, video, audio, location, ...: named in <see cref="IncomingUpdate.OtherMedia"/>.</summary>
    OtherMessage,
    CallbackQuery,
    /// <summary>my_chat_member: the user blocked the bot (status kicked).</summary>
    BotBlocked,
    /// <summary>my_chat_member: the user unblocked (status member).</summary>
    BotUnblocked,

    /// <summary>pre_checkout_query: the user is paying an invoice; it must be answered within 10 seconds. Never dropped.</summary>
    PreCheckoutQuery,

    /// <summary>A message with successful_payment: credit it once per charge id. Never dropped.</summary>
    SuccessfulPayment,

    /// <summary>A message with refunded_payment: Telegram refunded a charge.</summary>
    RefundedPayment,

    /// <summary>A voice message or an audio file (<see cref="IncomingUpdate.OtherMedia"/> says which).</summary>
    Audio,
    /// <summary>A video or a round video note (<see cref="IncomingUpdate.OtherMedia"/> says which).</summary>

    Video,
}

/// <summary>
/// A Telegram update reduced to what the bot acts on: plain data, so the user's actor can persist it as it arrives
/// and dedupe it by <see cref="UpdateId"/>. <see cref="Username"/> is Telegram's @username without the @ (admins look users up by it).
/// </summary>
public sealed record IncomingUpdate(
    long UpdateId,
    long UserId,
    long ChatId,
    bool PrivateChat,
    UpdateKind Kind,
    string? FirstName = null,
    string? LanguageCode = null,
    string? Text = null,
    string? FileId = null,
    long? FileSize = null,
    string? MimeType = null,
    string? CallbackQueryId = null,
    string? CallbackData = null,
    long? MessageId = null,
    OtherMedia? OtherMedia = null,
    string? Username = null,
    IncomingPayment? Payment = null,
    int? Duration = null,
    string? MediaGroupId = null)
{
    /// <summary>A payment update (pre-checkout, successful or refunded payment): handled before anything else, never dropped.</summary>
    public bool IsPayment => (Kind is UpdateKind.PreCheckoutQuery or UpdateKind.SuccessfulPayment or UpdateKind.RefundedPayment) && Payment is not null;

    /// <summary>What the conversation makes of this update; null for what it does not act on (a photo without its file, ...).</summary>
    public ConversationInput? ToConversationInput() => Kind switch
    {
        UpdateKind.Text when Text is not null => ConversationInput.FromMessageText(Text),
        UpdateKind.Photo when FileId is not null => new ConversationInput.Photo(FileId, FileSize, Text, MediaGroupId),
        UpdateKind.Audio when FileId is not null => new ConversationInput.Audio(FileId, FileSize, Duration, MimeType, Text, OtherMedia ?? Texts.OtherMedia.Audio),
        UpdateKind.Video when FileId is not null => new ConversationInput.Video(FileId, FileSize, Duration, MimeType, Text, OtherMedia ?? Texts.OtherMedia.Video),
        UpdateKind.Document when FileId is not null => new ConversationInput.Document(FileId, FileSize, MimeType, Text),
        UpdateKind.OtherMessage => new ConversationInput.OtherMessage(OtherMedia ?? Texts.OtherMedia.Other),
        UpdateKind.CallbackQuery when CallbackQueryId is not null =>
            new ConversationInput.ButtonTapped(CallbackQueryId, MessageId ?? 0, CallbackCodec.Decode(CallbackData)),
        _ => null,
    };
}
