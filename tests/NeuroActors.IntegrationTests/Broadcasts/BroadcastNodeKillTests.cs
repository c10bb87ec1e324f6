using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using Xunit.Abstractions;

namespace NeuroActors.IntegrationTests.Broadcasts;

/// <summary>
/// Three nodes on one PostgreSQL database (the first in this process, two child processes that can be killed); the
/// node running a broadcast is killed (SIGKILL) in the middle of it.
/// </summary>
public sealed class BroadcastNodeKillTests(ITestOutputHelper output)
{
    private const int Readers = 200;

    [Fact]
    public async Task A_broadcast_to_200_users_with_its_node_killed_in_the_middle_reaches_every_user_at_most_one_twice()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var sandbox = await FlowSandbox.StartAsync();
        var remoting = Enumerable.Range(0, 3).Select(_ => FlowSandbox.FreePort()).ToArray();
        var settings = NodeSettings(sandbox, database, remoting);
        await using var first = await TestNode.StartAsync(database, extra: settings[0]);
        await using var second = await ChildNode.StartAsync(settings[1], "node 1");
        await using var third = await ChildNode.StartAsync(settings[2], "node 2");
        var children = new Dictionary<int, ChildNode> { [remoting[1]] = second, [remoting[2]] = third };
        var region = await first.Registry.GetAsync<BroadcastRegion>();
        await WaitForRegionsAsync(region, 3);

        var (admin, _) = await BroadcastCrowd.StartAsync(sandbox, Readers);
        var audience = await BroadcastCrowd.WaitForAudienceAsync(first, Readers + 1);

        // The broadcast must run on a node this test can kill: one that lands on the first node is stopped, and the
        // next id (in another shard, which the coordinator gives to a node with fewer shards) is tried.
        var (broadcastId, marker, victim) = await StartOnAChildAsync(first, region, children);
        var beforeKill = await BroadcastCrowd.WaitForStatusAsync(first, broadcastId, s => s.Tally.Done >= 60, "60 recipients done");
        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        output.WriteLine($"broadcast {broadcastId}: {victim.Name} killed with at least {beforeKill.Tally.Done} of {beforeKill.Tally.Total} done");

        var status = await BroadcastCrowd.WaitForStatusAsync(first, broadcastId, s => s.Phase == BroadcastPhase.Finished, "it finishes on a survivor");
        output.WriteLine($"finished {clock.Elapsed.TotalSeconds:F1} s after the kill: {status.Tally}");
        Assert.Equal(new BroadcastTally(Readers + 1, Readers + 1, 0, 0, 0), status.Tally);

        var copies = await BroadcastCrowd.CopiesAsync(sandbox, audience, marker);
        Assert.All(copies, c => Assert.True(c.Value >= 1, $"user {c.Key} never got the broadcast"));
        var twice = copies.Where(c => c.Value > 1).ToList();
        Assert.True(twice.Count <= 1 && twice.All(c => c.Value == 2), "at most one user gets it twice: " + string.Join(", ", twice.Select(c => $"{c.Key}×{c.Value}")));
        output.WriteLine($"{copies.Count} users reached, {twice.Count} twice");

        var progress = Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(admin.Id), m => (m.Text ?? string.Empty).Contains($"#{broadcastId.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal));
        Assert.Contains($"{Readers + 1} of {Readers + 1} done", progress.Text, StringComparison.Ordinal);
    }

    private static async Task<(long Id, string Marker, ChildNode Victim)> StartOnAChildAsync(TestNode first, IActorRef region, Dictionary<int, ChildNode> children)
    {
        var extractor = new BroadcastMessageExtractor();
        var triedShards = new HashSet<string>();
        for (var id = 5_000L; triedShards.Count < 5; id++)
        {
            var shard = extractor.ShardId(id.ToString(CultureInfo.InvariantCulture), null);
            if (!triedShards.Add(shard)) continue;
            var marker = "marker-" + Guid.NewGuid().ToString("N");
            var started = await region.Ask<BroadcastStatus>(BroadcastCrowd.Start(id, marker), TimeSpan.FromSeconds(20));
            Assert.True(started.Exists);
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10));
            var home = stats.Regions.Single(r => r.Value.Stats.ContainsKey(shard)).Key;
            if (home.Port is { } port && children.TryGetValue(port, out var victim)) return (id, marker, victim);
            await region.Ask<BroadcastStatus>(new ControlBroadcast(id, FlowUser.AdminId, BroadcastSwitch.Stop), TimeSpan.FromSeconds(20));
        }

        throw new InvalidOperationException("no broadcast landed on a child node in five shards");
    }

    private static IReadOnlyList<Dictionary<string, string?>> NodeSettings(FlowSandbox sandbox, TestDatabase database, int[] remoting)
    {
        var seeds = string.Join(",", remoting.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)));
        return remoting.Select(port =>
        {
            var node = database.Configuration();
            foreach (var (key, value) in sandbox.NodeSettings(FlowSandbox.FreePort())) node[key] = value;
            node["Cluster:Port"] = port.ToString(CultureInfo.InvariantCulture);
            node["Cluster:Seeds"] = seeds;
            return node;
        }).ToArray();
    }

    /// <summary>Until the coordinator knows a broadcast region on every node: only then do new shards spread.</summary>
    private static async Task WaitForRegionsAsync(IActorRef region, int count)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10));
            if (stats.Regions.Count >= count) return;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"{count} broadcast regions: {stats.Regions.Count}");
            await Task.Delay(200);
        }
    }
}
