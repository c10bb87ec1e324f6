using System.Globalization;

namespace NeuroActors.Domain.Configuration;

/// <summary>
/// Reads settings by their full key ("Kie:RequestTimeout") with the rules every part shares: blank means the default,
/// durations in <see cref="DurationText"/>'s one syntax, and any bad value a <see cref="BadSettingException"/> that names
/// the key and the fix. Each part (node, Telegram, KIE, LLM, catalogue, flow) reads its sections once, at start, through one.
/// </summary>
public sealed class SettingReader(Func<string, string?> lookup)
{
    /// <summary>The trimmed value, or null when it is absent or blank.</summary>
    public string? Text(string key) => lookup(key) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    /// <summary>True when the key is present, even with an empty value (for lists where empty means none).</summary>
    public bool IsPresent(string key) => lookup(key) is not null;

    public TimeSpan Duration(string key, TimeSpan fallback, bool allowZero = false) => DurationOrNull(key, fallback, allowZero) ?? fallback;

    /// <param name="example">Shown in the fix, in the duration syntax.</param>
    public TimeSpan? DurationOrNull(string key, TimeSpan example, bool allowZero = false)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        if (!DurationText.TryParse(text, out var duration))
        {
            var problem = DurationText.IsBareNumber(text) ? $"'{text}' has no unit" : $"'{text}' is not a duration";
            throw new BadSettingException(key, problem, DurationFix(key, example));
        }

        return duration > TimeSpan.Zero || (allowZero && duration == TimeSpan.Zero)
            ? duration
            : throw new BadSettingException(key, $"'{text}' is not a positive duration", DurationFix(key, example));
    }

    /// <summary>A comma-separated list of durations ("10s,20s,40s"); null when the key is absent, empty when its value is.</summary>
    public IReadOnlyList<TimeSpan>? Durations(string key, IReadOnlyList<TimeSpan> example)
    {
        if (lookup(key) is not { } text)
        {
            return null;
        }

        var list = DurationText.TryParseList(text);
        var exampleText = string.Join(",", example.Select(DurationText.Format));
        if (list is null)
        {
            throw new BadSettingException(key, $"'{text.Trim()}' is not a list of durations",
                $"set {key} to durations separated by commas, each {DurationText.Syntax} (e.g. {exampleText})");
        }

        return list;
    }

    /// <summary>A whole number of at least <paramref name="minimum"/>.</summary>
    /// <param name="fix">The fix shown when the value is wrong, e.g. "set Credits:Welcome to a whole number of credits, 0 or more, e.g. 10".</param>
    public long? Whole(string key, long minimum, string fix, long maximum = long.MaxValue)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new BadSettingException(key, $"'{text}' is not a whole number of at least {minimum}", fix);
    }

    public bool Flag(string key, bool fallback)
    {
        if (Text(key) is not { } text)
        {
            return fallback;
        }

        return text.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw new BadSettingException(key, $"'{text}' is neither true nor false", $"set {key} to true or false"),
        };
    }

    /// <summary>An absolute http(s) URL, or null when absent.</summary>
    public Uri? HttpUrl(string key, string fix)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                                                                 && !string.IsNullOrEmpty(uri.Host)
            ? uri
            : throw new BadSettingException(key, $"must be an absolute http(s) URL, not '{text}'", fix);
    }

    private static string DurationFix(string key, TimeSpan example) =>
        $"set {key} to a duration such as {DurationText.Format(example)}: {DurationText.Syntax}";
}
