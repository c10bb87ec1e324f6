using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroActors.Sandbox.Telegram.Wire;

/// <summary>The value of a successful call: a JSON node or ready JSON text, and an optional description.</summary>
internal sealed record BotApiResult(JsonNode? Node, string? RawJson = null, string? Description = null)
{
    public static BotApiResult True(string? description = null) => new(JsonValue.Create(true), null, description);

    public static BotApiResult Raw(string json) => new(null, json);
}

/// <summary>Writes the exact envelopes: <c>{"ok":true,"result":...}</c> and <c>{"ok":false,"error_code":...}</c>.</summary>
internal static class BotApiResponseWriter
{
    public static async Task WriteResultAsync(HttpResponse response, BotApiResult result, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, BotApiJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", true);
            writer.WritePropertyName("result");
            if (result.RawJson is not null)
            {
                writer.WriteRawValue(result.RawJson, skipInputValidation: true);
            }
            else if (result.Node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                result.Node.WriteTo(writer);
            }

            if (result.Description is not null)
            {
                writer.WriteString("description", result.Description);
            }

            writer.WriteEndObject();
        }

        await response.Body.WriteAsync(buffer.ToArray(), cancellationToken);
    }

    public static async Task WriteErrorAsync(HttpResponse response, BotApiException error, CancellationToken cancellationToken)
    {
        response.StatusCode = error.ErrorCode;
        response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await response.Body.WriteAsync(ErrorBody(error), cancellationToken);
    }

    public static byte[] ErrorBody(BotApiException error)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, BotApiJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", false);
            writer.WriteNumber("error_code", error.ErrorCode);
            writer.WriteString("description", error.Description);
            if (error.RetryAfter is { } retryAfter)
            {
                writer.WriteStartObject("parameters");
                writer.WriteNumber("retry_after", retryAfter);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
