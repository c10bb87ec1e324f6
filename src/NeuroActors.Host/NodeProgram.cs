using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Actors.Catalog;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Configuration;
using NeuroActors.Host.Configuration;
using NeuroActors.Host.Flow;
using NeuroActors.Host.Gateway;
using NeuroActors.Host.Http;
using NeuroActors.Host.Logging;
using NeuroActors.Host.Observability;
using NeuroActors.Host.Operator;
using NeuroActors.Host.Sandbox;
using NeuroActors.Kie;
using NeuroActors.Telegram;
using Serilog;

namespace NeuroActors.Host;

/// <summary>Builds and runs a node; tests build nodes the same way with their own configuration.</summary>
public static class NodeProgram
{
    public const int ConfigurationErrorExitCode = 2;
    public const int StartFailureExitCode = 1;

    /// <summary>Reads and checks the configuration, then builds the node. Throws <see cref="BadSettingException"/> for a bad setting.</summary>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, TextWriter? logOutput = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        var settings = NodeSettings.From(builder.Configuration);
        Preflight.Run(settings);
        // Sandbox mode: the clients below read their base URLs and keys from configuration, so the sandbox's go in first.
        if (settings.Sandbox is { } sandbox) builder.Configuration.AddInMemoryCollection(NodeSandbox.ConfigurationDefaults(sandbox, builder.Configuration));

        var logLevels = new LogLevels(builder.Configuration);
        var logger = LoggingSetup.Create(builder.Configuration, settings.Secrets, logOutput, logLevels);
        builder.Services.AddSingleton(logLevels);
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger, dispose: true);
        builder.WebHost.UseUrls(settings.HttpUrls);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
        // Each part reads its sections once, here, before anything starts: a bad value throws BadSettingException.
        var kie = KieOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddKieClient(kie);
        builder.Services.AddCatalog(builder.Configuration, kie);
        builder.Services.AddGenerationFlow(builder.Configuration);
        builder.Services.AddTelegramAdapter(settings.Telegram);
        if (settings.Sandbox is not null) builder.Services.AddNodeSandbox(settings.Sandbox, builder.Configuration);
        builder.Services.AddOperatorApi(builder.Configuration);
        builder.Services.AddHousekeeping(builder.Configuration);
        builder.Services.AddNeuroActors(settings);
        builder.Services.AddNodeObservability(builder.Configuration);

        var app = builder.Build();
        app.MapHealth();
        app.MapMetricsEndpoint();
        app.MapGenerationFlow();
        app.MapOperatorApi();
        if (settings.Telegram.IsWebhook) app.MapTelegramWebhook(settings.Telegram.WebhookSecret!).WithAnswerMetrics("telegram_webhook");
        if (settings.Sandbox is not null) app.MapNodeSandbox();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceWhenReady(app));
        return app;
    }

    /// <summary>Runs a node until SIGTERM or Ctrl+C; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? errors = null)
    {
        errors ??= Console.Error;
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (BadSettingException problem)
        {
            await errors.WriteLineAsync("NeuroActors cannot start: " + problem.Message);
            return ConfigurationErrorExitCode;
        }
        catch (CatalogLoadException problem)
        {
            await errors.WriteLineAsync("NeuroActors cannot start: the model catalogue is invalid: " + problem.Message);
            return ConfigurationErrorExitCode;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                var settings = app.Services.GetRequiredService<NodeSettings>();
                await errors.WriteLineAsync($"NeuroActors cannot start: Http:Urls: {settings.HttpUrls} is already in use. Fix: stop the process that holds the port or set Http:Urls to a free one");
                await StopQuietlyAsync(app);
                return ConfigurationErrorExitCode;
            }
            catch (Exception e)
            {
                await errors.WriteLineAsync("NeuroActors cannot start: " + Preflight.FirstLine(e));
                await StopQuietlyAsync(app);
                return StartFailureExitCode;
            }

            await app.WaitForShutdownAsync();
            return 0;
        }
    }

    private static void AnnounceWhenReady(WebApplication app)
    {
        var system = app.Services.GetRequiredService<ActorSystem>();
        var settings = app.Services.GetRequiredService<NodeSettings>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NeuroActors.Node");
        Cluster.Get(system).RegisterOnMemberUp(() =>
            log.LogInformation("NeuroActors node ready at {Url} (cluster member {Address}, {Provider} {Database}, {Elapsed:F0} ms after process start)",
                settings.HttpUrls, Cluster.Get(system).SelfAddress, settings.Persistence.Provider.ToString(), settings.Persistence.Redacted,
                (DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds));
    }

    private static async Task StopQuietlyAsync(WebApplication app)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Already failing to start; the first error is the one the operator needs.
        }
    }
}
