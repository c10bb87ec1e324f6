namespace NeuroActors.Domain.Telegram.Outbound;

/// <summary>
/// Why a message goes to a chat, which decides how it is paced. Telegram limits each chat to about one message a second
/// (short bursts allowed, edits count); its "30 a second" is for bulk notifications only, not for replies to what users
/// just did (Bot API maintainers, tdlib/telegram-bot-api #309 and #570).
/// </summary>
public enum TrafficClass
{
    /// <summary>A reply to the user's own update (a screen, an answer, the prompt screen): the chat's pace only, first in its chat.</summary>
    Reply,

    /// <summary>A status or progress edit: after the chat's replies, and a newer edit of the same message replaces a pending one.</summary>
    StatusEdit,

    /// <summary>An order's results (album, closing message): after the chat's replies, in order with its status edits.</summary>
    Result,

    /// <summary>Anything the user did not just ask for (broadcasts, admin alerts): last in its chat and within the cluster's bulk budget.</summary>
    Bulk,
}

public static class TrafficClasses
{
    /// <summary>Which of a chat's waiting messages goes first: the lowest rank; equal ranks in the order they came.</summary>
    public static int Rank(this TrafficClass traffic) => traffic switch
    {
        TrafficClass.Reply => 0,
        TrafficClass.StatusEdit or TrafficClass.Result => 1,
        _ => 2,
    };

    public const int Ranks = 3;

    /// <summary>
    /// The message an edit rewrites (null for anything else): a newer edit of it, of any class, makes a status edit of it
    /// that has not gone yet stale.
    /// </summary>
    public static long? CoalesceKey(OutboundMessage message) => message switch
    {
        OutboundMessage.EditScreen edit => edit.MessageId,
        OutboundMessage.EditPhotoUpload edit => edit.MessageId,
        _ => null,
    };
}
