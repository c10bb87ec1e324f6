namespace NeuroActors.Domain.Telegram;

// The ports through which the actors reach Telegram, declared here so that the actors see them without knowing
// Telegram.Bot: NeuroActors.Telegram implements them for a node, tests give recording fakes.

/// <summary>Performs a send (the outbox's way out); never throws for Telegram's errors, it answers a <see cref="SendOutcome"/>.</summary>
public interface ITelegramSendPort
{
    Task<SendOutcome> SendAsync(long chatId, OutboundMessage message, CancellationToken cancel);
}

/// <summary>Fetches a batch of updates (getUpdates) from the given offset, for the poller; an update the bot ignores comes back as null.</summary>
public interface IUpdateSource
{
    Task<IReadOnlyList<(long UpdateId, IncomingUpdate? Update)>> FetchAsync(long offset, TimeSpan longPoll, CancellationToken cancel);
}

/// <summary>A photo the user sent, fetched from Telegram to hand to KIE's file host.</summary>
public sealed record TelegramFileContent(byte[] Content, string FileName, string? ContentType);

/// <summary>Telegram can never give this file (too big, expired, unknown): the job fails it as a bad image.</summary>
public sealed class TelegramFileUnavailableException(string message) : Exception(message);

/// <summary>Fetches a file a user sent (getFile + download).</summary>
public interface ITelegramFileSource
{
    /// <summary>Throws <see cref="TelegramFileUnavailableException"/> when retrying cannot help; anything else counts as temporary.</summary>
    Task<TelegramFileContent> DownloadAsync(string fileId, CancellationToken cancel);
}
