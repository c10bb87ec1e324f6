using Akka.Actor;
using Akka.Event;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Users;

/// <summary>
/// The user's Telegram Stars subscription: /subscription (the plan with its createInvoiceLink link, or the state with
/// ✖️ Cancel and ▶️ Resume through editUserStarSubscription), the pre-checkout of its first payment, each paid period
/// granted once per charge id and thanked until the thank-you reached the chat, and the end when housekeeping finds the
/// paid time over. The rules are pure (<see cref="SubscriptionBook"/>, <see cref="SubscriptionDesk"/>,
/// <see cref="SubscriptionCheckout"/>); Bot API calls are made only after the update that asked for them is written.
/// </summary>
public sealed partial class UserActor
{
    private static readonly TimeSpan SubscriptionCallTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Links Telegram made for the plan, per plan and language: a link can be paid by anyone, any number of times.</summary>
    private readonly Dictionary<(SubscriptionPlan Plan, Language Language), string> _subscriptionLinks = [];

    private SubscriptionBook Subscriptions => _state.Subscriptions ?? SubscriptionBook.Empty;

    private void ReceiveSubscriptions()
    {
        Command<ExpireSubscription>(OnExpireSubscription);
        Command<MakeSubscriptionCall>(made => OnMakeSubscriptionCall(made.Call));
        Command<SubscriptionLinkMade>(OnSubscriptionLinkMade);
        Command<SubscriptionCancelAnswered>(OnSubscriptionCancelAnswered);
    }

    /// <summary>
    /// /subscription and its buttons, or null. A Bot API call the answer needs is told to this actor now and so handled
    /// after the update's write (a persistent actor takes no command while it writes).
    /// </summary>
    private PaymentDeskDecision? DecideSubscriptionDesk(ConversationInput input, string? languageCode)
    {
        var decision = SubscriptionDesk.Decide(input, PaymentSettings.Subscription, Subscriptions, LanguageFor(languageCode));
        if (decision is null)
        {
            return null;
        }

        if (decision.Call is { } call)
        {
            Self.Tell(new MakeSubscriptionCall(call));
        }

        return new PaymentDeskDecision(decision.Replies, []);
    }

    /// <summary>The pre-checkout of a subscription's first payment: ok only for the plan on sale now at its price; null for other payloads.</summary>
    private Action? DecideSubscriptionPreCheckout(IncomingPayment payment, Language language)
    {
        if (!SubscriptionPayload.Claims(payment.Payload))
        {
            return null;
        }

        var verdict = SubscriptionCheckout.Decide(payment.Payload, payment.Currency, payment.TotalAmount, PaymentSettings.Subscription, _state.Banned);
        if (!verdict.IsOk)
        {
            _log.Info("Subscription pre-checkout of user {UserId} refused: {Refusal}", _userId, verdict.Refusal);
        }

        return () => Reply(new OutboundMessage.AnswerPreCheckout(payment.PreCheckoutQueryId!, verdict.IsOk ? null : SubscriptionTexts.Refusal(language, verdict.Refusal!.Value)));
    }

    /// <summary>
    /// A subscription's successful_payment: the period's credits once per charge id, with the update. Null when the payment
    /// is not one (a payload the plan rules do not match is left to the payment book, which keeps it as unmatched).
    /// </summary>
    private Action? DecideSubscriptionPayment(IncomingPayment payment, List<IUserEvent> events, Language language, DateTimeOffset now)
    {
        if (!SubscriptionPayload.Claims(payment.Payload) || Payments.Knows(payment.ChargeId!))
        {
            return null;
        }

        if (Subscriptions.Take(payment, _state.Ledger, Payments.HasPaid, now) is not { } taken)
        {
            return null;
        }

        events.AddRange(taken.Events.Select(e => (IUserEvent)new SubscriptionRecorded(e)));
        events.AddRange(taken.LedgerEvents.Select(e => (IUserEvent)new LedgerRecorded(e)));
        if (taken.Paid is not { } paid)
        {
            return () => { }; // this charge was granted before: a redelivery or a repeat changes nothing
        }

        return () =>
        {
            _log.Info("User {UserId} paid {Stars} stars for a subscription period of {Credits} credits, charge {ChargeId}, subscription {SubscriptionId}, until {ExpiresAt:u}",
                _userId, paid.Stars, paid.Credits, paid.ChargeId, paid.SubscriptionId, paid.ExpiresAt.UtcDateTime);
            ThankForSubscription(paid.ChargeId, language);
        };
    }

