using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;
using Xunit.Abstractions;

namespace NeuroActors.IntegrationTests.MultiNode;

/// <summary>
/// Three nodes on one PostgreSQL database, as an operator runs them: the first in this process (the oldest: it hosts
/// the sharding coordinator and the Telegram poller), two more as child processes that can be killed. KIE's callbacks
/// reach the nodes through a load balancer (<see cref="CallbackBalancer"/>).
/// </summary>
public sealed class ThreeNodeClusterTests(ITestOutputHelper output)
{
    private const string ImageModel = HappyPathTests.ImageModel;
    private const long Welcome = 100;
    private static readonly TimeSpan Recovery = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task When_a_node_hosting_running_jobs_is_killed_its_jobs_finish_on_the_survivors_each_result_and_charge_once()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var balancer = await CallbackBalancer.StartAsync();
        // Every task waits for the test to finish it: the jobs are running when the node dies.
        await sandbox.Kie.SetModelBehaviourAsync(ImageModel, new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes));

        await using var cluster = await ThreeNodes.StartAsync(sandbox, database, balancer);
        var users = new List<FlowUser>();
        for (var i = 0; i < 12; i++)
        {
            users.Add(await FlowUser.CreateAsync(sandbox, "User" + i.ToString(CultureInfo.InvariantCulture)));
        }

        var orders = await Task.WhenAll(users.Select(async user =>
        {
            await user.StartAsync();
            return (User: user, OrderId: await user.OrderAsync(MediaKind.Image, ImageModel, $"a cluster test for {user.Id}", 1));
        }));

        var tasks = await WaitForTasksAsync(sandbox, orders.Length);
        var jobsPerNode = Enumerable.Range(0, 3).Select(i => tasks.Count(t => t.CallBackUrl!.Contains($"/via/{i}/", StringComparison.Ordinal))).ToArray();
        Assert.True(jobsPerNode.All(n => n > 0), $"jobs should run on all three nodes, they run {string.Join("/", jobsPerNode)}");

        // Kill the child node that runs the most jobs; the load balancer takes it out of rotation, as a health check would.
        var victim = jobsPerNode[1] >= jobsPerNode[2] ? 1 : 2;
        var clock = Stopwatch.StartNew();
        await cluster.Children[victim - 1].KillAsync();
        balancer.Remove(victim);
        foreach (var task in tasks)
        {
            await sandbox.Kie.FinishTaskAsync(task.TaskId);
        }

        var node = cluster.First;
        foreach (var (user, orderId) in orders)
        {
            await user.WaitForClosingAsync(orderId, Recovery);
        }

        output.WriteLine($"jobs per node {string.Join("/", jobsPerNode)}; node {victim} killed; every order delivered {clock.Elapsed.TotalSeconds:F1} s after the kill");
        foreach (var (_, orderId) in orders)
        {
            await FlowChecks.WaitForJobsSettledAsync(node, orderId, 1);
        }

        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        foreach (var (user, orderId) in orders)
        {
            var marker = await user.PassMarkerAsync();
            var chat = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(user.Id), marker);
            Assert.Single(FlowChecks.ResultPhotos(chat, orderId));
            Assert.Equal(1, FlowChecks.ClosingCount(chat, orderId));
            Assert.Equal(1, (await FlowChecks.CapturesAsync(node, user.Id)).GetValueOrDefault(orderId + "-1"));
            var state = await FlowChecks.AssertLedgerSettledAsync(node, user);
            Assert.Equal(Welcome - price, state.Balance);
        }

        // KIE's callbacks for the dead node's jobs reached a survivor before the shards moved: refused (503) so that KIE
        // tries again, never acknowledged into dead letters. The jobs finished after restarting on the survivors.
        var refused = balancer.Forwarded.Where(f => f.Via == victim).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, f => Assert.Equal(503, f.Status));
    }

    private static async Task<IReadOnlyList<KieTaskView>> WaitForTasksAsync(FlowSandbox sandbox, int count)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        IReadOnlyList<KieTaskView> tasks;
        while ((tasks = await sandbox.Kie.GetTasksAsync()).Count < count)
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"{count} KIE tasks: only {tasks.Count}");
            await Task.Delay(50);
        }

        return tasks;
    }

    /// <summary>Node 0 in this process, nodes 1 and 2 as child processes, all on the sandbox and one database.</summary>
    private sealed class ThreeNodes : IAsyncDisposable
    {
        private ThreeNodes(TestNode first, IReadOnlyList<ChildNode> children)
        {
            First = first;
            Children = children;
        }

        public TestNode First { get; }

        public IReadOnlyList<ChildNode> Children { get; }

        public static async Task<ThreeNodes> StartAsync(FlowSandbox sandbox, TestDatabase database, CallbackBalancer balancer)
        {
            var first = await TestNode.StartAsync(database, extra: Settings(sandbox, balancer, 0, FlowSandbox.FreePort()));
            balancer.Add(0, first.HttpAddress);
            var children = new List<ChildNode>();
            foreach (var index in new[] { 1, 2 })
            {
                var port = FlowSandbox.FreePort();
                var settings = database.Configuration();
                foreach (var (key, value) in Settings(sandbox, balancer, index, port)) settings[key] = value;
                settings["Cluster:Port"] = "0";
                settings["Cluster:Seeds"] = first.Cluster.SelfAddress.ToString();
                children.Add(await ChildNode.StartAsync(settings, "node " + index.ToString(CultureInfo.InvariantCulture)));
                balancer.Add(index, new Uri($"http://127.0.0.1:{port}/"));
            }

            var cluster = new ThreeNodes(first, children);
            await cluster.WaitForRegionsAsync(3);
            return cluster;
        }

        /// <summary>Until the coordinators know <paramref name="count"/> user and job regions: only then do new shards spread.</summary>
        public async Task WaitForRegionsAsync(int count)
        {
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
            var regions = new[] { await First.Registry.GetAsync<UserRegion>(), await First.Registry.GetAsync<JobRegion>() };
            while (true)
            {
                var known = new List<int>();
                foreach (var region in regions)
                {
                    var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10));
                    known.Add(stats.Regions.Count);
                }

                if (known.All(n => n >= count)) return;
                if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"{count} regions of each type: {string.Join("/", known)}");
                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var child in Children) await child.DisposeAsync();
            await First.DisposeAsync();
        }

        private static Dictionary<string, string?> Settings(FlowSandbox sandbox, CallbackBalancer balancer, int index, int port)
        {
            var settings = sandbox.NodeSettings(port, new Dictionary<string, string?>
            {
                ["Credits:Welcome"] = Welcome.ToString(CultureInfo.InvariantCulture),
                ["Kie:CallbackBaseUrl"] = balancer.CallbackBaseFor(index),
            });
            return settings;
        }
    }
}
