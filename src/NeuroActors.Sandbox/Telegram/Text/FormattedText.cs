using System.Text.Json.Nodes;

namespace NeuroActors.Sandbox.Telegram.Text;

/// <summary>A MessageEntity; offsets and lengths in UTF-16 code units, as in the Bot API.</summary>
internal sealed record TextEntity(string Type, int Offset, int Length, string? Url = null, string? Language = null, string? CustomEmojiId = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = Type, ["offset"] = Offset, ["length"] = Length };
        if (Url is not null)
        {
            json["url"] = Url;
        }

        if (Language is not null)
        {
            json["language"] = Language;
        }

        if (CustomEmojiId is not null)
        {
            json["custom_emoji_id"] = CustomEmojiId;
        }

        return json;
    }
}

/// <summary>Text as the bot sent it (<see cref="Source"/>, <see cref="ParseMode"/>) and as a user sees it (<see cref="Plain"/> plus entities).</summary>
internal sealed record FormattedText(string Source, string? ParseMode, string Plain, IReadOnlyList<TextEntity> Entities)
{
    public static FormattedText PlainText(string text) => new(text, null, text, []);

    /// <summary>Same content for "message is not modified": the visible text and its formatting.</summary>
    public bool SameContentAs(FormattedText? other) =>
        other is not null && Plain == other.Plain && Entities.SequenceEqual(other.Entities);

    public JsonArray EntitiesJson() => new(Entities.Select(e => (JsonNode)e.ToJson()).ToArray());
}
