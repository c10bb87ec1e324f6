using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Actors.Outbox;

/// <summary>Send <see cref="Message"/> to a chat after everything queued for it before. The sender gets a <see cref="Delivered"/>.</summary>
/// <remarks>
/// Node-local: user actors hand their chat's messages to the outbox of the node they run on. <see cref="DeliveryId"/> is
/// the sender's own name for the send (<see cref="Domain.Orders.DeliveryId.None"/> when nobody waits for it); the outbox
/// only hands it back.
/// </remarks>
public sealed record Deliver(long ChatId, OutboundMessage Message, DeliveryId DeliveryId, TrafficClass Traffic = TrafficClass.Reply);

/// <summary>The outcome of a <see cref="Deliver"/>; <see cref="SendOutcome.RetryAfter"/> and transient failures were retried before this.</summary>
public sealed record Delivered(DeliveryId DeliveryId, long ChatId, SendOutcome Outcome);

/// <summary>How many Up members share the cluster's bulk budget; the outbox of each node takes its share.</summary>
public sealed record ClusterSizeChanged(int Members);

/// <summary>
/// The node is stopping: reply <see cref="OutboxDrained"/> once everything handed to the outbox has been sent (or has
/// failed for good). A reply a user already saw recorded as handled must still reach the chat after a graceful stop.
/// </summary>
public sealed class DrainOutbox
{
    public static readonly DrainOutbox Instance = new();

    private DrainOutbox()
    {
    }
}

public sealed class OutboxDrained
{
    public static readonly OutboxDrained Instance = new();

    private OutboxDrained()
    {
    }
}
