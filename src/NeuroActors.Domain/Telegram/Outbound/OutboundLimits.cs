namespace NeuroActors.Domain.Telegram.Outbound;

/// <summary>The pace the outbox keeps; the defaults are Telegram's published guidance.</summary>
public sealed record OutboundLimits
{
    public static readonly OutboundLimits Default = new();

    /// <summary>Messages a chat may get at once before the per-chat pace applies.</summary>
    public double ChatBurst { get; init; } = 3;

    /// <summary>About one message a second per chat, edits included.</summary>
    public double ChatPerSecond { get; init; } = 1;

    /// <summary>Bulk messages a second for the whole cluster; each node takes its share.</summary>
    public double BulkPerSecond { get; init; } = 25;

    /// <summary>Tries of a send that fails for now (5xx, timeout) before its sender hears of the failure.</summary>
    public int TransientAttempts { get; init; } = 4;

    public AimdPolicy Aimd { get; init; } = AimdPolicy.Default;

    /// <summary>
    /// Telegram's 429 does not say whether the chat's or the bot's limit was hit; 429s from this many different chats
    /// within <see cref="GlobalFloodWindow"/> are taken as the bot's, and everything waits.
    /// </summary>
    public int GlobalFloodChats { get; init; } = 3;

    public TimeSpan GlobalFloodWindow { get; init; } = TimeSpan.FromSeconds(1);
}
