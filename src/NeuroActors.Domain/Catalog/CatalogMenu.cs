using System.Collections.Immutable;
using NeuroActors.Domain.Conversation;
using ConversationKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Domain.Catalog;

/// <summary>
/// The conversation's view of a catalogue version: the visible models the chat can drive (a prompt, and at most a
/// photo as input), each at its default options' price. Built once per catalogue version, never on the request path.
/// </summary>
public sealed class CatalogMenu : IModelMenu
{
    private static readonly ConversationKind[] KindOrder = [ConversationKind.Image, ConversationKind.Video, ConversationKind.Music, ConversationKind.Speech];
    private readonly InMemoryModelMenu _menu;

    private CatalogMenu(CatalogSnapshot snapshot, InMemoryModelMenu menu)
    {
        Snapshot = snapshot;
        _menu = menu;
    }

    public CatalogSnapshot Snapshot { get; }

    public IReadOnlyList<ConversationKind> Kinds => _menu.Kinds;

    public IReadOnlyList<MenuModel> Popular => _menu.Popular;

    /// <param name="snapshot">The catalogue version.</param>
    /// <param name="callbacksEnabled">
    /// KIE can reach this cluster (<c>Kie:CallbackBaseUrl</c>). Families whose API requires a callback URL (Suno, Runway)
    /// are offered only then.
    /// </param>
    public static CatalogMenu From(CatalogSnapshot snapshot, bool callbacksEnabled = true)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var models = new List<MenuModel>();
        foreach (var kind in KindOrder)
        {
            foreach (var generationKind in GenerationKinds.All)
            {
                foreach (var item in snapshot.Menu(generationKind))
                {
                    if (snapshot.Find(item.ModelId) is { } model
                        && MenuKindOf(model) == kind
                        && (callbacksEnabled || !model.Family.Info().RequiresCallbackUrl)
                        && ToMenuModel(snapshot, model, kind) is { } menuModel)
                    {
                        models.Add(menuModel);
                    }
                }
            }
        }

        var popular = snapshot.Popular.Select(p => p.ModelId);
        return new CatalogMenu(snapshot, new InMemoryModelMenu(models, popular));
    }

    /// <summary>The main-menu kind a catalogue kind belongs to (an upscale is an image's, unless <see cref="MenuKindOf(ModelDefinition)"/> knows it takes a video).</summary>
    public static ConversationKind? MenuKindOf(GenerationKind kind) => kind switch
    {
        GenerationKind.TextToImage or GenerationKind.ImageToImage or GenerationKind.Upscale => ConversationKind.Image,
        GenerationKind.TextToVideo or GenerationKind.ImageToVideo or GenerationKind.SpeechToVideo => ConversationKind.Video,
        GenerationKind.TextToMusic => ConversationKind.Music,
        GenerationKind.TextToSpeech or GenerationKind.SpeechToText or GenerationKind.AudioToAudio => ConversationKind.Speech,
        _ => null,
    };

    /// <summary>The main-menu kind of a model: a video upscale sits with the videos, the rest by their kind.</summary>
    public static ConversationKind? MenuKindOf(ModelDefinition model) =>
        model.Kind == GenerationKind.Upscale && model.MediaInput(MediaKind.Video) is not null ? ConversationKind.Video : MenuKindOf(model.Kind);

    public IReadOnlyList<MenuModel> ModelsOf(ConversationKind kind) => _menu.ModelsOf(kind);

    public MenuModel? FindByKey(string key) => _menu.FindByKey(key);

    public MenuModel? FindById(string modelId) => _menu.FindById(modelId);

    /// <summary>
    /// A model the chat can offer: a price at its default options, and inputs the chat can collect (a prompt or none,
    /// photos, a voice or audio file, a video; never a text file). Models priced by the length of their audio or video
    /// show their shortest tier's price ("from"); the draft is priced by the length of the file the user sends.
    /// </summary>
    private static MenuModel? ToMenuModel(CatalogSnapshot snapshot, ModelDefinition model, ConversationKind kind)
    {
        if (model.Media.Any(m => m.Media == MediaKind.Text) || (model.Prompt is null && model.Media.Count == 0)
            || model.PriceBasis == PriceBasis.TextChars && model.Prompt is null)
        {
            return null;
        }

        var quote = snapshot.Quote(model.Id);
        if (!quote.IsPriced)
        {
            return null;
        }

        var images = model.MediaInput(MediaKind.Image);
        var needsImage = images is { Min: > 0 };
        return new MenuModel(
            model.Id,
            model.Name.En,
            kind,
            quote.Quote.CreditsPerVariant,
            needsImage,
            model.Prompt?.MaxLength ?? 0,
            model.Description.En,
            model.Description.Ru,
            model.Free,
            InputsOf(model, quote.Quote))
        {
            Options = CatalogMenuOptions.OptionsOf(snapshot, model),
            PriceOf = CatalogMenuOptions.PriceOf(model),
            LowestPrice = model.PriceFrom,
            PriceVaries = !model.HasSinglePrice,
        };
    }

    /// <summary>What the conversation needs to know of a model's inputs: counts, lengths, prompt, tiers at the default options.</summary>
    public static ModelInputs InputsOf(ModelDefinition model, PriceQuote defaults)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(defaults);
        var images = model.MediaInput(MediaKind.Image);
        var byLength = model.PriceBasis is PriceBasis.AudioSeconds or PriceBasis.VideoSeconds;
        var tiers = byLength
            ? model.Prices
                .Where(p => p.UpTo is not null && p.When.All(w => defaults.Options.TryGetValue(w.Key, out var v) && v == w.Value))
                .OrderBy(p => p.UpTo)
                .Select(p => new PriceTier(p.UpTo!.Value, p.Credits))
                .ToImmutableArray()
            : [];
        var prompt = model.Prompt switch
        {
            null => PromptUse.None,
            { Required: true } => PromptUse.Required,
            _ => PromptUse.Optional,
        };
        return new ModelInputs(
            images?.Min ?? 0,
            images?.Max ?? 0,
            model.MediaInput(MediaKind.Audio) is not null,
            model.MediaInput(MediaKind.Video) is not null,
            tiers.IsEmpty ? null : tiers[^1].UpToSeconds,
            prompt,
            tiers,
            model.OutputMedia == MediaKind.Text,
            model.Variants.Any(v => v is 1 or 3 or 5) ? [.. model.Variants.Where(v => v is 1 or 3 or 5)] : [1])
        {
            PriceAtLength = tiers.IsEmpty ? null : (choice, seconds) => CatalogPricing.Quote(model, choice, seconds) is { IsPriced: true } priced ? priced.Quote.CreditsPerVariant : null,
        };
    }
}
