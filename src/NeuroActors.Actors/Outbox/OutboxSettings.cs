using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Actors.Outbox;

/// <summary>The outbox's configuration: <c>Telegram:BulkPerSecond</c> is the cluster's budget for bulk messages (broadcasts, alerts).</summary>
public sealed record OutboxSettings(double BulkPerSecond = OutboxSettings.DefaultBulkPerSecond)
{
    public const double DefaultBulkPerSecond = 25;

    public static readonly OutboxSettings Default = new();

    public OutboundLimits Limits => OutboundLimits.Default with { BulkPerSecond = BulkPerSecond };
}
