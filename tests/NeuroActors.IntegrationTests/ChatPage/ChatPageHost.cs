using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.Sandbox.ChatPage;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;
using Telegram.Bot;

namespace NeuroActors.IntegrationTests.ChatPage;

/// <summary>The standalone sandbox as SandboxProgram hosts it (Bot API sandbox, simulated KIE, chat page) on 127.0.0.1:0.</summary>
internal sealed class ChatPageHost : IAsyncDisposable
{
    public const string Token = "987654321:AAHchatPageTestToken_abcdefghijklmn";
    public const string KieKey = "sandbox-key";

    private readonly WebApplication _app;
    private readonly HttpClient _kieHttp;

    private ChatPageHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        Control = new BotSandboxClient(new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) });
        _kieHttp = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        Kie = new KieSimulatorClient(_kieHttp);
    }

    public Uri BaseUri { get; }

    public Uri PageUri => new(BaseUri, SandboxChatPageExtensions.PagePath);

    public HttpClient Http { get; }

    public BotSandboxClient Control { get; }

    public KieSimulatorClient Kie { get; }

    public static async Task<ChatPageHost> StartAsync(IDictionary<string, string?>? configuration = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.Services.AddBotApiSandbox(o =>
        {
            o.BotFirstName = "Test Studio";
            // The scripted bot sends its media back to back and does not pace itself as the node's outbox does.
            o.FloodLimitsEnabled = false;
        });
        builder.Services.AddKieSimulator(o => o.UseInstantLifecycle());
        var app = builder.Build();
        app.MapBotApiSandbox();
        app.MapKieSimulator();
        app.MapSandboxChatPage();
        await app.StartAsync();
        return new ChatPageHost(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
    }

    public TelegramBotClient CreateBot() => new(new TelegramBotClientOptions(Token, BaseUri.ToString()) { RetryThreshold = 0 });

    /// <summary>Creates a task through the simulated KIE's public API, as the node's gateway would.</summary>
    public async Task<string> CreateKieTaskAsync(string model, string prompt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/jobs/createTask")
        {
            Content = JsonContent.Create(new { model, input = new { prompt } }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KieKey);
        using var response = await Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)body["code"]!);
        return (string)body["data"]!["taskId"]!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Control.Dispose();
        _kieHttp.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
