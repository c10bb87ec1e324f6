using NeuroActors.Actors.Hosting;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.DependencyInjection;
using Akka.Hosting;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Outbox;

namespace NeuroActors.Actors.Users;

/// <summary>Registry key of the user shard region.</summary>
public sealed class UserRegion;

public sealed class UserMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    /// <summary>Ten times the largest cluster we plan for; must never change while a cluster's data lives.</summary>
    public const int MaxShards = 100;

    public override string? EntityId(object message) => message switch
    {
        IUserCommand command => command.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}

public static class UserWiring
{
    public static AkkaConfigurationBuilder WithUserShards(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<UserRegion>(
            "user",
            (_, _, resolver) =>
            {
                var ports = resolver.GetService<UserPorts>();
                var outbox = resolver.GetService<IRequiredActor<OutboxActor>>();
                var jobs = resolver.GetService<IRequiredActor<JobRegion>>();
                return entityId => FactoryProps.Create(() => new UserActor(entityId, ports, outbox, jobs));
            },
            new UserMessageExtractor(),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = TimeSpan.FromMinutes(10),
                HandOffStopMessage = StopUser.Instance,
            });
}
