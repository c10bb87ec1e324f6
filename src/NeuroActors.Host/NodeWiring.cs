using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using NeuroActors.Actors.Admin;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Actors.Catalog;
using NeuroActors.Actors.Hosting;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Kie;
using NeuroActors.Actors.Persistence;
using NeuroActors.Actors.Promos;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Serialization;
using NeuroActors.Actors.Users;
using NeuroActors.Host.Configuration;
using NeuroActors.Actors.Gateway;
using NeuroActors.Actors.Outbox;

namespace NeuroActors.Host;

public static class NodeWiring
{
    /// <summary>
    /// The version this node runs, as the cluster compares it: sharding prefers the newest version when it allocates and
    /// does not rebalance while versions differ (a rolling deploy). Akka's default is the entry assembly's version, which
    /// for a node hosted by another program (a test host) is that program's.
    /// </summary>
    public static string AppVersion { get; } = typeof(NodeWiring).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "1.0.0";

    /// <summary>
    /// The actor system of a node: remoting, cluster, our serializer, persistence, the sharded aggregates, the outbox and
    /// (polling mode) the Telegram poller. Needs the Telegram adapter (<c>AddTelegramAdapter</c>) in the same services.
    /// </summary>
    public static IServiceCollection AddNeuroActors(this IServiceCollection services, NodeSettings settings, Action<AkkaConfigurationBuilder>? extra = null)
    {
        services.AddSingleton(settings);
        services.AddReadSide(settings.Persistence);
        services.AddAkka(ClusterEndpoint.SystemName, (akka, _) =>
        {
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .AddHocon(HoconResources.Load("cluster.conf"), HoconAddMode.Prepend)
                .AddHocon($"akka.cluster.app-version = \"{AppVersion}\"", HoconAddMode.Prepend)
                .WithCustomSerializer("neuro", [typeof(INeuroMessage)], system => new NeuroSerializer(system))
                .WithStrictSerialization()
                .WithRemoting(settings.Cluster.Hostname, settings.Cluster.Port)
                .WithClustering(new ClusterOptions { SeedNodes = settings.Cluster.Seeds.ToArray() })
                .WithNeuroPersistence(settings.Persistence)
                .WithUserShards()
                .WithJobShards()
                .WithCatalog()
                .WithKieKeyCommands()
                .WithHousekeeping()
                .WithOutbox(settings.Outbox)
                .WithReadSide()
                .WithBroadcasts()
                .WithPromos()
                .WithAdmins();
            // Telegram allows one getUpdates per token: in polling mode a cluster singleton polls; in webhook mode every node's endpoint takes updates.
            if (!settings.Telegram.IsWebhook) akka.WithTelegramPoller();
            if (settings.Cluster.Seeds.Count == 0)
            {
                // No seeds: this node is a cluster of its own and joins itself once remoting knows its address.
                akka.AddStartup((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress));
            }

            extra?.Invoke(akka);
        });
        return services;
    }
}
