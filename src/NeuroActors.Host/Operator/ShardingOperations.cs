using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using NeuroActors.Actors.Catalog;
using NeuroActors.Actors.Gateway;
using NeuroActors.Host.Configuration;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>GET sharding/regions</c>: every shard region type with shards and entities per node; <c>GET sharding/stats/{type}</c>:
/// one type, shard by shard; <c>GET singletons</c>: each cluster singleton and the node it runs on.
/// </summary>
public static class ShardingOperations
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(5);

    /// <summary>One cluster singleton of this node's configuration.</summary>
    public sealed record SingletonEntry(string Name, string? Role, string What);

    /// <summary>The cluster singletons this node runs, in one place: adding a singleton is one line here.</summary>
    public static IEnumerable<SingletonEntry> Singletons(NodeSettings settings)
    {
        yield return new SingletonEntry(CatalogHostingExtensions.SingletonName, null, "keeps the model catalogue fresh and publishes it to every node");
        yield return new SingletonEntry(Actors.Housekeeping.HousekeepingWiring.SingletonName, null, "retention: removes settled jobs' journals after their grace, on a schedule");
        yield return new SingletonEntry(Actors.ReadSide.ReadSideWiring.ProjectionSingletonName, null, "the read side's projection: tagged events into the rs_ tables");
        if (!settings.Telegram.IsWebhook)
            yield return new SingletonEntry(TelegramPollerWiring.SingletonName, null, "the one getUpdates loop of the bot token (polling mode)");
    }

    public static void MapShardingOperations(RouteGroupBuilder api)
    {
        api.MapGet("/sharding/regions", async (ActorSystem system, CancellationToken cancel) =>
        {
            var sharding = ClusterSharding.Get(system);
            var regions = new List<object>();
            foreach (var type in sharding.ShardTypeNames.Order(StringComparer.Ordinal))
            {
                var stats = await StatsAsync(sharding, type, cancel);
                regions.Add(new
                {
                    type,
                    shards = stats?.Regions.Values.Sum(r => r.Stats.Count),
                    entities = stats?.Regions.Values.Sum(r => r.Stats.Values.Sum()),
                    nodes = stats is null ? null : PerNode(stats).Select(n => new { n.Address, n.Shards, n.Entities }).ToArray(),
                    problem = stats is null ? $"no answer within {StatsTimeout.TotalSeconds:0} s" : null,
                });
            }

            return Results.Ok(new { regions });
        });

        api.MapGet("/sharding/stats/{type}", async (ActorSystem system, string type, CancellationToken cancel) =>
        {
            var sharding = ClusterSharding.Get(system);
            if (!sharding.ShardTypeNames.Contains(type))
                return OperatorResults.NotFound($"no shard region '{type}'; this node has: {string.Join(", ", sharding.ShardTypeNames.Order(StringComparer.Ordinal))}");
            var stats = await StatsAsync(sharding, type, cancel);
            if (stats is null)
                return OperatorResults.Unavailable($"the '{type}' regions did not answer within {StatsTimeout.TotalSeconds:0} s");
            return Results.Ok(new
            {
                type,
                nodes = PerNode(stats).Select(n => new
                {
                    n.Address,
                    n.Shards,
                    n.Entities,
                    shardEntities = n.Stats.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value),
                }).ToArray(),
                failed = stats.Regions.Values.SelectMany(r => r.Failed).ToArray(),
            });
        });

        api.MapGet("/singletons", (ActorSystem system, NodeSettings settings) =>
        {
            var state = Cluster.Get(system).State;
            return Results.Ok(new
            {
                singletons = Singletons(settings).Select(s => new
                {
                    name = s.Name,
                    role = s.Role,
                    what = s.What,
                    node = ClusterOperations.OldestUp(state, s.Role)?.Address.ToString(),
                }).ToArray(),
            });
        });
    }

    private sealed record NodeStats(string Address, int Shards, int Entities, IReadOnlyDictionary<string, int> Stats);

    private static IEnumerable<NodeStats> PerNode(ClusterShardingStats stats) =>
        stats.Regions
            .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
            .Select(r => new NodeStats(r.Key.ToString(), r.Value.Stats.Count, r.Value.Stats.Values.Sum(), r.Value.Stats));

    private static async Task<ClusterShardingStats?> StatsAsync(ClusterSharding sharding, string type, CancellationToken cancel)
    {
        try
        {
            return await sharding.ShardRegion(type).Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1), cancel);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
