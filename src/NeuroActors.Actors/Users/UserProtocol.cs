using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Catalog;
using MediaKind = NeuroActors.Domain.Conversation.MediaKind;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Users;

/// <summary>Every message routed to a user entity names its Telegram user id, the entity id.</summary>
public interface IUserCommand : INeuroMessage
{
    long UserId { get; }
}

public interface IUserEvent : INeuroMessage;

// Commands

/// <summary>An update for this user. Answered with <see cref="UpdateAccepted"/> once it is persisted (or known already).</summary>
[Manifest("user-handle-update.v1")]
public sealed record HandleUpdate(long UserId, IncomingUpdate Update) : IUserCommand;

/// <summary>Add credits (an admin's grant, a payment). Idempotent by <see cref="GrantId"/>; answered with <see cref="UserStateReply"/>.</summary>
[Manifest("user-grant-credits.v1")]
public sealed record GrantCredits(long UserId, string GrantId, int Amount, string Reason) : IUserCommand;

[Manifest("user-get-state.v1")]
public sealed record GetUserState(long UserId) : IUserCommand;

/// <summary>
/// Sharding's hand-off stop message (a node leaves, a shard moves, an idle user is passivated): the actor stops once the
/// order delivery it is running has finished, so that the user's new home does not send those results again.
/// </summary>
public sealed class StopUser
{
    public static readonly StopUser Instance = new();

    /// <summary>The longest a delivery may hold the stop; within sharding's hand-off timeout (cluster.conf).</summary>
    public static readonly TimeSpan DeliveryGrace = TimeSpan.FromSeconds(15);

    private StopUser()
    {
    }
}

/// <summary>
/// An admin's or operator's grant, debit, ban or unban: the one audited path (neuroctl and the Telegram admin commands).
/// Idempotent by the request's action id; answered with <see cref="AccountActionReply"/>. A user who never started
/// the bot is refused and nothing is written.
/// </summary>
[Manifest("user-account-action.v1")]
public sealed record ApplyAccountAction(long UserId, AccountRequest Request) : IUserCommand;

/// <summary>Where the reservation of one job stands (for an operator's look at a job).</summary>
[Manifest("user-get-reservation.v1")]
public sealed record GetReservation(long UserId, string RequestId) : IUserCommand;

/// <summary>
/// A send outside the user's own conversation (a broadcast's copy) was answered 403: the user is recorded as having
/// blocked the bot, as a 403 to one of its own sends is, so later broadcasts skip them. Idempotent; no reply.
/// </summary>
[Manifest("user-record-bot-blocked.v1")]
public sealed record RecordBotBlocked(long UserId) : IUserCommand;

/// <summary>A job's live stage, for the status message; not persisted (the job repeats it as it goes).</summary>
[Manifest("user-job-progress.v1")]
public sealed record ReportJobProgress(long UserId, string OrderId, int Index, VariantStage Stage, int? QueuePosition, int? Percent, DateTimeOffset? StartedAt) : IUserCommand;

/// <summary>A job ended: the user records the outcome, and answers <c>JobFinishedAck</c> once the order's results reached the chat (the settle handshake in <c>Jobs/JobProtocol.cs</c>).</summary>
[Manifest("user-job-finished.v1")]
public sealed record ReportJobFinished(long UserId, string OrderId, int Index, string ModelId, VariantOutcome Outcome, bool AlertAdmins, string? Detail) : IUserCommand;

// Replies

/// <summary>The update is safe in the journal: the gateway may confirm it to Telegram.</summary>
[Manifest("user-update-accepted.v1")]
public sealed record UpdateAccepted(long UpdateId, bool Duplicate) : INeuroMessage;

/// <summary>What an account action did, and the user's state after it.</summary>
[Manifest("user-account-action-reply.v1")]
public sealed record AccountActionReply(AccountOutcome Outcome, UserStateReply State) : INeuroMessage;

[Manifest("user-reservation-reply.v1")]
public sealed record ReservationReply(string RequestId, ReservationState State, long Amount) : INeuroMessage;

/// <summary>One of the last orders, as an operator sees it.</summary>
public sealed record OrderSummary(string OrderId, string ModelId, int Variants, long UnitPrice, string State, DateTimeOffset PlacedAt);

/// <summary>A user's state; the fields after <c>RecentOrders</c> came later (an older node leaves them out).</summary>
[Manifest("user-state-reply.v2")]
public sealed record UserStateReply(
    long UserId,
    bool Registered,
    string? FirstName,
    string? LanguageCode,
    long Balance,
    long Reserved,
    long Available,
    bool Blocked,
    IReadOnlyList<string> OpenOrders,
    IReadOnlyList<string> RecentOrders,
    bool Banned = false,
    string? BanReason = null,
    DateTimeOffset? LastSeen = null,
    int OrderCount = 0,
    IReadOnlyList<OrderSummary>? LastOrders = null) : INeuroMessage;

// Events: each wraps one domain event, so the pure rules and the journal speak the same records.

