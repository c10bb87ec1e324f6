using NeuroActors.Actors.Hosting;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace NeuroActors.Actors.Promos;

/// <summary>Registry key of the promo shard region: <c>ActorRegistry.For(system).Get&lt;PromoRegion&gt;()</c>.</summary>
public sealed class PromoRegion;

public sealed class PromoMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    /// <summary>Ten times the largest cluster we plan for; must never change while a cluster's data lives.</summary>
    public const int MaxShards = 100;

    public override string? EntityId(object message) => message is IPromoCommand command ? command.Code : null;
}

public static class PromoWiring
{
    /// <summary>
    /// The promo shards: one entity per code (<see cref="PromoActor"/>) and the codes' list (<see cref="PromoIndex"/>).
    /// Not remembered: a code does nothing between asks, so an idle one is passivated and recovers when asked.
    /// </summary>
    public static AkkaConfigurationBuilder WithPromos(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<PromoRegion>(
            "promo",
            (_, _, resolver) =>
            {
                var time = resolver.GetService<TimeProvider>() ?? TimeProvider.System;
                return entityId => entityId == PromoIndex.EntityId
                    ? FactoryProps.Create(() => new PromoIndex(time))
                    : FactoryProps.Create(() => new PromoActor(entityId, time));
            },
            new PromoMessageExtractor(),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = TimeSpan.FromMinutes(10),
            });
}
