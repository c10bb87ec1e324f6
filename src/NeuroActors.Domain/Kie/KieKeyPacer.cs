namespace NeuroActors.Domain.Kie;

public enum KieKeyCondition
{
    Healthy,
    Cooling,
    Disabled,
}

public enum KieKeyDisableReason
{
    Unauthorized,
    NoCredits,
}

/// <summary>
/// The pace and health of one API key, as pure state: sliding windows for creates and queries, cool-downs after KIE's
/// 429/433, and disabling after 401/402. Every method takes the current time; nothing here reads a clock or sleeps.
/// </summary>
public sealed class KieKeyPacer
{
    private readonly KiePacingLimits _limits;
    private readonly SlidingWindowCounter _creates;
    private readonly SlidingWindowCounter _queries;
    private readonly SlidingWindowCounter _others;

    public KieKeyPacer(KiePacingLimits limits)
    {
        _limits = limits;
        _creates = new SlidingWindowCounter(limits.CreatesPerWindow, limits.CreateWindow + limits.SafetyMargin, limits.MaxInFlight);
        _queries = new SlidingWindowCounter(limits.QueriesPerWindow, limits.QueryWindow + limits.SafetyMargin, limits.MaxInFlight);
        _others = new SlidingWindowCounter(int.MaxValue, TimeSpan.FromSeconds(1), limits.MaxInFlight);
    }

    public DateTimeOffset? CreateCoolingUntil { get; private set; }

    public DateTimeOffset? QueryCoolingUntil { get; private set; }

    public KieKeyDisableReason? DisabledReason { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    /// <summary>What KIE said when it refused the key (safe to show: KIE's text, never the key).</summary>
    public string? DisabledDetail { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public KieKeyCondition ConditionAt(DateTimeOffset now) =>
        DisabledReason is not null ? KieKeyCondition.Disabled
        : CreateCoolingUntil > now || QueryCoolingUntil > now ? KieKeyCondition.Cooling
        : KieKeyCondition.Healthy;

    /// <summary>Whether the key may do this kind of work at all (ignoring pace and cool-downs).</summary>
    public bool CanServe(KieWorkKind kind) => DisabledReason switch
    {
        null => true,
        // An empty account still answers status queries and credit checks for the tasks it already has.
        KieKeyDisableReason.NoCredits => kind != KieWorkKind.Create,
        _ => false,
    };

    /// <summary>The earliest moment at or after <paramref name="now"/> when the key may do one more of this kind; null if never (disabled).</summary>
    public DateTimeOffset? AvailableAt(KieWorkKind kind, DateTimeOffset now)
    {
        if (!CanServe(kind))
        {
            return null;
        }

        var coolingUntil = kind switch
        {
            KieWorkKind.Create => CreateCoolingUntil,
            KieWorkKind.Query => QueryCoolingUntil,
            _ => null,
        };

        var room = WindowOf(kind).NextRoomAt(now);
        return coolingUntil is { } until && until > room ? until : room;
    }

    /// <summary>Cooling ends (for this kind) later than <paramref name="now"/> + <paramref name="patience"/>.</summary>
    public bool CoolingBeyond(KieWorkKind kind, DateTimeOffset now, TimeSpan patience)
    {
        var until = kind switch
        {
            KieWorkKind.Create => CreateCoolingUntil,
            KieWorkKind.Query => QueryCoolingUntil,
            _ => null,
        };
        return until is { } u && u > now + patience;
    }

    /// <summary>A call of this kind is sent now; returns its id, to report its answer with <see cref="Complete"/>.</summary>
    public long Record(KieWorkKind kind, DateTimeOffset at)
    {
        LastUsedAt = at;
        return WindowOf(kind).Record(at);
    }

    /// <summary>The call's answer came back: its slot frees one window later.</summary>
    public void Complete(KieWorkKind kind, long callId, DateTimeOffset at) => WindowOf(kind).Complete(callId, at);

    /// <summary>Records a call that was sent and answered at <paramref name="at"/>.</summary>
    public void RecordCompleted(KieWorkKind kind, DateTimeOffset at) => Complete(kind, Record(kind, at), at);

    private SlidingWindowCounter WindowOf(KieWorkKind kind) => kind switch
    {
        KieWorkKind.Create => _creates,
        KieWorkKind.Query => _queries,
        _ => _others,
    };

    /// <summary>Takes KIE's verdict on the key. Returns true when this call disabled a key that was enabled (raise the admin alert once).</summary>
    public bool Apply(KieKeyEffect effect, KieWorkKind kind, DateTimeOffset now, TimeSpan? retryAfter = null, string? detail = null)
    {
        switch (effect)
        {
            case KieKeyEffect.CoolDown:
                CoolFor(kind, now + (retryAfter is { } ra && ra > TimeSpan.Zero ? ra : _limits.RateLimitCooldown));
                return false;
            case KieKeyEffect.UsageCapReached:
                // The cap is on spending (creates); status queries stay open.
                CoolFor(KieWorkKind.Create, now + (retryAfter is { } cap && cap > _limits.UsageCapCooldown ? cap : _limits.UsageCapCooldown));
                return false;
            case KieKeyEffect.DisableUnauthorized:
                return Disable(KieKeyDisableReason.Unauthorized, now, detail);
            case KieKeyEffect.DisableNoCredits:
                return Disable(KieKeyDisableReason.NoCredits, now, detail);
            default:
                return false;
        }
    }

    /// <summary>An admin says the key is good again (topped up, replaced): clears disabling and cool-downs.</summary>
    public void Enable()
    {
        DisabledReason = null;
        DisabledAt = null;
        DisabledDetail = null;
        CreateCoolingUntil = null;
        QueryCoolingUntil = null;
    }

    public int CreatesLastMinute(DateTimeOffset now) => _creates.LastMinute(now);

    public int QueriesLastMinute(DateTimeOffset now) => _queries.LastMinute(now);

    public int OthersLastMinute(DateTimeOffset now) => _others.LastMinute(now);

    /// <summary>Calls of this kind still holding a slot of its pacing window (to spread work to the least busy key).</summary>
    public int InWindow(KieWorkKind kind, DateTimeOffset now) => WindowOf(kind).InWindow(now);

    private void CoolFor(KieWorkKind kind, DateTimeOffset until)
    {
        if (kind == KieWorkKind.Query)
        {
            QueryCoolingUntil = QueryCoolingUntil > until ? QueryCoolingUntil : until;
        }
        else
        {
            CreateCoolingUntil = CreateCoolingUntil > until ? CreateCoolingUntil : until;
        }
    }

    private bool Disable(KieKeyDisableReason reason, DateTimeOffset now, string? detail)
    {
        var wasEnabled = DisabledReason is null;
        // Unauthorized is the stronger verdict: it also stops queries.
        if (wasEnabled || reason == KieKeyDisableReason.Unauthorized)
        {
            if (DisabledReason != reason)
            {
                DisabledReason = reason;
                DisabledAt = now;
                DisabledDetail = detail;
                return true;
            }
        }

        return false;
    }
}
