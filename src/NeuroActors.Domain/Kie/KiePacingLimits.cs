namespace NeuroActors.Domain.Kie;

/// <summary>The kinds of work a key does, each with its own pace.</summary>
public enum KieWorkKind
{
    /// <summary>Creating a task (any family): 20 per 10 s.</summary>
    Create,

    /// <summary>A status query (recordInfo and the families' record-info): 10 per second.</summary>
    Query,

    /// <summary>Credit balance, download URL, uploads: not paced by KIE's published limits.</summary>
    Other,
}

/// <summary>
/// KIE's published limits per key, and how long a key rests after KIE pushes back.
/// </summary>
/// <param name="CreatesPerWindow">KIE: 20 new generation requests per 10 s.</param>
/// <param name="CreateWindow">The create window.</param>
/// <param name="QueriesPerWindow">KIE: 10 status queries per second.</param>
/// <param name="QueryWindow">The query window.</param>
/// <param name="SafetyMargin">Added to each window, against KIE counting on a clock or boundary a little off ours. Latency needs no margin: a slot frees a window after the answer, not after the send.</param>
/// <param name="RateLimitCooldown">Rest after a 429 when KIE gives no Retry-After.</param>
/// <param name="UsageCapCooldown">Rest after a 433 (the key's daily/hourly usage cap).</param>
/// <param name="MaxCooldownWait">Work waits for a cooling key at most this long; beyond it the caller gets a RateLimit failure to retry later.</param>
/// <param name="MaxInFlight">A call whose answer is never reported is taken as answered this long after sending (a leak guard).</param>
public sealed record KiePacingLimits(
    int CreatesPerWindow,
    TimeSpan CreateWindow,
    int QueriesPerWindow,
    TimeSpan QueryWindow,
    TimeSpan SafetyMargin,
    TimeSpan RateLimitCooldown,
    TimeSpan UsageCapCooldown,
    TimeSpan MaxCooldownWait,
    TimeSpan MaxInFlight)
{
    public static KiePacingLimits Default { get; } = new(
        CreatesPerWindow: 20,
        CreateWindow: TimeSpan.FromSeconds(10),
        QueriesPerWindow: 10,
        QueryWindow: TimeSpan.FromSeconds(1),
        SafetyMargin: TimeSpan.FromMilliseconds(250),
        RateLimitCooldown: TimeSpan.FromSeconds(10),
        UsageCapCooldown: TimeSpan.FromHours(1),
        MaxCooldownWait: TimeSpan.FromSeconds(30),
        MaxInFlight: TimeSpan.FromMinutes(5));
}
