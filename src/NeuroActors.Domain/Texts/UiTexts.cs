using System.Text.Json.Serialization;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;

namespace NeuroActors.Domain.Texts;

/// <summary>What a failure notice needs to say besides its key.</summary>
/// <param name="RequestId">The order's or variant's request id, shown as <c>#ID</c>.</param>
/// <param name="CreditsBack">Credits released back to the balance.</param>
/// <param name="Attempts">How many times the work was tried (for temporary failures).</param>
/// <param name="PromptLimit">The model's prompt limit (for <see cref="FailureTextKeys.PromptTooLong"/>).</param>
public sealed record FailureNoticeArgs(string RequestId, long CreditsBack, int Attempts = 1, int? PromptLimit = null);

/// <summary>Whether the user can fix a failure, should simply retry, or need do nothing (our fault).</summary>
public enum FailureRemedy
{
    ChangeInput,
    TryAgainLater,
    OurFault,
}

/// <summary>States of an order in /history.</summary>
public enum HistoryState
{
    Queued,
    Running,
    Done,
    PartlyDone,
    Failed,
    Cancelled,
}

/// <summary>A media type that is not a photo or plain text, for the "wrong kind of message" replies.</summary>
/// <remarks>The JSON names are the ones updates carried when this was a string, so nodes of both versions read each other.</remarks>
public enum OtherMedia
{
    [JsonStringEnumMemberName("document")]
    Document,
    [JsonStringEnumMemberName("sticker")]
    Sticker,
    [JsonStringEnumMemberName("voice")]
    Voice,
    [JsonStringEnumMemberName("audio")]
    Audio,
    [JsonStringEnumMemberName("video")]
    Video,
    [JsonStringEnumMemberName("video_note")]
    VideoNote,
    [JsonStringEnumMemberName("animation")]
    Animation,
    [JsonStringEnumMemberName("location")]
    Location,
    [JsonStringEnumMemberName("contact")]
    Contact,
    [JsonStringEnumMemberName("poll")]
    Poll,
    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>
/// Every text a user or an admin reads, one subclass per language (<see cref="EnglishTexts"/>,
/// <see cref="RussianTexts"/>). Results are HTML for Telegram's HTML parse mode: every argument that comes
/// from a user, a model or the catalogue is escaped here, so callers pass raw strings.
/// Button labels are plain text (Telegram does not parse them).
/// </summary>
public abstract class UiTexts
{
    /// <summary>Maximum characters of a prompt quoted on a screen (the full prompt is kept in the draft).</summary>
    public const int PromptPreviewChars = 700;

    /// <summary>Maximum characters of a prompt in a result caption.</summary>
    public const int CaptionPromptChars = 200;

    public static UiTexts English { get; } = new EnglishTexts();

    public static UiTexts Russian { get; } = new RussianTexts();

    public abstract Language Language { get; }

    public static UiTexts For(Language language) => language == Language.Russian ? Russian : English;

    /// <summary>How the user can respond to a failure with this text key (unknown keys count as our fault).</summary>
    public static FailureRemedy RemedyOf(string failureTextKey) => failureTextKey switch
    {
        FailureTextKeys.ContentPolicy or FailureTextKeys.InvalidInput or FailureTextKeys.BadImage or FailureTextKeys.PromptTooLong => FailureRemedy.ChangeInput,
        FailureTextKeys.RateLimited or FailureTextKeys.Temporary or FailureTextKeys.TimedOut => FailureRemedy.TryAgainLater,
        _ => FailureRemedy.OurFault,
    };

    public static string KindEmoji(MediaKind kind) => kind switch
    {
        MediaKind.Image => "🖼",
        MediaKind.Video => "🎬",
        MediaKind.Music => "🎵",
        _ => "🗣",
    };

    public static string OrderTag(string orderOrRequestId) => "#" + Html.Escape(orderOrRequestId);

    // ---- numbers and units ----
    public abstract string Number(long value);

    /// <summary>"15 credits".</summary>
    public abstract string Credits(long amount);

    /// <summary>"15 cr", for buttons.</summary>
    public abstract string CreditsShort(long amount);

    /// <summary>"3 variants".</summary>
    public abstract string Variants(int count);

    /// <summary>"1 min 12 s".</summary>
    public abstract string Duration(TimeSpan duration);

    /// <summary>"4th".</summary>
    public abstract string Ordinal(int value);

    /// <summary>"23.4 MB".</summary>
    public abstract string Megabytes(long bytes);

    // ---- main menu and navigation ----
    public abstract string MainMenu(long balance);

    public abstract string Welcome(long welcomeCredits);

    public abstract string KindName(MediaKind kind);

    public string KindButton(MediaKind kind) => $"{KindEmoji(kind)} {KindName(kind)}";

    public abstract string PopularButton { get; }

    public abstract string BalanceButton { get; }

    public abstract string HistoryButton { get; }

    public abstract string HelpButton { get; }

    public abstract string LanguageButton { get; }

    public abstract string BackButton { get; }

    public abstract string MenuButton { get; }

    public string PreviousPageButton => "◀";

    public string NextPageButton => "▶";

    public string PageIndicator(int page, int pages) => $"{page + 1}/{pages}";

    // ---- model list and card ----

    /// <summary>Header of a model list; <paramref name="kind"/> null is "⭐ Popular".</summary>
    public abstract string ModelList(MediaKind? kind);

    public abstract string NoModels(MediaKind? kind);

