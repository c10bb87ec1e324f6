using Akka.Actor;
using Akka.Event;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram.Outbound;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Users;

/// <summary>
/// Telegram Stars payments of the user: pre-checkout answers, packs credited once per charge id, unmatched payments kept
/// and reported, refunds, and the payment desk's screens (/buy, /paysupport, /terms, the consent before the first order).
/// The rules are pure (<see cref="PaymentBook"/>, <see cref="PreCheckoutVerdict"/>, <see cref="PaymentDesk"/>); this part
/// only writes their events with the update's id and sends after the write.
/// </summary>
public sealed partial class UserActor
{
    /// <summary>
    /// The message that shows the terms, as far as the last input tells: a second Generate there is only answered. Not
    /// persisted: after a restart the terms are put there again once, which Telegram may answer "message is not modified" (taken as sent).
    /// </summary>
    private long? _termsShownOn;

    private PaymentSettings PaymentSettings => _ports.Settings.Payments;

    private PaymentBook Payments => _state.Payments ?? PaymentBook.Empty;

    private void ReceivePaymentCommands()
    {
        Command<CheckStarRefund>(asked => Sender.Tell(new StarRefundCheckReply(asked.ChargeId,
            Subscriptions.CheckRefund(asked.ChargeId, _state.Ledger) ?? Payments.CheckRefund(asked.ChargeId, _state.Ledger))));
        Command<RecordStarRefund>(OnRecordStarRefund);
        ReceiveSubscriptions();
    }

    /// <summary>
    /// A payment update's events (to write with the update's id) and what to send once they are written. Payments are
    /// taken whatever the user's state: a banned or blocked user's money is never lost (a banned user's pre-checkout is refused).
    /// </summary>
    private Action DecidePaymentUpdate(IncomingUpdate update, List<IUserEvent> events, DateTimeOffset now)
    {
        var payment = update.Payment!;
        var language = LanguageFor(update.LanguageCode);
        if (_state.Blocked && update.Kind != UpdateKind.PreCheckoutQuery)
        {
            events.Add(new BlockedChanged(false, now)); // a payment message comes from the chat: the bot is not blocked
        }

        switch (update.Kind)
        {
            case UpdateKind.PreCheckoutQuery when DecideSubscriptionPreCheckout(payment, language) is { } subscriptionCheckout:
                return subscriptionCheckout;
            case UpdateKind.PreCheckoutQuery:
                var verdict = PreCheckoutVerdict.Decide(payment.Payload, payment.Currency, payment.TotalAmount, PaymentSettings.Packs, _state.Banned);
                if (!verdict.IsOk)
                {
                    _log.Info("Pre-checkout of user {UserId} refused: {Refusal}", _userId, verdict.Refusal);
                }

                return () => Reply(new OutboundMessage.AnswerPreCheckout(payment.PreCheckoutQueryId!, verdict.IsOk ? null : PaymentTexts.Refusal(language, verdict.Refusal!.Value)));

            case UpdateKind.SuccessfulPayment when DecideSubscriptionPayment(payment, events, language, now) is { } subscriptionPaid:
                return subscriptionPaid;
            case UpdateKind.SuccessfulPayment:
                var taken = Payments.Take(payment, _state.Ledger, now);
                events.AddRange(taken.Events.Select(e => (IUserEvent)new PaymentRecorded(e)));
                events.AddRange(taken.LedgerEvents.Select(e => (IUserEvent)new LedgerRecorded(e)));
                return taken.Taken switch
                {
                    PaymentTaken.Credited => () =>
                    {
                        _log.Info("User {UserId} paid {Stars} stars for {Credits} credits, charge {ChargeId}", _userId, taken.Charge!.Stars, taken.Charge.Credits, payment.ChargeId);
                        Thank(payment.ChargeId!, taken.Charge.Credits, language);
                    },
                    PaymentTaken.Unmatched => () =>
                    {
                        _log.Warning("User {UserId} paid {Amount} {Currency} with an unmatched payload, charge {ChargeId}", _userId, payment.TotalAmount, payment.Currency, payment.ChargeId);
                        Reply(new OutboundMessage.SendScreen(new Screen(PaymentTexts.UnmatchedToUser(language), null)));
                        var alert = PaymentTexts.UnmatchedAlert(_ports.Settings.DefaultLanguage, _userId, payment.ChargeId!, payment.TotalAmount, payment.Currency, payment.Payload);
                        foreach (var admin in _ports.Settings.AdminIds)
                        {
                            AlertAdmin(admin, alert);
                        }
                    },
                    _ => () => { },
                };

            default: // RefundedPayment: Telegram says the charge was refunded (by /refund here, or elsewhere)
                var refund = DecideStarRefund(payment.ChargeId!, "refunded_payment", "telegram", now);
                events.AddRange(refund.Events);
                return refund.Events.Count == 0 ? () => { } : () => TellRefunded(refund.Check);
        }
    }

