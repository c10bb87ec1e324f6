using NeuroActors.Actors.Hosting;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.DependencyInjection;
using Akka.Hosting;
using NeuroActors.Actors.Users;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Jobs;

/// <summary>Registry key of the job shard region.</summary>
public sealed class JobRegion;

public sealed class JobMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    /// <summary>Ten times the largest cluster we plan for; must never change while a cluster's data lives.</summary>
    public const int MaxShards = 100;

    public override string? EntityId(object message) => message is IJobCommand command ? command.RequestId : null;
}

public static class JobWiring
{
    /// <summary>
    /// The job shards. Entities are remembered: after a crash or a rebalance every unfinished job starts again by itself
    /// and carries on from its events. Needs <see cref="JobPorts"/> in the services and the user shards started before
    /// (<c>WithUserShards</c>): each job gets the user region in its constructor.
    /// </summary>
    public static AkkaConfigurationBuilder WithJobShards(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<JobRegion>(
            "job",
            (_, _, resolver) =>
            {
                var ports = resolver.GetService<JobPorts>();
                var users = resolver.GetService<IRequiredActor<UserRegion>>();
                return requestId => FactoryProps.Create(() => new GenerationJobActor(requestId, ports, users.ActorRef));
            },
            new JobMessageExtractor(),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = true,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
            });

    /// <summary>A callback the endpoint verified, as the message for its job; null when the job key is not one of ours.</summary>
    public static KieCallbackReceived? ToJobMessage(KieCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (!JobKeys.TryParse(callback.JobId, out var requestId, out var attempt))
        {
            return null;
        }

        var outcome = callback.Outcome;
        var conclusion = outcome.IsFinal ? KieTaskConclusion.Of(outcome) : null;
        var failure = conclusion is { Succeeded: false } ? conclusion : null;
        return new KieCallbackReceived(
            requestId,
            attempt,
            callback.TaskId,
            outcome.IsFinal,
            conclusion?.Succeeded ?? false,
            outcome.ResultUrls,
            outcome.Progress,
            failure?.FailureClass,
            failure?.FailureTextKey,
            failure?.Retry ?? false,
            failure?.AlertAdmins ?? false,
            conclusion?.Detail ?? outcome.FailMessage,
            conclusion?.ResultText);
    }
}
