using System.Globalization;

namespace NeuroActors.Domain.Kie;

/// <summary>Reads durations written by people in configuration: "10s", "500ms", "2m", "1h", "1d", a bare number of seconds, or "00:00:10".</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        (string number, double unitSeconds) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (trimmed[..^2], 0.001),
            _ when trimmed.EndsWith('s') || trimmed.EndsWith('S') => (trimmed[..^1], 1.0),
            _ when trimmed.EndsWith('m') || trimmed.EndsWith('M') => (trimmed[..^1], 60.0),
            _ when trimmed.EndsWith('h') || trimmed.EndsWith('H') => (trimmed[..^1], 3600.0),
            _ when trimmed.EndsWith('d') || trimmed.EndsWith('D') => (trimmed[..^1], 86400.0),
            _ => (trimmed, 1.0),
        };

        if (!double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || value < 0 || double.IsInfinity(value) || double.IsNaN(value))
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(Math.Round(value * unitSeconds * 1000));
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"'{text}' is not a duration (examples: 10s, 500ms, 2m, 1h, 00:00:10).");
}