[Manifest("user-conversation.v1")]
public sealed record ConversationRecorded(ConversationEvent Event) : IUserEvent;

[Manifest("user-ledger.v1")]
public sealed record LedgerRecorded(LedgerEvent Event) : IUserEvent;

[Manifest("user-order.v1")]
public sealed record OrderRecorded(OrderEvent Event) : IUserEvent;

/// <summary>Written with the effects of an update, so a redelivered update changes nothing.</summary>
[Manifest("user-update-handled.v1")]
public sealed record UpdateRecorded(long UpdateId, DateTimeOffset At) : IUserEvent;

/// <summary>
/// The user was active at <paramref name="At"/>: written with an update at most once per <see cref="UserState.SeenResolution"/>,
/// so the read side learns "last seen" without projecting every update (<see cref="UpdateRecorded"/> is not projected).
/// </summary>
[Manifest("user-seen.v1")]
public sealed record UserSeen(DateTimeOffset At) : IUserEvent;

/// <summary>Name, Telegram language and @username as last seen (they change rarely; written only when they do). Username came later: older events lack it.</summary>
[Manifest("user-profile-seen.v1")]
public sealed record ProfileSeen(string? FirstName, string? LanguageCode, string? Username = null) : IUserEvent;

/// <summary>The user blocked the bot (403, or my_chat_member kicked) or unblocked it.</summary>
[Manifest("user-blocked-changed.v1")]
public sealed record BlockedChanged(bool Blocked, DateTimeOffset At) : IUserEvent;

/// <summary>An admin's or operator's action on the account (the audit record: who, when, what, why); a grant's or debit's ledger event is written with it.</summary>
[Manifest("user-account-action-recorded.v1")]
public sealed record AccountActionRecorded(AccountAction Action) : IUserEvent;

/// <summary>Version 1 of registration (before the conversation): read from old journals only.</summary>
[Manifest("user-registered.v1")]
public sealed record UserRegistered(long UserId, string FirstName, string? LanguageCode, DateTimeOffset At) : IUserEvent;

/// <summary>Version 1 of a grant (before the ledger): read from old journals only.</summary>
[Manifest("credits-granted.v1")]
public sealed record CreditsGranted(string GrantId, int Amount, string Reason, DateTimeOffset At) : IUserEvent;

