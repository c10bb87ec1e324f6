using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Telegram;

/// <summary>
/// What a tapped inline button means, after <see cref="CallbackCodec.Decode"/>. Buttons that act on a draft order
/// carry its number, so a tap on an old keyboard can be told from a current one.
/// </summary>
public abstract record CallbackAction
{
    private CallbackAction()
    {
    }

    /// <summary>Unknown, forged, stale-version or malformed data: answered with "This menu is outdated".</summary>
    public sealed record Outdated : CallbackAction
    {
        public static readonly Outdated Instance = new();
    }

    /// <summary>A button that does nothing (e.g. the "2/5" page indicator).</summary>
    public sealed record Noop : CallbackAction
    {
        public static readonly Noop Instance = new();
    }

    public sealed record OpenMainMenu : CallbackAction
    {
        public static readonly OpenMainMenu Instance = new();
    }

    /// <summary>A kind's model list, page 0-based.</summary>
    public sealed record OpenKind(MediaKind Kind, int Page) : CallbackAction;

    /// <summary>"⭐ Popular" list, page 0-based.</summary>
    public sealed record OpenPopular(int Page) : CallbackAction;

    /// <summary>A model's card; starts a new draft order for it.</summary>
    public sealed record PickModel(string ModelKey) : CallbackAction;

    public sealed record ChooseTemplate(long Draft, string TemplateId) : CallbackAction;

    public sealed record WriteOwnPrompt(long Draft) : CallbackAction;

    public sealed record ImprovePrompt(long Draft) : CallbackAction;

    public sealed record AcceptImprovedPrompt(long Draft) : CallbackAction;

    public sealed record KeepOwnPrompt(long Draft) : CallbackAction;

    public sealed record EditPrompt(long Draft) : CallbackAction;

    /// <summary>1, 3 or 5 variants.</summary>
    public sealed record ChooseVariants(long Draft, int Variants) : CallbackAction;

    public sealed record BackToVariants(long Draft) : CallbackAction;

    /// <summary>Opens the values of option <paramref name="Option"/> (its index among the model's options) on the options step.</summary>
    public sealed record OpenOption(long Draft, int Option) : CallbackAction;

    /// <summary>Sets option <paramref name="Option"/> to its value number <paramref name="Value"/> (indexes in the catalogue's order).</summary>
    public sealed record ChooseOption(long Draft, int Option, int Value) : CallbackAction;

    /// <summary>"✅ Generate": works once per draft; later taps are "Already started".</summary>
    public sealed record Confirm(long Draft) : CallbackAction;

    /// <summary>Cancel an order's variants that still wait for their turn.</summary>
    public sealed record CancelOrder(string OrderId) : CallbackAction;

    /// <summary>"🔁 Make another" / "🔁 Try again": same model and prompt, back to the variant choice.</summary>
    public sealed record MakeAnother(string OrderId) : CallbackAction;

    /// <summary>"✏️ Change prompt" after a result or a failure: same model (and photo), a new prompt.</summary>
    public sealed record ChangePrompt(string OrderId) : CallbackAction;

    public sealed record OpenHistory(int Page) : CallbackAction;

    public sealed record OpenBalance : CallbackAction
    {
        public static readonly OpenBalance Instance = new();
    }

    public sealed record OpenHelp : CallbackAction
    {
        public static readonly OpenHelp Instance = new();
    }

    public sealed record OpenLanguageMenu : CallbackAction
    {
        public static readonly OpenLanguageMenu Instance = new();
    }

    public sealed record SetLanguage(Language Language) : CallbackAction;

    /// <summary>"➡️ Without a description": a model whose prompt is optional goes on without one.</summary>
    public sealed record SkipPrompt(long Draft) : CallbackAction;

    /// <summary>"✅ Done" after adding photos to a model that takes several: back to what the draft still needs.</summary>
    public sealed record ImagesDone(long Draft) : CallbackAction;

    /// <summary>One order of /history opened from page <paramref name="Page"/> (the way back).</summary>
    public sealed record OpenOrder(string OrderId, int Page) : CallbackAction;

    /// <summary>"🔁 Repeat" from /history: same model, prompt, files and options, straight to the confirmation at today's price.</summary>
    public sealed record RepeatOrder(string OrderId) : CallbackAction;

    /// <summary>"📤 Send the results again" from /history, by Telegram's file ids while they are valid.</summary>
    public sealed record ResendResults(string OrderId) : CallbackAction;

    /// <summary>An admin panel button; only admins' taps are honoured.</summary>
    public sealed record Admin(AdminCommand Command, long Argument) : CallbackAction;

    /// <summary>"⭐ Top up": the packs on sale.</summary>
    public sealed record OpenTopUp : CallbackAction
    {
        public static readonly OpenTopUp Instance = new();
    }

    /// <summary>A pack's button: sends its invoice when this pack (credits and price) is still on sale.</summary>
    public sealed record BuyPack(long Credits, long Stars) : CallbackAction;

    /// <summary>"✅ I agree" to the terms before the first order: recorded, then the draft is confirmed.</summary>
    public sealed record AcceptTerms(long Draft) : CallbackAction;

    /// <summary>A button of the /subscription screen (open it, cancel with a confirm step, resume).</summary>
    public sealed record Subscription(SubscriptionTap Tap) : CallbackAction;
}

/// <summary>What a /subscription button does.</summary>
public enum SubscriptionTap
{
    Open,
    Cancel,
    ConfirmCancel,
    Resume,
}

/// <summary>Buttons of the admin panel; the argument's meaning depends on the command (a page, a user id, ...).</summary>
public enum AdminCommand
{
    Panel,
    Metrics,
    RefreshMetrics,
    FindRequest,
    Users,
    UserDetails,
    Models,
    ResyncModels,
    Broadcast,
    ConfirmBroadcast,
    CancelBroadcast,

    // Appended only: the numbers travel in callback data of messages already sent.
    Keys,
    EnableKey,
    ModelsPage,
    GrantHint,
    DebitHint,
    BanUser,
    UnbanUser,
    UserHistory,
    HousekeepingSchedule,
    BroadcastToAll,
    BroadcastToActive,
    BroadcastToRussian,
    BroadcastToEnglish,
    PauseBroadcast,
    ResumeBroadcast,
    StopBroadcast,
    ConfirmRefund,
    CancelRefund,
}
