using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Kie;

/// <summary>
/// One task to create. For the market family the body is <c>{model, callBackUrl, progressCallBackUrl, input}</c>;
/// the other families take flat bodies: the <paramref name="Input"/> fields, <c>model</c> and <c>callBackUrl</c> side by side.
/// </summary>
/// <param name="Family">Which API.</param>
/// <param name="Model">The model id (market: required; others: the family's own model field, e.g. Veo "veo3_fast", Suno "V5").</param>
/// <param name="Input">The model's input fields, as the catalogue describes them.</param>
/// <param name="CallbackUrl">Where KIE posts the outcome; null for polling only.</param>
public sealed record KieCreateRequest(ApiFamily Family, string? Model, JsonObject Input, string? CallbackUrl = null)
{
    /// <summary>Sora 2 only: progress callbacks.</summary>
    public string? ProgressCallbackUrl { get; init; }

    /// <summary>Another create route of the same family (e.g. <see cref="KieRoutes.VeoExtend"/>); null = the family's generate route.</summary>
    public string? Route { get; init; }

    public static KieCreateRequest Market(string model, JsonObject input, string? callbackUrl = null) =>
        new(ApiFamily.Market, model, input, callbackUrl);

    public JsonObject ToBody()
    {
        if (Family == ApiFamily.Market)
        {
            var market = new JsonObject { ["model"] = Model };
            if (CallbackUrl is not null)
            {
                market["callBackUrl"] = CallbackUrl;
            }

            if (ProgressCallbackUrl is not null)
            {
                market["progressCallBackUrl"] = ProgressCallbackUrl;
            }

            market["input"] = Input.DeepClone();
            return market;
        }

        var flat = (JsonObject)Input.DeepClone();
        if (Model is not null)
        {
            flat["model"] = Model;
        }

        if (CallbackUrl is not null)
        {
            flat["callBackUrl"] = CallbackUrl;
        }

        return flat;
    }
}

internal static class JsonObjectBuilder
{
    public static JsonObject With(this JsonObject target, string name, JsonNode? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }

        return target;
    }

    public static JsonArray? Array(IReadOnlyList<string>? items) =>
        items is null or { Count: 0 } ? null : new JsonArray(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
}

/// <summary>Veo 3.1 (<c>POST /api/v1/veo/generate</c>); only <see cref="Prompt"/> is required.</summary>
public sealed record VeoGenerateRequest(string Prompt)
{
    /// <summary>1 image animates it; 2 are first and last frame; 1-3 for REFERENCE_2_VIDEO.</summary>
    public IReadOnlyList<string>? ImageUrls { get; init; }

    /// <summary><c>veo3</c> (quality), <c>veo3_fast</c> (default), <c>veo3_lite</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>TEXT_2_VIDEO</c>, <c>FIRST_AND_LAST_FRAMES_2_VIDEO</c>, <c>REFERENCE_2_VIDEO</c>.</summary>
    public string? GenerationType { get; init; }

    /// <summary><c>16:9</c> (default), <c>9:16</c>, <c>Auto</c>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary><c>720p</c> (default), <c>1080p</c>, <c>4k</c>.</summary>
    public string? Resolution { get; init; }

    public string? Watermark { get; init; }

    public bool? EnableTranslation { get; init; }

    public int? Seeds { get; init; }

    public KieCreateRequest ToCreateRequest(string? callbackUrl = null) => new(
        ApiFamily.Veo,
        Model,
        new JsonObject { ["prompt"] = Prompt }
            .With("imageUrls", JsonObjectBuilder.Array(ImageUrls))
            .With("generationType", GenerationType)
            .With("aspect_ratio", AspectRatio)
            .With("resolution", Resolution)
            .With("watermark", Watermark)
            .With("enableTranslation", EnableTranslation)
            .With("seeds", Seeds),
        callbackUrl);
}

/// <summary>Veo extend (<c>POST /api/v1/veo/extend</c>) of a finished Veo task; polled like any Veo task.</summary>
public sealed record VeoExtendRequest(string TaskId, string Prompt)
{
    /// <summary><c>fast</c>, <c>quality</c>, <c>lite</c>.</summary>
    public string? Model { get; init; }

    public int? Seeds { get; init; }

    public string? Watermark { get; init; }

    public KieCreateRequest ToCreateRequest(string? callbackUrl = null) => new(
        ApiFamily.Veo,
        Model,
        new JsonObject { ["taskId"] = TaskId, ["prompt"] = Prompt }
            .With("seeds", Seeds)
            .With("watermark", Watermark),
        callbackUrl)
    {
        Route = KieRoutes.VeoExtend,
    };
}

/// <summary>Suno music (<c>POST /api/v1/generate</c>); KIE requires a callback URL for Suno.</summary>
/// <param name="Model"><c>V4</c>, <c>V4_5</c>, <c>V4_5PLUS</c>, <c>V4_5ALL</c>, <c>V5</c>, <c>V5_5</c>.</param>
public sealed record SunoGenerateRequest(string Prompt, bool CustomMode, bool Instrumental, string Model)
{
    public string? Style { get; init; }

    /// <summary>At most 80 characters.</summary>
    public string? Title { get; init; }

