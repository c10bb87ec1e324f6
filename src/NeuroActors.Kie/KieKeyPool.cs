using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

/// <summary>
/// The right to make one call of a kind with a key, now. The call holds a slot of the key's pacing window from the grant
/// until one window after the lease is disposed: dispose it as soon as KIE's answer (or the failure) is in.
/// </summary>
public sealed class KieKeyLease : IDisposable
{
    private readonly KieKeyPool _pool;
    private int _completed;

    internal KieKeyLease(KieKeyPool pool, KieApiKey key, KieWorkKind kind, DateTimeOffset grantedAt, int keyIndex, long callId)
    {
        _pool = pool;
        Key = key;
        Kind = kind;
        GrantedAt = grantedAt;
        KeyIndex = keyIndex;
        CallId = callId;
    }

    public KieApiKey Key { get; }

    public KieKeyId KeyId => Key.Id;

    public KieWorkKind Kind { get; }

    public DateTimeOffset GrantedAt { get; }

    internal int KeyIndex { get; }

    internal long CallId { get; }

    /// <summary>The call is answered: its slot frees one pacing window from now.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _pool.Complete(this);
        }
    }

    public override string ToString() => $"KieKeyLease({KeyId}, {Kind}, {GrantedAt:O})";
}

/// <summary>A waiting caller's place: 1 = next in line for its kind of work.</summary>
public readonly record struct KieQueuePosition(int Position, int Waiting);

/// <summary>How the line for one kind of work looks right now.</summary>
/// <param name="Waiting">Callers already waiting.</param>
/// <param name="WouldWait">A new caller would have to wait (someone is ahead, or no key is free this instant).</param>
/// <param name="NextSlotAt">When a key is next free, if none is now.</param>
public readonly record struct KieQueueStatus(int Waiting, bool WouldWait, DateTimeOffset? NextSlotAt)
{
    /// <summary>The place a caller arriving now would take.</summary>
    public int PositionIfJoined => WouldWait ? Waiting + 1 : 0;
}

/// <summary>A key went out of rotation (401/402): an admin must top it up, replace or re-enable it.</summary>
public sealed record KieKeyAlert(KieKeyId KeyId, KieKeyDisableReason Reason, string? KieMessage, DateTimeOffset At)
{
    public override string ToString() => $"KIE key {KeyId} disabled ({Reason}) at {At:u}: {KieMessage}";
}

/// <summary>One key's state, for admins and metrics.</summary>
public sealed record KieKeyReport(
    KieKeyId KeyId,
    KieKeyCondition Condition,
    DateTimeOffset? CreateCoolingUntil,
    DateTimeOffset? QueryCoolingUntil,
    KieKeyDisableReason? DisabledReason,
    DateTimeOffset? DisabledAt,
    string? DisabledDetail,
    int CreatesLastMinute,
    int QueriesLastMinute);

public sealed record KieKeyPoolReport(DateTimeOffset At, IReadOnlyList<KieKeyReport> Keys, int WaitingCreates, int WaitingQueries);

