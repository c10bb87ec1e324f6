namespace NeuroActors.Kie;

/// <summary>KIE's routes that belong to no family, relative to <c>Kie:BaseUrl</c>; each family's own are in <see cref="Domain.Catalog.ApiFamilyInfo"/>.</summary>
public static class KieRoutes
{
    public const string Credit = "/api/v1/chat/credit";
    public const string DownloadUrl = "/api/v1/common/download-url";
    public const string Base64Upload = "/api/file-base64-upload";
    public const string StreamUpload = "/api/file-stream-upload";
    public const string UrlUpload = "/api/file-url-upload";
    public const string VeoExtend = "/api/v1/veo/extend";
    public const string SunoExtend = "/api/v1/generate/extend";
}