/// <summary>The user entity's state; also its snapshot. Change it only through <see cref="Apply"/>.</summary>
[Manifest("user-state.v2")]
public sealed record UserState(
    long UserId,
    string? FirstName,
    string? LanguageCode,
    bool Blocked,
    ConversationState Conversation,
    CreditLedger Ledger,
    OrderBook Orders,
    HandledUpdates Handled,
    AccountStanding? Standing = null,
    string? Username = null,
    DateTimeOffset? SeenAt = null,
    PaymentBook? Payments = null,
    UserGrowth? Growth = null,
    SubscriptionBook? Subscriptions = null) : ISnapshotState
{
    /// <summary>How fine "last seen" is on the read side: active-user counts and audiences are by day or week.</summary>
    public static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(10);

    /// <summary>Banned by an admin or operator: every update gets one restricted message, and nothing else happens.</summary>
    public bool Banned => Standing?.Banned == true;

    /// <summary>Promo codes, referral and free quota (empty for a user from before they existed).</summary>
    public UserGrowth GrowthOrEmpty => Growth ?? UserGrowth.Empty;

    public static UserState Empty(long userId) =>
        new(userId, null, null, false, ConversationState.New, CreditLedger.Empty, OrderBook.Empty, HandledUpdates.Empty);

    public UserState Apply(IUserEvent @event) => @event switch
    {
        ConversationRecorded e => this with { Conversation = ConversationMachine.Apply(Conversation, e.Event) },
        LedgerRecorded e => this with { Ledger = Ledger.Apply(e.Event), Growth = Growth?.OnLedger(e.Event) },
        IUserGrowthEvent e => this with { Growth = GrowthOrEmpty.Apply(e) },
        OrderRecorded e => this with { Orders = Orders.Apply(e.Event) },
        UpdateRecorded e => this with { Handled = Handled.Mark(e.UpdateId, e.At) },
        UserSeen e => this with { SeenAt = e.At },
        ProfileSeen e => this with { FirstName = e.FirstName ?? FirstName, LanguageCode = e.LanguageCode ?? LanguageCode, Username = e.Username ?? Username },
        BlockedChanged e => this with { Blocked = e.Blocked },
        AccountActionRecorded e => this with { Standing = (Standing ?? AccountStanding.Empty).Apply(e.Action) },
        PaymentRecorded e => this with { Payments = (Payments ?? PaymentBook.Empty).Apply(e.Event) },
        SubscriptionRecorded e => this with { Subscriptions = (Subscriptions ?? SubscriptionBook.Empty).Apply(e.Event) },
        UserRegistered e => this with
        {
            FirstName = e.FirstName,
            LanguageCode = e.LanguageCode,
            Conversation = ConversationMachine.Apply(Conversation, new Domain.Conversation.UserRegistered(e.At)),
        },
        CreditsGranted e => this with { Ledger = Ledger.Apply(new Domain.Credits.CreditsGranted(e.GrantId, e.Amount, e.Reason, e.At)) },
        _ => this,
    };

    /// <summary>A <see cref="UserSeen"/> mark when the last one is older than <see cref="SeenResolution"/>.</summary>
    public IEnumerable<IUserEvent> SeenMarkAt(DateTimeOffset now)
    {
        if (SeenAt is not { } last || now - last >= SeenResolution)
        {
            yield return new UserSeen(now);
        }
    }

    /// <summary>The name, Telegram language or @username the update shows, when any changed (they change rarely).</summary>
    public IEnumerable<IUserEvent> ProfileChangeIn(IncomingUpdate update)
    {
        if ((update.FirstName is not null && update.FirstName != FirstName)
            || (update.LanguageCode is not null && update.LanguageCode != LanguageCode)
            || (update.Username is not null && update.Username != Username))
        {
            yield return new ProfileSeen(update.FirstName, update.LanguageCode, update.Username);
        }
    }

    /// <summary>A variant ended: a done one captures its reserved credits, any other releases them, in one write with the outcome.</summary>
    public IReadOnlyList<IUserEvent> SettleVariant(string orderId, int index, VariantOutcome outcome, DateTimeOffset now)
    {
        var requestId = OrderIds.RequestId(orderId, index);
        var settle = outcome.Stage == VariantStage.Done
            ? Ledger.Capture(requestId, now)
            : Ledger.Release(requestId, outcome.FailureTextKey ?? outcome.Stage.ToString(), now);
        return [.. settle.Events.Select(e => (IUserEvent)new LedgerRecorded(e)), new OrderRecorded(new VariantSettled(orderId, index, outcome, now))];
    }

    /// <summary>Effects that change credits or orders become events of the same write as the decision.</summary>
    public IEnumerable<IUserEvent> LedgerAndOrderEvents(IEnumerable<ConversationEffect> effects, CatalogMenu menu, DateTimeOffset now)
    {
        var ledger = Ledger;
        foreach (var effect in effects)
        {
            LedgerResult? result = effect switch
            {
                ConversationEffect.GrantWelcomeCredits grant => ledger.Grant(grant.GrantId, grant.Amount, "welcome", now),
                ConversationEffect.PlaceOrder order => ledger.ReserveAll(order.Reservations, now),
                _ => null,
            };
            if (result is null)
            {
                continue;
            }

            foreach (var ledgerEvent in result.Events)
            {
                ledger = ledger.Apply(ledgerEvent);
                yield return new LedgerRecorded(ledgerEvent);
            }

            if (effect is ConversationEffect.PlaceOrder placed && result.Outcome == LedgerOutcome.Applied)
            {
                var model = menu.FindById(placed.ModelId);
                yield return new OrderRecorded(new OrderOpened(
                    placed.OrderId, placed.ModelId, model?.DisplayName ?? placed.ModelId, model?.Kind ?? MediaKind.Image, placed.Prompt,
                    placed.Variants, placed.UnitPrice, placed.StatusMessageId, placed.Language, now, placed.ImageFileId,
                    placed.Media, model?.Takes.TextResult == true ? true : null)
                {
                    Options = placed.Options,
                    FreeVariants = placed.FreeVariants > 0 ? placed.FreeVariants : null,
                });
            }
        }
    }

    public UserStateReply ToReply() => new(
        UserId,
        Conversation.IsRegistered,
        FirstName,
        LanguageCode,
        Ledger.Balance,
        Ledger.Reserved,
        Ledger.Available,
        Blocked,
        Orders.Open.Keys.Order(StringComparer.Ordinal).ToArray(),
        Orders.Finished.Select(o => o.OrderId).ToArray(),
        Banned,
        Standing?.BanReason,
        Handled.LastAt,
        Orders.Open.Count + Orders.Finished.Count,
        Orders.Newest().Take(5).Select(o => new OrderSummary(o.OrderId, o.Opened.ModelId, o.Opened.Variants, o.Opened.UnitPrice, o.HistoryState.ToString(), o.Opened.At)).ToArray());

    /// <summary>The account events of an admin's request, atomically: the audit record and its ledger events.</summary>
    public AccountDecision DecideAccount(AccountRequest request, DateTimeOffset now) =>
        (Standing ?? AccountStanding.Empty).Decide(request, Ledger, Conversation.IsRegistered, now);

    public ReservationReply ReservationOf(string requestId)
    {
        var state = Ledger.StateOf(requestId);
        var amount = Ledger.OpenReservations.TryGetValue(requestId, out var open) ? open
            : Ledger.Settled.TryGetValue(requestId, out var settled) ? settled.Amount : 0;
        return new ReservationReply(requestId, state, amount);
    }
}
