using Microsoft.Extensions.Configuration;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Conversation;
using ConversationKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Benchmarks;

/// <summary>The real catalogue, loaded as the Host loads it (<c>CatalogOptions.From</c> then <c>CatalogServices.FromOptions</c>).</summary>
public static class BenchmarkCatalog
{
    /// <summary>The Host's default <c>Catalog:FilePath</c>: catalog/models.yaml copied beside the binaries.</summary>
    public static CatalogOptions Options { get; } = CatalogOptions.From(new ConfigurationBuilder().Build());

    public static CatalogSnapshot Load()
    {
        using var services = CatalogServices.FromOptions(Options);
        return services.Holder.Current;
    }

    /// <summary>
    /// The conversation's model menu over a snapshot: visible models the chat can drive (a prompt, at most a photo),
    /// priced from their menu line. The node's own adapter replaces this once it lands in Domain.
    /// </summary>
    public static InMemoryModelMenu Menu(CatalogSnapshot snapshot)
    {
        var models = new List<MenuModel>();
        foreach (var kind in GenerationKinds.All)
        {
            if (ChatKind(kind) is not { } chatKind)
            {
                continue;
            }

            foreach (var item in snapshot.Menu(kind))
            {
                var model = snapshot.Find(item.ModelId);
                if (model?.Prompt is not { } prompt || model.Media.Any(m => m.Media != Domain.Catalog.MediaKind.Image && m.Min > 0))
                {
                    continue;
                }

                var needsImage = model.Media.Any(m => m.Media == Domain.Catalog.MediaKind.Image && m.Min > 0);
                models.Add(new MenuModel(model.Id, item.Name.En, chatKind, item.PriceFrom, needsImage, prompt.MaxLength, item.Description.En, item.Description.Ru));
            }
        }

        // Order by chat kind, keeping the catalogue's order inside each.
        var ordered = models.OrderBy(m => m.Kind).ToList();
        return new InMemoryModelMenu(ordered, snapshot.Popular.Select(p => p.ModelId));
    }

    private static ConversationKind? ChatKind(GenerationKind kind) => kind switch
    {
        GenerationKind.TextToImage or GenerationKind.ImageToImage => ConversationKind.Image,
        GenerationKind.TextToVideo or GenerationKind.ImageToVideo => ConversationKind.Video,
        GenerationKind.TextToMusic => ConversationKind.Music,
        GenerationKind.TextToSpeech => ConversationKind.Speech,
        _ => null,
    };
}
