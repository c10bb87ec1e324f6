using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>Something the user did (or a reply to work the conversation asked for), as the conversation sees it.</summary>
public abstract record ConversationInput
{
    private ConversationInput()
    {
    }

    /// <summary>A text message that is not a command.</summary>
    public sealed record Text(string Value) : ConversationInput;

    /// <summary>A bot command: <paramref name="Name"/> lower case without '/' or '@bot'; the rest of the line as argument.</summary>
    public sealed record Command(string Name, string Argument) : ConversationInput;

    /// <summary>A photo (its largest size); <paramref name="FileSize"/> when Telegram reports it; <paramref name="MediaGroupId"/> names its album.</summary>
    public sealed record Photo(string FileId, long? FileSize, string? Caption, string? MediaGroupId = null) : ConversationInput;

    /// <summary>A voice message, an audio file, or a document with an audio type (whose length Telegram does not report).</summary>
    public sealed record Audio(string FileId, long? FileSize, int? Seconds, string? MimeType, string? Caption, OtherMedia SentAs) : ConversationInput;

    /// <summary>A video, a round video note, or a document with a video type (whose length Telegram does not report).</summary>
    public sealed record Video(string FileId, long? FileSize, int? Seconds, string? MimeType, string? Caption, OtherMedia SentAs) : ConversationInput;

    /// <summary>A file sent as a document; an image document is treated like a photo.</summary>
    public sealed record Document(string FileId, long? FileSize, string? MimeType, string? Caption) : ConversationInput;

    /// <summary>Any other kind of message: a sticker, a voice message, a video, a location, ...</summary>
    public sealed record OtherMessage(OtherMedia Media) : ConversationInput;

    /// <summary>A tapped inline button, its data already decoded by <see cref="CallbackCodec.Decode"/>.</summary>
    public sealed record ButtonTapped(string CallbackQueryId, long MessageId, CallbackAction Action) : ConversationInput;

    /// <summary>The LLM's rewrite of a prompt, requested by <see cref="ConversationEffect.ImprovePrompt"/>.</summary>
    public sealed record PromptImprovementReady(long DraftNumber, string OriginalPrompt, string ImprovedPrompt) : ConversationInput;

    /// <summary>The LLM could not rewrite the prompt (not configured, failed, timed out).</summary>
    public sealed record PromptImprovementFailed(long DraftNumber, string OriginalPrompt) : ConversationInput;

    /// <summary>
    /// Reads a message's text: "/start", "/status@MyBot #ABC" become commands (the name lower case, a mention of
    /// another bot is plain text); anything else is text.
    /// </summary>
    public static ConversationInput FromMessageText(string text, string? botUsername = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (trimmed.Length < 2 || trimmed[0] != '/' || !char.IsAsciiLetterOrDigit(trimmed[1]))
        {
            return new Text(text);
        }

        var end = trimmed.IndexOfAny([' ', '\n', '\t']);
        var head = end < 0 ? trimmed[1..] : trimmed[1..end];
        var argument = end < 0 ? string.Empty : trimmed[(end + 1)..].Trim();
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var addressee = head[(at + 1)..];
            if (botUsername is not null && !addressee.Equals(botUsername.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
            {
                return new Text(text);
            }

            head = head[..at];
        }

        // Telegram command names are 1-32 of a-z, 0-9 and '_'; "/usr/bin is here" is text.
        return head.Length <= 32 && head.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? new Command(head.ToLowerInvariant(), argument)
            : new Text(text);
    }
}

/// <summary>What the user's actor must do after persisting a decision's events. Texts are already in the user's language.</summary>
public abstract partial record ConversationEffect
{
    private ConversationEffect()
    {
    }

    /// <summary>Send a new message to the user's chat.</summary>
    public sealed record SendMessage(Screen Screen) : ConversationEffect;

    /// <summary>Replace a message's text and keyboard ("message is not modified" counts as success).</summary>
    public sealed record EditMessage(long MessageId, Screen Screen) : ConversationEffect;

    /// <summary>Answer a callback query, with a short toast or none. Every tap gets exactly one, first.</summary>
    public sealed record AnswerCallback(string CallbackQueryId, string? Toast = null, bool ShowAlert = false) : ConversationEffect;

    /// <summary>Grant the welcome credits through the ledger (idempotent by <paramref name="GrantId"/>).</summary>
    public sealed record GrantWelcomeCredits(string GrantId, long Amount) : ConversationEffect;

    /// <summary>
    /// Reserve <see cref="UnitPrice"/> credits per request id (all or none) and start one generation job per variant.
    /// Message <see cref="StatusMessageId"/> already shows the order as queued and is the one status message to edit.
    /// </summary>
    public sealed record PlaceOrder(
        string OrderId,
        string ModelId,
        string Prompt,
        string? ImageFileId,
        int Variants,
        long UnitPrice,
        IReadOnlyList<string> RequestIds,
        long StatusMessageId,
        Language Language,
        int FreeVariants = 0,
        OrderMedia? Media = null) : ConversationEffect
    {
        /// <summary>What the order costs: its first <see cref="FreeVariants"/> variants go on the free daily quota (reserved at 0).</summary>
        public long Total => UnitPrice * (Variants - FreeVariants);

        /// <summary>The credits reserved for each request id: the free variants reserve nothing.</summary>
        public IReadOnlyList<(string RequestId, long Amount)> Reservations =>
            RequestIds.Select((id, index) => (id, index < FreeVariants ? 0L : UnitPrice)).ToArray();

        /// <summary>Every option of the order, resolved: what the jobs send to KIE and what <see cref="UnitPrice"/> was quoted for.</summary>
        public OptionChoices Options { get; init; } = OptionChoices.Empty;
    }

