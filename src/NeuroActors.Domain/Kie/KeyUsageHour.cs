namespace NeuroActors.Domain.Kie;

/// <summary>A key's calls over the last hour, as admins read them on /keys.</summary>
public readonly record struct KeyUsage(int Creates, int Queries, int RateLimited);

/// <summary>
/// Counts one key's creates, queries and 429s in one-minute buckets over the last hour: 60 buckets, so the memory is
/// fixed however busy the key is. Not thread-safe: the key pool calls it under its lock. Pure: every call takes the time.
/// </summary>
public sealed class KeyUsageHour
{
    private const int Buckets = 60;
    private readonly long[] _minute = new long[Buckets];
    private readonly int[] _creates = new int[Buckets];
    private readonly int[] _queries = new int[Buckets];
    private readonly int[] _rateLimited = new int[Buckets];

    public void Called(KieWorkKind kind, DateTimeOffset at)
    {
        var slot = Slot(at);
        if (kind == KieWorkKind.Create) _creates[slot]++;
        else _queries[slot]++;
    }

    public void RateLimited(DateTimeOffset at) => _rateLimited[Slot(at)]++;

    /// <summary>The counts of the 60 minutes up to <paramref name="now"/>.</summary>
    public KeyUsage LastHour(DateTimeOffset now)
    {
        var current = MinuteOf(now);
        int creates = 0, queries = 0, limited = 0;
        for (var i = 0; i < Buckets; i++)
        {
            if (current - _minute[i] is >= 0 and < Buckets)
            {
                creates += _creates[i];
                queries += _queries[i];
                limited += _rateLimited[i];
            }
        }

        return new KeyUsage(creates, queries, limited);
    }

    private int Slot(DateTimeOffset at)
    {
        var minute = MinuteOf(at);
        var slot = (int)(minute % Buckets);
        if (_minute[slot] != minute)
        {
            // The bucket held a minute an hour or more ago: start it afresh.
            _minute[slot] = minute;
            _creates[slot] = _queries[slot] = _rateLimited[slot] = 0;
        }

        return slot;
    }

    private static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
