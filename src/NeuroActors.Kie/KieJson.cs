using System.Globalization;
using System.Text.Json;

namespace NeuroActors.Kie;

/// <summary>
/// Lenient readers for KIE's JSON: numbers that come as strings and strings that come as numbers, nulls anywhere,
/// JSON nested as a string (<c>resultJson</c>), unknown fields ignored.
/// </summary>
internal static class KieJson
{
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    public static JsonElement? Obj(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static string? Str(this JsonElement element, string name) => element.Prop(name) is { } value ? AsString(value) : null;

    public static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static int? Int(this JsonElement element, string name) =>
        element.Prop(name) is { } value && AsDecimal(value) is { } d && d >= int.MinValue && d <= int.MaxValue ? (int)d : null;

    public static long? Long(this JsonElement element, string name) =>
        element.Prop(name) is { } value && AsDecimal(value) is { } d && d >= long.MinValue && d <= long.MaxValue ? (long)d : null;

    public static decimal? Dec(this JsonElement element, string name) => element.Prop(name) is { } value ? AsDecimal(value) : null;

    public static decimal? AsDecimal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    };

    /// <summary>An array of strings, a single string, or nothing.</summary>
    public static IReadOnlyList<string> StrList(this JsonElement element, string name)
    {
        if (element.Prop(name) is not { } value)
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray()
                .Select(AsString)
                .Where(s => !string.IsNullOrWhiteSpace(s))
                .Select(s => s!)
                .ToArray(),
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => [value.GetString()!],
            _ => [],
        };
    }

    /// <summary>A field that holds JSON either as an object or as a JSON string (<c>resultJson</c>, <c>param</c>).</summary>
    public static JsonElement? Embedded(this JsonElement element, string name)
    {
        if (element.Prop(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return value;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value.GetString()!);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Unix milliseconds (number or numeric string), or a date text such as <c>2025-06-06 10:30:00</c> (read as UTC).</summary>
    public static DateTimeOffset? Time(this JsonElement element, string name)
    {
        if (element.Prop(name) is not { } value)
        {
            return null;
        }

        if (AsDecimal(value) is { } number)
        {
            return number is > 0 and < 253402300800000m ? DateTimeOffset.FromUnixTimeMilliseconds((long)number) : null;
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : null;
    }

    public static JsonElement? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
