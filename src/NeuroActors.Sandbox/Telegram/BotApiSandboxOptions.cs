namespace NeuroActors.Sandbox.Telegram;

/// <summary>
/// Settings of the Bot API sandbox. Defaults follow the real Bot API (see shared/contracts/telegram-bot-api.md);
/// tests shorten the windows. Bound from the configuration section <c>Sandbox:Telegram</c> when one exists.
/// </summary>
public sealed class BotApiSandboxOptions
{
    public const string ConfigurationSection = "Sandbox:Telegram";

    /// <summary>The bot's first name returned by getMe and shown as the sender of bot messages.</summary>
    public string BotFirstName { get; set; } = "NeuroActors Sandbox";

    /// <summary>The bot's username (without @).</summary>
    public string BotUsername { get; set; } = "neuroactors_sandbox_bot";

    /// <summary>
    /// When set, only this token is accepted (any other well-formed token gets 401 "Unauthorized").
    /// When null, any well-formed token (<c>123456:ABC...</c>) addresses the one sandbox bot; its id is the number before the colon.
    /// </summary>
    public string? RequiredToken { get; set; }

    /// <summary>The origin the sandbox is reachable at, for media URLs in transcripts. Null: the origin of each request.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long the bot has to answer a callback query ("query is too old" after that).</summary>
    public TimeSpan CallbackAnswerWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a callback_query or pre_checkout_query update stays in the queue (150 s on the real server).</summary>
    public TimeSpan QueryUpdateLifetime { get; set; } = TimeSpan.FromSeconds(150);

    /// <summary>How long message updates stay in the queue (24 h on the real server).</summary>
    public TimeSpan MessageUpdateLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the bot has to answer a pre_checkout_query before the payment fails.</summary>
    public TimeSpan PreCheckoutTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Flood limits on sends and edits (switch off for load runs).</summary>
    public bool FloodLimitsEnabled { get; set; } = true;

    /// <summary>Sustained rate of messages per chat (Telegram: about 1 per second).</summary>
    public double PerChatMessagesPerSecond { get; set; } = 1;

    /// <summary>Messages a chat may receive in a burst above the sustained rate.</summary>
    public int PerChatBurst { get; set; } = 5;

    /// <summary>Sustained rate of messages over all chats (Telegram: about 30 per second).</summary>
    public double GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>Messages over all chats allowed in a burst.</summary>
    public int GlobalBurst { get; set; } = 30;

    /// <summary>Whether edits count towards the per-chat flood limit (streaming edit storms are the usual cause of 429s).</summary>
    public bool CountEditsInFloodLimits { get; set; } = true;

    /// <summary>Upper bound of a getUpdates long poll (the real server clamps to 50 s).</summary>
    public TimeSpan MaxLongPollTimeout { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>
    /// The real server's anti-busy-loop rules: the same offset again within 3 s with timeout &lt; 3 waits 3 s,
    /// and within 0.5 s gets limit 1.
    /// </summary>
    public bool GetUpdatesAntiBusyLoop { get; set; } = true;

    /// <summary>How long a webhook request may take before it counts as failed ("Read timeout expired").</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Lower end of the cap on webhook retry delays (the real cap is drawn from [60 s, 120 s]).</summary>
    public TimeSpan WebhookMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>setWebhook with a URL more often than this answers 429 retry after 1.</summary>
    public TimeSpan SetWebhookMinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>getFile refuses larger files with "file is too big" (20 MB on the cloud server).</summary>
    public long MaxDownloadFileSize { get; set; } = 20L << 20;

    /// <summary>Largest upload (50 MB).</summary>
    public long MaxUploadFileSize { get; set; } = 50L << 20;

    /// <summary>Largest uploaded photo (10 MB).</summary>
    public long MaxUploadPhotoSize { get; set; } = 10L << 20;

    /// <summary>Largest photo sent by URL (5 MB).</summary>
    public long MaxUrlPhotoSize { get; set; } = 5L << 20;

    /// <summary>Largest other file sent by URL (20 MB).</summary>
    public long MaxUrlFileSize { get; set; } = 20L << 20;

    /// <summary>How long the sandbox waits for a media URL.</summary>
    public TimeSpan UrlFetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first update_id; null draws a random positive number, as Telegram does.</summary>
    public int? FirstUpdateId { get; set; }

    /// <summary>Clock used for dates, windows and expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
