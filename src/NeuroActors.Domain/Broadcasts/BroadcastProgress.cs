using NeuroActors.Domain.Telegram;

namespace NeuroActors.Domain.Broadcasts;

/// <summary>Where a broadcast stands, as its progress message shows it.</summary>
public enum BroadcastPhase
{
    /// <summary>Confirmed; its audience is being listed.</summary>
    Preparing,

    Sending,

    /// <summary>An admin paused it: nothing more is sent until one resumes it (a restart keeps it paused).</summary>
    Paused,

    /// <summary>An admin stopped it: the rest of the audience never gets it.</summary>
    Stopped,

    /// <summary>Every recipient has an outcome.</summary>
    Finished,
}

/// <summary>How one recipient's copy ended.</summary>
public enum RecipientOutcome
{
    Sent,

    /// <summary>Telegram refused it for a reason other than the chat (a bad file id, a rejected caption, retries used up).</summary>
    Failed,

    /// <summary>403: the user blocked the bot. Skipped by later broadcasts.</summary>
    Blocked,

    /// <summary>The chat is gone: the account was deleted (403 "user is deactivated") or the chat no longer exists.</summary>
    Left,
}

public static class RecipientOutcomes
{
    /// <summary>
    /// The recipient outcome of the outbox's final answer (429s and transient errors were retried before it). Telegram
    /// answers 403 both for a blocked bot and for a deleted account; only the description tells them apart.
    /// </summary>
    public static RecipientOutcome Classify(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Sent => RecipientOutcome.Sent,
        SendOutcome.Blocked b when ChatGone(b.Description) => RecipientOutcome.Left,
        SendOutcome.Blocked => RecipientOutcome.Blocked,
        SendOutcome.Rejected r when ChatGone(r.Description) => RecipientOutcome.Left,
        _ => RecipientOutcome.Failed,
    };

    /// <summary>Blocked and left recipients cannot be reached again: their users are marked as having blocked the bot.</summary>
    public static bool Unreachable(this RecipientOutcome outcome) => outcome is RecipientOutcome.Blocked or RecipientOutcome.Left;

    private static bool ChatGone(string description) =>
        description.Contains("deactivated", StringComparison.OrdinalIgnoreCase)
        || description.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
        || description.Contains("user not found", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The counts of a broadcast: how many recipients in all, and how many copies ended each way.</summary>
public sealed record BroadcastTally(int Total, int Sent, int Failed, int Blocked, int Left)
{
    public static BroadcastTally Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Recipients with an outcome.</summary>
    public int Done => Sent + Failed + Blocked + Left;

    public BroadcastTally Add(RecipientOutcome outcome) => outcome switch
    {
        RecipientOutcome.Sent => this with { Sent = Sent + 1 },
        RecipientOutcome.Failed => this with { Failed = Failed + 1 },
        RecipientOutcome.Blocked => this with { Blocked = Blocked + 1 },
        _ => this with { Left = Left + 1 },
    };
}

/// <summary>
/// When the progress message may be edited: Telegram counts edits against the chat's pace, so a busy broadcast edits
/// at most once per <see cref="MinInterval"/>; a change of phase (its buttons change) is shown at once.
/// </summary>
public sealed record ProgressPace(TimeSpan MinInterval)
{
    public static ProgressPace Default { get; } = new(TimeSpan.FromSeconds(2));

    /// <summary>How long to wait before the next count-only edit, given when the last edit went (null: never).</summary>
    public TimeSpan DelayBeforeEdit(DateTimeOffset? lastEditAt, DateTimeOffset now)
    {
        if (lastEditAt is not { } last) return TimeSpan.Zero;
        var due = last + MinInterval - now;
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }
}
