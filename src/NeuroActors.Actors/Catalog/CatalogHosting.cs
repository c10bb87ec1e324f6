using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Pattern;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Configuration;
using NeuroActors.Kie;
using NeuroActors.Kie.Catalog;

namespace NeuroActors.Actors.Catalog;

/// <summary>The catalogue's settings reader (section <c>Catalog</c>); what it needs of KIE for the probe is passed in, never read here.</summary>
public sealed record CatalogOptions
{
    /// <summary><c>Catalog:FilePath</c>: the shipped file, by default catalog/models.yaml next to the binaries.</summary>
    public string FilePath { get; init; } = Path.Combine(AppContext.BaseDirectory, "catalog", "models.yaml");

    /// <summary><c>Catalog:SourceUrl</c>: an optional remote catalogue in the same schema.</summary>
    public Uri? SourceUrl { get; init; }

    public CatalogSyncSettings Sync { get; init; } = new();

    /// <summary>Ask KIE which models it serves; null when <c>Catalog:ProbeKie</c> is false or no KIE key is given.</summary>
    public KieProbeOptions? Probe { get; init; }

    /// <summary><c>Catalog:Role</c>: the cluster role the singleton runs on (null: any node).</summary>
    public string? Role { get; init; }

    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromMilliseconds(600);

    /// <summary>Reads and checks the section; a bad value throws <see cref="BadSettingException"/> naming the setting and the fix.</summary>
    /// <param name="kie">The KIE client's options, read by the KIE part; the probe uses its base URL and first key (none: no probe).</param>
    public static CatalogOptions From(IConfiguration configuration, KieOptions? kie = null)
    {
        var settings = new SettingReader(key => configuration[key]);
        var defaults = new CatalogOptions();
        var sync = new CatalogSyncSettings
        {
            SyncInterval = settings.Duration("Catalog:SyncInterval", defaults.Sync.SyncInterval),
            SyncTimeout = settings.Duration("Catalog:SyncTimeout", defaults.Sync.SyncTimeout),
            SyncOnStart = settings.Flag("Catalog:SyncOnStart", defaults.Sync.SyncOnStart),
            NodeRefreshInterval = settings.Duration("Catalog:NodeRefreshInterval", defaults.Sync.NodeRefreshInterval),
        };
        var probeInterval = settings.Duration("Catalog:ProbeInterval", DefaultProbeInterval, allowZero: true);
        var probe = settings.Flag("Catalog:ProbeKie", true) ? kie?.ProbeOptions(probeInterval) : null;
        return defaults with
        {
            FilePath = settings.Text("Catalog:FilePath") ?? defaults.FilePath,
            SourceUrl = settings.HttpUrl("Catalog:SourceUrl", "set Catalog:SourceUrl to the http(s) URL of a catalogue file, or remove it to use the shipped file only"),
            Sync = sync,
            Probe = probe,
            Role = settings.Text("Catalog:Role"),
        };
    }
}

/// <summary>What the catalogue actors of one node need; registered by <see cref="CatalogHostingExtensions.AddCatalog(IServiceCollection, CatalogOptions)"/>.</summary>
public sealed class CatalogServices(
    CatalogHolder holder,
    CatalogSyncSettings settings,
    IReadOnlyList<ICatalogSource> sources,
    IModelAvailabilityProbe? probe,
    TimeProvider? time = null) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public CatalogHolder Holder => holder;

    public CatalogSyncSettings Settings => settings;

    /// <summary>In precedence order: on equal revisions the first one wins.</summary>
    public IReadOnlyList<ICatalogSource> Sources => sources;

    public IModelAvailabilityProbe? Probe => probe;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>Loads the file (a malformed one throws <see cref="CatalogLoadException"/>) and builds the sources and the probe.</summary>
    public static CatalogServices FromOptions(CatalogOptions options)
    {
        var holder = new CatalogHolder(CatalogSnapshot.Create(CatalogParser.LoadFile(options.FilePath)));
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var sources = new List<ICatalogSource>();
        if (options.SourceUrl is not null)
        {
            sources.Add(new HttpCatalogSource(http, options.SourceUrl));
        }

        sources.Add(new FileCatalogSource(options.FilePath));
        var probe = options.Probe is null ? null : new KieModelAvailabilityProbe(http, options.Probe);
        var services = new CatalogServices(holder, options.Sync, sources, probe);
        services._owned.Add(http);
        if (probe is not null)
        {
            services._owned.Add(probe);
        }

        return services;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}

public static class CatalogHostingExtensions
{
    public const string SingletonName = "catalog-sync";
    public const string SubscriberName = "catalog-subscriber";

    /// <summary>
    /// Registers the catalogue from configuration (see <see cref="CatalogOptions.From"/>). The file is read and validated here, so a malformed
    /// catalogue stops the node before it starts, with a <see cref="CatalogLoadException"/> whose message is "file:line: problem".
    /// </summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration, KieOptions? kie = null) =>
        services.AddCatalog(CatalogOptions.From(configuration, kie));

    public static IServiceCollection AddCatalog(this IServiceCollection services, CatalogOptions options) =>
        services.AddCatalog(CatalogServices.FromOptions(options));

    /// <summary>Registers ready-made catalogue services (tests, or hosts that build their own sources).</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, CatalogServices catalog)
    {
        services.AddSingleton(catalog);
        services.AddSingleton(catalog.Holder);
        services.AddHostedService<CatalogStartupReport>();
        return services;
    }

    /// <summary>
    /// Starts CatalogSync as a cluster singleton (with its proxy, registered as <see cref="CatalogSyncActor"/>) and this
    /// node's <see cref="CatalogSubscriber"/>, which keeps the node's <see cref="CatalogHolder"/> current.
    /// Needs <see cref="AddCatalog(IServiceCollection, CatalogServices)"/>, clustering and a journal.
    /// </summary>
    public static AkkaConfigurationBuilder WithCatalog(this AkkaConfigurationBuilder builder, string? role = null)
    {
        builder.WithSingleton<CatalogSyncActor>(
            SingletonName,
            (system, _, resolver) => SyncProps(resolver.GetService<CatalogServices>(), system),
            new ClusterSingletonOptions { Role = role },
            createProxyToo: true);
        builder.WithActors((system, registry, resolver) =>
        {
            var catalog = resolver.GetService<CatalogServices>();
            var subscriber = system.ActorOf(
                CatalogSubscriber.Props(
                    catalog.Holder,
                    DistributedPubSub.Get(system).Mediator,
                    registry.Get<CatalogSyncActor>(),
                    refreshEvery: catalog.Settings.NodeRefreshInterval),
                SubscriberName);
            registry.Register<CatalogSubscriber>(subscriber);
        });
        return builder;
    }

    /// <summary>The singleton's props: the sync actor under a backoff supervisor, so a failed write restarts it.</summary>
    public static Props SyncProps(CatalogServices catalog, ActorSystem system) =>
        BackoffSupervisor.Props(Backoff.OnStop(
            CatalogSyncActor.Props(catalog.Settings, catalog.Sources, catalog.Probe, DistributedPubSub.Get(system).Mediator, catalog.Time),
            "sync",
            TimeSpan.FromSeconds(3),
            TimeSpan.FromMinutes(1),
            0.2,
            -1));
}

/// <summary>Logs the catalogue once at start: visible models per kind and the hidden ones by name.</summary>
internal sealed class CatalogStartupReport(CatalogHolder holder, ILogger<CatalogStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var line in holder.Current.Summary.ToLogLines())
        {
            logger.LogInformation("{CatalogSummary}", line);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
