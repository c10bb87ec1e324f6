using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Text;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Methods;

/// <summary>sendMessage, the edits, deleteMessage(s) and sendChatAction.</summary>
internal static class MessageMethods
{
    private static readonly HashSet<string> ChatActions = new(StringComparer.Ordinal)
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    };

    public static void Register(Dictionary<string, BotApiMethod> methods)
    {
        methods["sendmessage"] = SendMessage;
        methods["editmessagetext"] = EditMessageText;
        methods["editmessagecaption"] = EditMessageCaption;
        methods["editmessagereplymarkup"] = EditMessageReplyMarkup;
        methods["deletemessage"] = DeleteMessage;
        methods["deletemessages"] = DeleteMessages;
        methods["sendchataction"] = SendChatAction;
    }

    private static Task<BotApiResult> SendMessage(BotApiCall call)
    {
        var parameters = call.Parameters;
        var text = MethodHelpers.ReadText(parameters);
        var markup = ReplyMarkup.Parse(parameters);
        var state = call.State;
        lock (state.Gate)
        {
            var chat = state.ResolveChatForWrite(parameters);
            var replyTo = MethodHelpers.ResolveReplyTo(chat, parameters);
            state.ConsumeFloodBudget(chat);
            var message = new SandboxMessage
            {
                MessageId = chat.NextMessageId(),
                ChatId = chat.Id,
                FromBot = true,
                Bot = call.Bot,
                Date = state.Now,
                Text = text,
                Markup = markup,
                ReplyToMessageId = replyTo,
            };
            state.AddBotMessage(chat, message);
            return Task.FromResult(new BotApiResult(state.RenderMessage(message)));
        }
    }

    private static Task<BotApiResult> EditMessageText(BotApiCall call)
    {
        var parameters = call.Parameters;
        var text = MethodHelpers.ReadText(parameters);
        var markup = ReplyMarkup.Parse(parameters);
        var state = call.State;
        lock (state.Gate)
        {
            var message = MethodHelpers.FindMessageToEdit(state, parameters);
            if (message.Text is null)
            {
                throw BotApiErrors.BadRequest("there is no text in the message to edit");
            }

            // An edit without reply_markup removes the inline keyboard.
            if (text.SameContentAs(message.Text) && ReplyMarkup.AreEqual(markup, message.Markup))
            {
                throw BotApiErrors.MessageNotModified();
            }

            MethodHelpers.ChargeEdit(state, message);
            message.Text = text;
            message.Markup = markup;
            return Task.FromResult(MethodHelpers.CommitEdit(state, message));
        }
    }

    private static Task<BotApiResult> EditMessageCaption(BotApiCall call)
    {
        var parameters = call.Parameters;
        var caption = MethodHelpers.ReadCaption(parameters);
        var markup = ReplyMarkup.Parse(parameters);
        var state = call.State;
        lock (state.Gate)
        {
            var message = MethodHelpers.FindMessageToEdit(state, parameters);
            if (message.Media is null)
            {
                throw BotApiErrors.BadRequest("there is no caption in the message to edit");
            }

            var sameCaption = caption is null ? message.Caption is null : caption.SameContentAs(message.Caption);
            if (sameCaption && ReplyMarkup.AreEqual(markup, message.Markup))
            {
                throw BotApiErrors.MessageNotModified();
            }

            MethodHelpers.ChargeEdit(state, message);
            message.Caption = caption;
            message.Markup = markup;
            return Task.FromResult(MethodHelpers.CommitEdit(state, message));
        }
    }

    private static Task<BotApiResult> EditMessageReplyMarkup(BotApiCall call)
    {
        var parameters = call.Parameters;
        var markup = ReplyMarkup.Parse(parameters);
        if (markup is { IsInline: false })
        {
            throw BotApiErrors.BadRequest("REPLY_MARKUP_INVALID");
        }

        var state = call.State;
        lock (state.Gate)
        {
            var message = MethodHelpers.FindMessageToEdit(state, parameters);
            if (ReplyMarkup.AreEqual(markup, message.Markup))
            {
                throw BotApiErrors.MessageNotModified();
            }

            MethodHelpers.ChargeEdit(state, message);
            message.Markup = markup;
            return Task.FromResult(MethodHelpers.CommitEdit(state, message));
        }
    }

    private static Task<BotApiResult> DeleteMessage(BotApiCall call)
    {
        var parameters = call.Parameters;
        if (parameters.GetString("chat_id") is null)
        {
            throw BotApiErrors.BadRequest("chat identifier is not specified");
        }

        var messageId = parameters.GetLong("message_id") ?? 0;
        if (messageId == 0)
        {
            throw BotApiErrors.BadRequest("message identifier is not specified");
        }

        var state = call.State;
        lock (state.Gate)
        {
            var chat = state.ResolveChat(parameters);
            var message = messageId is > 0 and <= int.MaxValue ? chat.FindMessage((int)messageId) : null;
            if (message is null || message.Deleted)
            {
                throw BotApiErrors.MessageToDeleteNotFound();
            }

            Delete(state, chat, message);
            return Task.FromResult(BotApiResult.True());
        }
    }

    private static Task<BotApiResult> DeleteMessages(BotApiCall call)
    {
        var parameters = call.Parameters;
        var ids = parameters.GetJson("message_ids", "can't parse message identifiers JSON object") as System.Text.Json.Nodes.JsonArray;
        if (ids is null || ids.Count == 0)
        {
            throw BotApiErrors.BadRequest("message identifiers are not specified");
        }

        if (ids.Count > 100)
        {
            throw BotApiErrors.BadRequest("too many message identifiers specified");
        }

        var state = call.State;
        lock (state.Gate)
        {
            var chat = state.ResolveChat(parameters);
            var messages = ids
                .Select(id => id is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<int>(out var messageId) ? chat.FindMessage(messageId) : null)
                .OfType<SandboxMessage>()
                .Where(m => !m.Deleted)
                .ToList();
            if (messages.Count == 0)
            {
                throw BotApiErrors.MessageToDeleteNotFound();
            }

            foreach (var message in messages)
            {
                Delete(state, chat, message);
            }

            return Task.FromResult(BotApiResult.True());
        }
    }

    private static void Delete(BotSandboxState state, SandboxChat chat, SandboxMessage message)
    {
        message.Deleted = true;
        chat.RecordChange(ChatChangeKinds.Delete, state.Now, state.Snapshot(message));
    }

    private static Task<BotApiResult> SendChatAction(BotApiCall call)
    {
        var parameters = call.Parameters;
        var action = parameters.GetString("action")?.ToLowerInvariant();
        if (action is null || !ChatActions.Contains(action))
        {
            throw BotApiErrors.BadRequest("wrong parameter action in request");
        }

        var state = call.State;
        lock (state.Gate)
        {
            var chat = state.ResolveChatForWrite(parameters);
            var now = state.Now;
            chat.AddAction(new ChatActionRecord(action, now));
            chat.RecordChange(ChatChangeKinds.ChatAction, now, null, action);
            return Task.FromResult(BotApiResult.True());
        }
    }
}
