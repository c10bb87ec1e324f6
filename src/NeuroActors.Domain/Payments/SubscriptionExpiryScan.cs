namespace NeuroActors.Domain.Payments;

/// <summary>A subscription whose paid time is over and no end was seen: its user is asked to end it.</summary>
public sealed record DueSubscription(long UserId, string SubscriptionId, DateTimeOffset ExpiresAt);

/// <summary>
/// Housekeeping's fold of the journal's subscription events (each user's paid periods and ends, in the journal's order):
/// which subscriptions run and until when, which are due to end, and where the next scan has to start so that it sees
/// every subscription still running again (the latest paid period of each carries its end date), and nothing older.
/// </summary>
public sealed class SubscriptionExpiryScan(long checkpoint)
{
    private readonly Dictionary<long, (string Id, DateTimeOffset ExpiresAt, long Offset)> _running = [];

    /// <summary>The offset of the last event folded (the checkpoint, before any).</summary>
    public long LastOffset { get; private set; } = checkpoint;

    public int Running => _running.Count;

    /// <summary>A paid period (first or renewal) of <paramref name="subscriptionId"/>, written at <paramref name="offset"/>.</summary>
    public void Paid(long userId, string subscriptionId, DateTimeOffset expiresAt, long offset)
    {
        _running[userId] = (subscriptionId, expiresAt, offset);
        LastOffset = Math.Max(LastOffset, offset);
    }

    /// <summary>The subscription ended (an end of another, older one changes nothing).</summary>
    public void Ended(long userId, string subscriptionId, long offset)
    {
        if (_running.TryGetValue(userId, out var running) && running.Id == subscriptionId)
        {
            _running.Remove(userId);
        }

        LastOffset = Math.Max(LastOffset, offset);
    }

    /// <summary>Running subscriptions whose end date is at or before <paramref name="now"/>, oldest end first.</summary>
    public IReadOnlyList<DueSubscription> DueAt(DateTimeOffset now) =>
        _running.Where(r => r.Value.ExpiresAt <= now).OrderBy(r => r.Value.ExpiresAt)
            .Select(r => new DueSubscription(r.Key, r.Value.Id, r.Value.ExpiresAt)).ToArray();

    /// <summary>
    /// Where the next scan starts (it reads what comes after): just before the oldest latest-period of a subscription that
    /// still runs after this run (<paramref name="endedNow"/>: the users whose subscription this run ended), else after
    /// everything read.
    /// </summary>
    public long NextCheckpoint(IReadOnlySet<long> endedNow)
    {
        ArgumentNullException.ThrowIfNull(endedNow);
        var stillRunning = _running.Where(r => !endedNow.Contains(r.Key)).Select(r => r.Value.Offset).ToArray();
        return stillRunning.Length > 0 ? stillRunning.Min() - 1 : LastOffset;
    }
}
