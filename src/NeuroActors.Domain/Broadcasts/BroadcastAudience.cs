namespace NeuroActors.Domain.Broadcasts;

/// <summary>Who a broadcast goes to. Users who blocked the bot are never in any audience.</summary>
public enum BroadcastAudience
{
    All,

    /// <summary>Users with any update in the last 7 days.</summary>
    ActiveLastWeek,

    /// <summary>Users whose Telegram language is Russian.</summary>
    Russian,

    /// <summary>Users whose Telegram language is anything else (they read English).</summary>
    English,
}

/// <summary>What a broadcast says: HTML text, or a photo (Telegram file id) with an HTML caption.</summary>
public sealed record BroadcastContent(string Html, string? PhotoFileId);
