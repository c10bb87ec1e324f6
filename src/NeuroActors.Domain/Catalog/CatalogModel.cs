using System.Globalization;

namespace NeuroActors.Domain.Catalog;

/// <summary>A user-visible text in both languages of the bot.</summary>
public sealed record LocalizedText(string Ru, string En)
{
    /// <summary>The text for a resolved interface language ("ru" or "en"); anything not Russian reads English.</summary>
    public string For(string? language) =>
        language is not null && language.StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? Ru : En;
}

/// <summary>Where the user's text goes and how long it may be.</summary>
public sealed record PromptSpec(string Field, bool Required, int MinLength, int MaxLength);

public enum MediaShape
{
    /// <summary>One URL as a JSON string (image_url, inputImage, audio_url ...).</summary>
    SingleUrl,

    /// <summary>URLs as a JSON array (image_urls, image_input, input_urls, filesUrl, imageUrls ...).</summary>
    UrlList,
}

/// <summary>How many files of one media kind a model takes, and under which field name.</summary>
public sealed record MediaInputSpec(MediaKind Media, string Field, MediaShape Shape, int Min, int Max);

public enum OptionValueType
{
    Text,
    WholeNumber,
    Number,
    Boolean,
}

/// <summary>A choice the user makes with buttons (aspect ratio, duration, resolution, quality ...).</summary>
/// <param name="Name">The option's name in our catalogue and in price rows.</param>
/// <param name="Field">The KIE field it is sent as.</param>
/// <param name="Values">Allowed values, as written in the catalogue; <see cref="Type"/> says how they go on the wire.</param>
public sealed record OptionSpec(
    string Name,
    string Field,
    OptionValueType Type,
    IReadOnlyList<string> Values,
    string Default,
    LocalizedText? Label);

/// <summary>A field always sent with a fixed value (e.g. <c>upload_method: s3</c>); <paramref name="Json"/> is its JSON text.</summary>
public sealed record FixedField(string Field, string Json);

/// <summary>What one price row is counted per.</summary>
public enum PriceBasis
{
    /// <summary>One price per generation (per variant).</summary>
    PerGeneration,

    /// <summary>Tiers by the length of the text (text-to-speech); <see cref="PriceSku.UpTo"/> is characters.</summary>
    TextChars,

    /// <summary>Tiers by the length of the uploaded audio; <see cref="PriceSku.UpTo"/> is seconds.</summary>
    AudioSeconds,

    /// <summary>Tiers by the length of the uploaded video; <see cref="PriceSku.UpTo"/> is seconds.</summary>
    VideoSeconds,
}

/// <summary>
/// One price row: for the option values in <paramref name="When"/> (and, for tiered models, up to <paramref name="UpTo"/>
/// units), a generation costs <paramref name="Credits"/> of ours and <paramref name="KieCredits"/> at KIE.
/// </summary>
public sealed record PriceSku(IReadOnlyDictionary<string, string> When, int? UpTo, decimal KieCredits, int Credits, int Line)
{
    /// <summary>A stable, readable key: "resolution=4K" or "duration=10|sound=true" plus "≤N" for tiers.</summary>
    public string Key => PriceKeys.ComboKey(When) + (UpTo is { } upTo ? "≤" + upTo.ToString(CultureInfo.InvariantCulture) : string.Empty);

    /// <summary>For admins and diffs: "resolution=4K: 5 cr (KIE 24)".</summary>
    public string Describe() =>
        (Key.Length == 0 ? "base" : Key) + ": " + Credits.ToString(CultureInfo.InvariantCulture) + " cr (KIE " +
        KieCredits.ToString(CultureInfo.InvariantCulture) + ")";
}