/// <summary>
/// The keys of <c>Kie:ApiKeys</c>, shared by all jobs of a node. Work waits in fair (first come, first served) order for a
/// key that is healthy and under KIE's pace (20 creates per 10 s, 10 queries per s, per key), spread over the least busy
/// keys, so that the bot itself never provokes a 429. Answers reported back cool a key (429/433) or take it out of
/// rotation (401/402, with <see cref="KeyAlert"/>). Pace and health are the pure <see cref="KieKeyPacer"/>; this class adds
/// the waiting line, a lock and timers from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class KieKeyPool : IDisposable
{
    private readonly object _gate = new();
    private readonly KieApiKey[] _keys;
    private readonly KieKeyPacer[] _pacers;
    private readonly KeyUsageHour[] _hours;
    private readonly Dictionary<KieKeyId, int> _indexById;
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly KiePacingLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ITimer? _timer;
    private bool _disposed;

    public KieKeyPool(IEnumerable<KieApiKey> keys, KiePacingLimits limits, TimeProvider? time = null, ILogger<KieKeyPool>? logger = null)
    {
        _keys = keys.Distinct().ToArray();
        _limits = limits;
        _pacers = _keys.Select(_ => new KieKeyPacer(limits)).ToArray();
        _hours = _keys.Select(_ => new KeyUsageHour()).ToArray();
        _indexById = _keys.Select((k, i) => (k.Id, i)).ToDictionary(p => p.Id, p => p.i);
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised (outside the pool's lock) when a key is taken out of rotation. Handlers must be quick and not throw.</summary>
    public event Action<KieKeyAlert>? KeyAlert;

    public IReadOnlyList<KieKeyId> KeyIds => _keys.Select(k => k.Id).ToArray();

    public KiePacingLimits Limits => _limits;

    /// <summary>
    /// Waits for a key that may make one call of <paramref name="kind"/> now. With <paramref name="pinnedKey"/> only that key
    /// serves (a task is queried with the key that created it). Resolves to a failure, never waits forever, when no key can
    /// ever serve (all disabled) or every key cools down for longer than <see cref="KiePacingLimits.MaxCooldownWait"/>.
    /// Cancelling the token leaves the line (the task then throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public Task<KieResult<KieKeyLease>> AcquireAsync(
        KieWorkKind kind,
        KieKeyId? pinnedKey = null,
        IProgress<KieQueuePosition>? progress = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);

        int? pinnedIndex = null;
        if (pinnedKey is { } id)
        {
            if (!_indexById.TryGetValue(id, out var index))
            {
                return Task.FromResult(KieResult.Fail<KieKeyLease>(new KieFailure(KiePoolVerdicts.TaskKeyUnavailable, null, id)));
            }

            pinnedIndex = index;
        }

        if (_keys.Length == 0)
        {
            return Task.FromResult(KieResult.Fail<KieKeyLease>(new KieFailure(KiePoolVerdicts.NoUsableKey, null)));
        }

        var waiter = new Waiter(kind, pinnedIndex, progress);
        List<Action> effects;
        lock (_gate)
        {
            waiter.Node = _waiters.AddLast(waiter);
            effects = DispatchLocked();
        }

        Run(effects);

        if (cancellationToken.CanBeCanceled && !waiter.Completion.Task.IsCompleted)
        {
            waiter.Cancellation = cancellationToken.Register(() => Leave(waiter, cancellationToken));
        }

        return waiter.Completion.Task;
    }

    /// <summary>What a caller arriving now would meet: people ahead, and whether it would wait.</summary>
    public KieQueueStatus PeekQueue(KieWorkKind kind)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var waiting = _waiters.Count(w => w.Kind == kind && w.PinnedIndex is null);
            var pick = KieKeySelector.Choose(_pacers, kind, now, _limits.MaxCooldownWait);
            return new KieQueueStatus(waiting, waiting > 0 || pick.Index is null, pick.NextChanceAt);
        }
    }

    /// <summary>Whether some key could take this kind of work without a long wait (not disabled, not cooling beyond the patience).</summary>
    public bool HasUsableKey(KieWorkKind kind)
    {
        lock (_gate)
        {
            return !KieKeySelector.Choose(_pacers, kind, _time.GetUtcNow(), _limits.MaxCooldownWait).Never;
        }
    }

    /// <summary>Tells the pool how KIE answered a call made with a key: cool-downs, disabling, the admin alert.</summary>
    public void Report(KieKeyId keyId, KieWorkKind kind, KieFailure failure) =>
        Report(keyId, kind, failure.Classification.KeyEffect, failure.RetryAfter, failure.Evidence?.EffectiveMessage);

    public void Report(KieKeyId keyId, KieWorkKind kind, KieKeyEffect effect, TimeSpan? retryAfter = null, string? kieMessage = null)
    {
        if (effect == KieKeyEffect.None || !_indexById.TryGetValue(keyId, out var index))
        {
            return;
        }

        KieKeyAlert? alert = null;
        List<Action> effects;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var pacer = _pacers[index];
            if (effect == KieKeyEffect.CoolDown) // a 429
            {
                _hours[index].RateLimited(now);
            }

            if (pacer.Apply(effect, kind, now, retryAfter, kieMessage) && pacer.DisabledReason is { } reason)
            {
                alert = new KieKeyAlert(keyId, reason, kieMessage, now);
            }

            effects = DispatchLocked();
        }

        if (alert is not null)
        {
            _logger.LogError("KIE key {KeyId} taken out of rotation: {Reason}, KIE said: {KieMessage}", keyId, alert.Reason, kieMessage);
            effects.Add(() => RaiseAlert(alert));
        }
        else
        {
            _logger.LogWarning("KIE key {KeyId} rests after {Effect} on {Kind}", keyId, effect, kind);
        }

        Run(effects);
    }

    internal void Complete(KieKeyLease lease)
    {
        List<Action> effects;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _pacers[lease.KeyIndex].Complete(lease.Kind, lease.CallId, _time.GetUtcNow());
            effects = DispatchLocked();
        }

        Run(effects);
    }

    /// <summary>An admin puts a key back (after a top-up or a fix). Returns false for an unknown key.</summary>
    public bool Enable(KieKeyId keyId)
    {
        if (!_indexById.TryGetValue(keyId, out var index))
        {
            return false;
        }

        List<Action> effects;
        lock (_gate)
        {
            _pacers[index].Enable();
            effects = DispatchLocked();
        }

        _logger.LogInformation("KIE key {KeyId} back in rotation", keyId);
        Run(effects);
        return true;
    }

    /// <summary>A key's creates, queries and 429s over the last hour (zero for an unknown key).</summary>
    public KeyUsage LastHour(KieKeyId keyId)
    {
        if (!_indexById.TryGetValue(keyId, out var index))
        {
            return default;
        }

        lock (_gate)
        {
            return _hours[index].LastHour(_time.GetUtcNow());
        }
    }

    public KieKeyPoolReport GetReport()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var keys = _keys.Select((key, i) =>
            {
                var p = _pacers[i];
                return new KieKeyReport(
                    key.Id,
                    p.ConditionAt(now),
                    p.CreateCoolingUntil > now ? p.CreateCoolingUntil : null,
                    p.QueryCoolingUntil > now ? p.QueryCoolingUntil : null,
                    p.DisabledReason,
                    p.DisabledAt,
                    p.DisabledDetail,
                    p.CreatesLastMinute(now),
                    p.QueriesLastMinute(now));
            }).ToArray();
            return new KieKeyPoolReport(now, keys, _waiters.Count(w => w.Kind == KieWorkKind.Create), _waiters.Count(w => w.Kind == KieWorkKind.Query));
        }
    }

    public void Dispose()
    {
        List<Waiter> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            abandoned = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in abandoned)
        {
            waiter.Cancellation.Unregister();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(KieKeyPool)));
        }
    }

    private sealed class Waiter(KieWorkKind kind, int? pinnedIndex, IProgress<KieQueuePosition>? progress)
    {
        public KieWorkKind Kind { get; } = kind;

        public int? PinnedIndex { get; } = pinnedIndex;

        public IProgress<KieQueuePosition>? Progress { get; } = progress;

        public TaskCompletionSource<KieResult<KieKeyLease>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }

        public KieQueuePosition? LastReported { get; set; }
    }

    /// <summary>
    /// Serves waiters in arrival order. A create that cannot be served blocks the creates behind it (no overtaking);
    /// queries pinned to different keys do not block each other. Returns what to do outside the lock.
    /// </summary>
    private List<Action> DispatchLocked()
    {
        var effects = new List<Action>();
        if (_disposed)
        {
            return effects;
        }

        var now = _time.GetUtcNow();
        DateTimeOffset? wakeAt = null;
        var blockedUnpinned = new HashSet<KieWorkKind>();
        var blockedPinned = new HashSet<(KieWorkKind, int)>();

        for (var node = _waiters.First; node is not null;)
        {
            var next = node.Next;
            var waiter = node.Value;
            var blocked = waiter.PinnedIndex is { } pin ? blockedPinned.Contains((waiter.Kind, pin)) : blockedUnpinned.Contains(waiter.Kind);
            if (!blocked)
            {
                var pick = waiter.PinnedIndex is { } only
                    ? Translate(KieKeySelector.ChooseOnly(_pacers[only], waiter.Kind, now, _limits.MaxCooldownWait), only)
                    : KieKeySelector.Choose(_pacers, waiter.Kind, now, _limits.MaxCooldownWait);

                if (pick.Index is { } index)
                {
                    var callId = _pacers[index].Record(waiter.Kind, now);
                    _hours[index].Called(waiter.Kind, now);
                    _waiters.Remove(node);
                    var lease = new KieKeyLease(this, _keys[index], waiter.Kind, now, index, callId);
                    effects.Add(() => Complete(waiter, KieResult.Ok(lease)));
                }
                else if (pick.Never)
                {
                    _waiters.Remove(node);
                    var failure = RefusalLocked(waiter, now);
                    effects.Add(() => Complete(waiter, KieResult.Fail<KieKeyLease>(failure)));
                }
                else
                {
                    if (pick.NextChanceAt is { } at && (wakeAt is null || at < wakeAt))
                    {
                        wakeAt = at;
                    }

                    if (waiter.PinnedIndex is { } p)
                    {
                        blockedPinned.Add((waiter.Kind, p));
                    }
                    else
                    {
                        blockedUnpinned.Add(waiter.Kind);
                    }
                }
            }

            node = next;
        }

        ReportPositionsLocked(effects);
        ScheduleLocked(wakeAt, now);
        return effects;
    }

    private static KieKeySelector.Pick Translate(KieKeySelector.Pick pick, int index) =>
        pick.Index is not null ? pick with { Index = index } : pick;

    private KieFailure RefusalLocked(Waiter waiter, DateTimeOffset now)
    {
        if (waiter.PinnedIndex is { } pin)
        {
            var pacer = _pacers[pin];
            if (!pacer.CanServe(waiter.Kind))
            {
                return new KieFailure(KiePoolVerdicts.TaskKeyUnavailable, null, _keys[pin].Id);
            }

            return new KieFailure(KiePoolVerdicts.AllKeysCooling, null, _keys[pin].Id, CoolingLeft(pacer, waiter.Kind, now));
        }

        var serving = Enumerable.Range(0, _pacers.Length).Where(i => _pacers[i].CanServe(waiter.Kind)).ToArray();
        if (serving.Length == 0)
        {
            return new KieFailure(KiePoolVerdicts.NoUsableKey, null);
        }

        var soonest = serving.Select(i => CoolingLeft(_pacers[i], waiter.Kind, now)).Min();
        return new KieFailure(KiePoolVerdicts.AllKeysCooling, null, null, soonest);
    }

    private static TimeSpan CoolingLeft(KieKeyPacer pacer, KieWorkKind kind, DateTimeOffset now)
    {
        var until = kind == KieWorkKind.Query ? pacer.QueryCoolingUntil : pacer.CreateCoolingUntil;
        return until is { } u && u > now ? u - now : TimeSpan.Zero;
    }

    private void ReportPositionsLocked(List<Action> effects)
    {
        var counts = _waiters.GroupBy(w => (w.Kind, w.PinnedIndex)).ToDictionary(g => g.Key, g => g.Count());
        var seen = new Dictionary<(KieWorkKind, int?), int>();
        foreach (var waiter in _waiters)
        {
            var line = (waiter.Kind, waiter.PinnedIndex);
            var position = seen.TryGetValue(line, out var ahead) ? ahead + 1 : 1;
            seen[line] = position;
            var current = new KieQueuePosition(position, counts[line]);
            if (waiter.Progress is { } progress && waiter.LastReported != current)
            {
                waiter.LastReported = current;
                effects.Add(() => progress.Report(current));
            }
        }
    }

    private void ScheduleLocked(DateTimeOffset? wakeAt, DateTimeOffset now)
    {
        if (wakeAt is not { } at)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = at - now;
        if (due < TimeSpan.FromMilliseconds(1))
        {
            due = TimeSpan.FromMilliseconds(1);
        }

        _timer ??= _time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        List<Action> effects;
        lock (_gate)
        {
            effects = DispatchLocked();
        }

        Run(effects);
    }

    private void Leave(Waiter waiter, CancellationToken cancellationToken)
    {
        List<Action> effects;
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
            effects = DispatchLocked();
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
        Run(effects);
    }

    private static void Complete(Waiter waiter, KieResult<KieKeyLease> result)
    {
        waiter.Cancellation.Unregister();
        waiter.Completion.TrySetResult(result);
    }

    private void RaiseAlert(KieKeyAlert alert)
    {
        try
        {
            KeyAlert?.Invoke(alert);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A KIE key alert handler failed for key {KeyId}", alert.KeyId);
        }
    }

    private void Run(List<Action> effects)
    {
        foreach (var effect in effects)
        {
            try
            {
                effect();
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A KIE key pool callback failed");
            }
        }
    }
}
