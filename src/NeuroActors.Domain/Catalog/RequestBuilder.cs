using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroActors.Domain.Catalog;

/// <summary>What the user chose for one generation; option values are keyed by option name, missing ones take defaults.</summary>
/// <param name="MediaSeconds">Length of the uploaded audio or video, for models priced by it.</param>
/// <param name="VariantCount">How many variants the order has (each is its own KIE task).</param>
/// <param name="VariantIndex">Which of them this request is, from 0.</param>
/// <param name="Seed">A base seed; models with a seed field get Seed + VariantIndex so that variants differ.</param>
/// <param name="CallbackUrl">Where KIE posts the outcome; null for polling only.</param>
public sealed record GenerationChoices(
    string ModelId,
    string? Prompt = null,
    IReadOnlyDictionary<string, string>? Options = null,
    IReadOnlyList<string>? ImageUrls = null,
    IReadOnlyList<string>? AudioUrls = null,
    IReadOnlyList<string>? VideoUrls = null,
    int? MediaSeconds = null,
    int VariantCount = 1,
    int VariantIndex = 0,
    long? Seed = null,
    string? CallbackUrl = null);

/// <summary>A request ready for KIE: POST <see cref="Path"/> with <see cref="BodyJson"/>, and what it costs.</summary>
public sealed record KieRequest(ApiFamily Family, string Path, string ModelId, string KieModel, string BodyJson, PriceQuote Price);

public sealed record BuildResult(KieRequest? Request, ChoiceRejection? Rejection)
{
    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Request is not null;
}

/// <summary>
/// Turns a user's choices into the KIE request for the model's family, after checking them against the model's schema:
/// anything the schema refuses comes back as a <see cref="ChoiceRejection"/> and no request is made.
/// </summary>
public static class KieRequestBuilder
{
    private static readonly JsonSerializerOptions BodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static BuildResult Build(CatalogSnapshot snapshot, GenerationChoices choices)
    {
        var model = snapshot.Find(choices.ModelId);
        if (model is null)
        {
            return Rejected(ChoiceRejection.Of(CatalogTextKeys.UnknownModel, ("model", choices.ModelId)));
        }

        var visibility = snapshot.VisibilityOf(model.Id)!;
        if (!visibility.IsVisible)
        {
            return Rejected(ChoiceRejection.Of(CatalogTextKeys.ModelUnavailable, ("model", model.Id), ("reason", visibility.Describe())));
        }

        return Build(model, choices);
    }

