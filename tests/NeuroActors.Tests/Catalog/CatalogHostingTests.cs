using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

/// <summary>The wiring a node uses: AddCatalog + WithCatalog on real hosts forming a cluster on loopback.</summary>
public sealed class CatalogHostingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly CatalogSyncSettings Settings = new()
    {
        SyncOnStart = true,
        SyncInterval = TimeSpan.FromHours(24),
        NodeRefreshInterval = TimeSpan.FromSeconds(1),
    };

    private readonly ScriptedSource _file = new("catalog/models.yaml", TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel));
    private readonly List<IHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private async Task<(IHost Host, CatalogHolder Holder)> StartNode(Address? seed)
    {
        var catalog = new CatalogServices(
            new CatalogHolder(TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel))),
            Settings,
            [_file],
            probe: null);
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddCatalog(catalog);
                services.AddAkka("catalog-hosting", (akka, _) =>
                {
                    akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend)
                        .WithRemoting("127.0.0.1", 0)
                        .WithClustering(new ClusterOptions { SeedNodes = seed is null ? [] : [seed.ToString()] })
                        .WithInMemoryJournal()
                        .WithInMemorySnapshotStore()
                        .WithCatalog();
                    if (seed is null)
                    {
                        akka.AddStartup(async (system, _) =>
                        {
                            var cluster = Cluster.Get(system);
                            await cluster.JoinAsync(cluster.SelfAddress);
                        });
                    }
                });
            })
            .Build();
        _hosts.Add(host);
        await host.StartAsync();
        return (host, catalog.Holder);
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "never happened: " + what);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_node_serves_the_synced_version_and_an_admin_sync_reaches_a_second_node()
    {
        var (first, firstHolder) = await StartNode(seed: null);
        await Eventually(() => firstHolder.Current.Version == 1, "the first node adopts version 1");
        Assert.NotNull(firstHolder.Current.Find("test/video"));

        var seed = Cluster.Get(first.Services.GetRequiredService<ActorSystem>()).SelfAddress;
        var (second, secondHolder) = await StartNode(seed);
        await Eventually(() => secondHolder.Current.Version == 1, "the second node gets the current version when it joins");

        _file.Serve(TestCatalogs.WithRevision(
            8,
            TestCatalogs.ImageModel.Replace("kie: 7, credits: 2", "kie: 12, credits: 3", StringComparison.Ordinal),
            TestCatalogs.ImageModel.Replace("test/image", "test/extra", StringComparison.Ordinal)));
        var proxy = await second.Services.GetRequiredService<ActorRegistry>().GetAsync<CatalogSyncActor>();
        var result = await proxy.Ask<CatalogSyncResult>(new SyncCatalogNow("admin:7"), Patience);
        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(2, result.Version);

        await Eventually(() => firstHolder.Current.Version == 2 && secondHolder.Current.Version == 2, "both nodes serve version 2");
        foreach (var holder in new[] { firstHolder, secondHolder })
        {
            Assert.Null(holder.Current.Find("test/video"));
            Assert.NotNull(holder.Current.Find("test/extra"));
            Assert.Equal(3, holder.Current.Quote("test/image", new Dictionary<string, string> { ["resolution"] = "2K" }).Quote!.CreditsPerVariant);
        }

        _file.Serve("schema: 1\nrevision: [broken\n");
        var failed = await proxy.Ask<CatalogSyncResult>(new SyncCatalogNow("admin:7"), Patience);
        Assert.False(failed.Succeeded);
        Assert.StartsWith("catalog/models.yaml:2: YAML syntax error", failed.Problem, StringComparison.Ordinal);
        Assert.Equal(2, secondHolder.Current.Version);
    }
}
