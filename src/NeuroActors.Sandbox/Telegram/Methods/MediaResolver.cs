using System.Net.Http.Headers;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Methods;

/// <summary>
/// Turns an InputFile value into a stored file: "attach://name" or a direct part (an upload), an HTTP URL (fetched by
/// the sandbox, so an unreachable URL fails as Telegram fails it) or a file_id sent before.
/// </summary>
internal static class MediaResolver
{
    private const string AttachPrefix = "attach://";

    /// <summary>The file, or null when the request holds none (the caller words that error).</summary>
    public static async Task<StoredFile?> ResolveAsync(BotApiCall call, string kind, string? value, string? directPartName)
    {
        UploadedFile? upload;
        if (value is not null && value.StartsWith(AttachPrefix, StringComparison.Ordinal))
        {
            upload = call.Parameters.GetFile(value[AttachPrefix.Length..]);
        }
        else if (value is null)
        {
            upload = directPartName is null ? null : call.Parameters.GetFile(directPartName);
        }
        else
        {
            return await ResolveRemoteAsync(call, kind, value);
        }

        if (upload is null)
        {
            return null;
        }

        if (kind == "photo" && upload.Content.LongLength > call.Options.MaxUploadPhotoSize)
        {
            throw BotApiErrors.BadRequest("PHOTO_SAVE_FILE_INVALID");
        }

        return Store(call, kind, upload.Content, upload.FileName, upload.ContentType);
    }

    private static async Task<StoredFile> ResolveRemoteAsync(BotApiCall call, string kind, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            lock (call.State.Gate)
            {
                return call.State.Files.Find(value) ?? throw BotApiErrors.WrongFileIdentifier();
            }
        }

        var limit = kind == "photo" ? call.Options.MaxUrlPhotoSize : call.Options.MaxUrlFileSize;
        byte[] content;
        MediaTypeHeaderValue? contentType;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken);
            timeout.CancelAfter(call.Options.UrlFetchTimeout);
            using var response = await call.Sandbox.UrlClient.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > limit)
            {
                throw BotApiErrors.FailedToGetUrlContent();
            }

            contentType = response.Content.Headers.ContentType;
            content = await ReadLimitedAsync(response.Content, limit, timeout.Token) ?? throw BotApiErrors.FailedToGetUrlContent();
        }
        catch (HttpRequestException)
        {
            throw BotApiErrors.FailedToGetUrlContent();
        }
        catch (OperationCanceledException) when (!call.CancellationToken.IsCancellationRequested)
        {
            throw BotApiErrors.FailedToGetUrlContent();
        }

        if (contentType?.MediaType is "text/html")
        {
            throw BotApiErrors.WrongWebPageContent();
        }

        var fileName = Path.GetFileName(uri.AbsolutePath);
        try
        {
            return Store(call, kind, content, string.IsNullOrEmpty(fileName) ? null : fileName, contentType?.MediaType);
        }
        catch (BotApiException e) when (e.Description.EndsWith("IMAGE_PROCESS_FAILED", StringComparison.Ordinal))
        {
            // A URL that is not an image cannot become a photo.
            throw BotApiErrors.WrongWebPageContent();
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static StoredFile Store(BotApiCall call, string kind, byte[] content, string? fileName, string? contentType)
    {
        int? width = null;
        int? height = null;
        var mimeType = contentType is null or "application/octet-stream" ? MediaProbe.GuessMimeType(fileName, kind) : contentType;
        if (kind == "photo")
        {
            var image = MediaProbe.TryReadImage(content) ?? throw BotApiErrors.BadRequest("IMAGE_PROCESS_FAILED");
            if (image.Width <= 0 || image.Height <= 0 || image.Width + image.Height > 10000
                || Math.Max(image.Width, image.Height) > 20 * Math.Min(image.Width, image.Height))
            {
                throw BotApiErrors.BadRequest("PHOTO_INVALID_DIMENSIONS");
            }

            (width, height, mimeType) = (image.Width, image.Height, image.MimeType);
        }

        lock (call.State.Gate)
        {
            return call.State.Files.Add(kind, content, mimeType, kind is "photo" or "voice" ? null : fileName, width, height);
        }
    }
}