    /// <summary>Ask the LLM to improve a prompt; answer with <see cref="ConversationInput.PromptImprovementReady"/> or <see cref="ConversationInput.PromptImprovementFailed"/>.</summary>
    public sealed record ImprovePrompt(long DraftNumber, string Prompt, MediaKind Kind, string ModelId, Language Language) : ConversationEffect;

    /// <summary>Cancel the order's variants that still wait for their turn; each releases its credits and the status message shows it.</summary>
    public sealed record CancelQueuedOrder(string OrderId, Language Language) : ConversationEffect;

    /// <summary>Show /history page <paramref name="Page"/> (render with <see cref="HistoryView"/>), editing a message or sending a new one.</summary>
    public sealed record ShowHistory(int Page, long? EditMessageId, Language Language) : ConversationEffect;

    /// <summary>Open one order of /history (render with <see cref="HistoryView.Entry"/>), editing message <paramref name="MessageId"/>.</summary>
    public sealed record ShowHistoryEntry(string OrderId, int BackPage, long MessageId, Language Language) : ConversationEffect;

    /// <summary>Send an order's results again from the Telegram file ids recorded when they were first sent.</summary>
    public sealed record ResendResults(string OrderId, Language Language) : ConversationEffect;

    /// <summary>Show where one of the user's orders stands (/status).</summary>
    public sealed record ShowOrderStatus(string OrderId, Language Language) : ConversationEffect;
}

/// <summary>Settings of the conversation that change only with configuration or the catalogue.</summary>
/// <param name="Menu">The visible models.</param>
/// <param name="DefaultLanguage">Language for users whose Telegram reports no language code.</param>
/// <param name="PromptImprovementEnabled">An LLM is configured (<c>Llm:BaseUrl</c>); otherwise "✨ Improve prompt" is not shown.</param>
/// <param name="WelcomeCredits">Credits granted at registration (<c>Credits:Welcome</c>).</param>
/// <param name="ModelsPerPage">Models per page of a model list.</param>
/// <param name="MaxPhotoBytes">Largest photo accepted (Telegram lets bots download up to 20 MB).</param>
/// <param name="Packs">Top-up packs on sale (<c>Payments:Packs</c>): the balance and not-enough-credits screens offer them; null sells none.</param>
public sealed record ConversationSetup(
    IModelMenu Menu,
    Language DefaultLanguage = Language.English,
    bool PromptImprovementEnabled = false,
    long WelcomeCredits = 10,
    int ModelsPerPage = 8,
    long MaxPhotoBytes = 20L * 1024 * 1024,
    Payments.TopUpPacks? Packs = null,
    Payments.SubscriptionPlan? SubscriptionPlan = null)
{
    /// <summary>The ledger grant id of the welcome credits: one per user, ever.</summary>
    public const string WelcomeGrantId = "welcome";
}

/// <summary>What a decision needs to know besides the conversation state, supplied by the user's actor per input.</summary>
/// <param name="Setup">Long-lived settings.</param>
/// <param name="Now">The time of the input.</param>
/// <param name="TelegramLanguageCode">The sender's <c>language_code</c>.</param>
/// <param name="AvailableCredits">Credits the user can spend now (ledger balance minus reservations).</param>
/// <param name="ReservedCredits">Credits set aside for orders in progress.</param>
/// <param name="NewOrderId">Makes a fresh order id (called at most once per decision); <see cref="OrderIds.NewRandom"/> by default.</param>
/// <param name="Limits">The user's free daily quota and orders in progress; none when absent.</param>
/// <param name="LookupOrder">Finds any of the user's orders kept for /history (older than the recent ones the conversation keeps), for "🔁 Repeat".</param>
/// <param name="Subscription">The user's running Stars subscription (the balance screen shows its plan and renewal date).</param>
public sealed record ConversationContext(
    ConversationSetup Setup,
    DateTimeOffset Now,
    string? TelegramLanguageCode,
    long AvailableCredits,
    long ReservedCredits = 0,
    Func<string>? NewOrderId = null,
    NeuroActors.Domain.Limits.GrowthLimits? Limits = null,
    Func<string, RecentOrder?>? LookupOrder = null,
    Payments.Subscription? Subscription = null);

/// <summary>A decision: events to persist (then fold with Apply) and effects to perform after persisting, in order.</summary>
public sealed record ConversationDecision(IReadOnlyList<ConversationEvent> Events, IReadOnlyList<ConversationEffect> Effects)
{
    /// <summary>The conversation's state after the decision's events (what the actor will have after persisting them).</summary>
    public required ConversationState State { get; init; }
}
