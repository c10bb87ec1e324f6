using System.Collections.Immutable;

namespace NeuroActors.Domain.Limits;

/// <summary>
/// The free generations a user took on one UTC day: the request ids of variants ordered free on models marked
/// <c>free: true</c>. A new UTC day starts from nothing; a free variant that failed or was cancelled that same day gives
/// its generation back (its credits would have been released too).
/// </summary>
public sealed record FreeQuota(DateOnly Day, ImmutableHashSet<string> RequestIds)
{
    public static FreeQuota None { get; } = new(DateOnly.MinValue, ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>Free generations taken on the UTC day of <paramref name="now"/>.</summary>
    public int UsedOn(DateTimeOffset now) => Day == DayOf(now) ? RequestIds.Count : 0;

    /// <summary>Free generations left on the UTC day of <paramref name="now"/> out of <paramref name="daily"/>.</summary>
    public int LeftOn(DateTimeOffset now, int daily) => Math.Max(0, daily - UsedOn(now));

    /// <summary>How many of an order's <paramref name="variants"/> go free.</summary>
    public static int FreeVariants(bool freeModel, int variants, int left) => freeModel ? Math.Clamp(left, 0, variants) : 0;

    /// <summary>After taking <paramref name="requestIds"/> on <paramref name="day"/> (a new day starts the count afresh).</summary>
    public FreeQuota Take(DateOnly day, IEnumerable<string> requestIds) =>
        day == Day ? this with { RequestIds = RequestIds.Union(requestIds) } : new FreeQuota(day, None.RequestIds.Union(requestIds));

    /// <summary>After a free variant failed: its generation is back if it was taken today's count.</summary>
    public FreeQuota Return(string requestId) => RequestIds.Contains(requestId) ? this with { RequestIds = RequestIds.Remove(requestId) } : this;
}
