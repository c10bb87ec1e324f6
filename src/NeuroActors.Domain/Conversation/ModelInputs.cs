using System.Collections.Immutable;

namespace NeuroActors.Domain.Conversation;

/// <summary>Whether a model takes a typed prompt.</summary>
public enum PromptUse
{
    /// <summary>The model needs a prompt (most models).</summary>
    Required,

    /// <summary>A prompt helps but is not needed (talking avatars): the card offers to go on without one.</summary>
    Optional,

    /// <summary>The model takes no prompt at all (speech to text, upscale, audio clean-up).</summary>
    None,
}

/// <summary>One price tier of a model priced by the length of its audio or video: up to <paramref name="UpToSeconds"/>, <paramref name="Credits"/> per variant.</summary>
public sealed record PriceTier(int UpToSeconds, long Credits);

/// <summary>
/// The files a model works from, as the conversation needs to know them: how many photos, whether a voice/audio or a
/// video, how long that may be, whether a prompt is wanted, and how the price follows the length.
/// </summary>
/// <param name="MinImages">Photos the model needs (0 or 1 in the shipped catalogue).</param>
/// <param name="MaxImages">Photos the model takes at most (1 for most; up to 16 for models that take a list).</param>
/// <param name="Audio">The model takes a voice message or an audio file.</param>
/// <param name="Video">The model takes a video.</param>
/// <param name="MaxMediaSeconds">The longest audio or video the model takes (its last price tier), or null when not limited.</param>
/// <param name="Prompt">Whether a typed prompt is wanted.</param>
/// <param name="Tiers">Price tiers by seconds of audio or video, shortest first; empty when the price does not follow the length.</param>
/// <param name="TextResult">The result is text (speech to text), sent as a message rather than as a file.</param>
/// <param name="VariantChoices">How many variants a user may order at once.</param>
public sealed record ModelInputs(
    int MinImages,
    int MaxImages,
    bool Audio,
    bool Video,
    int? MaxMediaSeconds,
    PromptUse Prompt,
    ImmutableArray<PriceTier> Tiers,
    bool TextResult,
    ImmutableArray<int> VariantChoices)
{
    public static readonly ImmutableArray<int> DefaultVariants = [1, 3, 5];

    /// <summary>The catalogue's price for resolved options and a length in seconds (null: not sold); null when <see cref="Tiers"/> (at the defaults) is all there is.</summary>
    public Func<IReadOnlyDictionary<string, string>, int, long?>? PriceAtLength { get; init; }

    /// <summary>A prompt-only model (and, with <paramref name="needsImage"/>, one photo): what every model was before inputs.</summary>
    public static ModelInputs PromptAndPhoto(bool needsImage) =>
        new(needsImage ? 1 : 0, needsImage ? 1 : 0, false, false, null, PromptUse.Required, [], false, DefaultVariants);

    /// <summary>The model takes more than one photo: photos are added one by one (or as an album) until "Done".</summary>
    public bool TakesImageList => MaxImages > 1;

    public bool TakesImages => MaxImages > 0;

    /// <summary>The price of one variant for media of <paramref name="seconds"/>; <paramref name="fallback"/> when the price does not follow the length or the length is not known yet.</summary>
    public long PriceFor(int? seconds, long fallback)
    {
        if (Tiers.IsDefaultOrEmpty || seconds is not { } length)
        {
            return fallback;
        }

        foreach (var tier in Tiers)
        {
            if (length <= tier.UpToSeconds)
            {
                return tier.Credits;
            }
        }

        return Tiers[^1].Credits;
    }
}

/// <summary>An audio or video file attached to a draft: Telegram's file id and its length when Telegram reported one.</summary>
public sealed record AttachedMedia(string FileId, int? Seconds);

/// <summary>
/// The files of an order besides its first photo (which stays in the order's <c>ImageFileId</c>, as before inputs):
/// further photos for models that take a list, a voice or audio file, a video, and the length the price was set by.
/// </summary>
public sealed record OrderMedia(
    IReadOnlyList<string>? ExtraImageFileIds = null,
    string? AudioFileId = null,
    string? VideoFileId = null,
    int? MediaSeconds = null)
{
    public static OrderMedia? Of(DraftOrder draft)
    {
        var extra = draft.ExtraImageFileIds is { Count: > 0 } images ? images.ToArray() : null;
        var seconds = draft.Audio?.Seconds ?? draft.Video?.Seconds;
        return extra is null && draft.Audio is null && draft.Video is null
            ? null
            : new OrderMedia(extra, draft.Audio?.FileId, draft.Video?.FileId, seconds);
    }
}
