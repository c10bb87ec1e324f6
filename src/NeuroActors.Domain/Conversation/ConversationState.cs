using System.Text.Json.Serialization;
using System.Collections.Immutable;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// The order a user is putting together. <see cref="Number"/> grows per user; buttons of the draft carry it,
/// so taps on an older draft's keyboard are recognised as outdated.
/// </summary>
/// <param name="Number">Per-user draft number, 1 and up.</param>
/// <param name="ModelId">KIE model id.</param>
/// <param name="NeedsImage">The model needs a photo.</param>
/// <param name="TemplateId">The chosen template, whose blank the next text fills; null for an own prompt.</param>
/// <param name="Prompt">The final prompt (template applied), once given.</param>
/// <param name="ImageFileId">Telegram file id of the photo, once given.</param>
/// <param name="Variants">1, 3 or 5, once chosen.</param>
/// <param name="UnitPrice">Price per variant the user saw when choosing variants.</param>
/// <param name="FromOrderId">The order this draft was copied from ("Make another", "Change prompt").</param>
/// <param name="NeedsAudio">The model needs a voice message or an audio file (null: a draft from before audio inputs).</param>
/// <param name="NeedsVideo">The model needs a video.</param>
/// <param name="ExtraImageFileIds">Photos after the first, for models that take a list.</param>
/// <param name="Audio">The voice message or audio file, once given.</param>
/// <param name="Video">The video, once given.</param>
/// <param name="LastMediaGroupId">The album the last photo came in: the rest of an album is taken without a reply each.</param>
/// <param name="OverflowedMediaGroupId">The album whose photos beyond the model's limit were already refused (said once).</param>
public sealed record DraftOrder(
    long Number,
    string ModelId,
    bool NeedsImage,
    string? TemplateId = null,
    string? Prompt = null,
    string? ImageFileId = null,
    int? Variants = null,
    long? UnitPrice = null,
    string? FromOrderId = null,
    bool? NeedsAudio = null,
    bool? NeedsVideo = null,
    ImmutableList<string>? ExtraImageFileIds = null,
    AttachedMedia? Audio = null,
    AttachedMedia? Video = null,
    string? LastMediaGroupId = null,
    string? OverflowedMediaGroupId = null)
{
    /// <summary>How many photos the draft has.</summary>
    [JsonIgnore]
    public int ImageCount => (ImageFileId is null ? 0 : 1) + (ExtraImageFileIds?.Count ?? 0);

    /// <summary>The audio or video the model still needs.</summary>
    [JsonIgnore]
    public bool MissesMedia => (NeedsAudio == true && Audio is null) || (NeedsVideo == true && Video is null);

    /// <summary>The option values the user chose (name → catalogue value); the rest take the model's defaults. Empty in old journals.</summary>
    public OptionChoices Options { get; init; } = OptionChoices.Empty;

    /// <summary>
    /// Where a draft stands once its inputs change: the photo comes first for image models (with the prompt as its
    /// caption if the user likes), then the prompt, then the variant choice.
    /// </summary>
    public ConversationStep NextInputStep() =>
        NeedsImage && ImageFileId is null ? new ConversationStep.AwaitingImage(this)
        : MissesMedia ? new ConversationStep.AwaitingMedia(this)
        : Prompt is null ? new ConversationStep.AwaitingPrompt(this)
        : new ConversationStep.ChoosingVariants(this);
}

/// <summary>Where the user is in the conversation.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ConversationStep.MainMenu), "main-menu")]
[JsonDerivedType(typeof(ConversationStep.ChoosingModel), "choosing-model")]
[JsonDerivedType(typeof(ConversationStep.AwaitingImage), "awaiting-image")]
[JsonDerivedType(typeof(ConversationStep.AwaitingPrompt), "awaiting-prompt")]
[JsonDerivedType(typeof(ConversationStep.AwaitingMedia), "awaiting-media")]
[JsonDerivedType(typeof(ConversationStep.ImprovingPrompt), "improving-prompt")]
[JsonDerivedType(typeof(ConversationStep.ReviewingImprovedPrompt), "reviewing-improved-prompt")]
[JsonDerivedType(typeof(ConversationStep.ChoosingVariants), "choosing-variants")]
[JsonDerivedType(typeof(ConversationStep.Confirming), "confirming")]
public abstract record ConversationStep
{
    private ConversationStep()
    {
    }

