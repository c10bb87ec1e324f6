namespace NeuroActors.Kie;

/// <summary>KIE's API families: the generic market jobs and the model-specific APIs of kie-api.md section 5.</summary>
public enum KieFamily
{
    /// <summary><c>/api/v1/jobs/createTask</c> + <c>/api/v1/jobs/recordInfo</c> (Sora 2, Kling, Flux-2, Nano Banana, ...).</summary>
    Market,

    /// <summary><c>/api/v1/veo/generate</c> + <c>/api/v1/veo/record-info</c>.</summary>
    Veo,

    /// <summary><c>/api/v1/generate</c> + <c>/api/v1/generate/record-info</c>.</summary>
    Suno,

    /// <summary><c>/api/v1/runway/generate</c> + <c>/api/v1/runway/record-detail</c>.</summary>
    Runway,

    /// <summary><c>/api/v1/gpt4o-image/generate</c> + <c>/api/v1/gpt4o-image/record-info</c>.</summary>
    Gpt4oImage,

    /// <summary><c>/api/v1/flux/kontext/generate</c> + <c>/api/v1/flux/kontext/record-info</c>.</summary>
    FluxKontext,
}

/// <summary>The routes of each family, relative to <c>Kie:BaseUrl</c>.</summary>
public static class KieRoutes
{
    public const string Credit = "/api/v1/chat/credit";
    public const string DownloadUrl = "/api/v1/common/download-url";
    public const string Base64Upload = "/api/file-base64-upload";
    public const string StreamUpload = "/api/file-stream-upload";
    public const string UrlUpload = "/api/file-url-upload";
    public const string VeoExtend = "/api/v1/veo/extend";
    public const string SunoExtend = "/api/v1/generate/extend";

    public static string CreatePath(KieFamily family) => family switch
    {
        KieFamily.Market => "/api/v1/jobs/createTask",
        KieFamily.Veo => "/api/v1/veo/generate",
        KieFamily.Suno => "/api/v1/generate",
        KieFamily.Runway => "/api/v1/runway/generate",
        KieFamily.Gpt4oImage => "/api/v1/gpt4o-image/generate",
        KieFamily.FluxKontext => "/api/v1/flux/kontext/generate",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    public static string RecordPath(KieFamily family) => family switch
    {
        KieFamily.Market => "/api/v1/jobs/recordInfo",
        KieFamily.Veo => "/api/v1/veo/record-info",
        KieFamily.Suno => "/api/v1/generate/record-info",
        KieFamily.Runway => "/api/v1/runway/record-detail",
        KieFamily.Gpt4oImage => "/api/v1/gpt4o-image/record-info",
        KieFamily.FluxKontext => "/api/v1/flux/kontext/record-info",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    /// <summary>The family's name in callback URLs.</summary>
    public static string Slug(KieFamily family) => family switch
    {
        KieFamily.Market => "market",
        KieFamily.Veo => "veo",
        KieFamily.Suno => "suno",
        KieFamily.Runway => "runway",
        KieFamily.Gpt4oImage => "4o-image",
        KieFamily.FluxKontext => "flux-kontext",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    public static bool TryParseSlug(string? slug, out KieFamily family)
    {
        foreach (var candidate in Enum.GetValues<KieFamily>())
        {
            if (string.Equals(Slug(candidate), slug, StringComparison.OrdinalIgnoreCase))
            {
                family = candidate;
                return true;
            }
        }

        family = default;
        return false;
    }
}
