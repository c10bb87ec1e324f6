namespace NeuroActors.Domain.Stats;

/// <summary>How generations (jobs) ended.</summary>
public sealed record OutcomeCounts(long Done, long Failed, long Cancelled)
{
    public static OutcomeCounts None { get; } = new(0, 0, 0);

    public long Total => Done + Failed + Cancelled;

    /// <summary>Done out of done and failed (a cancel is the user's choice, no failure); null with neither.</summary>
    public double? SuccessRate => Done + Failed == 0 ? null : (double)Done / (Done + Failed);
}

/// <summary>How orders placed in the window stand: every variant done, some, none (failed or cancelled), or still running.</summary>
public sealed record OrderCounts(long Placed, long Done, long Partial, long NotDone, long Open)
{
    public static OrderCounts None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>A name (a model, a failure class) and how often it came up.</summary>
public sealed record RankedCount(string Name, long Count);

/// <summary>The figures of one window (the last 24 hours, the last 7 days).</summary>
public sealed record StatsWindow(
    long NewUsers,
    long ActiveUsers,
    OrderCounts Orders,
    OutcomeCounts Generations,
    IReadOnlyList<RankedCount> TopModels,
    IReadOnlyList<RankedCount> TopFailureClasses,
    long CreditsSpent,
    long CreditsRefunded);

/// <summary>
/// Figures of right now. Jobs in flight come from the read side (the whole cluster); jobs waiting for a KIE key and the
/// outbox queue are this node's (null when unknown). <see cref="ProjectionLag"/> is how old the oldest event the read side
/// has not projected yet is (zero when it is caught up), <see cref="EventsBehind"/> how many there are.
/// </summary>
public sealed record LiveFigures(long JobsInFlight, long? JobsWaitingForKey, long? OutboxQueue, TimeSpan ProjectionLag, long EventsBehind);

/// <summary>Generations that ended in one hour (UTC), by outcome.</summary>
public sealed record HourlyOutcomes(DateTimeOffset HourStart, OutcomeCounts Outcomes);

/// <summary>Everything the metrics screen shows, read at <see cref="At"/>.</summary>
public sealed record StatsSnapshot(DateTimeOffset At, StatsWindow Day, StatsWindow Week, LiveFigures Live, IReadOnlyList<HourlyOutcomes> Hours)
{
    /// <summary>
    /// The last 24 whole hours up to the current one, oldest first, each present (an hour without generations counts
    /// zero), from the hours the store had rows for.
    /// </summary>
    public static IReadOnlyList<HourlyOutcomes> Last24Hours(DateTimeOffset now, IEnumerable<HourlyOutcomes> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var byHour = known.ToDictionary(h => h.HourStart.ToUniversalTime());
        var current = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, now.UtcDateTime.Day, now.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, 24)
            .Select(i => current.AddHours(i - 23))
            .Select(hour => byHour.TryGetValue(hour, out var found) ? found : new HourlyOutcomes(hour, OutcomeCounts.None))
            .ToArray();
    }
}
