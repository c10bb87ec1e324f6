namespace NeuroActors.Domain.Telegram.Outbound;

/// <summary>How a traffic class slows down after repeated 429s and speeds up again.</summary>
/// <param name="RepeatWindow">A 429 within this time of the class's previous one counts as repeated.</param>
/// <param name="DecreaseCooldown">At most one halving per this time: one flood answered for many sends at once halves once.</param>
/// <param name="Floor">The slowest a class gets, as a share of its normal rate.</param>
/// <param name="RecoveryStep">Share of the normal rate won back per <paramref name="RecoveryInterval"/> without a 429.</param>
public sealed record AimdPolicy(TimeSpan RepeatWindow, TimeSpan DecreaseCooldown, double Floor, double RecoveryStep, TimeSpan RecoveryInterval)
{
    public static readonly AimdPolicy Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 0.125, 0.1, TimeSpan.FromSeconds(10));
}

/// <summary>
/// Additive increase, multiplicative decrease of one traffic class's rate, as a factor of its normal rate (1 = normal):
/// a repeated 429 halves it, every <see cref="AimdPolicy.RecoveryInterval"/> without a 429 adds
/// <see cref="AimdPolicy.RecoveryStep"/> back. Pure: the caller passes the time.
/// </summary>
public sealed class AimdRate(AimdPolicy policy)
{
    private double _factorAtLast429 = 1;
    private DateTimeOffset? _last429;
    private DateTimeOffset _lastDecrease = DateTimeOffset.MinValue;

    public double Factor(DateTimeOffset now)
    {
        if (_last429 is not { } last || now <= last) return _factorAtLast429;
        var steps = Math.Floor((now - last) / policy.RecoveryInterval);
        return Math.Min(1, _factorAtLast429 + steps * policy.RecoveryStep);
    }

    /// <summary>Records a 429 of this class; true when it halved the rate.</summary>
    public bool OnRateLimited(DateTimeOffset now)
    {
        var current = Factor(now);
        var repeated = _last429 is { } last && now - last <= policy.RepeatWindow;
        var halve = repeated && now - _lastDecrease >= policy.DecreaseCooldown;
        _factorAtLast429 = halve ? Math.Max(policy.Floor, current / 2) : current;
        if (halve) _lastDecrease = now;
        _last429 = now;
        return halve;
    }
}
