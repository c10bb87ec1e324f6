using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Llm;

namespace NeuroActors.IntegrationTests.Sandbox.Kie;

/// <summary>
/// The simulated KIE and LLM hosted on 127.0.0.1:0 in a plain ASP.NET app (as another app would host them),
/// plus a callback receiver on the same origin. One per test: each test starts from a clean simulator.
/// </summary>
public sealed class KieSandboxHost : IAsyncDisposable
{
    public const string Key = "sandbox-key";
    public const string OtherKey = "second-key-7777";

    private KieSandboxHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Control = new KieSimulatorClient(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) });
        Callbacks = app.Services.GetRequiredService<CallbackReceiver>();
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client without credentials; requests add their own Authorization header.</summary>
    public HttpClient Http { get; }

    public KieSimulatorClient Control { get; }

    public CallbackReceiver Callbacks { get; }

    public string CallbackUrl(string name = "kie") => new Uri(BaseAddress, $"test-callbacks/{name}").ToString();

    /// <summary>Starts a host with instant lifecycles, two keys and short callback retry delays, then <paramref name="configure"/>.</summary>
    public static async Task<KieSandboxHost> StartAsync(Action<KieSimulatorOptions>? configure = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddKieSimulator(o =>
        {
            o.UseInstantLifecycle();
            o.Keys.Add(OtherKey);
            o.CallbackRetryDelay = TimeSpan.FromMilliseconds(20);
            o.HangDuration = TimeSpan.FromMinutes(2);
            configure?.Invoke(o);
        });
        builder.Services.AddLlmSimulator();
        builder.Services.AddSingleton<CallbackReceiver>();
        var app = builder.Build();
        app.MapKieSimulator();
        app.MapLlmSimulator();
        CallbackReceiver.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KieSandboxHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>POSTs JSON to a KIE route with the given key (none when null) and returns the HTTP status and the parsed body.</summary>
    public async Task<(int Status, JsonObject Body)> PostAsync(string path, object body, string? key = Key, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await (client ?? Http).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public async Task<(int Status, JsonObject Body)> GetAsync(string path, string? key = Key, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await (client ?? Http).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Creates a market task and returns its id (asserting the create succeeded).</summary>
    public async Task<string> CreateTaskAsync(string model, object input, string? callBackUrl = null, string key = Key)
    {
        var body = new Dictionary<string, object?> { ["model"] = model, ["input"] = input };
        if (callBackUrl is not null)
        {
            body["callBackUrl"] = callBackUrl;
        }

        var (_, created) = await PostAsync("api/v1/jobs/createTask", body, key);
        Assert.Equal(200, (int)created["code"]!);
        return (string)created["data"]!["taskId"]!;
    }

    public Task<(int Status, JsonObject Body)> RecordInfoAsync(string taskId, string route = "api/v1/jobs/recordInfo") =>
        GetAsync($"{route}?taskId={taskId}");

    /// <summary>Polls recordInfo until <paramref name="done"/> holds for its data (or 15 s pass) and returns that data.</summary>
    public async Task<JsonObject> PollUntilAsync(string taskId, Func<JsonObject, bool> done, string route = "api/v1/jobs/recordInfo")
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var (_, body) = await RecordInfoAsync(taskId, route);
            if ((int)body["code"]! == 200 && done(body["data"]!.AsObject()))
            {
                return body["data"]!.AsObject();
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    public async Task<decimal> CreditAsync()
    {
        var (_, body) = await GetAsync("api/v1/chat/credit");
        return (decimal)body["data"]!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A callback as the receiver got it.</summary>
public sealed record ReceivedCallback(string Name, string Body, JsonObject Json, IReadOnlyDictionary<string, string> Headers, int AnsweredWith);

/// <summary>Receives callbacks at /test-callbacks/{name}; answers 200 unless told to answer other statuses first.</summary>
public sealed class CallbackReceiver
{
    private readonly ConcurrentQueue<int> _plannedStatuses = new();
    private readonly Channel<ReceivedCallback> _arrivals = Channel.CreateUnbounded<ReceivedCallback>();
    private readonly ConcurrentQueue<ReceivedCallback> _all = new();

    public IReadOnlyList<ReceivedCallback> All => [.. _all];

    /// <summary>The next callbacks are answered with these statuses, in order; then 200 again.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _plannedStatuses.Enqueue(status);
        }
    }

    public async Task<ReceivedCallback> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }

    internal static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/test-callbacks/{name}", async (string name, HttpRequest request, CallbackReceiver receiver) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = receiver._plannedStatuses.TryDequeue(out var planned) ? planned : 200;
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var received = new ReceivedCallback(name, body, JsonNode.Parse(body)!.AsObject(), headers, status);
            receiver._all.Enqueue(received);
            await receiver._arrivals.Writer.WriteAsync(received);
            return Results.Json(new { code = 200, msg = "success" }, JsonSerializerOptions.Web, statusCode: status);
        });
}
