using System.Globalization;
using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Text;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Methods;

/// <summary>sendPhoto/Video/Audio/Voice/Document/Animation, sendMediaGroup, editMessageMedia and getFile.</summary>
internal static class MediaMethods
{
    private const int MaxAlbumItems = 10;

    public static void Register(Dictionary<string, BotApiMethod> methods)
    {
        foreach (var kind in new[] { "photo", "video", "audio", "voice", "document", "animation" })
        {
            methods["send" + kind] = call => SendMediaAsync(call, kind);
        }

        methods["sendmediagroup"] = SendMediaGroupAsync;
        methods["editmessagemedia"] = EditMessageMediaAsync;
        methods["getfile"] = GetFile;
    }

    private static async Task<BotApiResult> SendMediaAsync(BotApiCall call, string kind)
    {
        var parameters = call.Parameters;
        var caption = MethodHelpers.ReadCaption(parameters);
        var markup = ReplyMarkup.Parse(parameters);
        var state = call.State;
        lock (state.Gate)
        {
            var chat = state.ResolveChatForWrite(parameters);
            MethodHelpers.ResolveReplyTo(chat, parameters);
            state.ConsumeFloodBudget(chat);
        }

        var file = await MediaResolver.ResolveAsync(call, kind, parameters.GetString(kind), kind)
            ?? throw BotApiErrors.BadRequest($"there is no {kind} in the request");
        var media = new MessageMedia(
            kind,
            file,
            file.Width ?? NullIfZero(parameters.GetInt("width", 0, 0, 10000)),
            file.Height ?? NullIfZero(parameters.GetInt("height", 0, 0, 10000)),
            parameters.GetInt("duration", 0, 0, int.MaxValue),
            parameters.GetString("title"),
            parameters.GetString("performer"));

        lock (state.Gate)
        {
            var chat = state.ResolveChatForWrite(parameters);
            var message = new SandboxMessage
            {
                MessageId = chat.NextMessageId(),
                ChatId = chat.Id,
                FromBot = true,
                Bot = call.Bot,
                Date = state.Now,
                Media = media,
                Caption = caption,
                Markup = markup,
                ReplyToMessageId = MethodHelpers.ResolveReplyTo(chat, parameters),
            };
            state.AddBotMessage(chat, message);
            return new BotApiResult(state.RenderMessage(message));
        }
    }

    private static int? NullIfZero(int value) => value == 0 ? null : value;

    private sealed record AlbumItem(string Type, string? Media, FormattedText? Caption, JsonObject Json);

    private static async Task<BotApiResult> SendMediaGroupAsync(BotApiCall call)
    {
        var parameters = call.Parameters;
        var items = ReadAlbum(parameters);
        var state = call.State;
        lock (state.Gate)
        {
            var chat = state.ResolveChatForWrite(parameters);
            MethodHelpers.ResolveReplyTo(chat, parameters);

            // An album counts as one message for the flood limits; reply_markup is ignored, as on the real server.
            state.ConsumeFloodBudget(chat);
        }

        var media = new List<(MessageMedia Media, FormattedText? Caption)>();
        foreach (var item in items)
        {
            var file = await MediaResolver.ResolveAsync(call, item.Type, item.Media, directPartName: null)
                ?? throw BotApiErrors.BadRequest("can't parse InputMedia: media not found");
            media.Add((new MessageMedia(
                item.Type,
                file,
                file.Width ?? IntField(item.Json, "width"),
                file.Height ?? IntField(item.Json, "height"),
                IntField(item.Json, "duration") ?? 0,
                item.Json["title"]?.GetValue<string>(),
                item.Json["performer"]?.GetValue<string>()), item.Caption));
        }

        lock (state.Gate)
        {
            var chat = state.ResolveChatForWrite(parameters);
            var replyTo = MethodHelpers.ResolveReplyTo(chat, parameters);
            var groupId = MethodHelpers.NewMediaGroupId().ToString(CultureInfo.InvariantCulture);
            var result = new JsonArray();
            foreach (var (itemMedia, caption) in media)
            {
                var message = new SandboxMessage
                {
                    MessageId = chat.NextMessageId(),
                    ChatId = chat.Id,
                    FromBot = true,
                    Bot = call.Bot,
                    Date = state.Now,
                    Media = itemMedia,
                    Caption = caption,
                    MediaGroupId = groupId,
                    ReplyToMessageId = replyTo,
                };
                state.AddBotMessage(chat, message);
                result.Add(state.RenderMessage(message));
            }

            return new BotApiResult(result);
        }
    }

