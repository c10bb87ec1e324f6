using System.Text;

namespace NeuroActors.Sandbox.Telegram.Text;

/// <summary>
/// parse_mode=MarkdownV2 and the legacy Markdown, per the Bot API's formatting rules. MarkdownV2's reserved
/// characters outside entities must be escaped, which is the classic cause of "can't parse entities".
/// </summary>
internal static class MarkdownTextParser
{
    private const string Reserved = "_*[]()~`>#+-=|{}.!";

    private sealed record Open(string Type, string Name, int PlainStart, int ByteOffset, string? Language = null);

    public static (string Plain, List<TextEntity> Entities) ParseV2(string text)
    {
        var plain = new StringBuilder(text.Length);
        var entities = new List<TextEntity>();
        var stack = new List<Open>();
        var quoteStart = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var byteOffset = ByteOffset(text, i);
            var top = stack.Count > 0 ? stack[^1] : null;

            if (c == '\\' && i + 1 < text.Length && text[i + 1] > 0 && text[i + 1] < 127)
            {
                plain.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (top is { Type: "code" or "pre" })
            {
                if (top.Type == "pre" && string.CompareOrdinal(text, i, "```", 0, 3) == 0)
                {
                    Close(stack, plain, entities);
                    i += 3;
                }
                else if (top.Type == "code" && c == '`')
                {
                    Close(stack, plain, entities);
                    i++;
                }
                else
                {
                    plain.Append(c);
                    i++;
                }

                continue;
            }

            if (c == '\n' && quoteStart >= 0)
            {
                // A quote runs to the end of its line; consecutive quoted lines form one entity.
                if (i + 1 >= text.Length || text[i + 1] != '>')
                {
                    AddEntity(entities, "blockquote", quoteStart, plain.Length - quoteStart);
                    quoteStart = -1;
                }

                plain.Append(c);
                i++;
                continue;
            }

            if (!Reserved.Contains(c, StringComparison.Ordinal))
            {
                plain.Append(c);
                i++;
                continue;
            }

            if (c == '>' && (i == 0 || text[i - 1] == '\n'))
            {
                if (quoteStart < 0)
                {
                    quoteStart = plain.Length;
                }

                i++;
                continue;
            }

            // Closing the innermost entity.
            if (top is not null)
            {
                var closes = top.Type switch
                {
                    "bold" => c == '*',
                    "italic" => c == '_' && !(i + 1 < text.Length && text[i + 1] == '_' && HasOpen(stack, "underline")),
                    "underline" => c == '_' && i + 1 < text.Length && text[i + 1] == '_',
                    "strikethrough" => c == '~',
                    "spoiler" => c == '|' && i + 1 < text.Length && text[i + 1] == '|',
                    "text_link" => c == ']',
                    _ => false,
                };
                if (closes)
                {
                    i = CloseV2(text, i, top, stack, plain, entities);
                    continue;
                }
            }

            switch (c)
            {
                case '_' when i + 1 < text.Length && text[i + 1] == '_':
                    stack.Add(new Open("underline", "Underline", plain.Length, byteOffset));
                    i += 2;
                    continue;
                case '_':
                    stack.Add(new Open("italic", "Italic", plain.Length, byteOffset));
                    i++;
                    continue;
                case '*':
                    stack.Add(new Open("bold", "Bold", plain.Length, byteOffset));
                    i++;
                    continue;
                case '~':
                    stack.Add(new Open("strikethrough", "Strikethrough", plain.Length, byteOffset));
                    i++;
                    continue;
                case '|' when i + 1 < text.Length && text[i + 1] == '|':
                    stack.Add(new Open("spoiler", "Spoiler", plain.Length, byteOffset));
                    i += 2;
                    continue;
                case '[':
                    stack.Add(new Open("text_link", "TextUrl", plain.Length, byteOffset));
                    i++;
                    continue;
                case '`' when string.CompareOrdinal(text, i, "```", 0, 3) == 0:
                    i += 3;
                    var newline = text.IndexOf('\n', i);
                    var language = newline > i ? text[i..newline] : null;
                    if (language is not null && language.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '+' or '#'))
                    {
                        i = newline + 1;
                    }
                    else
                    {
                        language = null;
                    }

                    stack.Add(new Open("pre", "Pre", plain.Length, byteOffset, language));
                    continue;
                case '`':
                    stack.Add(new Open("code", "Code", plain.Length, byteOffset));
                    i++;
                    continue;
                default:
                    throw new TextParseException($"Character '{c}' is reserved and must be escaped with the preceding '\\'");
            }
        }

