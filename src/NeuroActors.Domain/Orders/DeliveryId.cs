namespace NeuroActors.Domain.Orders;

/// <summary>What a send to a chat is for, as far as the sender needs to hear back about it.</summary>
public enum DeliveryKind
{
    /// <summary>Nobody waits for this send's outcome (a reply, a status edit, a link, an admin alert).</summary>
    None,

    /// <summary>One result message of an order: a media, an album, or one item of an album resent alone.</summary>
    ResultPart,

    /// <summary>An order's closing message ("Ready" or the failure notice); the order is delivered once it is reported.</summary>
    Closing,

    /// <summary>A broadcast's send: <see cref="DeliveryId.Part"/> 0 is its progress message in the admin's chat, n the copy for its n-th recipient (appended: the values may be stored).</summary>
    Broadcast,

    /// <summary>The thank-you for a paid pack; <see cref="DeliveryId.OrderId"/> holds the charge id (appended).</summary>
    PaymentThanks,

    /// <summary>The notice that a subscription ended; <see cref="DeliveryId.OrderId"/> holds the subscription id (appended).</summary>
    SubscriptionEnd,
}

/// <summary>
/// Names a send so that its outcome (the outbox's <c>Delivered</c>) finds the delivery it belongs to. A value, never built
/// from or read back out of a string; the outbox carries it without looking inside.
/// </summary>
/// <param name="Kind">What the send is for.</param>
/// <param name="OrderId">The order it belongs to (empty for <see cref="DeliveryKind.None"/>).</param>
/// <param name="Part">1-based result message of the order (<see cref="DeliveryKind.ResultPart"/> only).</param>
/// <param name="Item">1-based item of an album resent alone; 0 for the whole part.</param>
public sealed record DeliveryId(DeliveryKind Kind, string OrderId, int Part = 0, int Item = 0)
{
    public static DeliveryId None { get; } = new(DeliveryKind.None, string.Empty);

    public static DeliveryId ResultPart(string orderId, int part, int item = 0) => new(DeliveryKind.ResultPart, orderId, part, item);

    public static DeliveryId Closing(string orderId) => new(DeliveryKind.Closing, orderId);

    /// <summary>A broadcast's copy for the recipient at 0-based <paramref name="index"/> of its audience (<see cref="Part"/> is 1-based).</summary>
    public static DeliveryId BroadcastCopy(long broadcastId, int index) => new(DeliveryKind.Broadcast, BroadcastKey(broadcastId), index + 1);

    /// <summary>A broadcast's progress message in the admin's chat (<see cref="Part"/> 0).</summary>
    public static DeliveryId BroadcastProgress(long broadcastId) => new(DeliveryKind.Broadcast, BroadcastKey(broadcastId));

    /// <summary>The thank-you for the pack paid with <paramref name="chargeId"/>.</summary>
    public static DeliveryId PaymentThanks(string chargeId) => new(DeliveryKind.PaymentThanks, chargeId);

    /// <summary>The notice that the subscription <paramref name="subscriptionId"/> ended.</summary>
    public static DeliveryId SubscriptionEnd(string subscriptionId) => new(DeliveryKind.SubscriptionEnd, subscriptionId);

    private static string BroadcastKey(long broadcastId) => "broadcast-" + broadcastId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
