using NeuroActors.Actors.Hosting;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;

namespace NeuroActors.Actors.Broadcasts;

/// <summary>Registry key of the broadcast shard region: <c>ActorRegistry.For(system).Get&lt;BroadcastRegion&gt;()</c>.</summary>
public sealed class BroadcastRegion;

public sealed class BroadcastMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    /// <summary>Ten times the largest cluster we plan for; must never change while a cluster's data lives.</summary>
    public const int MaxShards = 100;

    public override string? EntityId(object message) =>
        message is IBroadcastCommand command ? command.BroadcastId.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
}

public static class BroadcastWiring
{
    /// <summary>
    /// The broadcast shards. Entities are remembered: after a crash or a rebalance an unfinished broadcast starts again
    /// by itself and carries on from its events. Each broadcast sends through its node's outbox (<c>WithOutbox</c>),
    /// lists audiences with the <see cref="IReadSideQueries"/> from DI (when the node has one) and tells the user region
    /// (<c>WithUserShards</c>) about recipients who blocked the bot.
    /// </summary>
    public static AkkaConfigurationBuilder WithBroadcasts(this AkkaConfigurationBuilder builder, BroadcastSettings? settings = null) =>
        builder.WithShardRegion<BroadcastRegion>(
            "broadcast",
            (_, _, resolver) =>
            {
                var ports = new BroadcastPorts(resolver.GetService<IReadSideQueries>(), settings ?? BroadcastSettings.Default, TimeProvider.System);
                var outbox = resolver.GetService<IRequiredActor<OutboxActor>>();
                var users = resolver.GetService<IRequiredActor<UserRegion>>();
                return broadcastId => FactoryProps.Create(() => new BroadcastActor(broadcastId, ports, outbox.ActorRef, users.ActorRef));
            },
            new BroadcastMessageExtractor(),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = true,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                HandOffStopMessage = HandOffBroadcast.Instance,
            });
}
