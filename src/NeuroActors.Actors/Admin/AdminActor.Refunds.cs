using Akka.Actor;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Admin;

/// <summary>
/// /refund &lt;charge id&gt; [reason]: finds the payer on the read side, asks the payer's actor where the charge stands, calls
/// refundStarPayment once, then has the payer's actor take the pack's credits back (never below zero) and tell the user.
/// A charge already refunded is answered from the payer's state without calling Telegram; a refund whose credits were
/// partly spent waits for the admin's confirmation. Telegram's CHARGE_ALREADY_REFUNDED (an earlier try whose answer was
/// lost) still records the refund, so a crash between the call and the record is repaired by typing /refund again.
/// </summary>
public sealed partial class AdminActor
{
    /// <summary>The /refund requests an admin may still confirm, by the update id their buttons carry; lost in a restart (type it again).</summary>
    private readonly Dictionary<long, AdminRequest.Refund> _refundsToConfirm = [];

    private void OnRefundRequest(IncomingUpdate update, AdminRequest.Refund refund, Language language, IActorRef sender, IEnumerable<IAdminEvent> leave)
    {
        if (_refundsToConfirm.Count >= 100)
        {
            _refundsToConfirm.Clear();
        }

        _refundsToConfirm[update.UpdateId] = refund;
        Handle(update, sender, leave, () => Pipe(RefundAsync(update.UpdateId, refund, language, confirmed: false), language));
    }

    private void OnRefundButton(IncomingUpdate update, string queryId, CallbackAction.Admin button, Language language, IActorRef sender)
    {
        if (!_refundsToConfirm.Remove(button.Argument, out var refund))
        {
            Tapped(update, queryId, sender, null, AdminTexts.Outdated(language));
            return;
        }

        var messageId = update.MessageId;
        if (button.Command == AdminCommand.CancelRefund)
        {
            Tapped(update, queryId, sender, () => Send(messageId is { } id
                ? new OutboundMessage.EditScreen(id, new Screen(PaymentTexts.RefundCancelled(language), null))
                : new OutboundMessage.SendScreen(new Screen(PaymentTexts.RefundCancelled(language), null))));
            return;
        }

        Tapped(update, queryId, sender, () => Pipe(RefundAsync(button.Argument, refund, language, confirmed: true), language));
    }

    private async Task<Answer> RefundAsync(long token, AdminRequest.Refund refund, Language language, bool confirmed)
    {
        var chargeId = refund.ChargeId;
        if (_ports.ReadSide is not { } readSide || _ports.StarRefunds is not { } telegram)
        {
            return Show(PaymentTexts.RefundUnavailable(language));
        }

        if (await readSide.UserIdByChargeIdAsync(chargeId, CancellationToken.None) is not { } userId)
        {
            return Show(PaymentTexts.RefundUnknownCharge(language, chargeId));
        }

        var check = (await Users().Ask<StarRefundCheckReply>(new CheckStarRefund(userId, chargeId), AskTimeout)).Check;
        switch (check.Standing)
        {
            case RefundStanding.Unknown:
                return Show(PaymentTexts.RefundUnknownCharge(language, chargeId));
            case RefundStanding.AlreadyRefunded:
                return Show(PaymentTexts.RefundAlready(language, chargeId));
            case RefundStanding.ReadyWithShortfall when !confirmed:
                var keyboard = InlineKeyboard.Of([
                    InlineButton.For(PaymentTexts.RefundConfirmButton(language), new CallbackAction.Admin(AdminCommand.ConfirmRefund, token)),
                    InlineButton.For(PaymentTexts.RefundCancelButton(language), new CallbackAction.Admin(AdminCommand.CancelRefund, token)),
                ]);
                return new Answer([new OutboundMessage.SendScreen(new Screen(
                    PaymentTexts.RefundConfirm(language, chargeId, userId, check.Credits, check.Takeable, check.Shortfall), keyboard))], null, null);
        }

        var (result, error) = await telegram.RefundAsync(userId, chargeId, CancellationToken.None);
        switch (result)
        {
            case StarRefundResult.Refunded or StarRefundResult.AlreadyRefunded:
                var recorded = await Users().Ask<StarRefundRecordedReply>(new RecordStarRefund(userId, chargeId, refund.Reason, "admin:" + Id(_adminId)), AskTimeout);
                if (result == StarRefundResult.AlreadyRefunded && !recorded.Changed)
                {
                    return Show(PaymentTexts.RefundAlready(language, chargeId));
                }

                // Telegram's refunded_payment message may have been recorded first: the figures are the check's then.
                var taken = recorded.Changed ? recorded.CreditsTaken : check.Takeable;
                var shortfall = recorded.Changed ? recorded.Check.Shortfall : check.Shortfall;
                return Show(PaymentTexts.RefundDone(language, chargeId, userId, check.Stars, taken, shortfall));
            case StarRefundResult.NotFound:
                return Show(PaymentTexts.RefundUnknownCharge(language, chargeId));
            default:
                return Show(PaymentTexts.RefundFailed(language, chargeId, error ?? "error"));
        }
    }
}
