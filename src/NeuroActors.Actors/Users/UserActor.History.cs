using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Users;

// /history's entries, rendered from the order book this actor keeps, and their results sent again by Telegram's file ids.
public sealed partial class UserActor
{
    /// <summary>Any order the book keeps, as the conversation repeats it (with its model's name, for a model since gone).</summary>
    private RecentOrder? LookupOrder(string orderId) =>
        _state.Orders.Find(orderId) is { } order
            ? new RecentOrder(order.OrderId, -1, order.Opened.ModelId, order.Opened.Prompt, order.Opened.ImageFileId, order.Opened.Variants,
                order.Opened.UnitPrice, order.Opened.At, order.Opened.Media, order.Opened.ModelName)
            : null;

    private void ShowHistoryEntry(ConversationEffect.ShowHistoryEntry request)
    {
        var t = UiTexts.For(request.Language);
        var screen = _state.Orders.Find(request.OrderId) is { } order
            ? HistoryView.Entry(t, DetailOf(order, request.Language), request.BackPage, _ports.Settings.HistoryUtcOffset(request.Language))
            : new Screen(HistoryTexts.NotFound(request.Language, UiTexts.OrderTag(request.OrderId)), Keyboards.MenuOnly(t));
        Reply(new OutboundMessage.EditScreen(request.MessageId, screen));
    }

    private HistoryDetail DetailOf(TrackedOrder order, Language language) => new(
        order.ToHistoryEntry(),
        order.Opened.Prompt,
        order.Opened.UnitPrice,
        order.ResultFileIds?.Count ?? 0,
        order.Opened.TextResult == true,
        order.Opened.Media,
        order.Opened.ImageFileId,
        OptionsShown(order.Opened.ModelId, order.Opened.Options, language),
        order.Opened.FreeVariants ?? 0);

    /// <summary>The order's options as the menu labels them today; their stored values when the model has left the menu.</summary>
    private IReadOnlyDictionary<string, string>? OptionsShown(string modelId, OptionChoices options, Language language) =>
        options.Count == 0 ? null
        : _ports.Menu.Current.FindById(modelId) is { Options.Count: > 0 } model ? DraftOptions.Labels(model, options, language)
        : options;

    /// <summary>The results again: media by the file ids Telegram gave when they were first sent (no new download), a transcript as text.</summary>
    private void ResendResults(ConversationEffect.ResendResults request)
    {
        if (_state.Orders.Find(request.OrderId) is not { } order)
        {
            Reply(new OutboundMessage.SendScreen(new Screen(HistoryTexts.NotFound(request.Language, UiTexts.OrderTag(request.OrderId)), null)));
            return;
        }

        var messages = ResultResend.Messages(order);
        if (messages.Count == 0)
        {
            Reply(new OutboundMessage.SendScreen(new Screen(HistoryTexts.NothingToResend(request.Language), null)));
            return;
        }

        foreach (var message in messages)
        {
            Deliver(ChatId, message, DeliveryId.None, TrafficClass.Result);
        }
    }
}
