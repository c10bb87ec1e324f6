using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Domain.Catalog;

/// <summary>Node access for <see cref="CatalogYamlReader"/>: every read that fails records a problem at the node's line.</summary>
internal sealed partial class CatalogYamlReader
{
    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Entries(YamlMappingNode? map) =>
        map?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private void AllowKeys(YamlMappingNode map, string ctx, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                Add(key, $"{ctx}: keys must be plain names");
            }
            else if (!allowed.Contains(name))
            {
                Add(key, $"{ctx}: unknown key '{name}' (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private YamlMappingNode? Mapping(YamlMappingNode map, string key, string ctx, bool required)
    {
        var node = Get(map, key);
        if (node is null || node is YamlScalarNode s && IsNull(s))
        {
            if (required)
            {
                Add(node ?? map, $"{ctx}: '{key}' is missing");
            }

            return null;
        }

        if (node is not YamlMappingNode result)
        {
            Add(node, $"{ctx}: '{key}' must be a mapping");
            return null;
        }

        return result;
    }

    private YamlSequenceNode? Sequence(YamlMappingNode map, string key, string ctx, bool required)
    {
        var node = Get(map, key);
        if (node is null || node is YamlScalarNode s && IsNull(s))
        {
            if (required)
            {
                Add(node ?? map, $"{ctx}: '{key}' is missing");
            }

            return null;
        }

        if (node is not YamlSequenceNode result)
        {
            Add(node, $"{ctx}: '{key}' must be a list");
            return null;
        }

        return result;
    }

    private string? Text(YamlMappingNode map, string key, string ctx, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Add(map, $"{ctx}: '{key}' is missing");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Add(node, $"{ctx}: '{key}' must be a single value");
            return null;
        }

        if (IsNull(scalar) || string.IsNullOrWhiteSpace(scalar.Value))
        {
            if (required)
            {
                Add(node, $"{ctx}: '{key}' is empty");
            }

            return null;
        }

        return scalar.Value;
    }

    private string? ScalarValue(YamlNode node, string ctx)
    {
        if (node is not YamlScalarNode scalar || IsNull(scalar))
        {
            Add(node, $"{ctx}: expected a single value");
            return null;
        }

        return scalar.Value;
    }

    private int? Int(YamlMappingNode map, string key, string ctx, bool required)
    {
        var text = Text(map, key, ctx, required);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Add(Get(map, key)!, $"{ctx}: '{key}' must be a whole number, not '{text}'");
            return null;
        }

        return value;
    }

    private long? Long(YamlMappingNode map, string key, string ctx, bool required)
    {
        var text = Text(map, key, ctx, required);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Add(Get(map, key)!, $"{ctx}: '{key}' must be a whole number, not '{text}'");
            return null;
        }

        return value;
    }

    private decimal? Decimal(YamlMappingNode map, string key, string ctx, bool required)
    {
        var text = Text(map, key, ctx, required);
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            Add(Get(map, key)!, $"{ctx}: '{key}' must be a number, not '{text}'");
            return null;
        }

        return value;
    }

    private bool? Bool(YamlMappingNode map, string key, string ctx)
    {
        var text = Text(map, key, ctx, required: false);
        if (text is null)
        {
            return null;
        }

        var normalized = NormalizeValue(text, OptionValueType.Boolean);
        if (normalized is null)
        {
            Add(Get(map, key)!, $"{ctx}: '{key}' must be true or false, not '{text}'");
            return null;
        }

        return normalized == "true";
    }

    private LocalizedText? Localized(YamlMappingNode map, string key, string ctx, bool required, int maxLength)
    {
        var node = Mapping(map, key, ctx, required);
        if (node is null)
        {
            return null;
        }

        AllowKeys(node, $"{ctx} {key}", "ru", "en");
        return LocalizedFrom(node, $"{ctx} {key}", maxLength);
    }

    private LocalizedText? LocalizedFrom(YamlMappingNode node, string ctx, int maxLength)
    {
        var ru = Text(node, "ru", ctx, required: true);
        var en = Text(node, "en", ctx, required: true);
        foreach (var (lang, text) in new[] { ("ru", ru), ("en", en) })
        {
            if (text is null)
            {
                continue;
            }

            if (text.Contains('\n', StringComparison.Ordinal))
            {
                Add(Get(node, lang)!, $"{ctx}: the {lang} text must be one line");
            }

            if (text.Length > maxLength)
            {
                Add(Get(node, lang)!, $"{ctx}: the {lang} text is {text.Length} characters, the limit is {maxLength}");
            }
        }

        return ru is null || en is null ? null : new LocalizedText(ru.Trim(), en.Trim());
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private void Add(YamlNode node, string problem) => Add(LineOf(node), problem);

    private void Add(int line, string problem) => _problems.Add(new CatalogProblem(file, line, problem));

    private static int LineOf(YamlNode node) => LineOf(node.Start);

    private static int LineOf(Mark mark) => (int)Math.Min(int.MaxValue, mark.Line);

    /// <summary>The line of the last [ or { that is never closed, skipping quoted text and comments.</summary>
    private static int? LastUnclosedBracketLine(string text)
    {
        var open = new Stack<int>();
        var line = 1;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                if (quote == '\'')
                {
                    quote = null;
                }

                continue;
            }

            if (quote is not null)
            {
                if (c == quote && (quote == '\'' || text[i - 1] != '\\'))
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '#' when i == 0 || char.IsWhiteSpace(text[i - 1]):
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '[' or '{':
                    open.Push(line);
                    break;
                case ']' or '}' when open.Count > 0:
                    open.Pop();
                    break;
            }
        }

        return open.Count > 0 ? open.Peek() : null;
    }

    /// <summary>YamlDotNet prefixes its message with "(Line: .., Col: ..) - (Line: ..): "; the line is reported separately.</summary>
    private static string CleanYamlMessage(YamlException e)
    {
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && cut >= 0)
        {
            message = message[(cut + 3)..];
        }

        if (e.InnerException is { } inner && !string.IsNullOrWhiteSpace(inner.Message))
        {
            message += " (" + inner.Message + ")";
        }

        return message.Replace('\n', ' ').Replace('\r', ' ').Trim();
    }
}
