namespace NeuroActors.Domain.Kie;

/// <summary>
/// At most <see cref="Limit"/> events in any interval of length <see cref="Window"/> (a sliding window, stricter than
/// KIE's own count whether KIE counts sliding or in fixed buckets). Keeps each event's time for a minute at least, for
/// reports. Not thread-safe; the clock is whatever the caller passes.
/// </summary>
public sealed class SlidingWindowCounter
{
    private static readonly TimeSpan ReportSpan = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _events = new();
    private readonly TimeSpan _retention;

    public SlidingWindowCounter(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "The window must be positive.");
        }

        Limit = limit;
        Window = window;
        _retention = window > ReportSpan ? window : ReportSpan;
    }

    public int Limit { get; }

    public TimeSpan Window { get; }

    public void Record(DateTimeOffset at)
    {
        _events.Enqueue(at);
        Prune(at);
    }

    /// <summary>Events in (now - window, now].</summary>
    public int InWindow(DateTimeOffset now) => CountSince(now - Window);

    public bool HasRoom(DateTimeOffset now) => InWindow(now) < Limit;

    /// <summary>The first moment at or after <paramref name="now"/> when one more event fits.</summary>
    public DateTimeOffset NextRoomAt(DateTimeOffset now)
    {
        Prune(now);
        var inWindow = _events.Where(e => e > now - Window).ToArray();
        if (inWindow.Length < Limit)
        {
            return now;
        }

        // The oldest event that must leave the window before one more fits.
        return inWindow[inWindow.Length - Limit] + Window;
    }

    public int CountSince(DateTimeOffset since) => _events.Count(e => e > since);

    public int LastMinute(DateTimeOffset now) => CountSince(now - ReportSpan);

    private void Prune(DateTimeOffset now)
    {
        while (_events.Count > 0 && _events.Peek() <= now - _retention)
        {
            _events.Dequeue();
        }
    }
}
