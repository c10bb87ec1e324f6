using System.Globalization;

namespace NeuroActors.Domain.Configuration;

/// <summary>
/// The one way durations are written in configuration: a number and a unit, <c>500ms</c>, <c>30s</c>, <c>10m</c>,
/// <c>24h</c>, <c>7d</c>, and lists of them separated by commas (<c>10s,20s,40s</c>). A bare number is refused: it
/// meant seconds in one section and days in another before, and nobody could tell which from the value.
/// </summary>
public static class DurationText
{
    public const string Syntax = "a number and a unit: 500ms, 30s, 10m, 24h or 7d";

    private static readonly (string Unit, double Milliseconds)[] Units =
    [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ];

    /// <summary>Reads one duration; false for a bare number, a negative number, an unknown unit or anything else.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        // "ms" is tried before "s" and "m": the longest unit the text ends with.
        foreach (var (unit, milliseconds) in Units.OrderByDescending(u => u.Unit.Length))
        {
            if (!trimmed.EndsWith(unit, StringComparison.Ordinal))
            {
                continue;
            }

            var number = trimmed[..^unit.Length];
            if (number.Length == 0 || !char.IsAsciiDigit(number[^1])
                || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var total = value * milliseconds;
            if (total > TimeSpan.MaxValue.TotalMilliseconds)
            {
                return false;
            }

            duration = TimeSpan.FromMilliseconds(Math.Round(total));
            return true;
        }

        return false;
    }

    /// <summary>True for a number without a unit, which earlier versions read in different units depending on the section.</summary>
    public static bool IsBareNumber(string? text) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Reads one duration or throws a <see cref="FormatException"/> that shows the syntax.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"'{text}' is not a duration: write {Syntax}.");

    /// <summary>Reads "10s,20s,40s"; an empty text is an empty list. Null when any item is not a duration.</summary>
    public static IReadOnlyList<TimeSpan>? TryParseList(string text)
    {
        var result = new List<TimeSpan>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0 && text.Trim().Length == 0)
            {
                continue;
            }

            if (!TryParse(part, out var duration))
            {
                return null;
            }

            result.Add(duration);
        }

        return result;
    }

    /// <summary>The shortest text in this syntax for a duration: 20s, 24h, 1500ms.</summary>
    public static string Format(TimeSpan duration)
    {
        var milliseconds = (long)Math.Round(duration.TotalMilliseconds);
        foreach (var (unit, size) in Units.OrderByDescending(u => u.Milliseconds))
        {
            if (milliseconds != 0 && milliseconds % (long)size == 0)
            {
                return (milliseconds / (long)size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
