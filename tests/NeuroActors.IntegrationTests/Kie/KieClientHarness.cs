using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.Host.Flow;
using NeuroActors.Kie;
using Sim = NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Kie;

/// <summary>What KIE (the simulator) answered to each call the client made, as seen on the wire.</summary>
public sealed class WireRecorder
{
    public ConcurrentQueue<(string Path, int HttpStatus, int? BodyCode)> Answers { get; } = new();

    public int Count(string path, int code) => Answers.Count(a => a.Path == path && (a.BodyCode == code || a.HttpStatus == code));

    public int Count(string path) => Answers.Count(a => a.Path == path);

    /// <summary>A fresh handler per pipeline (the factory rebuilds pipelines), all writing here.</summary>
    public DelegatingHandler NewHandler() => new Handler(this);

    private sealed class Handler(WireRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            int? code = null;
            try
            {
                code = JsonNode.Parse(text)?["code"]?.GetValue<int>();
            }
            catch (System.Text.Json.JsonException)
            {
                // Not a KIE envelope; the status alone tells.
            }

            recorder.Answers.Enqueue((request.RequestUri!.AbsolutePath, (int)response.StatusCode, code));
            return response;
        }
    }
}

/// <summary>
/// One ASP.NET app on 127.0.0.1:0 hosting the simulated KIE (the sandbox's) and our callback endpoint, and a separate
/// service provider with <c>AddKieClient</c> pointed at it, as the node wires it. One per test.
/// </summary>
public sealed class KieClientHarness : IAsyncDisposable
{
    public const string KeyA = "sandbox-key-a-0123456789abcdef0aaaa";
    public const string KeyB = "sandbox-key-b-fedcba9876543210fbbbb";
    public const string CallbackSecret = "integration-callback-secret";

    private readonly ServiceProvider _client;

    private KieClientHarness(WebApplication app, Uri baseAddress, ServiceProvider client, WireRecorder wire, Channel<KieCallback> callbacks)
    {
        App = app;
        BaseAddress = baseAddress;
        _client = client;
        Wire = wire;
        Callbacks = callbacks;
        Control = new Sim.KieSimulatorClient(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) });
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public WireRecorder Wire { get; }

    public Channel<KieCallback> Callbacks { get; }

    public Sim.KieSimulatorClient Control { get; }

    public IKieGateway Gateway => _client.GetRequiredService<IKieGateway>();

    public KieApiClient Client => _client.GetRequiredService<KieApiClient>();

    public KieKeyPool Pool => _client.GetRequiredService<KieKeyPool>();

    public KieCallbackUrls CallbackUrls => _client.GetRequiredService<KieCallbackUrls>();

    public KieApiKey Key(string secret) => _client.GetRequiredService<Microsoft.Extensions.Options.IOptions<KieOptions>>().Value.ApiKeys.Single(k => k.Equals(new KieApiKey(secret)));

    /// <param name="keys">The keys both the simulator accepts and the client uses.</param>
    /// <param name="simulator">More simulator settings (instant lifecycle is already on).</param>
    /// <param name="kie">More <c>Kie:*</c> settings for the client, e.g. <c>["Kie:RequestTimeout"] = "1s"</c>.</param>
    /// <param name="hmacKey">Signs callbacks in the simulator and requires the signature on our endpoint.</param>
    public static async Task<KieClientHarness> StartAsync(
        string[] keys,
        Action<Sim.KieSimulatorOptions>? simulator = null,
        IDictionary<string, string?>? kie = null,
        string? hmacKey = null)
    {
        var callbacks = Channel.CreateUnbounded<KieCallback>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        Sim.KieSimulatorExtensions.AddKieSimulator(builder.Services, o =>
        {
            o.UseInstantLifecycle();
            o.UseKeys(string.Join(",", keys));
            o.CallbackRetryDelay = TimeSpan.FromMilliseconds(20);
            o.HangDuration = TimeSpan.FromSeconds(20);
            o.HmacKey = hmacKey;
            simulator?.Invoke(o);
        });

        // Our callback endpoint needs only the verifier: the same secret and HMAC key as the client side.
        var endpointOptions = new KieOptions { CallbackSecret = CallbackSecret, WebhookHmacKey = hmacKey };
        builder.Services.AddSingleton(new KieCallbackVerifier(Microsoft.Extensions.Options.Options.Create(endpointOptions), endpointOptions.CreateCallbackTokens()));

        var app = builder.Build();
        Sim.KieSimulatorExtensions.MapKieSimulator(app);
        app.MapKieCallbacks(async (callback, ct) =>
        {
            await callbacks.Writer.WriteAsync(callback, ct);
            return true;
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

        var settings = new Dictionary<string, string?>
        {
            ["Kie:BaseUrl"] = address.ToString(),
            ["Kie:UploadBaseUrl"] = address.ToString(),
            ["Kie:ApiKeys"] = string.Join(",", keys),
            ["Kie:CallbackBaseUrl"] = address.ToString(),
            ["Kie:CallbackSecret"] = CallbackSecret,
            ["Kie:WebhookHmacKey"] = hmacKey,
            ["Kie:RequestTimeout"] = "10s",
        };
        foreach (var (name, value) in kie ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        var wire = new WireRecorder();
        var services = new ServiceCollection().AddLogging();
        services.AddKieClient(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddHttpClient(KieApiClient.HttpClientName).AddHttpMessageHandler(wire.NewHandler);
        return new KieClientHarness(app, address, services.BuildServiceProvider(), wire, callbacks);
    }

    public async Task<KieCallback> NextCallbackAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await Callbacks.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Polls a task through the gateway on the default poll cadence (scaled down, the simulator is quick) until it is final.</summary>
    public async Task<KieTaskOutcome> PollUntilFinalAsync(KieSubmittedTask task)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var status = await Gateway.GetTaskAsync(task, deadline.Token);
            if (status.IsSuccess && status.Value.IsFinal)
            {
                return status.Value;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
