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
}

/// <summary>
/// A Telegram update reduced to what the bot acts on: plain data, so the user's actor can persist it as it arrives
/// and dedupe it by <see cref="UpdateId"/>.
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
    string? OtherMedia = null);
