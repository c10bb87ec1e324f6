using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>
/// Webhook mode for flow tests: the settings that make a node ask the sandbox for webhook delivery on its own port, and a
/// way to post an update to the node exactly as Telegram does (the same bytes again for a redelivery, a group chat, a forged secret).
/// </summary>
public static class FlowWebhook
{
    public const string Secret = "flow_tests-webhook-secret-0042";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static Dictionary<string, string?> Settings(int nodePort, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "webhook",
            ["Telegram:WebhookUrl"] = $"http://127.0.0.1:{nodePort}/telegram/webhook",
            ["Telegram:WebhookSecret"] = Secret,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts a node in webhook mode on <paramref name="port"/> and waits until its webhook is set.</summary>
    public static async Task<TestNode> StartNodeAsync(FlowSandbox sandbox, TestDatabase database, int port, IDictionary<string, string?>? extra = null)
    {
        var node = await sandbox.StartNodeAsync(database, port, Settings(port, extra));
        await WaitForWebhookAsync(sandbox, port);
        return node;
    }

    /// <summary>The node's start-up setWebhook has reached the sandbox (it runs in the background).</summary>
    public static async Task WaitForWebhookAsync(FlowSandbox sandbox, int port)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while ((await sandbox.Telegram.GetStatsAsync()).WebhookUrl?.Contains($":{port}/telegram/webhook", StringComparison.Ordinal) != true)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("The node never set its webhook.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Posts one update to the node's /telegram/webhook with the given secret header (none when null).</summary>
    public static async Task<HttpStatusCode> PostAsync(TestNode node, JsonObject update, string? secret = Secret)
    {
        using var http = new HttpClient { BaseAddress = node.HttpAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/telegram/webhook", UriKind.Relative))
        {
            Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add(SecretHeader, secret);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A "message" update with text from <paramref name="userId"/>, in their private chat unless a group is given.</summary>
    public static JsonObject TextMessage(long updateId, long userId, string text, string firstName = "Ann", long? groupChatId = null, int messageId = 1_000_000)
    {
        var message = Message(userId, firstName, groupChatId, messageId);
        message["text"] = text;
        if (text.StartsWith('/'))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = end < 0 ? text.Length : end });
        }

        return new JsonObject { ["update_id"] = updateId, ["message"] = message };
    }

    /// <summary>A "message" update carrying a sticker (something the sandbox's control API cannot send).</summary>
    public static JsonObject StickerMessage(long updateId, long userId, string firstName = "Ann", int messageId = 1_000_000)
    {
        var message = Message(userId, firstName, null, messageId);
        message["sticker"] = new JsonObject
        {
            ["file_id"] = "CAACAgIAAxkBAAEflowtestsSticker",
            ["file_unique_id"] = "AgADflowSticker",
            ["type"] = "regular",
            ["width"] = 512,
            ["height"] = 512,
            ["is_animated"] = false,
            ["is_video"] = false,
            ["emoji"] = "🙂",
        };
        return new JsonObject { ["update_id"] = updateId, ["message"] = message };
    }

    /// <summary>
    /// A "message" update with a photo already stored at Telegram (by its file id), captioned; without <c>file_size</c>,
    /// which Telegram may leave out, so nothing tells the bot the size before it asks for the file.
    /// </summary>
    public static JsonObject PhotoMessage(long updateId, long userId, string fileId, string caption, string firstName = "Ann", int messageId = 1_000_000)
    {
        var message = Message(userId, firstName, null, messageId);
        message["photo"] = new JsonArray(new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "AgADflowPhoto", ["width"] = 1280, ["height"] = 960 });
        message["caption"] = caption;
        return new JsonObject { ["update_id"] = updateId, ["message"] = message };
    }

    private static JsonObject Message(long userId, string firstName, long? groupChatId, int messageId)
    {
        var chat = groupChatId is { } group
            ? new JsonObject { ["id"] = group, ["type"] = "group", ["title"] = "Flow test group" }
            : new JsonObject { ["id"] = userId, ["type"] = "private", ["first_name"] = firstName };
        return new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = "en" },
            ["chat"] = chat,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
    }
}
