using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Payments;
using MediaKind = NeuroActors.Domain.Conversation.MediaKind;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Users;

/// <summary>How users are served on this node (configuration: <c>Credits:Welcome</c>, <c>Admin:TelegramIds</c>, <c>Telegram:GroupChats</c>).</summary>
/// <param name="WelcomeCredits">Credits a new user gets once.</param>
/// <param name="AdminIds">Telegram user ids of admins: they get /admin and failure alerts.</param>
/// <param name="GroupPolicy">Ignore group messages, or answer a command politely.</param>
/// <param name="DefaultLanguage">For users whose Telegram reports no language.</param>
/// <param name="StatusEditInterval">Progress-only edits of a status message at most this often (stage changes go at once).</param>
/// <param name="HistoryUtcOffsetRussian">/history times for Russian readers (Moscow time); others read UTC.</param>
/// <param name="Growth">The free daily quota, the limits against abuse and the referral bonus (defaults when absent).</param>
public sealed record UserSettings(
    long WelcomeCredits,
    IReadOnlySet<long> AdminIds,
    GroupChatPolicy GroupPolicy,
    Language DefaultLanguage,
    TimeSpan StatusEditInterval,
    TimeSpan HistoryUtcOffsetRussian,
    Domain.Limits.GrowthSettings? Growth = null)
{
    public Domain.Limits.GrowthSettings GrowthOrDefault => Growth ?? Domain.Limits.GrowthSettings.Default;

    public static UserSettings Default { get; } = new(10, new HashSet<long>(), GroupChatPolicy.AnswerPolitely, Language.English, TimeSpan.FromSeconds(3), TimeSpan.FromHours(3));

    /// <summary>Packs on sale, the support and terms texts, the consent before the first order (section <c>Payments</c>).</summary>
    public PaymentSettings Payments { get; init; } = PaymentSettings.Default;

    /// <summary>The UTC offset /history shows times in for a reader of <paramref name="language"/>.</summary>
    public TimeSpan HistoryUtcOffset(Language language) => language == Language.Russian ? HistoryUtcOffsetRussian : TimeSpan.Zero;

    /// <summary>Typical run time per kind: the status bar estimates progress from it where KIE reports none.</summary>
    public static TimeSpan TypicalDuration(MediaKind kind) => kind switch
    {
        MediaKind.Image => TimeSpan.FromSeconds(25),
        MediaKind.Video => TimeSpan.FromMinutes(3),
        MediaKind.Music => TimeSpan.FromMinutes(2),
        _ => TimeSpan.FromSeconds(20),
    };
}

/// <summary>What a user actor needs from its node.</summary>
/// <param name="ImprovePrompt">Rewrites a prompt with the LLM (null result: it could not); null when no LLM is configured.</param>
/// <param name="Bot">The bot's @username once getMe answered (invite links); null or unknown: /invite asks to try again shortly.</param>
/// <param name="Subscriptions">createInvoiceLink and editUserStarSubscription for /subscription; null: no link can be made.</param>
public sealed record UserPorts(
    UserSettings Settings,
    MenuSource Menu,
    TimeProvider Time,
    Func<ConversationEffect.ImprovePrompt, CancellationToken, Task<string?>>? ImprovePrompt = null,
    BotIdentity? Bot = null,
    IStarSubscriptions? Subscriptions = null);

/// <summary>The current catalogue as the conversation's menu, rebuilt only when the catalogue version changes.</summary>
public sealed class MenuSource(CatalogHolder holder, bool callbacksEnabled = true)
{
    private CatalogMenu? _menu;

    public CatalogMenu Current
    {
        get
        {
            var snapshot = holder.Current;
            var menu = Volatile.Read(ref _menu);
            if (menu is null || !ReferenceEquals(menu.Snapshot, snapshot))
            {
                menu = CatalogMenu.From(snapshot, callbacksEnabled);
                Volatile.Write(ref _menu, menu);
            }

            return menu;
        }
    }

    public CatalogHolder Holder => holder;
}