    /// <summary>The payment desk's decision for an input, or null when the input is the conversation's.</summary>
    private PaymentDeskDecision? DecidePaymentDesk(ConversationInput input, string? languageCode, DateTimeOffset now)
    {
        if (DecideSubscriptionDesk(input, languageCode) is { } subscription)
        {
            _termsShownOn = null; // any other input may have changed what that message shows
            return subscription;
        }

        var decision = PaymentDesk.Decide(input, PaymentSettings, Payments, LanguageFor(languageCode), _state.Ledger.Available, _state.Conversation.Step,
            draft => _state.Conversation.FindOrderByDraft(draft) is not null, now, _termsShownOn);
        _termsShownOn = decision?.TermsShownOn; // any other input may have changed what that message shows
        return decision;
    }

    /// <summary>
    /// Telegram refunded a charge: a subscription's period or a pack, its credits taken back once (never below zero). No
    /// events for a charge unknown or refunded already.
    /// </summary>
    private (List<IUserEvent> Events, RefundCheck Check) DecideStarRefund(string chargeId, string reason, string by, DateTimeOffset now)
    {
        if (Subscriptions.RecordRefund(chargeId, reason, by, _state.Ledger, now) is { } period)
        {
            return ([.. period.Events.Select(e => (IUserEvent)new SubscriptionRecorded(e)), .. period.LedgerEvents.Select(e => (IUserEvent)new LedgerRecorded(e))], period.Check);
        }

        var pack = Payments.RecordRefund(chargeId, reason, by, _state.Ledger, now);
        return ([.. pack.Events.Select(e => (IUserEvent)new PaymentRecorded(e)), .. pack.LedgerEvents.Select(e => (IUserEvent)new LedgerRecorded(e))], pack.Check);
    }

    private void OnRecordStarRefund(RecordStarRefund command)
    {
        var (events, check) = DecideStarRefund(command.ChargeId, command.Reason, command.By, Now);
        var sender = Sender;
        PersistAllThen(events, () =>
        {
            var changed = events.Count > 0;
            if (changed)
            {
                _log.Info("Charge {ChargeId} of user {UserId} refunded by {By}: {Credits} credits taken back", command.ChargeId, _userId, command.By, check.Takeable);
                TellRefunded(check);
            }

            sender.Tell(new StarRefundRecordedReply(command.ChargeId, changed, check, changed ? check.Takeable : 0, _state.Ledger.Balance));
        });
    }

    /// <summary>
    /// The thank-you with the new balance. Its outcome comes back (<see cref="OnThanksDelivered"/>): once it reached the chat
    /// that is recorded; a crash before then sends it again after recovery, so a paying user always hears back.
    /// </summary>
    private void Thank(string chargeId, long credits, Language language)
    {
        _firstReply.ReplyHanded();
        var screen = new Screen(PaymentTexts.ThankYou(language, credits, _state.Ledger.Available), Keyboards.MenuOnly(UiTexts.For(language)));
        Deliver(ChatId, new OutboundMessage.SendScreen(screen), DeliveryId.PaymentThanks(chargeId), TrafficClass.Reply);
    }

    /// <summary>After recovery: thank-yous (and an end notice) a crash kept from the chat.</summary>
    private void ThankAgain()
    {
        ThankSubscriptionsAgain();
        TellSubscriptionEnded();
        foreach (var chargeId in Payments.Unthanked)
        {
            Thank(chargeId, Payments.Charges[chargeId].Credits, LanguageFor(null));
        }
    }

    private void OnThanksDelivered(Delivered delivered)
    {
        var chargeId = delivered.DeliveryId.OrderId;
        if (Subscriptions.Charges.TryGetValue(chargeId, out var period))
        {
            RecordNoticeOutcome(delivered, period.Thanked ? null : new SubscriptionRecorded(new SubscriptionThanked(chargeId, Now)));
            return;
        }

        RecordNoticeOutcome(delivered, Payments.Charges.TryGetValue(chargeId, out var charge) && !charge.Thanked ? new PaymentRecorded(new PaymentThanked(chargeId, Now)) : null);
    }

    /// <summary>
    /// The outcome of a notice sent again after a crash until it reached the chat (a thank-you, an end notice): a blocked
    /// chat is recorded, and <paramref name="told"/> (null when recorded already) once the notice was sent or refused for
    /// good; a transient failure waits for the next recovery.
    /// </summary>
    private void RecordNoticeOutcome(Delivered delivered, IUserEvent? told)
    {
        var events = new List<IUserEvent>();
        if (delivered.Outcome is SendOutcome.Blocked && !_state.Blocked)
        {
            events.Add(new BlockedChanged(true, Now));
        }

        if (delivered.Outcome is not SendOutcome.Transient && told is not null)
        {
            events.Add(told);
        }

        PersistAllThen(events, () => { });
    }

    private void TellRefunded(RefundCheck check) =>
        Reply(new OutboundMessage.SendScreen(new Screen(PaymentTexts.RefundedToUser(LanguageFor(null), check.Stars, check.Takeable, _state.Ledger.Available), null)));
}
