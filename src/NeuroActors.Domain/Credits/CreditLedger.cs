using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace NeuroActors.Domain.Credits;

/// <summary>Events of a user's credit ledger; the balance is the fold of them.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(CreditsGranted), "credits-granted")]
[JsonDerivedType(typeof(CreditsReserved), "credits-reserved")]
[JsonDerivedType(typeof(CreditsCaptured), "credits-captured")]
[JsonDerivedType(typeof(CreditsReleased), "credits-released")]
[JsonDerivedType(typeof(CreditsDebited), "credits-debited")]
public abstract record LedgerEvent(DateTimeOffset At);

/// <summary>Credits added (welcome, admin grant, payment). <paramref name="GrantId"/> makes a grant happen once.</summary>
public sealed record CreditsGranted(string GrantId, long Amount, string Reason, DateTimeOffset At) : LedgerEvent(At);

/// <summary>Credits set aside for one generation job (<paramref name="RequestId"/>): not spendable, not yet spent.</summary>
public sealed record CreditsReserved(string RequestId, long Amount, DateTimeOffset At) : LedgerEvent(At);

/// <summary>A reservation was spent: the job delivered.</summary>
public sealed record CreditsCaptured(string RequestId, long Amount, DateTimeOffset At) : LedgerEvent(At);

/// <summary>A reservation went back to the balance: the job failed or was cancelled.</summary>
public sealed record CreditsReleased(string RequestId, long Amount, string Reason, DateTimeOffset At) : LedgerEvent(At);

/// <summary>Credits taken off the balance by an admin or operator. <paramref name="DebitId"/> makes a debit happen once.</summary>
public sealed record CreditsDebited(string DebitId, long Amount, string Reason, DateTimeOffset At) : LedgerEvent(At);

/// <summary>What a ledger operation did.</summary>
public enum LedgerOutcome
{
    /// <summary>Done now; the result carries the events to persist.</summary>
    Applied,

    /// <summary>The same operation was done before; nothing changes.</summary>
    AlreadyApplied,

    /// <summary>Not enough available credits; nothing changes.</summary>
    InsufficientCredits,

    /// <summary>No such reservation (never made, or settled so long ago it was forgotten); nothing changes.</summary>
    UnknownReservation,

    /// <summary>The reservation was settled the other way (a release after a capture, or the reverse); nothing changes.</summary>
    AlreadySettled,

    /// <summary>The id was used before with a different amount; nothing changes.</summary>
    Conflict,

    /// <summary>A negative, oversized or overflowing amount; nothing changes.</summary>
    InvalidAmount,
}

/// <summary>An operation's outcome and the events to persist (none unless <see cref="LedgerOutcome.Applied"/>).</summary>
public sealed record LedgerResult(LedgerOutcome Outcome, IReadOnlyList<LedgerEvent> Events)
{
    public bool Changed => Events.Count > 0;

    internal static LedgerResult Unchanged(LedgerOutcome outcome) => new(outcome, []);
}

public enum Settlement
{
    Captured,
    Released,
}

/// <summary>How a reservation ended.</summary>
public sealed record SettledReservation(Settlement How, long Amount);

/// <summary>Where a request id stands in the ledger.</summary>
public enum ReservationState
{
    Unknown,
    Open,
    Captured,
    Released,
}