    private static List<AlbumItem> ReadAlbum(BotApiParameters parameters)
    {
        var json = parameters.GetJson("media", "can't parse media JSON object") ?? throw BotApiErrors.ParameterRequired("media");
        if (json is not JsonArray array)
        {
            throw BotApiErrors.BadRequest("expected an Array of InputMedia");
        }

        if (array.Count == 0)
        {
            throw BotApiErrors.BadRequest("there are no messages to send");
        }

        if (array.Count > MaxAlbumItems)
        {
            throw BotApiErrors.TooManyAlbumItems();
        }

        var items = new List<AlbumItem>();
        foreach (var node in array)
        {
            var item = ReadInputMedia(node, forAlbum: true);
            items.Add(item);
        }

        // Documents and audio can only be grouped with their own kind.
        var kinds = items.Select(i => i.Type).Distinct().ToList();
        if (kinds.Count > 1 && (kinds.Contains("document") || kinds.Contains("audio")))
        {
            throw BotApiErrors.BadRequest("can't use the media of the specified type in the album");
        }

        return items;
    }

    private static AlbumItem ReadInputMedia(JsonNode? node, bool forAlbum)
    {
        if (node is not JsonObject item)
        {
            throw BotApiErrors.BadRequest("can't parse InputMedia: expected an Object");
        }

        var type = item["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var typeText) ? typeText : string.Empty;
        if (forAlbum && type == "animation")
        {
            throw BotApiErrors.BadRequest("can't parse InputMedia: type \"animation\" can't be used in sendMediaGroup");
        }

        if (type is not ("photo" or "video" or "audio" or "document" or "animation"))
        {
            throw BotApiErrors.BadRequest($"can't parse InputMedia: type \"{type}\" is unsupported");
        }

        var media = item["media"] is JsonValue mediaValue && mediaValue.TryGetValue<string>(out var mediaText) && mediaText.Length > 0 ? mediaText : null;
        var caption = MethodHelpers.FormatCaption(
            item["caption"] is JsonValue captionValue && captionValue.TryGetValue<string>(out var captionText) ? captionText : null,
            item["parse_mode"] is JsonValue modeValue && modeValue.TryGetValue<string>(out var mode) ? mode : null,
            item["caption_entities"]);
        return new AlbumItem(type, media, caption, item);
    }

    private static int? IntField(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<int>(out var number) && number > 0 ? number : null;

    private static async Task<BotApiResult> EditMessageMediaAsync(BotApiCall call)
    {
        var parameters = call.Parameters;
        var json = parameters.GetJson("media", "can't parse input media JSON object") ?? throw BotApiErrors.ParameterRequired("media");
        var item = ReadInputMedia(json, forAlbum: false);
        var markup = ReplyMarkup.Parse(parameters);
        var state = call.State;
        lock (state.Gate)
        {
            var message = MethodHelpers.FindMessageToEdit(state, parameters);
            if (message.Media is null)
            {
                throw BotApiErrors.BadRequest("there is no media in the message to edit");
            }
        }

        var file = await MediaResolver.ResolveAsync(call, item.Type, item.Media, directPartName: null)
            ?? throw BotApiErrors.BadRequest("can't parse InputMedia: media not found");
        lock (state.Gate)
        {
            var message = MethodHelpers.FindMessageToEdit(state, parameters);
            var unchanged = message.Media!.File.FileId == file.FileId
                && (item.Caption is null ? message.Caption is null : item.Caption.SameContentAs(message.Caption))
                && ReplyMarkup.AreEqual(markup, message.Markup);
            if (unchanged)
            {
                throw BotApiErrors.MessageNotModified();
            }

            MethodHelpers.ChargeEdit(state, message);
            message.Media = new MessageMedia(item.Type, file, file.Width ?? IntField(item.Json, "width"), file.Height ?? IntField(item.Json, "height"), IntField(item.Json, "duration") ?? 0);
            message.Caption = item.Caption;
            message.Markup = markup;
            return MethodHelpers.CommitEdit(state, message);
        }
    }

    private static Task<BotApiResult> GetFile(BotApiCall call)
    {
        var fileId = call.Parameters.GetString("file_id") ?? throw BotApiErrors.BadRequest("file_id not specified");
        var state = call.State;
        lock (state.Gate)
        {
            var file = state.Files.Find(fileId) ?? throw BotApiErrors.BadRequest("invalid file_id");
            if (file.Size > call.Options.MaxDownloadFileSize)
            {
                throw BotApiErrors.FileTooBig();
            }

            return Task.FromResult(new BotApiResult(new JsonObject
            {
                ["file_id"] = file.FileId,
                ["file_unique_id"] = file.FileUniqueId,
                ["file_size"] = file.Size,
                ["file_path"] = file.FilePath,
            }));
        }
    }
}