        if (stack.Count > 0)
        {
            var open = stack[^1];
            throw new TextParseException($"Can't find end of {open.Name} entity at byte offset {open.ByteOffset}");
        }

        if (quoteStart >= 0)
        {
            AddEntity(entities, "blockquote", quoteStart, plain.Length - quoteStart);
        }

        return (plain.ToString(), entities);
    }

    private static bool HasOpen(List<Open> stack, string type) => stack.Exists(o => o.Type == type);

    private static int CloseV2(string text, int i, Open top, List<Open> stack, StringBuilder plain, List<TextEntity> entities)
    {
        stack.RemoveAt(stack.Count - 1);
        switch (top.Type)
        {
            case "underline":
            case "spoiler":
                AddEntity(entities, top.Type, top.PlainStart, plain.Length - top.PlainStart);
                return i + 2;
            case "text_link":
                i++;
                if (i < text.Length && text[i] == '(')
                {
                    var url = new StringBuilder();
                    var j = i + 1;
                    while (j < text.Length && text[j] != ')')
                    {
                        if (text[j] == '\\' && j + 1 < text.Length)
                        {
                            j++;
                        }

                        url.Append(text[j]);
                        j++;
                    }

                    if (j >= text.Length)
                    {
                        throw new TextParseException($"Can't find end of a URL at byte offset {ByteOffset(text, i + 1)}");
                    }

                    if (url.Length > 0)
                    {
                        entities.Add(new TextEntity("text_link", top.PlainStart, plain.Length - top.PlainStart, Url: url.ToString()));
                    }

                    return j + 1;
                }

                return i;
            default:
                AddEntity(entities, top.Type, top.PlainStart, plain.Length - top.PlainStart);
                return i + 1;
        }
    }

    private static void Close(List<Open> stack, StringBuilder plain, List<TextEntity> entities)
    {
        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        var length = plain.Length - top.PlainStart;
        if (length <= 0)
        {
            return;
        }

        entities.Add(new TextEntity(top.Type, top.PlainStart, length, Language: top.Language));
    }

    private static void AddEntity(List<TextEntity> entities, string type, int offset, int length)
    {
        if (length > 0)
        {
            entities.Add(new TextEntity(type, offset, length));
        }
    }

    /// <summary>The legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting.</summary>
    public static (string Plain, List<TextEntity> Entities) ParseLegacy(string text)
    {
        var plain = new StringBuilder(text.Length);
        var entities = new List<TextEntity>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '_' or '*' or '`' or '[')
            {
                plain.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c is not ('_' or '*' or '`' or '['))
            {
                plain.Append(c);
                i++;
                continue;
            }

            var byteOffset = ByteOffset(text, i);
            var start = plain.Length;
            if (c == '`' && string.CompareOrdinal(text, i, "```", 0, 3) == 0)
            {
                var end = text.IndexOf("```", i + 3, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new TextParseException($"Can't find end of the entity starting at byte offset {byteOffset}");
                }

                plain.Append(text, i + 3, end - i - 3);
                AddEntity(entities, "pre", start, plain.Length - start);
                i = end + 3;
                continue;
            }

            if (c == '[')
            {
                var close = text.IndexOf(']', i + 1);
                if (close < 0)
                {
                    throw new TextParseException($"Can't find end of the entity starting at byte offset {byteOffset}");
                }

                plain.Append(text, i + 1, close - i - 1);
                i = close + 1;
                if (i < text.Length && text[i] == '(')
                {
                    var urlEnd = text.IndexOf(')', i + 1);
                    if (urlEnd < 0)
                    {
                        throw new TextParseException($"Can't find end of the entity starting at byte offset {byteOffset}");
                    }

                    var url = text[(i + 1)..urlEnd];
                    if (url.Length > 0 && plain.Length > start)
                    {
                        entities.Add(new TextEntity("text_link", start, plain.Length - start, Url: url));
                    }

                    i = urlEnd + 1;
                }

                continue;
            }

            var closing = text.IndexOf(c, i + 1);
            if (closing < 0)
            {
                throw new TextParseException($"Can't find end of the entity starting at byte offset {byteOffset}");
            }

            plain.Append(text, i + 1, closing - i - 1);
            AddEntity(entities, c switch { '*' => "bold", '_' => "italic", _ => "code" }, start, plain.Length - start);
            i = closing + 1;
        }

        return (plain.ToString(), entities);
    }

    private static int ByteOffset(string text, int index) => Encoding.UTF8.GetByteCount(text.AsSpan(0, index));
}
