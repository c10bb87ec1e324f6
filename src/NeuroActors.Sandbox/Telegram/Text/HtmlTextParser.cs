using System.Globalization;
using System.Text;

namespace NeuroActors.Sandbox.Telegram.Text;

/// <summary>
/// parse_mode=HTML as the Bot API documents it: the supported tags, the four named character references and numeric
/// ones; anything else fails with the server's "can't parse entities" messages.
/// </summary>
internal static class HtmlTextParser
{
    private sealed record OpenTag(string Name, int PlainStart, int ByteOffset, Dictionary<string, string> Attributes);

    private static readonly HashSet<string> SupportedTags = new(StringComparer.Ordinal)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
        "blockquote", "tg-emoji",
    };

    public static (string Plain, List<TextEntity> Entities) Parse(string html)
    {
        var plain = new StringBuilder(html.Length);
        var entities = new List<TextEntity>();
        var stack = new List<OpenTag>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '&')
            {
                i = AppendCharacterReference(html, i, plain);
                continue;
            }

            if (c != '<')
            {
                plain.Append(c);
                i++;
                continue;
            }

            var byteOffset = Encoding.UTF8.GetByteCount(html.AsSpan(0, i));
            if (i + 1 < html.Length && html[i + 1] == '/')
            {
                i = CloseTag(html, i, byteOffset, stack, plain, entities);
            }
            else
            {
                i = OpenTagAt(html, i, byteOffset, stack, plain);
            }
        }

        if (stack.Count > 0)
        {
            throw new TextParseException($"Can't find end tag corresponding to start tag \"{stack[^1].Name}\"");
        }

        return (plain.ToString(), entities);
    }

    private static int AppendCharacterReference(string html, int start, StringBuilder plain)
    {
        var end = html.IndexOf(';', start);
        if (end > start && end - start <= 10)
        {
            var name = html.AsSpan(start + 1, end - start - 1);
            string? decoded = name switch
            {
                "lt" => "<",
                "gt" => ">",
                "amp" => "&",
                "quot" => "\"",
                _ => DecodeNumeric(name),
            };
            if (decoded is not null)
            {
                plain.Append(decoded);
                return end + 1;
            }
        }

        // An unknown reference is kept as text.
        plain.Append('&');
        return start + 1;
    }

    private static string? DecodeNumeric(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || name[0] != '#')
        {
            return null;
        }

        var isHex = name[1] is 'x' or 'X';
        var digits = isHex ? name[2..] : name[1..];
        var parsed = isHex
            ? int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out code);
        if (!parsed || code <= 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        {
            return null;
        }

        return char.ConvertFromUtf32(code);
    }

    private static int OpenTagAt(string html, int start, int byteOffset, List<OpenTag> stack, StringBuilder plain)
    {
        var i = start + 1;
        var nameStart = i;
        while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '-'))
        {
            i++;
        }

        var name = html[nameStart..i].ToLowerInvariant();
        if (!SupportedTags.Contains(name))
        {
            throw new TextParseException($"Unsupported start tag \"{name}\" at byte offset {byteOffset}");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            while (i < html.Length && char.IsWhiteSpace(html[i]))
            {
                i++;
            }

            if (i >= html.Length)
            {
                throw new TextParseException($"Unclosed start tag at byte offset {byteOffset}");
            }

            if (html[i] == '>')
            {
                i++;
                break;
            }

            var attributeStart = i;
            while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '-' || html[i] == '_'))
            {
                i++;
            }

            if (i == attributeStart)
            {
                throw new TextParseException($"Empty attribute name in the tag \"{name}\" at byte offset {byteOffset}");
            }

            var attributeName = html[attributeStart..i].ToLowerInvariant();
            var value = string.Empty;
            if (i < html.Length && html[i] == '=')
            {
                i++;
                (value, i) = ReadAttributeValue(html, i, byteOffset);
            }

            attributes[attributeName] = value;
        }

        if (name == "span" && attributes.GetValueOrDefault("class") != "tg-spoiler")
        {
            throw new TextParseException($"Tag \"span\" must have class \"tg-spoiler\" at byte offset {byteOffset}");
        }

        stack.Add(new OpenTag(name, plain.Length, byteOffset, attributes));
        return i;
    }

    private static (string Value, int Next) ReadAttributeValue(string html, int i, int byteOffset)
    {
        if (i < html.Length && (html[i] == '"' || html[i] == '\''))
        {
            var quote = html[i];
            var close = html.IndexOf(quote, i + 1);
            if (close < 0)
            {
                throw new TextParseException($"Unclosed start tag at byte offset {byteOffset}");
            }

            var raw = html[(i + 1)..close];
            var decoded = new StringBuilder(raw.Length);
            var j = 0;
            while (j < raw.Length)
            {
                j = raw[j] == '&' ? AppendCharacterReference(raw, j, decoded) : AppendAndAdvance(raw, j, decoded);
            }

            return (decoded.ToString(), close + 1);
        }

        var start = i;
        while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>')
        {
            i++;
        }

        return (html[start..i], i);
    }

    private static int AppendAndAdvance(string text, int index, StringBuilder target)
    {
        target.Append(text[index]);
        return index + 1;
    }

    private static int CloseTag(string html, int start, int byteOffset, List<OpenTag> stack, StringBuilder plain, List<TextEntity> entities)
    {
        var i = start + 2;
        var nameStart = i;
        while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '-'))
        {
            i++;
        }

        var name = html[nameStart..i].ToLowerInvariant();
        while (i < html.Length && char.IsWhiteSpace(html[i]))
        {
            i++;
        }

        if (i >= html.Length || html[i] != '>')
        {
            throw new TextParseException($"Unclosed end tag at byte offset {byteOffset}");
        }

        if (stack.Count == 0)
        {
            throw new TextParseException($"Unexpected end tag at byte offset {byteOffset}");
        }

        var open = stack[^1];
        if (open.Name != name)
        {
            throw new TextParseException($"Unmatched end tag at byte offset {byteOffset}, expected \"</{open.Name}>\", found \"</{name}>\"");
        }

        stack.RemoveAt(stack.Count - 1);
        var length = plain.Length - open.PlainStart;
        if (length > 0 && ToEntity(open, length, entities) is { } entity)
        {
            entities.Add(entity);
        }

        return i + 1;
    }

    private static TextEntity? ToEntity(OpenTag tag, int length, List<TextEntity> entities)
    {
        var offset = tag.PlainStart;
        switch (tag.Name)
        {
            case "b" or "strong":
                return new TextEntity("bold", offset, length);
            case "i" or "em":
                return new TextEntity("italic", offset, length);
            case "u" or "ins":
                return new TextEntity("underline", offset, length);
            case "s" or "strike" or "del":
                return new TextEntity("strikethrough", offset, length);
            case "span" or "tg-spoiler":
                return new TextEntity("spoiler", offset, length);
            case "a":
                return tag.Attributes.TryGetValue("href", out var href) && href.Length > 0
                    ? new TextEntity("text_link", offset, length, Url: href)
                    : null;
            case "code":
                var language = tag.Attributes.GetValueOrDefault("class");
                if (language is not null && language.StartsWith("language-", StringComparison.Ordinal))
                {
                    // <pre><code class="language-x"> is one pre entity with a language: the enclosing pre is emitted later and takes it.
                    return new TextEntity("code", offset, length, Language: language["language-".Length..]);
                }

                return new TextEntity("code", offset, length);
            case "pre":
                var inner = entities.FindLastIndex(e => e.Type == "code" && e.Offset == offset && e.Length == length && e.Language is not null);
                if (inner >= 0)
                {
                    var languageOfCode = entities[inner].Language;
                    entities.RemoveAt(inner);
                    return new TextEntity("pre", offset, length, Language: languageOfCode);
                }

                return new TextEntity("pre", offset, length);
            case "blockquote":
                return new TextEntity(tag.Attributes.ContainsKey("expandable") ? "expandable_blockquote" : "blockquote", offset, length);
            case "tg-emoji":
                return new TextEntity("custom_emoji", offset, length, CustomEmojiId: tag.Attributes.GetValueOrDefault("emoji-id"));
            default:
                return null;
        }
    }
}
