using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace NeuroActors.Sandbox.Telegram.Wire;

/// <summary>Reads the query string and a JSON, form or multipart body into one <see cref="BotApiParameters"/>.</summary>
internal static class BotApiRequestReader
{
    public static async Task<BotApiParameters> ReadAsync(HttpRequest request, long maxFileSize, CancellationToken cancellationToken)
    {
        var parameters = new BotApiParameters();
        foreach (var (key, value) in request.Query)
        {
            parameters.Set(key, value.ToString());
        }

        // An album may carry ten files of the per-file maximum; the per-file limit is checked below.
        var bodyLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodyLimit is { IsReadOnly: false })
        {
            bodyLimit.MaxRequestBodySize = (maxFileSize * 10) + (1 << 20);
        }

        try
        {
            if (IsJson(request.ContentType))
            {
                await ReadJsonAsync(request, parameters, cancellationToken);
            }
            else if (request.HasFormContentType)
            {
                await ReadFormAsync(request, parameters, maxFileSize, cancellationToken);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw BotApiErrors.RequestEntityTooLarge();
        }
        catch (InvalidDataException)
        {
            // Thrown by the form reader for bodies over its limits.
            throw BotApiErrors.RequestEntityTooLarge();
        }

        return parameters;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static async Task ReadJsonAsync(HttpRequest request, BotApiParameters parameters, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            throw BotApiErrors.BadRequest("can't parse JSON object");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw BotApiErrors.BadRequest("can't parse JSON object");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                    case JsonValueKind.Undefined:
                        break;
                    case JsonValueKind.String:
                        parameters.Set(property.Name, property.Value.GetString()!);
                        break;
                    default:
                        parameters.Set(property.Name, property.Value.GetRawText());
                        break;
                }
            }
        }
    }

    private static async Task ReadFormAsync(HttpRequest request, BotApiParameters parameters, long maxFileSize, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(
            new FormOptions
            {
                MultipartBodyLengthLimit = (maxFileSize * 10) + (1 << 20),
                ValueLengthLimit = 16 << 20,
                ValueCountLimit = 4096,
            },
            cancellationToken);
        foreach (var (key, value) in form)
        {
            parameters.Set(key, value.ToString());
        }

        foreach (var file in form.Files)
        {
            if (file.Length > maxFileSize)
            {
                throw BotApiErrors.RequestEntityTooLarge();
            }

            using var content = new MemoryStream((int)file.Length);
            await file.CopyToAsync(content, cancellationToken);
            parameters.AddFile(new UploadedFile(file.Name, file.FileName, file.ContentType, content.ToArray()));
        }
    }
}
