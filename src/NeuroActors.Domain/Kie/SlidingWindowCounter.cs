namespace NeuroActors.Domain.Kie;

/// <summary>
/// At most <see cref="Limit"/> calls inside any interval of length <see cref="Window"/>, counted the way that cannot
/// overrun the server whatever the network latency: a call occupies the window from when it is sent until
/// <see cref="Window"/> after its answer came back. The server counted the call when it arrived, which lies between
/// those two moments; so once a slot frees here, the old call has left the server's window too. A call still in flight
/// holds its slot; one never completed is taken as answered after <c>maxInFlight</c> (a safety net, not the rule).
/// Keeps each call for a minute at least, for reports. Not thread-safe; the clock is whatever the caller passes.
/// </summary>
public sealed class SlidingWindowCounter
{
    private static readonly TimeSpan ReportSpan = TimeSpan.FromMinutes(1);
    private readonly List<Entry> _entries = [];
    private readonly TimeSpan _maxInFlight;
    private long _nextId;

    public SlidingWindowCounter(int limit, TimeSpan window, TimeSpan? maxInFlight = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "The window must be positive.");
        }

        Limit = limit;
        Window = window;
        _maxInFlight = maxInFlight ?? TimeSpan.FromMinutes(5);
    }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>A call is sent at <paramref name="at"/>; returns its id for <see cref="Complete"/>.</summary>
    public long Record(DateTimeOffset at)
    {
        Prune(at);
        var id = ++_nextId;
        _entries.Add(new Entry(id, at));
        return id;
    }

    /// <summary>A call sent and answered at the same moment (no latency to cover, e.g. in tests, or unpaced work).</summary>
    public long RecordCompleted(DateTimeOffset at)
    {
        var id = Record(at);
        Complete(id, at);
        return id;
    }

    /// <summary>The call's answer came back at <paramref name="at"/>: its slot frees <see cref="Window"/> later.</summary>
    public void Complete(long id, DateTimeOffset at)
    {
        var entry = _entries.Find(e => e.Id == id);
        if (entry is not null && entry.AnsweredAt is null)
        {
            entry.AnsweredAt = at > entry.SentAt ? at : entry.SentAt;
        }
    }

    /// <summary>Calls holding a slot at <paramref name="now"/>.</summary>
    public int InWindow(DateTimeOffset now) => _entries.Count(e => Holds(e, now));

    public bool HasRoom(DateTimeOffset now) => InWindow(now) < Limit;

    /// <summary>The first moment at or after <paramref name="now"/> when one more call fits, as far as known now (an earlier answer frees a slot sooner).</summary>
    public DateTimeOffset NextRoomAt(DateTimeOffset now)
    {
        var frees = _entries.Where(e => Holds(e, now)).Select(FreesAt).Order().ToArray();
        return frees.Length < Limit ? now : frees[frees.Length - Limit];
    }

    /// <summary>Calls sent after <paramref name="since"/>.</summary>
    public int CountSince(DateTimeOffset since) => _entries.Count(e => e.SentAt > since);

    public int LastMinute(DateTimeOffset now) => CountSince(now - ReportSpan);

    private bool Holds(Entry entry, DateTimeOffset now) => FreesAt(entry) > now;

    private DateTimeOffset FreesAt(Entry entry) => (entry.AnsweredAt ?? entry.SentAt + _maxInFlight) + Window;

    // Keep a call while it holds a slot, and for a minute after sending for the reports.
    private void Prune(DateTimeOffset now) => _entries.RemoveAll(e => FreesAt(e) <= now && e.SentAt <= now - ReportSpan);

    private sealed class Entry(long id, DateTimeOffset sentAt)
    {
        public long Id { get; } = id;

        public DateTimeOffset SentAt { get; } = sentAt;

        public DateTimeOffset? AnsweredAt { get; set; }
    }
}
