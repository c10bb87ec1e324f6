using NeuroActors.Domain.Configuration;

namespace NeuroActors.Domain.Kie;

/// <summary>
/// How often and when a job tries again after a failure that may pass (class Temporary or RateLimit):
/// one delay per retry, in order. The default is 3 retries after 10, 20 and 40 s.
/// </summary>
public sealed record RetrySchedule
{
    public RetrySchedule(IReadOnlyList<TimeSpan> delays)
    {
        if (delays.Any(d => d < TimeSpan.Zero))
        {
            throw new ArgumentException("A retry delay cannot be negative.", nameof(delays));
        }

        Delays = delays.ToArray();
    }

    public static RetrySchedule Default { get; } =
        new([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)]);

    public static RetrySchedule None { get; } = new([]);

    public IReadOnlyList<TimeSpan> Delays { get; }

    public int MaxRetries => Delays.Count;

    /// <summary>The delay before the next try, after <paramref name="failedAttempts"/> failed tries (1 after the first); null when no try is left.</summary>
    public TimeSpan? DelayAfter(int failedAttempts) =>
        failedAttempts >= 1 && failedAttempts <= Delays.Count ? Delays[failedAttempts - 1] : null;

    /// <summary>Reads "10s,20s,40s" (<c>Kie:Retry:Delays</c>); an empty text means no retries.</summary>
    public static RetrySchedule Parse(string? text)
    {
        if (text is null)
        {
            return Default;
        }

        var parts = text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new RetrySchedule(parts.Select(DurationText.Parse).ToArray());
    }

    public override string ToString() => string.Join(",", Delays.Select(d => $"{d.TotalSeconds:0.###}s"));

    public bool Equals(RetrySchedule? other) => other is not null && Delays.SequenceEqual(other.Delays);

    public override int GetHashCode() => Delays.Aggregate(0, (hash, d) => HashCode.Combine(hash, d));
}