    /// <summary>The thank-you with the new balance and the next renewal; recorded once it reached the chat, sent again after a crash until then.</summary>
    private void ThankForSubscription(string chargeId, Language language)
    {
        if (!Subscriptions.Charges.TryGetValue(chargeId, out var charge))
        {
            return;
        }

        var renewsOn = Subscriptions.Current is { } current && current.Id == charge.SubscriptionId ? current.ExpiresAt : charge.PaidAt + SubscriptionPlan.Period;
        var starts = charge.SubscriptionId == chargeId;
        _firstReply.ReplyHanded();
        var screen = new Screen(SubscriptionTexts.ThankYou(language, starts, charge.Credits, _state.Ledger.Available, renewsOn), Keyboards.MenuOnly(UiTexts.For(language)));
        Deliver(ChatId, new OutboundMessage.SendScreen(screen), DeliveryId.PaymentThanks(chargeId), TrafficClass.Reply);
    }

    /// <summary>After recovery: subscription thank-yous a crash kept from the chat.</summary>
    private void ThankSubscriptionsAgain()
    {
        foreach (var chargeId in Subscriptions.Unthanked)
        {
            ThankForSubscription(chargeId, LanguageFor(null));
        }
    }

    // ---------- Bot API calls of the /subscription screen ----------
    private void OnMakeSubscriptionCall(SubscriptionCall call)
    {
        var port = _ports.Subscriptions;
        switch (call)
        {
            case SubscriptionCall.MakeLink link when _subscriptionLinks.TryGetValue((link.Plan, link.Language), out var known):
                ShowOffer(link, known);
                break;
            case SubscriptionCall.MakeLink link when port is not null:
                port.CreateLinkAsync(SubscriptionDesk.Invoice(link.Plan, link.Language), CancellationToken.None)
                    .WaitAsync(SubscriptionCallTimeout)
                    .PipeTo(Self, success: url => new SubscriptionLinkMade(link, url), failure: _ => new SubscriptionLinkMade(link, null));
                break;
            case SubscriptionCall.MakeLink link:
                ShowOffer(link, null);
                break;
            case SubscriptionCall.SetCanceled edit when port is not null:
                port.SetCanceledAsync(_userId, edit.SubscriptionId, edit.Canceled, CancellationToken.None)
                    .WaitAsync(SubscriptionCallTimeout)
                    .PipeTo(Self, success: ok => new SubscriptionCancelAnswered(edit, ok), failure: _ => new SubscriptionCancelAnswered(edit, false));
                break;
            case SubscriptionCall.SetCanceled edit:
                Self.Tell(new SubscriptionCancelAnswered(edit, false));
                break;
        }
    }

    private void OnSubscriptionLinkMade(SubscriptionLinkMade made)
    {
        if (made.Url is null)
        {
            _log.Warning("createInvoiceLink for the subscription of user {UserId} failed", _userId);
        }
        else
        {
            _subscriptionLinks[(made.Call.Plan, made.Call.Language)] = made.Url;
        }

        ShowOffer(made.Call, made.Url);
    }

    /// <summary>The offer with its link (or the state, if the user subscribed meanwhile; or a "try again" without a link).</summary>
    private void ShowOffer(SubscriptionCall.MakeLink call, string? url)
    {
        var screen = Subscriptions.Running is { } running ? SubscriptionDesk.State(running, call.Language)
            : url is not null ? SubscriptionDesk.Offer(call.Plan, call.Language, url)
            : new Screen(SubscriptionTexts.LinkFailed(call.Language), Keyboards.MenuOnly(UiTexts.For(call.Language)));
        Reply(call.EditMessageId is { } messageId ? new OutboundMessage.EditScreen(messageId, screen) : new OutboundMessage.SendScreen(screen));
    }

