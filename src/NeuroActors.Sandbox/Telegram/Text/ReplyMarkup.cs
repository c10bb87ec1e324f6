using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Text;

/// <summary>A button of an inline keyboard, reduced to what the sandbox acts on.</summary>
internal sealed record InlineButton(string Text, string? CallbackData, string? Url, bool Pay);

/// <summary>
/// A validated reply_markup. Only inline keyboards are echoed in the bot's Message objects; reply keyboards,
/// remove_keyboard and force_reply are kept for transcripts.
/// </summary>
internal sealed class ReplyMarkup
{
    private ReplyMarkup(string kind, string json, IReadOnlyList<IReadOnlyList<InlineButton>> inlineRows, IReadOnlyList<IReadOnlyList<string>> keyboardRows)
    {
        Kind = kind;
        Json = json;
        InlineRows = inlineRows;
        KeyboardRows = keyboardRows;
    }

    /// <summary>inline_keyboard, keyboard, remove_keyboard or force_reply.</summary>
    public string Kind { get; }

    /// <summary>The normalized JSON text of the markup.</summary>
    public string Json { get; }

    public IReadOnlyList<IReadOnlyList<InlineButton>> InlineRows { get; }

    public IReadOnlyList<IReadOnlyList<string>> KeyboardRows { get; }

    public bool IsInline => Kind == "inline_keyboard";

    public JsonNode ToJsonNode() => JsonNode.Parse(Json)!;

    public static bool AreEqual(ReplyMarkup? a, ReplyMarkup? b) => (a?.Json) == (b?.Json);

    /// <summary>Parses the reply_markup parameter; null when absent or when it describes no markup.</summary>
    public static ReplyMarkup? Parse(BotApiParameters parameters)
    {
        var node = parameters.GetJson("reply_markup", "can't parse reply keyboard markup JSON object");
        return node is null ? null : Parse(node);
    }

    public static ReplyMarkup? Parse(JsonNode node)
    {
        if (node is not JsonObject markup)
        {
            throw BotApiErrors.BadRequest("object expected as reply markup");
        }

        if (markup["keyboard"] is JsonArray keyboard && keyboard.Count > 0)
        {
            return ParseKeyboard(markup, keyboard);
        }

        if (markup["inline_keyboard"] is JsonArray inline && inline.Count > 0)
        {
            return ParseInline(inline);
        }

        if (IsTrue(markup["remove_keyboard"]) || IsTrue(markup["hide_keyboard"]))
        {
            return new ReplyMarkup("remove_keyboard", """{"remove_keyboard":true}""", [], []);
        }

        if (IsTrue(markup["force_reply"]))
        {
            return new ReplyMarkup("force_reply", """{"force_reply":true}""", [], []);
        }

        return null;
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static ReplyMarkup ParseInline(JsonArray inline)
    {
        var rows = new List<IReadOnlyList<InlineButton>>();
        var jsonRows = new JsonArray();
        foreach (var row in inline)
        {
            if (row is not JsonArray buttons)
            {
                throw BotApiErrors.BadRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
            }

            var parsedRow = new List<InlineButton>();
            var jsonRow = new JsonArray();
            foreach (var buttonNode in buttons)
            {
                var (button, json) = ParseInlineButton(buttonNode);
                parsedRow.Add(button);
                jsonRow.Add(json);
            }

            rows.Add(parsedRow);
            jsonRows.Add(jsonRow);
        }

        var normalized = new JsonObject { ["inline_keyboard"] = jsonRows };
        return new ReplyMarkup("inline_keyboard", normalized.ToJsonString(BotApiJson.NodeOptions), rows, []);
    }

    private static (InlineButton, JsonObject) ParseInlineButton(JsonNode? node)
    {
        if (node is not JsonObject button)
        {
            throw BotApiErrors.BadRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
        }

        var text = StringField(button, "text")
            ?? throw BotApiErrors.BadRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
        var json = new JsonObject { ["text"] = text };

        var url = StringField(button, "url");
        if (!string.IsNullOrEmpty(url))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                throw BotApiErrors.BadRequest("BUTTON_URL_INVALID");
            }

            json["url"] = url;
            return (new InlineButton(text, null, url, false), json);
        }

        var callbackData = StringField(button, "callback_data");
        if (!string.IsNullOrEmpty(callbackData))
        {
            if (Encoding.UTF8.GetByteCount(callbackData) > 64)
            {
                throw BotApiErrors.ButtonDataInvalid();
            }

            json["callback_data"] = callbackData;
            return (new InlineButton(text, callbackData, null, false), json);
        }

        foreach (var other in new[] { "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game" })
        {
            if (button[other] is { } value)
            {
                json[other] = value.DeepClone();
                return (new InlineButton(text, null, null, false), json);
            }
        }

        if (button["pay"] is JsonValue pay && pay.TryGetValue<bool>(out var isPay) && isPay)
        {
            json["pay"] = true;
            return (new InlineButton(text, null, null, true), json);
        }

        throw BotApiErrors.BadRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    }

    private static ReplyMarkup ParseKeyboard(JsonObject markup, JsonArray keyboard)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in keyboard)
        {
            if (row is not JsonArray buttons)
            {
                throw BotApiErrors.BadRequest("field \"keyboard\" must be an Array of Arrays");
            }

            var texts = new List<string>();
            foreach (var button in buttons)
            {
                var text = button switch
                {
                    JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
                    JsonObject obj => StringField(obj, "text"),
                    _ => null,
                };
                texts.Add(text ?? throw BotApiErrors.BadRequest("can't parse keyboard button: Field \"text\" must be of type String"));
            }

            rows.Add(texts);
        }

        return new ReplyMarkup("keyboard", markup.ToJsonString(BotApiJson.NodeOptions), [], rows);
    }

    private static string? StringField(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
