using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Text;

/// <summary>Turns text plus parse_mode (or explicit entities) into what a user sees, failing as the real server does.</summary>
internal static class TextFormatter
{
    /// <summary>The real server refuses text over 32 KiB before parsing.</summary>
    private const int MaxSourceBytes = 1 << 15;

    public static FormattedText Format(string text, string? parseMode, JsonNode? explicitEntities)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxSourceBytes)
        {
            throw BotApiErrors.BadRequest("text is too long");
        }

        var mode = parseMode?.Trim().ToLowerInvariant();
        (string Plain, List<TextEntity> Entities) parsed;
        try
        {
            parsed = mode switch
            {
                null or "" or "none" => (text, ReadEntities(explicitEntities)),
                "html" => HtmlTextParser.Parse(text),
                "markdownv2" => MarkdownTextParser.ParseV2(text),
                "markdown" => MarkdownTextParser.ParseLegacy(text),
                _ => throw BotApiErrors.BadRequest("unsupported parse_mode"),
            };
        }
        catch (TextParseException e)
        {
            throw BotApiErrors.BadRequest("can't parse entities: " + e.Message);
        }

        var (plain, entities) = Trim(parsed.Plain, parsed.Entities);
        var normalized = entities
            .Select(e => e.Type == "code" ? e with { Language = null } : e)
            .OrderBy(e => e.Offset)
            .ThenByDescending(e => e.Length)
            .ToList();
        return new FormattedText(text, string.IsNullOrEmpty(mode) || mode == "none" ? null : parseMode, plain, normalized);
    }

    private static List<TextEntity> ReadEntities(JsonNode? json)
    {
        var entities = new List<TextEntity>();
        if (json is not JsonArray array)
        {
            return entities;
        }

        foreach (var item in array)
        {
            if (item is not JsonObject entity
                || entity["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
                || entity["offset"]?.GetValueKind() != System.Text.Json.JsonValueKind.Number
                || entity["length"]?.GetValueKind() != System.Text.Json.JsonValueKind.Number)
            {
                throw BotApiErrors.BadRequest("can't parse MessageEntity: expected an Object with type, offset and length");
            }

            entities.Add(new TextEntity(
                entity["type"]!.GetValue<string>(),
                entity["offset"]!.GetValue<int>(),
                entity["length"]!.GetValue<int>(),
                entity["url"]?.GetValue<string>(),
                entity["language"]?.GetValue<string>(),
                entity["custom_emoji_id"]?.GetValue<string>()));
        }

        return entities;
    }

    /// <summary>Leading and trailing white space is dropped, and entities are cut to what remains.</summary>
    private static (string, List<TextEntity>) Trim(string plain, List<TextEntity> entities)
    {
        var start = 0;
        while (start < plain.Length && char.IsWhiteSpace(plain[start]))
        {
            start++;
        }

        var end = plain.Length;
        while (end > start && char.IsWhiteSpace(plain[end - 1]))
        {
            end--;
        }

        if (start == 0 && end == plain.Length)
        {
            return (plain, entities);
        }

        var trimmed = new List<TextEntity>();
        foreach (var entity in entities)
        {
            var from = Math.Max(entity.Offset, start) - start;
            var to = Math.Min(entity.Offset + entity.Length, end) - start;
            if (to > from)
            {
                trimmed.Add(entity with { Offset = from, Length = to - from });
            }
        }

        return (plain[start..end], trimmed);
    }
}
