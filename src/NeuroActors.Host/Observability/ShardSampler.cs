using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace NeuroActors.Host.Observability;

/// <summary>
/// How many entities each shard region hosts on this node, asked of the regions every <see cref="Every"/> (not per
/// scrape: a region answers by asking each of its shards).
/// </summary>
/// <param name="system">Resolved when the first sample is due: the actor system exists only once the host has started.</param>
public sealed class ShardSampler(Func<ActorSystem> system, TimeProvider time, ILogger<ShardSampler> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FirstSampleAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private volatile IReadOnlyDictionary<string, int> _entities = ImmutableDictionary<string, int>.Empty;

    /// <summary>Entities per region (its type name) at the last sample.</summary>
    public IReadOnlyDictionary<string, int> Entities => _entities;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            // The first sample soon after start, so a fresh node shows its regions without waiting a whole period.
            await Task.Delay(FirstSampleAfter, time, stoppingToken);
            do
            {
                await SampleAsync();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SampleAsync()
    {
        var sharding = ClusterSharding.Get(system());
        var counts = new Dictionary<string, int>();
        foreach (var typeName in sharding.ShardTypeNames)
        {
            try
            {
                var state = await sharding.ShardRegion(typeName).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout);
                counts[typeName] = state.Shards.Sum(s => s.EntityIds.Count);
            }
            catch (Exception e) when (e is AskTimeoutException or ArgumentException or InvalidOperationException)
            {
                log.LogDebug("Shard region {Region} did not report its entities: {Error}", typeName, e.Message);
            }
        }

        _entities = counts;
    }
}
