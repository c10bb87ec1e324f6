using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Sandbox.Kie;

/// <summary>
/// Simulated models for the product catalogue's models (catalog/models.yaml), so that every model a user can pick in
/// sandbox mode is served. A catalogue model becomes a row keyed as its requests name it: the body's model field
/// (market <c>model</c>, Veo, Suno and Flux Kontext <c>model</c>), or the route's own id for Runway and 4o Image.
/// </summary>
public static class KieCatalogModels
{
    /// <summary>
    /// The rows for the catalogue's models whose key <paramref name="known"/> lacks (known rows are kept as they are).
    /// Catalogue models that share a key (a text-to-image and an edit entry of one KIE model) make one row that requires
    /// only what all of them require and is priced by the first of them whose price rows fit the request.
    /// </summary>
    public static IReadOnlyList<KieModel> Missing(CatalogSnapshot catalog, IEnumerable<KieModel> known)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var knownKeys = known.Select(m => (m.Id, m.Family)).ToHashSet();
        return catalog.Models
            .GroupBy(m => (Id: KeyOf(m), Family: m.Family))
            .Where(g => !knownKeys.Contains((g.Key.Id, g.Key.Family)))
            .Select(g => Row(g.Key.Id, g.Key.Family, [.. g]))
            .ToArray();
    }

    /// <summary>The model id the simulator will see in this model's requests.</summary>
    public static string KeyOf(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var bodyModel = model.Family.Info().ModelField is null ? null : model.KieModel;
        return KieModelCatalog.ModelIdOf(model.Family, bodyModel)!;
    }

    /// <summary>What a catalogue model's result is; a transcript for speech-to-text.</summary>
    public static KieResultKind ResultKindOf(ModelDefinition model) => model.OutputMedia switch
    {
        MediaKind.Image => KieResultKind.Image,
        MediaKind.Video => KieResultKind.Video,
        MediaKind.Audio => KieResultKind.Audio,
        _ => KieResultKind.Text,
    };

    private static KieModel Row(string id, ApiFamily family, IReadOnlyList<ModelDefinition> models)
    {
        var required = RequiredFields(models[0]).Where(f => models.All(m => RequiredFields(m).Contains(f))).ToArray();
        return new KieModel(id, family, ResultKindOf(models[0]), required, input => PriceOf(models, input));
    }

    /// <summary>The prompt field when the prompt is required, then every media field that needs at least one file.</summary>
    private static List<string> RequiredFields(ModelDefinition model)
    {
        var fields = new List<string>();
        if (model.Prompt is { Required: true } prompt)
        {
            fields.Add(prompt.Field);
        }

        fields.AddRange(model.Media.Where(m => m.Min > 0).Select(m => m.Field));
        return fields;
    }

    /// <summary>
    /// KIE credits of the price row the request's option fields select (text length for models priced by it; the lowest
    /// tier for models priced by media length, which the simulator cannot measure); the default options' price otherwise.
    /// </summary>
    private static decimal PriceOf(IReadOnlyList<ModelDefinition> models, JsonObject input)
    {
        foreach (var model in models)
        {
            var options = model.Options
                .Select(o => (o.Name, Value: FieldText(input[o.Field])))
                .Where(o => o.Value is not null)
                .ToDictionary(o => o.Name, o => o.Value!, StringComparer.Ordinal);
            int? quantity = model.PriceBasis == PriceBasis.TextChars && model.Prompt is { } prompt
                ? FieldText(input[prompt.Field])?.Length ?? 0
                : null;
            if (CatalogPricing.Quote(model, options, quantity) is { IsPriced: true } quote)
            {
                return quote.Quote.KieCreditsPerVariant;
            }
        }

        var first = models[0];
        return CatalogPricing.Quote(first, null) is { IsPriced: true } fallback
            ? fallback.Quote.KieCreditsPerVariant
            : first.Prices.Select(p => p.KieCredits).DefaultIfEmpty(0m).Min();
    }

    private static string? FieldText(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };
}
