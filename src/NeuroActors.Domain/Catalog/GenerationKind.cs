namespace NeuroActors.Domain.Catalog;

/// <summary>What a model makes from what: the unit the menus are built from.</summary>
public enum GenerationKind
{
    TextToImage,
    ImageToImage,
    TextToVideo,
    ImageToVideo,
    TextToMusic,
    TextToSpeech,
    SpeechToText,
    AudioToAudio,
    SpeechToVideo,
    Upscale,
}

/// <summary>The kind of a file a model takes or gives back.</summary>
public enum MediaKind
{
    Image,
    Audio,
    Video,
    Text,
}

public static class GenerationKinds
{
    private static readonly (GenerationKind Kind, string Slug)[] Slugs =
    [
        (GenerationKind.TextToImage, "text-to-image"),
        (GenerationKind.ImageToImage, "image-to-image"),
        (GenerationKind.TextToVideo, "text-to-video"),
        (GenerationKind.ImageToVideo, "image-to-video"),
        (GenerationKind.TextToMusic, "text-to-music"),
        (GenerationKind.TextToSpeech, "text-to-speech"),
        (GenerationKind.SpeechToText, "speech-to-text"),
        (GenerationKind.AudioToAudio, "audio-to-audio"),
        (GenerationKind.SpeechToVideo, "speech-to-video"),
        (GenerationKind.Upscale, "upscale"),
    ];

    public static IReadOnlyList<GenerationKind> All { get; } = Slugs.Select(s => s.Kind).ToArray();

    /// <summary>The stable name used in the catalogue file, logs and callback data.</summary>
    public static string Slug(this GenerationKind kind) => Slugs.First(s => s.Kind == kind).Slug;

    public static bool TryParse(string? slug, out GenerationKind kind)
    {
        foreach (var (k, s) in Slugs)
        {
            if (string.Equals(s, slug, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string SlugOf(MediaKind media) => media switch
    {
        MediaKind.Image => "image",
        MediaKind.Audio => "audio",
        MediaKind.Video => "video",
        _ => "text",
    };
}
