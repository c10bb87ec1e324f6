using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.Sandbox.Telegram;
using Telegram.Bot;

namespace NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;

/// <summary>A webhook request the test host received from the sandbox.</summary>
internal sealed record ReceivedWebhook(string? SecretHeader, JsonElement Update, int AnsweredStatus);

/// <summary>
/// The Bot API sandbox on 127.0.0.1:0 in its own WebApplication, one per test, plus what tests need around it:
/// media to fetch by URL under /assets and a webhook receiver under /hook whose answers the test scripts.
/// </summary>
internal sealed class TelegramSandboxHost : IAsyncDisposable
{
    public const string Token = "123456789:AAHsandboxTokenForTests_abcdefghijk";
    public const long BotId = 123456789;

    private readonly WebApplication _app;

    private TelegramSandboxHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        Control = new BotSandboxClient(new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) });
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public BotSandboxClient Control { get; }

    /// <summary>Statuses the webhook receiver answers with, in order; 200 once they run out.</summary>
    public ConcurrentQueue<int> WebhookAnswers { get; } = new();

    public Channel<ReceivedWebhook> WebhookRequests { get; } = Channel.CreateUnbounded<ReceivedWebhook>();

    public Uri WebhookUrl => new(BaseUri, "/hook");

    public static readonly byte[] Photo = TestMedia.Png(8, 6);

    private static readonly Dictionary<string, (string ContentType, byte[] Content)> Assets = new(StringComparer.Ordinal)
    {
        ["photo.png"] = ("image/png", Photo),
        ["video.mp4"] = ("video/mp4", TestMedia.Bytes("video")),
        ["audio.mp3"] = ("audio/mpeg", TestMedia.Bytes("audio")),
        ["voice.ogg"] = ("audio/ogg", TestMedia.Bytes("voice")),
        ["document.pdf"] = ("application/pdf", TestMedia.Bytes("%PDF-1.4")),
        ["animation.mp4"] = ("video/mp4", TestMedia.Bytes("animation")),
        ["page.html"] = ("text/html", Encoding.UTF8.GetBytes("<html><body>not media</body></html>")),
    };

    public static async Task<TelegramSandboxHost> StartAsync(Action<BotApiSandboxOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddBotApiSandbox(options =>
        {
            options.FirstUpdateId = 1000;
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapBotApiSandbox();
        TelegramSandboxHost? host = null;
        app.MapGet("/assets/{name}", (string name) => Assets.TryGetValue(name, out var asset)
            ? Results.Bytes(asset.Content, asset.ContentType)
            : Results.NotFound());
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var update = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            var status = host!.WebhookAnswers.TryDequeue(out var scripted) ? scripted : 200;
            var secret = context.Request.Headers.TryGetValue("X-Telegram-Bot-Api-Secret-Token", out var value) ? value.ToString() : null;
            await host.WebhookRequests.Writer.WriteAsync(new ReceivedWebhook(secret, update, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        host = new TelegramSandboxHost(app, new Uri(app.Urls.First()));
        return host;
    }

    public Uri AssetUrl(string name) => new(BaseUri, "/assets/" + name);

    /// <summary>The real Telegram.Bot client pointed at the sandbox.</summary>
    public TelegramBotClient CreateBot(int retryThreshold = 60) =>
        new(new TelegramBotClientOptions(Token, BaseUri.ToString()) { RetryThreshold = retryThreshold });

    /// <summary>A user who has written /start, so the bot may write to them.</summary>
    public async Task<long> CreateStartedUserAsync(string firstName = "Ann", string languageCode = "en")
    {
        var user = await Control.CreateUserAsync(firstName, languageCode);
        await Control.SendCommandAsync(user.Id, "start");
        return user.Id;
    }

    /// <summary>Calls a Bot API method with a JSON body (as Telegram.Bot does) and returns the status, headers and parsed body.</summary>
    public async Task<ApiAnswer> CallAsync(string method, object? parameters = null, string contentType = "application/json; charset=utf-8")
    {
        using var content = new StringContent(parameters is null ? "{}" : JsonSerializer.Serialize(parameters), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PostAsync(new Uri($"/bot{Token}/{method}", UriKind.Relative), content);
        return await ApiAnswer.ReadAsync(response);
    }

    public async Task<ApiAnswer> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        return await ApiAnswer.ReadAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Control.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A Bot API answer as seen on the wire.</summary>
internal sealed record ApiAnswer(int Status, string Body, JsonElement Json, string? RetryAfterHeader)
{
    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonSerializer.Deserialize<JsonElement>(body);
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.First() : null;
        return new ApiAnswer((int)response.StatusCode, body, json, retryAfter);
    }

    public JsonElement Result => Json.GetProperty("result");

    public string Description => Json.GetProperty("description").GetString()!;
}