    public string? NegativeTags { get; init; }

    /// <summary><c>m</c> or <c>f</c>.</summary>
    public string? VocalGender { get; init; }

    public double? StyleWeight { get; init; }

    public double? WeirdnessConstraint { get; init; }

    public double? AudioWeight { get; init; }

    public string? PersonaId { get; init; }

    public string? PersonaModel { get; init; }

    public KieCreateRequest ToCreateRequest(string callbackUrl) => new(
        ApiFamily.Suno,
        Model,
        new JsonObject { ["prompt"] = Prompt, ["customMode"] = CustomMode, ["instrumental"] = Instrumental }
            .With("style", Style)
            .With("title", Title)
            .With("negativeTags", NegativeTags)
            .With("vocalGender", VocalGender)
            .With("styleWeight", StyleWeight)
            .With("weirdnessConstraint", WeirdnessConstraint)
            .With("audioWeight", AudioWeight)
            .With("personaId", PersonaId)
            .With("personaModel", PersonaModel),
        callbackUrl);
}

/// <summary>Runway (<c>POST /api/v1/runway/generate</c>).</summary>
/// <param name="Duration">5 or 10 seconds.</param>
/// <param name="Quality"><c>720p</c> or <c>1080p</c> (1080p not with 10 s).</param>
public sealed record RunwayGenerateRequest(string Prompt, int Duration, string Quality)
{
    public string? ImageUrl { get; init; }

    /// <summary>Required for text-to-video: <c>16:9, 4:3, 1:1, 3:4, 9:16</c>.</summary>
    public string? AspectRatio { get; init; }

    public string? WaterMark { get; init; }

    public KieCreateRequest ToCreateRequest(string? callbackUrl = null) => new(
        ApiFamily.Runway,
        null,
        new JsonObject { ["prompt"] = Prompt, ["duration"] = Duration, ["quality"] = Quality }
            .With("imageUrl", ImageUrl)
            .With("aspectRatio", AspectRatio)
            .With("waterMark", WaterMark),
        callbackUrl);
}

/// <summary>4o Image (<c>POST /api/v1/gpt4o-image/generate</c>).</summary>
/// <param name="Size"><c>1:1</c>, <c>3:2</c>, <c>2:3</c>.</param>
public sealed record Gpt4oImageRequest(string? Prompt, string Size)
{
    /// <summary>At most 5 input images.</summary>
    public IReadOnlyList<string>? FilesUrl { get; init; }

    public string? MaskUrl { get; init; }

    public int? NVariants { get; init; }

    public bool? IsEnhance { get; init; }

    public bool? EnableFallback { get; init; }

    /// <summary><c>GPT_IMAGE_1</c> or <c>FLUX_MAX</c>.</summary>
    public string? FallbackModel { get; init; }

    public KieCreateRequest ToCreateRequest(string? callbackUrl = null) => new(
        ApiFamily.Gpt4oImage,
        null,
        new JsonObject { ["size"] = Size }
            .With("prompt", Prompt)
            .With("filesUrl", JsonObjectBuilder.Array(FilesUrl))
            .With("maskUrl", MaskUrl)
            .With("nVariants", NVariants)
            .With("isEnhance", IsEnhance)
            .With("enableFallback", EnableFallback)
            .With("fallbackModel", FallbackModel),
        callbackUrl);
}

/// <summary>Flux Kontext (<c>POST /api/v1/flux/kontext/generate</c>).</summary>
public sealed record FluxKontextRequest(string Prompt)
{
    /// <summary>Edit mode: the image to edit.</summary>
    public string? InputImage { get; init; }

    /// <summary><c>21:9, 16:9, 4:3, 1:1, 3:4, 9:16</c> (default 16:9).</summary>
    public string? AspectRatio { get; init; }

    /// <summary><c>jpeg</c> or <c>png</c>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary><c>flux-kontext-pro</c> or <c>flux-kontext-max</c>.</summary>
    public string? Model { get; init; }

    public bool? PromptUpsampling { get; init; }

    /// <summary>0-6, default 2.</summary>
    public int? SafetyTolerance { get; init; }

    public bool? EnableTranslation { get; init; }

    public bool? Watermark { get; init; }

    public KieCreateRequest ToCreateRequest(string? callbackUrl = null) => new(
        ApiFamily.FluxKontext,
        Model,
        new JsonObject { ["prompt"] = Prompt }
            .With("inputImage", InputImage)
            .With("aspectRatio", AspectRatio)
            .With("outputFormat", OutputFormat)
            .With("promptUpsampling", PromptUpsampling)
            .With("safetyTolerance", SafetyTolerance)
            .With("enableTranslation", EnableTranslation)
            .With("watermark", Watermark),
        callbackUrl);
}

/// <summary>A file to upload as Base64 (small files; above ~10 MB use the stream upload).</summary>
/// <param name="Base64Data">Pure Base64 or a data URL (<c>data:image/png;base64,...</c>).</param>
/// <param name="UploadPath">KIE's folder, e.g. <c>images/user-uploads</c>.</param>
/// <param name="FileName">Optional; the same name overwrites.</param>
public sealed record KieBase64Upload(string Base64Data, string UploadPath, string? FileName = null);
