using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Payments;

/// <summary>
/// What the payment desk makes of a user's input: messages to send, events to write, and, after an "✅ I agree", the
/// order confirmation to hand on to the conversation (<see cref="ThenConfirm"/>). <see cref="TermsShownOn"/> is the message
/// that shows the terms after this input (null: none that is known), for the next Generate tapped there (see <see cref="PaymentDesk.Decide"/>).
/// </summary>
public sealed record PaymentDeskDecision(
    IReadOnlyList<OutboundMessage> Replies, IReadOnlyList<PaymentEvent> Events, ConversationInput.ButtonTapped? ThenConfirm = null, long? TermsShownOn = null);

/// <summary>
/// The payment side of the conversation, decided before the <see cref="ConversationMachine"/> sees an input: /buy, the top-up
/// buttons and invoices, /paysupport, /terms, and the terms consent before the first order. Pure: the user's actor
/// persists the events and sends the replies. Null for any input that is not the desk's.
/// </summary>
public static class PaymentDesk
{
    /// <param name="step">Where the conversation stands (a consent is asked only for the draft being confirmed).</param>
    /// <param name="orderPlacedFor">Whether the draft with this number already became an order (a double tap on ✅ Generate).</param>
    /// <param name="termsShownOn">
    /// The message the terms were last put on, when known: a second Generate from it (a double tap) is only answered,
    /// since editing a message into what it shows is refused by Telegram ("message is not modified").
    /// </param>
    public static PaymentDeskDecision? Decide(
        ConversationInput input, PaymentSettings settings, PaymentBook book, Language language, long available,
        ConversationStep step, Func<long, bool> orderPlacedFor, DateTimeOffset now, long? termsShownOn = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(orderPlacedFor);
        var t = UiTexts.For(language);
        switch (input)
        {
            case ConversationInput.Command { Name: "buy" or "topup" }:
                return Reply(new OutboundMessage.SendScreen(Packs(settings, language, available)));
            case ConversationInput.Command { Name: "paysupport" }:
                return Reply(new OutboundMessage.SendScreen(new Screen(settings.Support(language), Keyboards.MenuOnly(t))));
            case ConversationInput.Command { Name: "terms" }:
                return Reply(new OutboundMessage.SendScreen(new Screen(settings.Terms(language), Keyboards.MenuOnly(t))));
            case ConversationInput.ButtonTapped { Action: CallbackAction.OpenTopUp } tap:
                return Reply(
                    new OutboundMessage.AnswerCallback(tap.CallbackQueryId),
                    new OutboundMessage.EditScreen(tap.MessageId, Packs(settings, language, available)));
            case ConversationInput.ButtonTapped { Action: CallbackAction.BuyPack buy } tap:
                if (settings.Packs.Find(buy.Credits, buy.Stars) is not { } pack)
                {
                    // The packs changed since this keyboard was shown: show the current ones.
                    return Reply(
                        new OutboundMessage.AnswerCallback(tap.CallbackQueryId, t.OutdatedToast),
                        new OutboundMessage.EditScreen(tap.MessageId, Packs(settings, language, available)));
                }

                return Reply(new OutboundMessage.AnswerCallback(tap.CallbackQueryId), Invoice(pack, language));
            case ConversationInput.ButtonTapped { Action: CallbackAction.Confirm confirm } tap
                when settings.TermsConsent && !book.TermsAccepted && IsConfirmable(step, confirm.Draft) && !orderPlacedFor(confirm.Draft):
                if (termsShownOn == tap.MessageId)
                {
                    return new PaymentDeskDecision([new OutboundMessage.AnswerCallback(tap.CallbackQueryId, PaymentTexts.AgreeFirstToast(language))], [], TermsShownOn: tap.MessageId);
                }

                return new PaymentDeskDecision(
                    [new OutboundMessage.AnswerCallback(tap.CallbackQueryId), new OutboundMessage.EditScreen(tap.MessageId, Consent(settings, language, confirm.Draft))],
                    [],
                    TermsShownOn: tap.MessageId);
            case ConversationInput.ButtonTapped { Action: CallbackAction.AcceptTerms accept } tap:
                // Agreeing is recorded once; the tap then goes on as the ✅ Generate it stood in for (the conversation
                // decides whether that draft can still be ordered).
                var confirmTap = tap with { Action = new CallbackAction.Confirm(accept.Draft) };
                return new PaymentDeskDecision([], book.TermsAccepted ? [] : [new TermsAccepted(now)], confirmTap);
            default:
                return null;
        }
    }

    /// <summary>The invoice of one pack: XTR, one price, the pack named in the payload.</summary>
    public static OutboundMessage.SendInvoice Invoice(TopUpPack pack, Language language) =>
        new(PaymentTexts.InvoiceTitle(language, pack), PaymentTexts.InvoiceDescription(language, pack), InvoicePayload.ForTopUp(pack),
            pack.Stars, PaymentTexts.InvoiceLabel(language, pack));

    /// <summary>The packs on sale, one button each, and the way home.</summary>
    public static Screen Packs(PaymentSettings settings, Language language, long available)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var t = UiTexts.For(language);
        var rows = settings.Packs.All
            .Select(p => new[] { InlineButton.For(PaymentTexts.PackButton(language, p), new CallbackAction.BuyPack(p.Credits, p.Stars)) })
            .Append([InlineButton.For(t.MenuButton, CallbackAction.OpenMainMenu.Instance)]);
        return new Screen(PaymentTexts.PacksScreen(language, available), new InlineKeyboard(rows.ToArray()));
    }

    /// <summary>The terms with "✅ I agree" (which places the order) and the way back to the variants.</summary>
    public static Screen Consent(PaymentSettings settings, Language language, long draft)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var t = UiTexts.For(language);
        return new Screen(PaymentTexts.ConsentScreen(language, settings.Terms(language)), InlineKeyboard.Of(
            [InlineButton.For(PaymentTexts.AgreeButton(language), new CallbackAction.AcceptTerms(draft))],
            [InlineButton.For(t.BackButton, new CallbackAction.BackToVariants(draft)), InlineButton.For(t.MenuButton, CallbackAction.OpenMainMenu.Instance)]));
    }

    private static bool IsConfirmable(ConversationStep step, long draft) => step is ConversationStep.Confirming { Current.Number: var number } && number == draft;

    private static PaymentDeskDecision Reply(params OutboundMessage[] replies) => new(replies, []);
}
