using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.StaticFiles;

namespace NeuroActors.Sandbox.Kie;

/// <summary>
/// The file-upload routes (kie-api.md 7.3; the real host is a second base URL, here the same origin) and the stored files,
/// served at <c>/sim-files/uploads/{uploadPath}/{fileName}</c>. The same path overwrites, as on KIE.
/// </summary>
internal static class KieUploadEndpoints
{
    internal const string UrlClientName = "NeuroActors.Sandbox.Kie.UrlUpload";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/file-base64-upload", Base64Async);
        routes.MapPost("/api/file-url-upload", FromUrlAsync);
        routes.MapPost("/api/file-stream-upload", StreamAsync).DisableAntiforgery();
        routes.MapGet("/sim-files/uploads/{**filePath}", (string filePath, KieSimulatorState state) =>
            state.FindUpload(filePath) is { } file ? Results.Bytes(file.Bytes, file.MimeType, file.FileName) : Results.NotFound());
    }

    private static async Task<IResult> Base64Async(HttpContext http, KieSimulatorState state)
    {
        if (KieApiEndpoints.AuthorizedKey(http.Request, state) is null)
        {
            return KieJson.Upload(state, 401, KieMessages.UploadBadKey);
        }

        var (body, _) = await KieApiEndpoints.ReadJsonAsync(http.Request);
        var data = KieApiEndpoints.Text(body?["base64Data"]);
        var uploadPath = KieApiEndpoints.Text(body?["uploadPath"]);
        if (data is null)
        {
            return KieJson.Upload(state, 400, "Missing required parameter: base64Data");
        }

        if (uploadPath is null)
        {
            return KieJson.Upload(state, 400, KieMessages.UploadPathMissing);
        }

        // "data:image/png;base64,...." or bare Base64.
        string? mime = null;
        if (data.StartsWith("data:", StringComparison.Ordinal) && data.IndexOf(',', StringComparison.Ordinal) is var comma and > 0)
        {
            mime = data[5..comma].Split(';')[0];
            data = data[(comma + 1)..];
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            return KieJson.Upload(state, 400, KieMessages.UploadBadBase64);
        }

        return Store(http, state, bytes, uploadPath, KieApiEndpoints.Text(body?["fileName"]), mime);
    }

    private static async Task<IResult> FromUrlAsync(HttpContext http, KieSimulatorState state, IHttpClientFactory clients)
    {
        if (KieApiEndpoints.AuthorizedKey(http.Request, state) is null)
        {
            return KieJson.Upload(state, 401, KieMessages.UploadBadKey);
        }

        var (body, _) = await KieApiEndpoints.ReadJsonAsync(http.Request);
        var fileUrl = KieApiEndpoints.Text(body?["fileUrl"]);
        var uploadPath = KieApiEndpoints.Text(body?["uploadPath"]);
        if (fileUrl is null)
        {
            return KieJson.Upload(state, 400, "Missing required parameter: fileUrl");
        }

        if (uploadPath is null)
        {
            return KieJson.Upload(state, 400, KieMessages.UploadPathMissing);
        }

        byte[] bytes;
        string? mime;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(30)); // KIE gives a URL download 30 s
        try
        {
            using var response = await clients.CreateClient(UrlClientName).GetAsync(new Uri(fileUrl), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return KieJson.Upload(state, 400, $"File download failed: HTTP {(int)response.StatusCode}");
            }

            bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            mime = response.Content.Headers.ContentType?.MediaType;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or UriFormatException)
        {
            return KieJson.Upload(state, 400, "File download failed");
        }

        var fileName = KieApiEndpoints.Text(body?["fileName"]) ?? NameFromUrl(fileUrl);
        return Store(http, state, bytes, uploadPath, fileName, mime);
    }

    private static async Task<IResult> StreamAsync(HttpContext http, KieSimulatorState state)
    {
        if (KieApiEndpoints.AuthorizedKey(http.Request, state) is null)
        {
            return KieJson.Upload(state, 401, KieMessages.UploadBadKey);
        }

        if (!http.Request.HasFormContentType)
        {
            return KieJson.Upload(state, 400, "Missing required parameter: file");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files["file"];
        if (file is null)
        {
            return KieJson.Upload(state, 400, "Missing required parameter: file");
        }

        var uploadPath = form["uploadPath"].ToString();
        if (string.IsNullOrWhiteSpace(uploadPath))
        {
            return KieJson.Upload(state, 400, KieMessages.UploadPathMissing);
        }

        using var copy = new MemoryStream();
        await file.CopyToAsync(copy, http.RequestAborted);
        var fileName = form["fileName"].ToString() is { Length: > 0 } given ? given : file.FileName;
        return Store(http, state, copy.ToArray(), uploadPath, fileName, file.ContentType);
    }

    private static IResult Store(HttpContext http, KieSimulatorState state, byte[] bytes, string uploadPath, string? fileName, string? mime)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (string.IsNullOrWhiteSpace(name))
        {
            name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ExtensionOf(mime, bytes);
        }

        var contentType = ContentTypes.TryGetContentType(name, out var byName) ? byName
            : !string.IsNullOrWhiteSpace(mime) && mime != "application/octet-stream" ? mime
            : "application/octet-stream";
        var filePath = $"{uploadPath.Trim('/')}/{name}";
        var uploadedAt = state.Time.GetUtcNow();
        state.StoreUpload(new KieUploadedFile(name, filePath, contentType, bytes, uploadedAt));
        var downloadUrl = $"{state.PublicBaseUrl(http.Request)}/sim-files/uploads/{string.Join('/', filePath.Split('/').Select(Uri.EscapeDataString))}";
        return KieJson.Upload(state, 200, KieMessages.UploadSuccess, new JsonObject
        {
            ["fileName"] = name,
            ["filePath"] = filePath,
            ["downloadUrl"] = downloadUrl,
            ["fileSize"] = bytes.Length,
            ["mimeType"] = contentType,
            ["uploadedAt"] = uploadedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        });
    }

    private static string? NameFromUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Path.GetFileName(uri.AbsolutePath) : null;

    /// <summary>An extension for a nameless upload, from its declared type or its first bytes.</summary>
    private static string ExtensionOf(string? mime, byte[] bytes) => mime switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        "video/mp4" => ".mp4",
        "audio/mpeg" => ".mp3",
        _ when bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) => ".png",
        _ when bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) => ".jpg",
        _ => ".bin",
    };
}
