using NeuroActors.Domain.Broadcasts;

namespace NeuroActors.Domain.Admin;

/// <summary>Where a broadcast an admin composes stands.</summary>
public enum BroadcastDraftStep
{
    AwaitingContent,
    AwaitingAudience,
    AwaitingConfirmation,
}

/// <summary>
/// A broadcast being composed in the admin's chat: its id (the update id of the /broadcast message), then the content
/// (HTML text, or a photo with a caption), then the audience; confirmed, it becomes a <c>StartBroadcast</c>.
/// </summary>
public sealed record BroadcastDraft(long BroadcastId, BroadcastContent? Content = null, BroadcastAudience? Audience = null)
{
    /// <summary>Telegram's limits: 4096 characters of text, 1024 of a photo's caption.</summary>
    public const int MaxTextChars = 4096;

    public const int MaxCaptionChars = 1024;

    public BroadcastDraftStep Step => Content is null ? BroadcastDraftStep.AwaitingContent
        : Audience is null ? BroadcastDraftStep.AwaitingAudience
        : BroadcastDraftStep.AwaitingConfirmation;

    /// <summary>The content of a text or a photo message, or null when it cannot be broadcast (empty, too long).</summary>
    public static BroadcastContent? ContentOf(string? html, string? photoFileId)
    {
        var text = html?.Trim() ?? string.Empty;
        if (photoFileId is not null)
        {
            return text.Length <= MaxCaptionChars ? new BroadcastContent(text, photoFileId) : null;
        }

        return text.Length is > 0 and <= MaxTextChars ? new BroadcastContent(text, null) : null;
    }

    /// <summary>The audience an audience button stands for.</summary>
    public static BroadcastAudience? AudienceOf(Telegram.AdminCommand command) => command switch
    {
        Telegram.AdminCommand.BroadcastToAll => BroadcastAudience.All,
        Telegram.AdminCommand.BroadcastToActive => BroadcastAudience.ActiveLastWeek,
        Telegram.AdminCommand.BroadcastToRussian => BroadcastAudience.Russian,
        Telegram.AdminCommand.BroadcastToEnglish => BroadcastAudience.English,
        _ => null,
    };
}