    /// <summary>Telegram confirmed (or not) a cancellation or its undoing: recorded only when confirmed, then the screen shows the state.</summary>
    private void OnSubscriptionCancelAnswered(SubscriptionCancelAnswered answered)
    {
        var call = answered.Call;
        if (!answered.Confirmed)
        {
            _log.Warning("editUserStarSubscription for user {UserId}, subscription {SubscriptionId} failed", _userId, call.SubscriptionId);
            Reply(new OutboundMessage.SendScreen(new Screen(SubscriptionTexts.CallFailed(call.Language), null)));
            return;
        }

        var events = Subscriptions.SetCanceled(call.SubscriptionId, call.Canceled, Now).Select(e => (IUserEvent)new SubscriptionRecorded(e)).ToList();
        PersistAllThen(events, () =>
        {
            if (events.Count > 0)
            {
                _log.Info("Subscription {SubscriptionId} of user {UserId} {Change}", call.SubscriptionId, _userId, call.Canceled ? "cancelled" : "resumed");
            }

            var screen = Subscriptions.Running is { } running ? SubscriptionDesk.State(running, call.Language) : SubscriptionDesk.NotOffered(call.Language);
            Reply(new OutboundMessage.EditScreen(call.MessageId, screen));
        });
    }

    // ---------- the end ----------

    /// <summary>Housekeeping's ask: the subscription ends if its paid time is over; the user is told after the write, again after a restart until it reached the chat.</summary>
    private void OnExpireSubscription(ExpireSubscription command)
    {
        var sender = Sender;
        var expired = Subscriptions.ExpireIfDue(command.SubscriptionId, Now);
        PersistAllThen(expired.Select(e => (IUserEvent)new SubscriptionRecorded(e)).ToList(), () =>
        {
            if (expired is [SubscriptionExpired end])
            {
                _log.Info("Subscription {SubscriptionId} of user {UserId} ended at {ExpiresAt:u}", end.SubscriptionId, _userId, end.ExpiresAt.UtcDateTime);
                TellSubscriptionEnded();
            }

            sender.Tell(new SubscriptionExpiryChecked(_userId, command.SubscriptionId, expired.Count > 0, Subscriptions.Running?.Id == command.SubscriptionId));
        });
    }

    /// <summary>The notice of an ended subscription not yet known to have reached the chat (after the end, and after recovery).</summary>
    private void TellSubscriptionEnded()
    {
        if (Subscriptions.EndUntold is not { } ended)
        {
            return;
        }

        // Bulk: the user did not just ask for it; it waits behind their own replies and within the cluster's notice budget.
        Deliver(ChatId, new OutboundMessage.SendScreen(new Screen(SubscriptionTexts.Ended(LanguageFor(null), ended.ExpiresAt), null)),
            DeliveryId.SubscriptionEnd(ended.Id), TrafficClass.Bulk);
    }

    /// <summary>The outcome of the end notice (see <see cref="RecordNoticeOutcome"/>).</summary>
    private void OnSubscriptionEndDelivered(Delivered delivered)
    {
        var subscriptionId = delivered.DeliveryId.OrderId;
        RecordNoticeOutcome(delivered, Subscriptions.EndUntold?.Id == subscriptionId ? new SubscriptionRecorded(new SubscriptionEndTold(subscriptionId, Now)) : null);
    }

    private sealed record MakeSubscriptionCall(SubscriptionCall Call);

    private sealed record SubscriptionLinkMade(SubscriptionCall.MakeLink Call, string? Url);

    private sealed record SubscriptionCancelAnswered(SubscriptionCall.SetCanceled Call, bool Confirmed);
}
