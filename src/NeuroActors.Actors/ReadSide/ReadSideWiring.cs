using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Pattern;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Persistence;
using NeuroActors.Domain.Configuration;
using NeuroActors.Kie;

namespace NeuroActors.Actors.ReadSide;

public static class ReadSideWiring
{
    public const string ProjectionSingletonName = "readside-projection";

    /// <summary>
    /// The read side's services on the node's database: the store, <see cref="IReadSideQueries"/> (also what holds
    /// housekeeping's journal deletions back, <see cref="IJournalConsumers"/>) and its retention target
    /// (<c>Housekeeping:OrderDetailDays</c>, read from the configuration when there is one).
    /// </summary>
    public static IServiceCollection AddReadSide(this IServiceCollection services, PersistenceSettings persistence)
    {
        services.AddSingleton(new ReadSideStore(persistence));
        services.AddSingleton<ReadSideQueries>();
        services.AddSingleton<IReadSideQueries>(sp => sp.GetRequiredService<ReadSideQueries>());
        services.AddSingleton<IJournalConsumers>(sp => sp.GetRequiredService<ReadSideQueries>());
        services.AddSingleton(sp => sp.GetService<IConfiguration>() is { } configuration
            ? ReadSideRetentionSettings.From(new SettingReader(key => configuration[key]))
            : ReadSideRetentionSettings.Default);
        services.AddSingleton<IRetentionTarget, ReadSideRetention>();
        services.AddSingleton<OutboxQueueGauge>();
        return services;
    }

    /// <summary>
    /// The projection as a cluster singleton (under a backoff supervisor: a failed stream restarts from the stored
    /// offset), and on every node the stats reporter, registered as <see cref="StatsReporterKey"/>. Needs
    /// <see cref="AddReadSide"/> in the same services, and comes after <c>WithOutbox</c> (the reporter sends through it).
    /// </summary>
    public static AkkaConfigurationBuilder WithReadSide(this AkkaConfigurationBuilder builder, string? role = null) =>
        builder
            .WithSingleton<ReadSideProjection>(
                ProjectionSingletonName,
                (_, _, resolver) => ProjectionProps(resolver.GetService<ReadSideStore>(), resolver.GetService<TimeProvider>() ?? TimeProvider.System),
                new ClusterSingletonOptions { Role = role },
                createProxyToo: false)
            .WithActors((system, registry, resolver) =>
            {
                var reporter = system.ActorOf(
                    StatsReporter.Props(
                        resolver.GetService<ReadSideQueries>(),
                        registry.Get<OutboxActor>(),
                        resolver.GetService<OutboxQueueGauge>(),
                        resolver.GetService<KieKeyPool>(),
                        resolver.GetService<TimeProvider>() ?? TimeProvider.System),
                    StatsReporterName);
                registry.Register<StatsReporterKey>(reporter);
            });

    public const string StatsReporterName = "stats-reporter";

    public static Props ProjectionProps(ReadSideStore store, TimeProvider time) =>
        BackoffSupervisor.Props(Backoff.OnStop(
            ReadSideProjection.Props(store, time),
            "projection",
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(30),
            0.2,
            -1).WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop)));
}
