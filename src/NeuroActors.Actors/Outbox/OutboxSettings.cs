using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Actors.Outbox;

/// <summary>
/// The outbox's configuration: <c>Telegram:BulkPerSecond</c> is the cluster's budget for bulk messages (broadcasts,
/// alerts); <c>Telegram:ChatPerSecond</c> and <c>Telegram:ChatBurst</c> the pace of each chat, Telegram's guidance by
/// default (raised only against a Bot API server without per-chat limits, e.g. to measure the node alone).
/// </summary>
public sealed record OutboxSettings(
    double BulkPerSecond = OutboxSettings.DefaultBulkPerSecond,
    double ChatPerSecond = OutboxSettings.DefaultChatPerSecond,
    double ChatBurst = OutboxSettings.DefaultChatBurst)
{
    public const double DefaultBulkPerSecond = 25;
    public const double DefaultChatPerSecond = 1;
    public const double DefaultChatBurst = 3;

    public static readonly OutboxSettings Default = new();

    public OutboundLimits Limits => OutboundLimits.Default with { BulkPerSecond = BulkPerSecond, ChatPerSecond = ChatPerSecond, ChatBurst = ChatBurst };
}
