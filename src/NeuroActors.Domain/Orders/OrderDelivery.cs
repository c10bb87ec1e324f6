using System.Collections.Immutable;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Orders;

/// <summary>One send the delivery asks for: the message and the id its outcome comes back with.</summary>
public sealed record OrderSend(OutboundMessage Message, DeliveryId Id);

/// <summary>What a delivery decided: the delivery to keep, what to send (after the events are persisted), the events.</summary>
public sealed record DeliveryStep(OrderDelivery Delivery, IReadOnlyList<OrderSend> Sends, IReadOnlyList<OrderEvent> Events)
{
    /// <summary>The order reached the chat (or has nobody to reach): its jobs are settled and the delivery is over.</summary>
    public bool Completes => Events.Any(e => e is OrderDelivered);
}

/// <summary>
/// Takes a settled order to its chat, as a pure decider: the results first (one media, or albums of up to ten), then,
/// once Telegram has reported every one of them, the closing message ("Ready" with what next, or the failure notice),
/// and the order is delivered when that is reported. A file too large for Telegram becomes a link valid as long as KIE
/// keeps it; inside an album, the album is resent one by one so that only that file becomes a link.
/// </summary>
/// <remarks>
/// The sends under way are all it holds, and it is not persisted: after a crash <see cref="Begin"/> starts again after
/// the parts recorded as delivered (<see cref="OrderPartDelivered"/>), so at most a part whose send was under way
/// reaches the chat twice.
/// </remarks>
/// <param name="OrderId">The order being delivered.</param>
/// <param name="ResultsInFlight">Result sends not reported yet, with their items (to resend one by one if too large).</param>
public sealed record OrderDelivery(string OrderId, ImmutableDictionary<DeliveryId, IReadOnlyList<MediaItem>> ResultsInFlight)
{
    /// <summary>KIE's result URLs "typically expire after 24 hours" (contracts/kie-api.md): a link is promised for that long.</summary>
    public static readonly TimeSpan ResultLinksValidFor = TimeSpan.FromHours(24);

    /// <summary>
    /// Starts delivering a settled order: the result parts not yet delivered (announced by a chat action), or, when the
    /// chat has them all, the closing message. A blocked chat, or an order whose every variant was cancelled (its status
    /// message shows that and the refund), is delivered at once with nothing sent.
    /// </summary>
    public static DeliveryStep Begin(TrackedOrder order, bool chatBlocked, DateTimeOffset now)
    {
        var delivery = new OrderDelivery(order.OrderId, ImmutableDictionary<DeliveryId, IReadOnlyList<MediaItem>>.Empty);
        if (chatBlocked || order.Outcomes.Values.All(o => o.Stage == VariantStage.Cancelled))
        {
            return delivery.Finish(now);
        }

        var parts = ResultMedia.Parts(order);
        if (parts.Count <= order.PartsDelivered)
        {
            return delivery.Close(order, [], []);
        }

        var sends = new List<OrderSend> { new(new OutboundMessage.ChatAction(ResultMedia.UploadAction(order.Opened.Kind)), DeliveryId.None) };
        for (var part = order.PartsDelivered + 1; part <= parts.Count; part++)
        {
            delivery = delivery.Sending(DeliveryId.ResultPart(order.OrderId, part), parts[part - 1], sends);
        }

        return new DeliveryStep(delivery, sends, []);
    }

    /// <summary>
    /// The outbox reported the send <paramref name="id"/>: a part the chat took is recorded (whatever Telegram said, it
    /// will not take it better a second time); a too-large album goes again one by one; a too-large file becomes a link;
    /// after the last result, the closing message; after the closing message, the order is delivered. In a blocked chat
    /// nothing more can arrive, so any report ends the delivery.
    /// </summary>
    public DeliveryStep OnReported(TrackedOrder order, DeliveryId id, SendOutcome outcome, bool chatBlocked, DateTimeOffset now)
    {
        var unchanged = new DeliveryStep(this, [], []);
        if (id.OrderId != OrderId || order.OrderId != OrderId)
        {
            return unchanged;
        }

        if (id.Kind == DeliveryKind.Closing)
        {
            return Finish(now);
        }

        if (id.Kind != DeliveryKind.ResultPart || !ResultsInFlight.TryGetValue(id, out var items))
        {
            return unchanged;
        }

        var rest = this with { ResultsInFlight = ResultsInFlight.Remove(id) };
        if (chatBlocked)
        {
            return rest.Finish(now);
        }

        var sends = new List<OrderSend>();
        switch (outcome)
        {
            case SendOutcome.TooLarge when items.Count > 1:
                for (var item = 1; item <= items.Count; item++)
                {
                    rest = rest.Sending(id with { Item = item }, [items[item - 1]], sends);
                }

                return new DeliveryStep(rest, sends, []);
            case SendOutcome.TooLarge tooLarge:
                var link = OrderMessages.AsLink(UiTexts.For(order.Opened.Language), tooLarge.Url, tooLarge.SizeBytes, ResultLinksValidFor);
                sends.Add(new OrderSend(new OutboundMessage.SendScreen(link), DeliveryId.None));
                break;
        }

        var partDone = id.Part > order.PartsDelivered && !rest.ResultsInFlight.Keys.Any(k => k.Part == id.Part);
        var fileIds = outcome is SendOutcome.Sent { FileIds: { Count: > 0 } ids } && order.Opened.TextResult != true ? ids : null;
        List<OrderEvent> events = partDone ? [new OrderPartDelivered(OrderId, id.Part, now, fileIds)] : [];
        return rest.ResultsInFlight.IsEmpty ? rest.Close(order, sends, events) : new DeliveryStep(rest, sends, events);
    }

    /// <summary>"Ready" with 🔁 Make another, or, when nothing succeeded, the failure notice of the first failed variant.</summary>
    public static Screen ClosingMessage(TrackedOrder order)
    {
        var t = UiTexts.For(order.Opened.Language);
        if (order.DoneCount > 0)
        {
            return OrderMessages.Ready(t, order.OrderId, order.DoneCount, order.Opened.Variants);
        }

        var failed = order.Outcomes.OrderBy(o => o.Key).Select(o => o.Value).First(o => o.Stage == VariantStage.Failed);
        var back = order.Opened.UnitPrice * order.Outcomes.Values.Count(o => o.Stage != VariantStage.Done);
        return OrderMessages.Failure(t, order.OrderId, failed.FailureTextKey ?? FailureTextKeys.Unknown, new FailureNoticeArgs(order.OrderId, back, failed.Attempts));
    }

    private OrderDelivery Sending(DeliveryId id, IReadOnlyList<MediaItem> items, List<OrderSend> sends)
    {
        sends.Add(new OrderSend(ResultMedia.Message(items), id));
        return this with { ResultsInFlight = ResultsInFlight.Add(id, items) };
    }

    private DeliveryStep Close(TrackedOrder order, List<OrderSend> sends, IReadOnlyList<OrderEvent> events) =>
        new(this, [.. sends, new OrderSend(new OutboundMessage.SendScreen(ClosingMessage(order)), DeliveryId.Closing(OrderId))], events);

    private DeliveryStep Finish(DateTimeOffset now) => new(this, [], [new OrderDelivered(OrderId, now)]);
}
