using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.Kie.Llm;
using NeuroActors.Sandbox.Llm;

namespace NeuroActors.IntegrationTests.Llm;

/// <summary>Every log line written, at every level, with its scopes and exception text.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            log.Lines.Enqueue($"{category} scope: {state}");
            return new Scope();
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {state} {exception}");
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary>The sandbox's simulated LLM on 127.0.0.1:0, and a service provider with <c>AddPromptImprover</c> pointed at it.</summary>
public sealed class LlmHarness : IAsyncDisposable
{
    public const string ApiKey = "sk-llm-integration-secret-4321";

    private readonly ServiceProvider _client;

    private LlmHarness(WebApplication app, Uri baseAddress, ServiceProvider client, CapturedLog log)
    {
        App = app;
        BaseAddress = baseAddress;
        _client = client;
        Log = log;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public CapturedLog Log { get; }

    public IPromptImprover Improver => _client.GetRequiredService<IPromptImprover>();

    public LlmSimulatorState Simulator => App.Services.GetRequiredService<LlmSimulatorState>();

    /// <param name="llm"><c>Llm:*</c> settings over the defaults (BaseUrl of the simulator, <see cref="ApiKey"/>, 10 s timeout); a null value removes one.</param>
    public static async Task<LlmHarness> StartAsync(IDictionary<string, string?>? llm = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddLlmSimulator();
        var app = builder.Build();
        app.MapLlmSimulator();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

        var settings = new Dictionary<string, string?>
        {
            ["Llm:BaseUrl"] = new Uri(address, "v1").ToString(),
            ["Llm:ApiKey"] = ApiKey,
            ["Llm:Model"] = "sandbox-llm",
            ["Llm:Timeout"] = "10s",
        };
        foreach (var (name, value) in llm ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        var log = new CapturedLog();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(log));
        services.AddPromptImprover(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return new LlmHarness(app, address, services.BuildServiceProvider(), log);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
