using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Llm;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>
/// Telegram and KIE for flow tests: the Bot API sandbox and the simulated KIE in their own web app, so they outlive the
/// node under test (a crash test stops and starts the node while chats and KIE tasks carry on).
/// </summary>
public sealed class FlowSandbox : IAsyncDisposable
{
    public const string BotToken = "7100000001:AAflowTestsToken_neuroactors";
    public const string KieKey = "sandbox-key";

    private FlowSandbox(WebApplication app, Uri origin)
    {
        App = app;
        Origin = origin;
        Telegram = new BotSandboxClient(new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(60) });
        Kie = new KieSimulatorClient(new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(30) });
    }

    public WebApplication App { get; }

    public Uri Origin { get; }

    public BotSandboxClient Telegram { get; }

    public KieSimulatorClient Kie { get; }

    /// <summary>Size of the result file served for a task in <see cref="LargeResultTasks"/>: over the 10 MB a bot may upload as a photo.</summary>
    public const int LargeResultBytes = 11 << 20;

    /// <summary>
    /// KIE task ids whose result files are served <see cref="LargeResultBytes"/> long (a real model's 4K image can be), so
    /// that Telegram cannot take them and the bot must send a link.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> LargeResultTasks { get; } = new();

    /// <summary>What the simulated LLM was asked, in order.</summary>
    public IReadOnlyList<LlmRequestRecord> LlmRequests => App.Services.GetRequiredService<LlmSimulatorState>().Requests();

    public static async Task<FlowSandbox> StartAsync(Action<KieSimulatorOptions>? configureKie = null, bool floodLimits = true, Action<BotApiSandboxOptions>? configureTelegram = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddBotApiSandbox(configureTelegram);
        builder.Services.AddKieSimulator(o =>
        {
            o.UseInstantLifecycle();
            o.CallbackRetryDelay = TimeSpan.FromMilliseconds(200);
            configureKie?.Invoke(o);
        });
        builder.Services.AddLlmSimulator();
        var app = builder.Build();
        FlowSandbox? sandbox = null;
        app.Use(async (http, next) =>
        {
            // /sim-files/{taskId}/{file}: the simulated KIE's result files.
            var segments = http.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (segments.Length == 3 && segments[0] == "sim-files" && sandbox?.LargeResultTasks.ContainsKey(segments[1]) == true)
            {
                http.Response.ContentType = "image/png";
                http.Response.ContentLength = LargeResultBytes;
                if (!HttpMethods.IsHead(http.Request.Method))
                {
                    var body = new byte[LargeResultBytes];
                    FlowSteps.TinyPng.CopyTo(body, 0);
                    await http.Response.Body.WriteAsync(body);
                }

                return;
            }

            await next(http);
        });
        app.MapBotApiSandbox();
        app.MapKieSimulator();
        app.MapLlmSimulator();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sandbox = new FlowSandbox(app, new Uri(address.TrimEnd('/') + "/"));
        if (!floodLimits)
        {
            await sandbox.Telegram.SetFloodLimitsAsync(false);
        }

        return sandbox;
    }

    /// <summary>Settings of a node that uses this sandbox as Telegram and KIE, with KIE's callbacks to the node's fixed port.</summary>
    public Dictionary<string, string?> NodeSettings(int nodePort, IDictionary<string, string?>? extra = null)
    {
        var origin = Origin.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["Http:Urls"] = $"http://127.0.0.1:{nodePort}",
            ["Telegram:BotToken"] = BotToken,
            ["Telegram:ApiBaseUrl"] = origin,
            ["Kie:BaseUrl"] = origin,
            ["Kie:UploadBaseUrl"] = origin,
            ["Kie:ApiKeys"] = KieKey,
            ["Kie:CallbackBaseUrl"] = $"http://127.0.0.1:{nodePort}",
            ["Kie:Retry:Delays"] = "1s,1s,1s",
            ["Llm:BaseUrl"] = origin,
            ["Llm:ApiKey"] = "sandbox-llm-key",
            ["Admin:TelegramIds"] = FlowUser.AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Jobs:ReportEvery"] = "1s",
            ["Jobs:AdoptWindow"] = "5s",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A node on this sandbox; <paramref name="port"/> 0 picks a free one (keep it to restart the node on the same address).</summary>
    public Task<TestNode> StartNodeAsync(TestDatabase database, int port, IDictionary<string, string?>? extra = null) =>
        TestNode.StartAsync(database, extra: NodeSettings(port, extra));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Telegram.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
