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
        var userRegion = await cluster.First.Registry.GetAsync<UserRegion>();
        var userStats = await userRegion.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10));
        var usersPerNode = userStats.Regions.Values.Select(r => r.Stats.Values.Sum()).ToArray();
        Assert.True(usersPerNode.Length == 3 && usersPerNode.All(n => n > 0), $"users should live on all three nodes, they live {string.Join("/", usersPerNode)}");

        // Kill the child node that runs the most jobs; the load balancer takes it out of rotation, as a health check would.
        var victim = jobsPerNode[1] >= jobsPerNode[2] ? 1 : 2;
        var clock = Stopwatch.StartNew();
        await cluster.Child(victim).KillAsync();
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

    [Fact]
    public async Task A_rolling_restart_of_all_three_nodes_under_a_stream_of_users_loses_no_update_and_doubles_no_charge_or_result()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var sandbox = await FlowSandbox.StartAsync(kie => kie.Durations = new KieStageDurations(
            TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)));
        await using var balancer = await CallbackBalancer.StartAsync();
        await using var cluster = await ThreeNodes.StartAsync(sandbox, database, balancer);

        // Three shoppers in a loop: a new user each time, /start, an order. A lost update would leave a shopper waiting
        // for a reply that never comes (FlowUser's patience) and fail the stream.
        using var stop = new CancellationTokenSource();
        var orders = new System.Collections.Concurrent.ConcurrentQueue<(FlowUser User, string OrderId)>();
        var shoppers = Enumerable.Range(0, 3).Select(shopper => Task.Run(async () =>
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var user = await FlowUser.CreateAsync(sandbox, $"Shopper{shopper}x{round}");
                await user.StartAsync();
                orders.Enqueue((user, await user.OrderAsync(MediaKind.Image, ImageModel, $"rolling {shopper}/{round}", 1)));
            }
        })).ToList();

        var clock = Stopwatch.StartNew();
        await WaitForOrdersAsync(orders, 3, shoppers);
        foreach (var index in new[] { 1, 2, 0 })
        {
            var before = orders.Count;
            await cluster.RestartAsync(index);
            await WaitForOrdersAsync(orders, before + 3, shoppers);
        }

        await stop.CancelAsync();
        await Task.WhenAll(shoppers);
        output.WriteLine($"{orders.Count} orders by {orders.Select(o => o.User.Id).Distinct().Count()} users during a rolling restart of {clock.Elapsed.TotalSeconds:F0} s");

        var node = cluster.First;
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        foreach (var (user, orderId) in orders)
        {
            await user.WaitForClosingAsync(orderId, Recovery);
            await FlowChecks.WaitForJobsSettledAsync(node, orderId, 1);
        }

        foreach (var (user, orderId) in orders)
        {
            var chat = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(user.Id), await user.PassMarkerAsync());
            var story = $"order {orderId}, the chat:\n" + string.Join("\n", chat.Select(m => $"  #{m.MessageId} {m.Date:HH:mm:ss.fff} {m.Media?.Kind ?? "text"} \"{m.Caption ?? m.PlainText}\""));
            Assert.True(FlowChecks.ResultPhotos(chat, orderId).Count == 1, "one result photo: " + story);
            Assert.True(FlowChecks.ClosingCount(chat, orderId) == 1, "one closing message: " + story);
            Assert.True((await FlowChecks.CapturesAsync(node, user.Id)).GetValueOrDefault(orderId + "-1") == 1, "one capture: " + story);
            Assert.Equal(Welcome - price, (await FlowChecks.AssertLedgerSettledAsync(node, user)).Balance);
        }
    }

    private static async Task WaitForOrdersAsync(System.Collections.Concurrent.ConcurrentQueue<(FlowUser User, string OrderId)> orders, int count, IReadOnlyList<Task> shoppers)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (orders.Count < count)
        {
            if (shoppers.FirstOrDefault(s => s.IsFaulted) is { } failed) await failed; // a shopper's reply never came
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"{count} orders: only {orders.Count}");
            await Task.Delay(100);
        }
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
        private readonly TestDatabase _database;
        private readonly CallbackBalancer _balancer;
        private readonly IReadOnlyList<Dictionary<string, string?>> _settings;
        private readonly Dictionary<int, ChildNode> _children = [];

        private ThreeNodes(TestDatabase database, CallbackBalancer balancer, IReadOnlyList<Dictionary<string, string?>> settings)
        {
            _database = database;
            _balancer = balancer;
            _settings = settings;
        }

        /// <summary>Node 0, in this process.</summary>
        public TestNode First { get; private set; } = null!;

        public ChildNode Child(int index) => _children[index];

        public static async Task<ThreeNodes> StartAsync(FlowSandbox sandbox, TestDatabase database, CallbackBalancer balancer)
        {
            var remoting = Enumerable.Range(0, 3).Select(_ => FlowSandbox.FreePort()).ToArray();
            var seeds = string.Join(",", remoting.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)));
            var settings = Enumerable.Range(0, 3).Select(index =>
            {
                var node = database.Configuration();
                foreach (var (key, value) in sandbox.NodeSettings(FlowSandbox.FreePort(), new Dictionary<string, string?>
                {
                    ["Credits:Welcome"] = Welcome.ToString(CultureInfo.InvariantCulture),
                    ["Kie:CallbackBaseUrl"] = balancer.CallbackBaseFor(index),
                })) node[key] = value;
                node["Cluster:Port"] = remoting[index].ToString(CultureInfo.InvariantCulture);
                node["Cluster:Seeds"] = seeds;
                return node;
            }).ToArray();

            var cluster = new ThreeNodes(database, balancer, settings);
            // The first seed forms the cluster when no other seed answers; the others join it.
            await cluster.StartNodeAsync(0);
            await cluster.StartNodeAsync(1);
            await cluster.StartNodeAsync(2);
            return cluster;
        }

        /// <summary>SIGTERM (or a graceful stop in this process), then the node starts again on the same addresses.</summary>
        public async Task RestartAsync(int index)
        {
            _balancer.Remove(index);
            if (index == 0)
            {
                await First.DisposeAsync();
            }
            else
            {
                await _children[index].TerminateAsync(TimeSpan.FromSeconds(90));
                await _children[index].DisposeAsync();
            }

            await StartNodeAsync(index);
        }

        private async Task StartNodeAsync(int index)
        {
            var settings = _settings[index];
            if (index == 0)
            {
                First = await TestNode.StartAsync(_database, extra: settings);
            }
            else
            {
                _children[index] = await ChildNode.StartAsync(settings, "node " + index.ToString(CultureInfo.InvariantCulture));
            }

            _balancer.Add(index, new Uri(settings["Http:Urls"]!));
            if (index > 0 || _children.Count > 0) await WaitForRegionsAsync(1 + _children.Count);
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
            foreach (var child in _children.Values) await child.DisposeAsync();
            await First.DisposeAsync();
        }
    }
}
