using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Payments;

/// <summary>The subscription invoice as createInvoiceLink takes it: XTR, one price, 30 days, the plan named in the payload.</summary>
public sealed record SubscriptionInvoice(string Title, string Description, string Payload, long Stars, string Label)
{
    public int PeriodSeconds => SubscriptionPlan.PeriodSeconds;
}

/// <summary>A Bot API call the /subscription screen needs before it can answer; the user's actor makes it after the update is written.</summary>
public abstract record SubscriptionCall(Language Language)
{
    /// <summary>createInvoiceLink for the plan; the offer (with the link) is then sent, or <paramref name="EditMessageId"/> edited.</summary>
    public sealed record MakeLink(SubscriptionPlan Plan, Language Language, long? EditMessageId) : SubscriptionCall(Language);

    /// <summary>editUserStarSubscription; once Telegram confirms, recorded and the screen <paramref name="MessageId"/> shows the new state.</summary>
    public sealed record SetCanceled(string SubscriptionId, bool Canceled, Language Language, long MessageId) : SubscriptionCall(Language);
}

/// <summary>What the subscription desk makes of an input: messages to send now, and a call to make first (then its answer is shown).</summary>
public sealed record SubscriptionDeskDecision(IReadOnlyList<OutboundMessage> Replies, SubscriptionCall? Call = null);

/// <summary>
/// /subscription and its buttons, decided before the conversation sees an input. Pure: with no subscription it asks for the
/// plan's link (the actor calls Telegram and then shows <see cref="Offer"/>); with one it shows the state, the renewal (or
/// end) date and ✖️ Cancel (with a confirm step) or ▶️ Resume. Null for any input that is not the desk's.
/// </summary>
public static class SubscriptionDesk
{
    public static SubscriptionDeskDecision? Decide(ConversationInput input, SubscriptionPlan? plan, SubscriptionBook book, Language language)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(book);
        var running = book.Running;
        switch (input)
        {
            case ConversationInput.Command { Name: "subscription" or "subscribe" }:
                return Show(plan, running, language, null, null);
            case ConversationInput.ButtonTapped { Action: CallbackAction.Subscription subscription } tap:
                var answer = new OutboundMessage.AnswerCallback(tap.CallbackQueryId);
                return subscription.Tap switch
                {
                    SubscriptionTap.Cancel when running is { Canceled: false } =>
                        new([answer, new OutboundMessage.EditScreen(tap.MessageId, ConfirmCancel(running, language))]),
                    SubscriptionTap.ConfirmCancel when running is { Canceled: false } =>
                        new([answer], new SubscriptionCall.SetCanceled(running.Id, true, language, tap.MessageId)),
                    SubscriptionTap.Resume when running is { Canceled: true } =>
                        new([answer], new SubscriptionCall.SetCanceled(running.Id, false, language, tap.MessageId)),
                    _ => Show(plan, running, language, tap.MessageId, answer), // Open, or a button the state has moved past
                };
            default:
                return null;
        }
    }

    /// <summary>The plan's invoice for createInvoiceLink.</summary>
    public static SubscriptionInvoice Invoice(SubscriptionPlan plan, Language language)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(SubscriptionTexts.InvoiceTitle(language, plan), SubscriptionTexts.InvoiceDescription(language, plan), SubscriptionPayload.For(plan),
            plan.Stars, SubscriptionTexts.InvoiceLabel(language, plan));
    }

    /// <summary>No subscription: the plan and the ⭐ Subscribe link Telegram made for it.</summary>
    public static Screen Offer(SubscriptionPlan plan, Language language, string link)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var t = UiTexts.For(language);
        return new Screen(SubscriptionTexts.Offer(language, plan), InlineKeyboard.Of(
            [InlineButton.Link(SubscriptionTexts.SubscribeButton(language, plan), link)],
            [InlineButton.For(t.MenuButton, CallbackAction.OpenMainMenu.Instance)]));
    }

    /// <summary>A running subscription: its plan and next renewal with ✖️ Cancel, or its end date with ▶️ Resume once cancelled.</summary>
    public static Screen State(Subscription subscription, Language language)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var t = UiTexts.For(language);
        var action = subscription.Canceled
            ? InlineButton.For(SubscriptionTexts.ResumeButton(language), new CallbackAction.Subscription(SubscriptionTap.Resume))
            : InlineButton.For(SubscriptionTexts.CancelButton(language), new CallbackAction.Subscription(SubscriptionTap.Cancel));
        return new Screen(
            subscription.Canceled ? SubscriptionTexts.Canceled(language, subscription) : SubscriptionTexts.Active(language, subscription),
            InlineKeyboard.Of([action], [InlineButton.For(t.MenuButton, CallbackAction.OpenMainMenu.Instance)]));
    }

    public static Screen NotOffered(Language language) => new(SubscriptionTexts.NotOffered(language), Keyboards.MenuOnly(UiTexts.For(language)));

    private static Screen ConfirmCancel(Subscription subscription, Language language) =>
        new(SubscriptionTexts.ConfirmCancel(language, subscription), InlineKeyboard.Of(
            [InlineButton.For(SubscriptionTexts.ConfirmCancelButton(language), new CallbackAction.Subscription(SubscriptionTap.ConfirmCancel))],
            [InlineButton.For(SubscriptionTexts.KeepButton(language), new CallbackAction.Subscription(SubscriptionTap.Open))]));

    private static SubscriptionDeskDecision Show(SubscriptionPlan? plan, Subscription? running, Language language, long? editMessageId, OutboundMessage? answer)
    {
        var replies = new List<OutboundMessage>();
        if (answer is not null)
        {
            replies.Add(answer);
        }

        if (running is null && plan is not null)
        {
            return new(replies, new SubscriptionCall.MakeLink(plan, language, editMessageId));
        }

        var screen = running is not null ? State(running, language) : NotOffered(language);
        replies.Add(editMessageId is { } messageId ? new OutboundMessage.EditScreen(messageId, screen) : new OutboundMessage.SendScreen(screen));
        return new(replies);
    }
}

/// <summary>The Bot API's subscription methods, as the user actor needs them (the Telegram adapter implements them).</summary>
public interface IStarSubscriptions
{
    /// <summary>createInvoiceLink with subscription_period; the link, or null when Telegram refused or could not be reached. Never throws for Telegram's answers.</summary>
    Task<string?> CreateLinkAsync(SubscriptionInvoice invoice, CancellationToken cancel);

    /// <summary>editUserStarSubscription(user_id, telegram_payment_charge_id, is_canceled); true when Telegram confirmed. Never throws for Telegram's answers.</summary>
    Task<bool> SetCanceledAsync(long userId, string subscriptionId, bool canceled, CancellationToken cancel);
}
