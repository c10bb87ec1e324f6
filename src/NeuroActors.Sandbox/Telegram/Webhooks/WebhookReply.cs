using System.Text.Json;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Webhooks;

/// <summary>
/// "Making requests when getting updates": a 2xx webhook answer may itself be a method call. It runs unless it is a
/// get* method, setWebhook, deleteWebhook, close or logOut; the bot never learns the result.
/// </summary>
internal static class WebhookReply
{
    public static async Task RunAsync(BotApiSandbox sandbox, byte[] body, string? contentType, CancellationToken cancellationToken)
    {
        if (contentType is null || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var parameters = new BotApiParameters();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    continue;
                }

                parameters.Set(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
            }
        }
        catch (JsonException)
        {
            return;
        }

        var method = parameters.GetString("method")?.ToLowerInvariant();
        if (method is null || method.StartsWith("get", StringComparison.Ordinal)
            || method is "setwebhook" or "deletewebhook" or "close" or "logout")
        {
            return;
        }

        long botId;
        lock (sandbox.State.Gate)
        {
            botId = sandbox.State.Bot.Id;
        }

        try
        {
            await sandbox.InvokeAsync(method, parameters, botId, isWebhookReply: true, cancellationToken);
        }
        catch (BotApiException e)
        {
            sandbox.Logger.LogInformation("Method {Method} in a webhook reply failed: {Error}", method, e.Description);
        }
    }
}