    /// <summary>The current draft, when the step has one.</summary>
    [JsonIgnore]
    public virtual DraftOrder? Draft => null;

    /// <summary>The main menu (also the kind choice); nothing in progress.</summary>
    public sealed record MainMenu : ConversationStep
    {
        public static readonly MainMenu Instance = new();
    }

    /// <summary>A model list; <paramref name="Kind"/> null is "⭐ Popular".</summary>
    public sealed record ChoosingModel(MediaKind? Kind, int Page) : ConversationStep;

    /// <summary>The model card of an image model: waiting for a photo (a caption is taken as the prompt).</summary>
    public sealed record AwaitingImage(DraftOrder Current) : ConversationStep
    {
        [JsonIgnore]
        public override DraftOrder? Draft => Current;
    }

    /// <summary>The model card of a model that works from a voice, an audio file or a video: waiting for it.</summary>
    public sealed record AwaitingMedia(DraftOrder Current) : ConversationStep
    {
        [JsonIgnore]
        public override DraftOrder? Draft => Current;
    }

    /// <summary>The model card: waiting for a prompt (or a template's subject).</summary>
    public sealed record AwaitingPrompt(DraftOrder Current) : ConversationStep
    {
        [JsonIgnore]
        public override DraftOrder? Draft => Current;
    }

    /// <summary>The LLM is rewriting the prompt; the result will edit message <paramref name="MessageId"/>.</summary>
    public sealed record ImprovingPrompt(DraftOrder Current, long MessageId) : ConversationStep
    {
        [JsonIgnore]
        public override DraftOrder? Draft => Current;
    }

    /// <summary>The improved prompt is on offer: use it or keep the user's own.</summary>
    public sealed record ReviewingImprovedPrompt(DraftOrder Current, string ImprovedPrompt) : ConversationStep
    {
        [JsonIgnore]
        public override DraftOrder? Draft => Current;
    }

    public sealed record ChoosingVariants(DraftOrder Current) : ConversationStep
    {
        [JsonIgnore]
        public override DraftOrder? Draft => Current;
    }

    /// <summary>The confirmation screen; <see cref="DraftOrder.Variants"/> and <see cref="DraftOrder.UnitPrice"/> are set.</summary>
    public sealed record Confirming(DraftOrder Current) : ConversationStep
    {
        [JsonIgnore]
        public override DraftOrder? Draft => Current;
    }
}

/// <summary>An order the user placed recently, kept for "Make another", "Change prompt", cancel and double-tap checks.</summary>
public sealed record RecentOrder(
    string OrderId,
    long DraftNumber,
    string ModelId,
    string Prompt,
    string? ImageFileId,
    int Variants,
    long UnitPrice,
    DateTimeOffset PlacedAt,
    OrderMedia? Media = null,
    [property: JsonIgnore] string? ModelName = null)
{
    /// <summary>Every option the order was placed with, resolved (empty for orders placed before options existed).</summary>
    public OptionChoices Options { get; init; } = OptionChoices.Empty;
}

/// <summary>The conversation part of a user's state. Change it only through <see cref="ConversationMachine.Apply"/>.</summary>
public sealed record ConversationState(
    bool IsRegistered,
    DateTimeOffset? RegisteredAt,
    Language? ChosenLanguage,
    ConversationStep Step,
    long LastDraftNumber,
    ImmutableList<RecentOrder> RecentOrders)
{
    /// <summary>How many placed orders are remembered (older ones' buttons read as outdated).</summary>
    public const int RecentOrdersKept = 30;

    public static ConversationState New { get; } =
        new(false, null, null, ConversationStep.MainMenu.Instance, 0, ImmutableList<RecentOrder>.Empty);

    [JsonIgnore]
    public DraftOrder? Draft => Step.Draft;

    public RecentOrder? FindOrder(string orderId) => RecentOrders.Find(o => o.OrderId == orderId);

    public RecentOrder? FindOrderByDraft(long draftNumber) => RecentOrders.Find(o => o.DraftNumber == draftNumber);
}
