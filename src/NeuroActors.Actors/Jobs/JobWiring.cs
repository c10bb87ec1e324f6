using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.DependencyInjection;
using Akka.Hosting;
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
    /// and carries on from its events. Needs <see cref="JobPorts"/> in the services.
    /// </summary>
    public static AkkaConfigurationBuilder WithJobShards(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<JobRegion>(
            "job",
            (_, _, resolver) =>
            {
                var ports = resolver.GetService<JobPorts>();
                return requestId => Akka.Actor.Props.Create(() => new GenerationJobActor(requestId, ports));
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
        var failure = outcome.Failure;
        return new KieCallbackReceived(
            requestId,
            attempt,
            callback.TaskId,
            outcome.IsFinal,
            outcome.Phase == KieTaskPhase.Succeeded,
            outcome.ResultUrls,
            outcome.Progress,
            failure?.Class,
            failure?.TextKey,
            failure?.Retry ?? false,
            failure?.AlertAdmins ?? outcome.Phase == KieTaskPhase.Failed,
            outcome.FailMessage ?? outcome.FailCode);
    }
}
