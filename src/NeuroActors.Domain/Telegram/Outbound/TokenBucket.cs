namespace NeuroActors.Domain.Telegram.Outbound;

/// <summary>
/// A rate limit that allows short bursts: <see cref="Capacity"/> tokens at once, refilled at <see cref="PerSecond"/>.
/// A send may cost more than one token (a class slowed down after repeated 429s); a cost above the capacity is taken as
/// the capacity, so a full bucket always lets one send through. Pure: the caller passes the time, so tests need no clock.
/// </summary>
public sealed class TokenBucket(double capacity, double perSecond, DateTimeOffset now)
{
    // Floating-point refills land a hair short of a whole token; without the slack a due send would wait one more tick.
    private const double Slack = 1e-9;

    private double _tokens = capacity;
    private DateTimeOffset _updated = now;

    public double Capacity { get; private set; } = capacity;

    public double PerSecond { get; private set; } = perSecond;

    public bool TryTake(DateTimeOffset now, double cost = 1)
    {
        Refill(now);
        cost = Math.Min(cost, Capacity);
        if (_updated > now || _tokens + Slack < cost) return false;
        _tokens = Math.Max(0, _tokens - cost);
        return true;
    }

    /// <summary>How long until <paramref name="cost"/> tokens are there (zero when they are there now).</summary>
    public TimeSpan WaitTime(DateTimeOffset now, double cost = 1)
    {
        Refill(now);
        cost = Math.Min(cost, Capacity);
        var paused = _updated > now ? _updated - now : TimeSpan.Zero;
        if (paused == TimeSpan.Zero && _tokens + Slack >= cost) return TimeSpan.Zero;
        return paused + TimeSpan.FromTicks((long)Math.Ceiling((cost - _tokens) / PerSecond * TimeSpan.TicksPerSecond));
    }

    /// <summary>True when the bucket is full and not paused: forgetting it then loses nothing.</summary>
    public bool IsFull(DateTimeOffset now) => WaitTime(now, Capacity) == TimeSpan.Zero;

    /// <summary>
    /// Nothing goes until <paramref name="until"/>, then one send: Telegram said to wait (429 retry_after), or a retry backs
    /// off. The pace resumes from there, with no burst.
    /// </summary>
    public void PauseUntil(DateTimeOffset until)
    {
        if (until <= _updated) return;
        _tokens = Math.Min(1, Capacity);
        _updated = until;
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