    public string ModelButton(string displayName, long price) => $"{displayName} · {CreditsShort(price)}";

    /// <summary>Bold model name, what it is good at, its price and what it needs.</summary>
    public abstract string ModelCard(string displayName, string summary, long price, bool needsImage);

    public abstract string PromptRequest(int limit);

    public abstract string TemplateSubjectRequest(string templateTitle, string example, int limit);

    public abstract string ImageRequest { get; }

    public abstract string ImageReceived { get; }

    public abstract string PromptSavedAskImage(string prompt);

    public abstract string TemplatesHint { get; }

    public abstract string WriteOwnPromptButton { get; }

    /// <summary>The prompt being replaced, in a tap-to-copy block, above the prompt request.</summary>
    public abstract string CurrentPrompt(string prompt);

    public abstract string ModelUnavailable { get; }

    // ---- prompt improvement ----
    public abstract string ImproveButton { get; }

    public abstract string Improving(string prompt);

    public abstract string ImprovedOffer(string original, string improved);

    public abstract string UseImprovedButton { get; }

    public abstract string KeepMineButton { get; }

    public abstract string ImprovementFailed { get; }

    // ---- variants and confirmation ----
    public abstract string VariantChoice(string modelName, string prompt, bool withPhoto, long unitPrice);

    public string VariantButton(int variants, long total) => $"{variants} · {CreditsShort(total)}";

    public abstract string EditPromptButton { get; }

    /// <summary>Model, prompt, variants, total and the balance after (null when the balance is short: nothing to show).</summary>
    public abstract string Confirmation(string modelName, string prompt, bool withPhoto, int variants, long total, long? balanceAfter);

    public abstract string GenerateButton(long total);

    /// <summary>"This costs 15 credits; you have 9. Top up 6 or more to continue."</summary>
    public abstract string ShortBalance(long total, long available);

    public abstract string PriceChanged(long oldUnitPrice, long newUnitPrice);

    // ---- callback toasts (plain text, at most 200 characters) ----
    public abstract string OrderStartedToast { get; }

    public abstract string AlreadyStartedToast { get; }

    public abstract string OutdatedToast { get; }

    /// <summary>"Write my own prompt" on a card that already asks for one: what to do next.</summary>
    public abstract string TypePromptToast { get; }

    /// <summary>The same, on a card of a model that needs a photo first.</summary>
    public abstract string SendPhotoToast { get; }

    public abstract string MissingCreditsToast(long missing);

    public abstract string CancellingToast { get; }

    public abstract string LanguageChangedToast { get; }

    // ---- "This menu is outdated" shown in the message itself, above the main menu ----
    public abstract string OutdatedMenu { get; }

    // ---- order status message ----
    public abstract string StatusHeader(MediaKind kind, string modelName, int variants, string orderId);

    public abstract string InQueue(int? position);

    public abstract string Starting { get; }

    public abstract string Generating { get; }

    public abstract string DoneAll(int count);

    public abstract string PartlyDone(int done, int total, long creditsBack);

    public abstract string AllFailed(long creditsBack);

    public abstract string AllCancelled(long creditsBack);

    public abstract string CancelButton { get; }

    public abstract string OrderCancelled(string orderId, long creditsBack);

    public abstract string CancelRefused(string orderId);

    // ---- results ----
    public abstract string ResultCaption(string modelName, string prompt, string requestId, int index, int count);

    public abstract string ResultsReady(string orderId, int done, int total);

    public abstract string ResultAsLink(string url, long sizeBytes, TimeSpan validFor);

    public abstract string MakeAnotherButton { get; }

    public abstract string ChangePromptButton { get; }

    public abstract string TryAgainButton { get; }

    // ---- failures ----

    /// <summary>The notice for a failure text key (see <see cref="FailureTextKeys"/>); an unknown key reads as our fault.</summary>
    public abstract string Failure(string failureTextKey, FailureNoticeArgs args);

    // ---- info screens ----
    public abstract string Help(long welcomeCredits);

    public abstract string Balance(long available, long reserved);

    public abstract string HistoryHeader(int page, int pages);

    public abstract string HistoryEmpty { get; }

    public abstract string HistoryStateLabel(HistoryState state);

    public abstract string StatusUsage { get; }

    public abstract string StatusNotFound(string orderId);

    public abstract string LanguageMenu { get; }

    // ---- bad input ----
    public abstract string PromptTooLong(int length, int limit);

    public abstract string PromptEmpty { get; }

    public abstract string WrongMediaForPhoto(OtherMedia media);

    public abstract string UnsupportedImageFile { get; }

    public abstract string PhotoTooLarge(long sizeBytes, long limitBytes);

    public abstract string PhotoNotNeeded { get; }

    public abstract string WrongMediaForPrompt(OtherMedia media);

    public abstract string MediaNotExpected { get; }

    /// <summary>Hint for text typed while the bot waits for a button; the current screen follows it.</summary>
    public abstract string UseTheButtons { get; }

    public abstract string UnknownCommand { get; }

    public abstract string GroupChat { get; }

    // ---- admin (the admin actors' own texts are in AdminTexts) ----
    /// <summary>An alert sent to admins for billing and unknown failures (and anything else worth a look).</summary>
    public abstract string AdminAlert(FailureClass failureClass, string requestId, long userId, string modelId, string? detail);

    // ---- commands published with setMyCommands ----
    public abstract IReadOnlyList<(string Command, string Description)> BotCommands { get; }
}