/// <summary>One model the product sells, as the catalogue file describes it.</summary>
/// <param name="Id">Our stable id (equal to the KIE model id for market models).</param>
/// <param name="KieModel">The model name sent to KIE (e.g. <c>veo3_fast</c> for two of our entries).</param>
/// <param name="PopularRank">Position in ⭐ Popular (1 first), or null.</param>
/// <param name="Variants">How many variants a user may order at once (each one is a separate KIE task).</param>
/// <param name="Exclusions">Combinations of option values KIE refuses (e.g. 10 s at 1080p).</param>
/// <param name="SeedField">A field that takes a random seed, set per variant when the caller supplies a base seed.</param>
/// <param name="Line">Where the model starts in its catalogue file.</param>
/// <param name="Free">Marked <c>free: true</c>: its generations count against the free daily quota before credits.</param>
public sealed record ModelDefinition(
    string Id,
    string KieModel,
    ApiFamily Family,
    GenerationKind Kind,
    LocalizedText Name,
    LocalizedText Description,
    bool Enabled,
    int? PopularRank,
    IReadOnlyList<int> Variants,
    PromptSpec? Prompt,
    IReadOnlyList<MediaInputSpec> Media,
    IReadOnlyList<OptionSpec> Options,
    IReadOnlyList<FixedField> Fixed,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Exclusions,
    PriceBasis PriceBasis,
    IReadOnlyList<PriceSku> Prices,
    string? PriceNote,
    string? SeedField,
    int Line,
    bool Free = false)
{
    /// <summary>The options that price rows depend on, in the order the model declares them.</summary>
    public IReadOnlyList<string> PricedOptions { get; } =
        Options.Select(o => o.Name).Where(n => Prices.Any(p => p.When.ContainsKey(n))).ToArray();

    public OptionSpec? Option(string name) => Options.FirstOrDefault(o => o.Name == name);

    public MediaInputSpec? MediaInput(MediaKind media) => Media.FirstOrDefault(m => m.Media == media);

    /// <summary>True when KIE refuses an empty input for this model, so a probe with empty input cannot start paid work.</summary>
    public bool HasRequiredInput => Prompt is { Required: true } || Media.Any(m => m.Min > 0);

    /// <summary>What the result is: decides how the bot sends it (photo, video, audio, document).</summary>
    public MediaKind OutputMedia => Kind switch
    {
        GenerationKind.TextToImage or GenerationKind.ImageToImage => MediaKind.Image,
        GenerationKind.TextToVideo or GenerationKind.ImageToVideo or GenerationKind.SpeechToVideo => MediaKind.Video,
        GenerationKind.TextToMusic or GenerationKind.TextToSpeech or GenerationKind.AudioToAudio => MediaKind.Audio,
        GenerationKind.SpeechToText => MediaKind.Text,
        _ => MediaInput(MediaKind.Video) is not null ? MediaKind.Video : MediaKind.Image,
    };

    /// <summary>The cheapest price row in credits (the "from N cr" of the menus), or null without prices.</summary>
    public int? PriceFrom => Prices.Count == 0 ? null : Prices.Min(p => p.Credits);

    /// <summary>True when every choice costs the same, so the menu shows "N cr" rather than "from N cr".</summary>
    public bool HasSinglePrice => Prices.Select(p => p.Credits).Distinct().Count() == 1;
}

/// <summary>The catalogue's one pricing rule: our credits = max(minimum, ceil(KIE credits × markup / KIE credits per credit)).</summary>
public sealed record PricingRule(decimal Markup, decimal KieCreditsPerCredit, int MinimumCredits)
{
    public int CreditsFor(decimal kieCredits) =>
        Math.Max(MinimumCredits, (int)Math.Ceiling(kieCredits * Markup / KieCreditsPerCredit));

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"credits = max({MinimumCredits}, ceil(KIE credits × {Markup} / {KieCreditsPerCredit}))");
}

/// <summary>A main-menu section ("🖼 Image") and the kinds it leads to.</summary>
public sealed record MenuSection(string Key, LocalizedText Label, IReadOnlyList<GenerationKind> Kinds);

/// <summary>How an option and its values are labelled on buttons; values without a label show as they are.</summary>
public sealed record OptionLabel(LocalizedText Label, IReadOnlyDictionary<string, LocalizedText> Values);

/// <summary>A parsed, validated catalogue file.</summary>
/// <param name="Revision">The file's own revision number; a sync adopts the source with the highest one.</param>
/// <param name="ContentHash">SHA-256 of the file text (hex).</param>
public sealed record CatalogDocument(
    string SourceName,
    int Schema,
    long Revision,
    PricingRule Pricing,
    IReadOnlyList<MenuSection> Menus,
    IReadOnlyDictionary<GenerationKind, LocalizedText> KindLabels,
    IReadOnlyDictionary<string, OptionLabel> OptionLabels,
    IReadOnlyList<ModelDefinition> Models,
    string ContentHash)
{
    /// <summary>The label of a kind's button; the slug when the catalogue gives none.</summary>
    public LocalizedText LabelOf(GenerationKind kind) =>
        KindLabels.TryGetValue(kind, out var label) ? label : new LocalizedText(kind.Slug(), kind.Slug());

    /// <summary>The menu sections a kind is reachable from.</summary>
    public IEnumerable<MenuSection> SectionsOf(GenerationKind kind) => Menus.Where(m => m.Kinds.Contains(kind));
}

internal static class PriceKeys
{
    public static string ComboKey(IReadOnlyDictionary<string, string> values) =>
        string.Join("|", values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
}
