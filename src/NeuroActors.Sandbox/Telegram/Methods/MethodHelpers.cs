using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Text;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Methods;

/// <summary>Parameter handling shared by the sending and editing methods.</summary>
internal static class MethodHelpers
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;

    /// <summary>The text of sendMessage/editMessageText, with its limits.</summary>
    public static FormattedText ReadText(BotApiParameters parameters)
    {
        var text = parameters.GetString("text") ?? throw BotApiErrors.MessageTextEmpty();
        var formatted = TextFormatter.Format(text, parameters.GetString("parse_mode"), parameters.GetJson("entities", "can't parse entities JSON object"));
        if (formatted.Plain.Length == 0)
        {
            throw BotApiErrors.MessageTextEmpty();
        }

        if (formatted.Plain.Length > MaxTextLength)
        {
            throw BotApiErrors.MessageTooLong();
        }

        return formatted;
    }

    /// <summary>A caption from top-level parameters; null when absent or empty.</summary>
    public static FormattedText? ReadCaption(BotApiParameters parameters) =>
        FormatCaption(parameters.GetString("caption"), parameters.GetString("parse_mode"), parameters.GetJson("caption_entities", "can't parse entities JSON object"));

    public static FormattedText? FormatCaption(string? caption, string? parseMode, JsonNode? entities)
    {
        if (string.IsNullOrEmpty(caption))
        {
            return null;
        }

        var formatted = TextFormatter.Format(caption, parseMode, entities);
        if (formatted.Plain.Length > MaxCaptionLength)
        {
            throw BotApiErrors.CaptionTooLong();
        }

        return formatted.Plain.Length == 0 ? null : formatted;
    }

    /// <summary>reply_parameters (or the older reply_to_message_id): the message must exist unless allow_sending_without_reply.</summary>
    public static int? ResolveReplyTo(SandboxChat chat, BotApiParameters parameters)
    {
        long? messageId = parameters.GetLong("reply_to_message_id");
        var allowWithout = parameters.GetBool("allow_sending_without_reply");
        if (parameters.GetJson("reply_parameters", "can't parse reply parameters JSON object") is JsonObject reply)
        {
            messageId = reply["message_id"] is JsonValue id && id.TryGetValue<long>(out var value) ? value : null;
            allowWithout = reply["allow_sending_without_reply"] is JsonValue allow && allow.TryGetValue<bool>(out var flag) && flag;
        }

        if (messageId is null or 0)
        {
            return null;
        }

        var target = chat.FindMessage((int)messageId.Value);
        if (target is null || target.Deleted)
        {
            return allowWithout ? null : throw BotApiErrors.BadRequest("message to be replied not found");
        }

        return target.MessageId;
    }

    /// <summary>The bot message an edit addresses, with the real server's errors.</summary>
    public static SandboxMessage FindMessageToEdit(BotSandboxState state, BotApiParameters parameters)
    {
        if (parameters.GetString("chat_id") is null && parameters.GetString("inline_message_id") is not null)
        {
            // Inline messages are not simulated.
            throw BotApiErrors.BadRequest("MESSAGE_ID_INVALID");
        }

        var chat = state.ResolveChatForWrite(parameters);
        var messageId = parameters.GetLong("message_id") ?? 0;
        var message = messageId is > 0 and <= int.MaxValue ? chat.FindMessage((int)messageId) : null;
        if (message is null || message.Deleted)
        {
            throw BotApiErrors.MessageToEditNotFound();
        }

        if (!message.FromBot || message.Invoice is not null)
        {
            throw BotApiErrors.MessageCantBeEdited();
        }

        return message;
    }

    /// <summary>Edits count towards the chat's flood budget (edit storms are the usual cause of 429s); call before changing the message.</summary>
    public static void ChargeEdit(BotSandboxState state, SandboxMessage message)
    {
        if (state.Options.CountEditsInFloodLimits
            && state.Flood.TryConsume(message.ChatId, state.Now, state.Options, countsGlobally: false) is { } retryAfter)
        {
            throw BotApiErrors.TooManyRequests(retryAfter);
        }
    }

    /// <summary>Records an applied edit and renders the edited message.</summary>
    public static BotApiResult CommitEdit(BotSandboxState state, SandboxMessage message)
    {
        var chat = state.Chats[message.ChatId];
        message.EditCount++;
        message.EditDate = state.Now;
        chat.RecordChange(ChatChangeKinds.Edit, state.Now, state.Snapshot(message));
        return new BotApiResult(state.RenderMessage(message));
    }

    public static long NewMediaGroupId() =>
        System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue) * 1_000_000L
        + System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 1_000_000);
}
