namespace NeuroActors.Domain.Telegram;

public enum OutboundMediaType
{
    Photo,
    Video,
    Audio,
    Voice,
    Animation,
    Document,
}

/// <summary>A result file to send: by URL when Telegram can fetch it, otherwise downloaded and uploaded.</summary>
/// <param name="TextHtml">A result that is text (a transcript): sent as this message instead of the file.</param>
public sealed record MediaItem(OutboundMediaType Type, string Url, string? CaptionHtml = null, string? TextHtml = null);

/// <summary>One thing to send to a chat, in the order the chat should see it.</summary>
public abstract record OutboundMessage
{
    private OutboundMessage()
    {
    }

    public sealed record SendScreen(Screen Screen) : OutboundMessage;

    /// <summary>"message is not modified" counts as success.</summary>
    public sealed record EditScreen(long MessageId, Screen Screen) : OutboundMessage;

    /// <summary>Answered at once, outside the chat's queue: Telegram does not rate-limit callback answers.</summary>
    public sealed record AnswerCallback(string CallbackQueryId, string? Text = null, bool ShowAlert = false) : OutboundMessage;

    public sealed record SendMedia(MediaItem Item, InlineKeyboard? Keyboard = null) : OutboundMessage;

    /// <summary>2 to 10 items of one family; albums carry no keyboard.</summary>
    public sealed record SendAlbum(IReadOnlyList<MediaItem> Items) : OutboundMessage;

    public sealed record ChatAction(string Action) : OutboundMessage;

    /// <summary>A picture the bot made itself (the metrics chart): uploaded as a photo with an HTML caption (at most 1024 characters).</summary>
    public sealed record SendPhotoUpload(byte[] Content, string FileName, string CaptionHtml, InlineKeyboard? Keyboard = null) : OutboundMessage;

    /// <summary>Replaces the photo, caption and keyboard of an earlier photo message in place (editMessageMedia with an upload).</summary>
    public sealed record EditPhotoUpload(long MessageId, byte[] Content, string FileName, string CaptionHtml, InlineKeyboard? Keyboard = null) : OutboundMessage;

    /// <summary>A Telegram Stars invoice (sendInvoice): currency XTR, one price of <paramref name="Stars"/>, no provider token.</summary>
    public sealed record SendInvoice(string Title, string Description, string Payload, long Stars, string PriceLabel) : OutboundMessage;

    /// <summary>
    /// answerPreCheckoutQuery: ok when <paramref name="ErrorMessage"/> is null, otherwise refused with it (plain text, the
    /// payer's language). Answered at once, outside the chat's queue: Telegram waits 10 seconds at most.
    /// </summary>
    public sealed record AnswerPreCheckout(string PreCheckoutQueryId, string? ErrorMessage = null) : OutboundMessage;

    /// <summary>Counts against the chat's and the bot's message rate (callback answers, pre-checkout answers and chat actions do not).</summary>
    public bool IsRateLimited => this is SendScreen or EditScreen or SendMedia or SendAlbum or SendPhotoUpload or EditPhotoUpload or SendInvoice;
}

/// <summary>How a send ended, classified from Telegram's answer.</summary>
public abstract record SendOutcome
{
    private SendOutcome()
    {
    }

    /// <param name="FileIds">Telegram's file ids of the media sent, in order (to send them again without a download); null for text.</param>
    public sealed record Sent(IReadOnlyList<long> MessageIds, IReadOnlyList<string>? FileIds = null) : SendOutcome;

    /// <summary>403: the user blocked the bot or deleted their account. Final for that chat.</summary>
    public sealed record Blocked(string Description) : SendOutcome;

    /// <summary>429: wait, then send the same message again.</summary>
    public sealed record RetryAfter(TimeSpan Delay) : SendOutcome;

    /// <summary>A 400 that sending again cannot fix (message to edit not found, query too old, ...).</summary>
    public sealed record Rejected(string Description) : SendOutcome;

    /// <summary>A media file over what a bot may send at all (50 MB; 10 MB for photos): send a link instead.</summary>
    public sealed record TooLarge(string Url, long SizeBytes) : SendOutcome;

    /// <summary>A 5xx, a timeout or a dropped connection: worth another try later.</summary>
    public sealed record Transient(string Description) : SendOutcome;

    /// <summary>Classifies a Bot API error (error_code, description, parameters.retry_after).</summary>
    public static SendOutcome FromError(int errorCode, string description, int? retryAfterSeconds)
    {
        if (errorCode == 429) return new RetryAfter(TimeSpan.FromSeconds(Math.Max(1, retryAfterSeconds ?? 1)));
        if (errorCode == 403) return new Blocked(description);
        if (errorCode == 400 && description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase)) return new Sent([]);
        if (errorCode == 400 && description.Contains("Too Many Requests: retry after", StringComparison.Ordinal))
            return new RetryAfter(TimeSpan.FromSeconds(ParseRetryAfter(description)));
        if (errorCode is >= 400 and < 500) return new Rejected(description);
        return new Transient(description);
    }

    /// <summary>An album cut short by a flood limit reports it inside a 400's description.</summary>
    private static int ParseRetryAfter(string description)
    {
        var marker = description.IndexOf("retry after ", StringComparison.Ordinal) + "retry after ".Length;
        var digits = new string(description[marker..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, out var seconds) ? Math.Max(1, seconds) : 5;
    }
}
