using System.Text.Json.Serialization;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// Events of the conversation, persisted by the user's actor and folded with <see cref="ConversationMachine.Apply"/>.
/// Each is a plain record of primitives, so a versioned serializer can map it to a stable manifest.
/// </summary>
// The discriminators are stored in journals: never change one.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(UserRegistered), "user-registered")]
[JsonDerivedType(typeof(LanguageChosen), "language-chosen")]
[JsonDerivedType(typeof(MainMenuOpened), "main-menu-opened")]
[JsonDerivedType(typeof(ModelListOpened), "model-list-opened")]
[JsonDerivedType(typeof(DraftStarted), "draft-started")]
[JsonDerivedType(typeof(PromptTemplateChosen), "prompt-template-chosen")]
[JsonDerivedType(typeof(PromptEntered), "prompt-entered")]
[JsonDerivedType(typeof(ImageAttached), "image-attached")]
[JsonDerivedType(typeof(PromptEditStarted), "prompt-edit-started")]
[JsonDerivedType(typeof(PromptImprovementStarted), "prompt-improvement-started")]
[JsonDerivedType(typeof(PromptImprovementOffered), "prompt-improvement-offered")]
[JsonDerivedType(typeof(PromptImprovementAccepted), "prompt-improvement-accepted")]
[JsonDerivedType(typeof(PromptImprovementDismissed), "prompt-improvement-dismissed")]
[JsonDerivedType(typeof(VariantsChosen), "variants-chosen")]
[JsonDerivedType(typeof(VariantChoiceReopened), "variant-choice-reopened")]
[JsonDerivedType(typeof(OrderPlaced), "order-placed")]
[JsonDerivedType(typeof(OptionChosen), "option-chosen")]
[JsonDerivedType(typeof(OptionsReset), "options-reset")]
[JsonDerivedType(typeof(ImageAdded), "image-added")]
[JsonDerivedType(typeof(AudioAttached), "audio-attached")]
[JsonDerivedType(typeof(VideoAttached), "video-attached")]
[JsonDerivedType(typeof(AlbumOverflowRefused), "album-overflow-refused")]
public abstract record ConversationEvent;

public sealed record UserRegistered(DateTimeOffset At) : ConversationEvent;

public sealed record LanguageChosen(Language Language) : ConversationEvent;

public sealed record MainMenuOpened : ConversationEvent;

/// <summary>A model list page was shown; <paramref name="Kind"/> null is "⭐ Popular".</summary>
public sealed record ModelListOpened(MediaKind? Kind, int Page) : ConversationEvent;

/// <summary>A new draft for a model, optionally prefilled from an earlier order ("Make another" or "Change prompt").</summary>
public sealed record DraftStarted(
    long Number,
    string ModelId,
    bool NeedsImage,
    string? Prompt,
    string? ImageFileId,
    string? FromOrderId = null,
    bool? NeedsAudio = null,
    bool? NeedsVideo = null,
    OrderMedia? Media = null) : ConversationEvent
{
    /// <summary>Option values carried over from the earlier order (empty: the model's defaults).</summary>
    public OptionChoices Options { get; init; } = OptionChoices.Empty;
}

/// <summary>A template was picked (or, with null, the user chose to write the prompt themselves).</summary>
public sealed record PromptTemplateChosen(string? TemplateId) : ConversationEvent;

/// <summary>The prompt was given (any template already applied).</summary>
public sealed record PromptEntered(string Prompt) : ConversationEvent;

public sealed record ImageAttached(string FileId) : ConversationEvent;

/// <summary>The user asked to change the prompt; the draft waits for a new one.</summary>
public sealed record PromptEditStarted : ConversationEvent;

public sealed record PromptImprovementStarted(long MessageId) : ConversationEvent;

public sealed record PromptImprovementOffered(string ImprovedPrompt) : ConversationEvent;

public sealed record PromptImprovementAccepted : ConversationEvent;

/// <summary>The user kept their prompt, or the improvement failed.</summary>
public sealed record PromptImprovementDismissed : ConversationEvent;

public sealed record VariantsChosen(int Variants, long UnitPrice) : ConversationEvent;

public sealed record VariantChoiceReopened : ConversationEvent;

/// <summary>The draft became an order: credits are to be reserved and one job started per variant.</summary>
public sealed record OrderPlaced(
    string OrderId,
    long DraftNumber,
    string ModelId,
    string Prompt,
    string? ImageFileId,
    int Variants,
    long UnitPrice,
    DateTimeOffset At,
    OrderMedia? Media = null) : ConversationEvent
{
    /// <summary>Every option of the order, resolved with the model's defaults; empty in orders placed before options existed.</summary>
    public OptionChoices Options { get; init; } = OptionChoices.Empty;
}

/// <summary>The user set option <paramref name="Name"/> of the draft's model to <paramref name="Value"/> (a catalogue value); the variant choice is asked again.</summary>
public sealed record OptionChosen(string Name, string Value) : ConversationEvent;

/// <summary>The catalogue no longer offers the draft's options: they are back at the model's defaults and the variant choice is asked again.</summary>
public sealed record OptionsReset : ConversationEvent;

/// <summary>One more photo for a model that takes a list (the first one becomes the draft's photo); <paramref name="MediaGroupId"/> names its album.</summary>
public sealed record ImageAdded(string FileId, string? MediaGroupId) : ConversationEvent;

/// <summary>A voice message or audio file for the draft; <paramref name="Seconds"/> as Telegram reported it.</summary>
public sealed record AudioAttached(string FileId, int? Seconds) : ConversationEvent;

/// <summary>A video for the draft.</summary>
public sealed record VideoAttached(string FileId, int? Seconds) : ConversationEvent;

/// <summary>Photos of album <paramref name="MediaGroupId"/> beyond the model's limit were refused; the rest of that album is refused silently.</summary>
public sealed record AlbumOverflowRefused(string MediaGroupId) : ConversationEvent;