/// <summary>
/// A user's credits as a pure event-sourced aggregate. Operations return events (persist them, then
/// <see cref="Apply"/>); every operation is idempotent by its id. Invariants: the balance is never negative,
/// the available credits are never negative, and each reservation is captured or released at most once.
/// <see cref="Balance"/> = granted − captured − debited; <see cref="Reserved"/> = open reservations;
/// <see cref="Available"/> = Balance − Reserved.
/// </summary>
public sealed record CreditLedger(
    long Balance,
    long Reserved,
    ImmutableDictionary<string, long> OpenReservations,
    ImmutableDictionary<string, long> Grants,
    ImmutableDictionary<string, SettledReservation> Settled,
    ImmutableQueue<string> SettledOrder,
    ImmutableDictionary<string, long>? Debits = null)
{
    /// <summary>Largest amount in one operation (guards the sums against overflow).</summary>
    public const long MaxAmount = 1_000_000_000_000;

    /// <summary>How many settled reservations are remembered for idempotent answers.</summary>
    public const int SettledKept = 10_000;

    public static CreditLedger Empty { get; } = new(
        0,
        0,
        ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, SettledReservation>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableQueue<string>.Empty);

    public long Available => Balance - Reserved;

    public static CreditLedger Replay(IEnumerable<LedgerEvent> events) => events.Aggregate(Empty, (ledger, e) => ledger.Apply(e));

    public ReservationState StateOf(string requestId) =>
        OpenReservations.ContainsKey(requestId) ? ReservationState.Open
        : Settled.TryGetValue(requestId, out var settled) ? (settled.How == Settlement.Captured ? ReservationState.Captured : ReservationState.Released)
        : ReservationState.Unknown;

    public LedgerResult Grant(string grantId, long amount, string reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        if (Grants.TryGetValue(grantId, out var granted))
        {
            return LedgerResult.Unchanged(granted == amount ? LedgerOutcome.AlreadyApplied : LedgerOutcome.Conflict);
        }

        if (amount is <= 0 or > MaxAmount || Balance > long.MaxValue - amount)
        {
            return LedgerResult.Unchanged(LedgerOutcome.InvalidAmount);
        }

        return new LedgerResult(LedgerOutcome.Applied, [new CreditsGranted(grantId, amount, reason, at)]);
    }

    /// <summary>
    /// Takes <paramref name="amount"/> off the balance. Only available credits can be debited (never what open orders
    /// reserved), so the balance and the available credits stay at zero or above.
    /// </summary>
    public LedgerResult Debit(string debitId, long amount, string reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(debitId);
        if (Debits?.TryGetValue(debitId, out var debited) == true)
        {
            return LedgerResult.Unchanged(debited == amount ? LedgerOutcome.AlreadyApplied : LedgerOutcome.Conflict);
        }

        if (amount is <= 0 or > MaxAmount)
        {
            return LedgerResult.Unchanged(LedgerOutcome.InvalidAmount);
        }

        return amount > Available
            ? LedgerResult.Unchanged(LedgerOutcome.InsufficientCredits)
            : new LedgerResult(LedgerOutcome.Applied, [new CreditsDebited(debitId, amount, reason, at)]);
    }

    /// <summary>Sets <paramref name="amount"/> aside for a job; 0 is allowed (a free generation is still tracked).</summary>
    public LedgerResult Reserve(string requestId, long amount, DateTimeOffset at) => ReserveAll([(requestId, amount)], at);

    /// <summary>Reserves for several jobs at once (an order's variants): all of them, or none.</summary>
    public LedgerResult ReserveAll(IReadOnlyList<(string RequestId, long Amount)> reservations, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(reservations);
        if (reservations.Count == 0 || reservations.Select(r => r.RequestId).Distinct(StringComparer.Ordinal).Count() != reservations.Count)
        {
            return LedgerResult.Unchanged(LedgerOutcome.Conflict);
        }

        var fresh = new List<(string RequestId, long Amount)>();
        foreach (var (requestId, amount) in reservations)
        {
            ArgumentException.ThrowIfNullOrEmpty(requestId);
            if (amount is < 0 or > MaxAmount)
            {
                return LedgerResult.Unchanged(LedgerOutcome.InvalidAmount);
            }

            var earlier = OpenReservations.TryGetValue(requestId, out var open) ? open
                : Settled.TryGetValue(requestId, out var settled) ? settled.Amount
                : (long?)null;
            if (earlier is { } previous)
            {
                if (previous != amount)
                {
                    return LedgerResult.Unchanged(LedgerOutcome.Conflict);
                }

                continue;
            }

            fresh.Add((requestId, amount));
        }

        if (fresh.Count == 0)
        {
            return LedgerResult.Unchanged(LedgerOutcome.AlreadyApplied);
        }

        var total = fresh.Sum(r => r.Amount);
        if (total > Available)
        {
            return LedgerResult.Unchanged(LedgerOutcome.InsufficientCredits);
        }

        return new LedgerResult(LedgerOutcome.Applied, fresh.Select(r => (LedgerEvent)new CreditsReserved(r.RequestId, r.Amount, at)).ToArray());
    }

    /// <summary>Spends a reservation (the job delivered).</summary>
    public LedgerResult Capture(string requestId, DateTimeOffset at) => Settle(requestId, Settlement.Captured, reason: null, at);

    /// <summary>Returns a reservation to the balance (the job failed or was cancelled).</summary>
    public LedgerResult Release(string requestId, string reason, DateTimeOffset at) => Settle(requestId, Settlement.Released, reason, at);

    private LedgerResult Settle(string requestId, Settlement how, string? reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        if (OpenReservations.TryGetValue(requestId, out var amount))
        {
            LedgerEvent settled = how == Settlement.Captured
                ? new CreditsCaptured(requestId, amount, at)
                : new CreditsReleased(requestId, amount, reason ?? string.Empty, at);
            return new LedgerResult(LedgerOutcome.Applied, [settled]);
        }

        if (Settled.TryGetValue(requestId, out var earlier))
        {
            return LedgerResult.Unchanged(earlier.How == how ? LedgerOutcome.AlreadyApplied : LedgerOutcome.AlreadySettled);
        }

        return LedgerResult.Unchanged(LedgerOutcome.UnknownReservation);
    }

    /// <summary>Folds one event. Events come only from this ledger's operations; one that does not fit changes nothing.</summary>
    public CreditLedger Apply(LedgerEvent @event) => @event switch
    {
        CreditsGranted e when !Grants.ContainsKey(e.GrantId) =>
            this with { Balance = Balance + e.Amount, Grants = Grants.Add(e.GrantId, e.Amount) },
        CreditsReserved e when !OpenReservations.ContainsKey(e.RequestId) && !Settled.ContainsKey(e.RequestId) =>
            this with { Reserved = Reserved + e.Amount, OpenReservations = OpenReservations.Add(e.RequestId, e.Amount) },
        CreditsCaptured e when OpenReservations.TryGetValue(e.RequestId, out var amount) =>
            SettledAs(e.RequestId, new SettledReservation(Settlement.Captured, amount)) with { Balance = Balance - amount },
        CreditsReleased e when OpenReservations.ContainsKey(e.RequestId) =>
            SettledAs(e.RequestId, new SettledReservation(Settlement.Released, OpenReservations[e.RequestId])),
        CreditsDebited e when Debits?.ContainsKey(e.DebitId) != true =>
            this with { Balance = Balance - e.Amount, Debits = (Debits ?? ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal)).Add(e.DebitId, e.Amount) },
        _ => this,
    };

    private CreditLedger SettledAs(string requestId, SettledReservation settlement)
    {
        var settled = Settled.Add(requestId, settlement);
        var order = SettledOrder.Enqueue(requestId);
        while (settled.Count > SettledKept)
        {
            order = order.Dequeue(out var oldest);
            settled = settled.Remove(oldest);
        }

        return this with
        {
            Reserved = Reserved - settlement.Amount,
            OpenReservations = OpenReservations.Remove(requestId),
            Settled = settled,
            SettledOrder = order,
        };
    }
}