    /// <summary>Builds for a model regardless of its visibility (the snapshot overload checks that first).</summary>
    public static BuildResult Build(ModelDefinition model, GenerationChoices choices)
    {
        if (!model.Variants.Contains(choices.VariantCount))
        {
            return Rejected(ChoiceRejection.Of(
                CatalogTextKeys.VariantsNotAllowed,
                ("count", choices.VariantCount),
                ("allowed", string.Join(", ", model.Variants))));
        }

        if (choices.VariantIndex < 0 || choices.VariantIndex >= choices.VariantCount)
        {
            return Rejected(ChoiceRejection.Of(CatalogTextKeys.VariantIndexInvalid, ("index", choices.VariantIndex), ("count", choices.VariantCount)));
        }

        var prompt = model.Prompt is null ? null : choices.Prompt?.Trim();
        if (model.Prompt is { } promptSpec)
        {
            var length = prompt?.Length ?? 0;
            if (length == 0 && promptSpec.Required)
            {
                return Rejected(ChoiceRejection.Of(CatalogTextKeys.PromptRequired));
            }

            if (length > 0 && length < promptSpec.MinLength)
            {
                return Rejected(ChoiceRejection.Of(CatalogTextKeys.PromptTooShort, ("min", promptSpec.MinLength), ("length", length)));
            }

            if (length > promptSpec.MaxLength)
            {
                return Rejected(ChoiceRejection.Of(CatalogTextKeys.PromptTooLong, ("limit", promptSpec.MaxLength), ("length", length)));
            }
        }

        var media = new List<(MediaInputSpec Spec, IReadOnlyList<string> Urls)>();
        foreach (var (kind, urls) in new[]
                 {
                     (MediaKind.Image, choices.ImageUrls), (MediaKind.Audio, choices.AudioUrls), (MediaKind.Video, choices.VideoUrls),
                 })
        {
            var given = urls?.Where(u => !string.IsNullOrWhiteSpace(u)).ToList() ?? [];
            var spec = model.MediaInput(kind);
            if (spec is null)
            {
                if (given.Count > 0)
                {
                    return Rejected(ChoiceRejection.Of(CatalogTextKeys.MediaNotAccepted, ("media", GenerationKinds.SlugOf(kind))));
                }

                continue;
            }

            if (given.Count < spec.Min)
            {
                return Rejected(kind switch
                {
                    MediaKind.Image => ChoiceRejection.Of(CatalogTextKeys.ImageRequired, ("min", spec.Min)),
                    MediaKind.Audio => ChoiceRejection.Of(CatalogTextKeys.AudioRequired, ("min", spec.Min)),
                    _ => ChoiceRejection.Of(CatalogTextKeys.VideoRequired, ("min", spec.Min)),
                });
            }

            if (given.Count > spec.Max)
            {
                return Rejected(ChoiceRejection.Of(CatalogTextKeys.TooManyFiles, ("media", GenerationKinds.SlugOf(kind)), ("limit", spec.Max)));
            }

            var bad = given.FirstOrDefault(u => !IsFetchableUrl(u));
            if (bad is not null)
            {
                return Rejected(ChoiceRejection.Of(CatalogTextKeys.InvalidUrl, ("url", bad)));
            }

            media.Add((spec, given));
        }

        var (resolved, optionRejection) = OptionResolver.Resolve(model, choices.Options);
        if (optionRejection is not null)
        {
            return Rejected(optionRejection);
        }

        int? quantity = null;
        switch (model.PriceBasis)
        {
            case PriceBasis.TextChars:
                quantity = prompt?.Length ?? 0;
                break;
            case PriceBasis.AudioSeconds or PriceBasis.VideoSeconds:
                if (choices.MediaSeconds is not { } seconds || seconds < 0)
                {
                    return Rejected(ChoiceRejection.Of(
                        CatalogTextKeys.MediaDurationRequired,
                        ("media", model.PriceBasis == PriceBasis.AudioSeconds ? "audio" : "video")));
                }

                quantity = seconds;
                break;
        }

        var price = CatalogPricing.QuoteResolved(model, resolved!, quantity);
        if (!price.IsPriced)
        {
            return Rejected(price.Rejection);
        }

        var family = model.Family.Info();
        if (family.RequiresCallbackUrl && string.IsNullOrWhiteSpace(choices.CallbackUrl))
        {
            return Rejected(ChoiceRejection.Of(CatalogTextKeys.CallbackRequired, ("model", model.Id), ("family", family.Slug)));
        }

        var fields = new JsonObject();
        if (model.Prompt is { } spec2 && !string.IsNullOrEmpty(prompt))
        {
            fields[spec2.Field] = prompt;
        }

        foreach (var (spec, urls) in media.Where(m => m.Urls.Count > 0))
        {
            fields[spec.Field] = spec.Shape == MediaShape.SingleUrl
                ? JsonValue.Create(urls[0])
                : new JsonArray(urls.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray());
        }

        foreach (var option in model.Options)
        {
            fields[option.Field] = ToJson(resolved![option.Name], option.Type);
        }

        foreach (var fixedField in model.Fixed)
        {
            fields[fixedField.Field] = JsonNode.Parse(fixedField.Json);
        }

        if (model.SeedField is { } seedField && choices.Seed is { } seed)
        {
            fields[seedField] = seed + choices.VariantIndex;
        }

        var body = new JsonObject();
        if (family.NestsInput)
        {
            body[family.ModelField!] = model.KieModel;
            if (!string.IsNullOrWhiteSpace(choices.CallbackUrl))
            {
                body[ApiFamilies.CallbackField] = choices.CallbackUrl;
            }

            body["input"] = fields;
        }
        else
        {
            if (family.ModelField is { } modelField)
            {
                body[modelField] = model.KieModel;
            }

            foreach (var (name, value) in fields.ToList())
            {
                fields.Remove(name);
                body[name] = value;
            }

            if (!string.IsNullOrWhiteSpace(choices.CallbackUrl))
            {
                body[ApiFamilies.CallbackField] = choices.CallbackUrl;
            }
        }

        return new BuildResult(
            new KieRequest(model.Family, family.CreatePath, model.Id, model.KieModel, body.ToJsonString(BodyOptions), price.Quote),
            null);
    }

    private static BuildResult Rejected(ChoiceRejection rejection) => new(null, rejection);

    private static bool IsFetchableUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static JsonNode? ToJson(string value, OptionValueType type) => type switch
    {
        OptionValueType.Boolean => JsonValue.Create(value == "true"),
        OptionValueType.WholeNumber => JsonValue.Create(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
        OptionValueType.Number => JsonValue.Create(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value),
    };
}
