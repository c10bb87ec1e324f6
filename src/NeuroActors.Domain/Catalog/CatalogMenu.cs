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
            foreach (var generationKind in GenerationKinds.All.Where(k => MenuKindOf(k) == kind))
            {
                foreach (var item in snapshot.Menu(generationKind))
                {
                    if (snapshot.Find(item.ModelId) is { } model
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

    /// <summary>The main-menu kind a catalogue kind belongs to; null for kinds the chat cannot drive (speech to text).</summary>
    public static ConversationKind? MenuKindOf(GenerationKind kind) => kind switch
    {
        GenerationKind.TextToImage or GenerationKind.ImageToImage or GenerationKind.Upscale => ConversationKind.Image,
        GenerationKind.TextToVideo or GenerationKind.ImageToVideo or GenerationKind.SpeechToVideo => ConversationKind.Video,
        GenerationKind.TextToMusic or GenerationKind.AudioToAudio => ConversationKind.Music,
        GenerationKind.TextToSpeech => ConversationKind.Speech,
        _ => null,
    };

    public IReadOnlyList<MenuModel> ModelsOf(ConversationKind kind) => _menu.ModelsOf(kind);

    public MenuModel? FindByKey(string key) => _menu.FindByKey(key);

    public MenuModel? FindById(string modelId) => _menu.FindById(modelId);

    /// <summary>
    /// A model the chat can offer: it takes a prompt, needs nothing but an optional photo, and has a price at its default
    /// options. Models that need audio or video input, or take no prompt, wait for a wizard that can collect those.
    /// </summary>
    private static MenuModel? ToMenuModel(CatalogSnapshot snapshot, ModelDefinition model, ConversationKind kind)
    {
        if (model.Prompt is not { } prompt || model.Media.Any(m => m.Media != MediaKind.Image && m.Min > 0))
        {
            return null;
        }

        var quote = snapshot.Quote(model.Id);
        if (!quote.IsPriced)
        {
            return null;
        }

        var needsImage = model.Media.Any(m => m.Media == MediaKind.Image && m.Min > 0);
        return new MenuModel(
            model.Id,
            model.Name.En,
            kind,
            quote.Quote.CreditsPerVariant,
            needsImage,
            prompt.MaxLength,
            model.Description.En,
            model.Description.Ru,
            model.Free)
        {
            Options = CatalogMenuOptions.OptionsOf(snapshot, model),
            PriceOf = CatalogMenuOptions.PriceOf(model),
            LowestPrice = model.PriceFrom,
            PriceVaries = !model.HasSinglePrice,
        };
    }
}
