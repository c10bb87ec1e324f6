namespace NeuroActors.Domain.Telegram;

/// <summary>
/// A rate limit that allows short bursts: <see cref="Capacity"/> sends at once, refilled at <see cref="PerSecond"/>.
/// Pure: the caller passes the time, so tests need no clock.
/// </summary>
public sealed class TokenBucket(double capacity, double perSecond, DateTimeOffset now)
{
    private double _tokens = capacity;
    private DateTimeOffset _updated = now;

    public double Capacity { get; private set; } = capacity;

    public double PerSecond { get; private set; } = perSecond;

    public bool TryTake(DateTimeOffset now)
    {
        Refill(now);
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }

    /// <summary>How long until one token is there (zero when one is there now).</summary>
    public TimeSpan WaitTime(DateTimeOffset now)
    {
        Refill(now);
        var paused = _updated > now ? _updated - now : TimeSpan.Zero;
        return _tokens >= 1 ? TimeSpan.Zero : paused + TimeSpan.FromSeconds((1 - _tokens) / PerSecond);
    }

    /// <summary>Empties the bucket until <paramref name="until"/>: Telegram said to wait (429 retry_after).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        _tokens = 0;
        if (until > _updated) _updated = until;
    }

    public void Resize(double capacity, double perSecond)
    {
        Capacity = capacity;
        PerSecond = perSecond;
        _tokens = Math.Min(_tokens, capacity);
    }

    private void Refill(DateTimeOffset now)
    {
        if (now <= _updated) return;
        _tokens = Math.Min(Capacity, _tokens + (now - _updated).TotalSeconds * PerSecond);
        _updated = now;
    }
}
