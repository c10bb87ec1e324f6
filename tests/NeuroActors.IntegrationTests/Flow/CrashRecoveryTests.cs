using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Host;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>
/// The node stops (gracefully, or killed) while jobs generate or results are being delivered; a new node on the same
/// database and port finishes everything: each job once, each result once, each reservation settled once.
/// </summary>
/// <remarks>
/// One repeat is possible and allowed: a result Telegram took in the instant before a kill, before the node recorded
/// that it did. Telegram has no idempotent send, so the new node cannot know and sends it again rather than risk losing
/// it (OrderDelivery's remarks). The checks tell that repeat apart from a real one: the new node alone sends each result
/// at most once, the old node alone too, and their sum covers every variant.
/// </remarks>
public sealed class CrashRecoveryTests
{
    private const string ImageModel = HappyPathTests.ImageModel;
    private const long Welcome = 100;
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);

    public enum Stop
    {
        /// <summary>TestNode.StopAsync: the node leaves the cluster and finishes its persists.</summary>
        Graceful,

        /// <summary>The node runs in a child process that is killed (SIGKILL): nothing is finished.</summary>
        Kill,
    }

    public static TheoryData<string, Stop> ProvidersAndStops() => new()
    {
        { "sqlite", Stop.Graceful },
        { "sqlite", Stop.Kill },
        { "postgres", Stop.Graceful },
        { "postgres", Stop.Kill },
    };

    public static TheoryData<string> BothProviders() => Providers.Both;

    [Theory]
    [MemberData(nameof(ProvidersAndStops))]
    public async Task Jobs_generating_when_the_node_stops_complete_on_a_new_node_each_result_and_settlement_once(string provider, Stop stop)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(kie => kie.Durations = new KieStageDurations(
            TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(6)));
        var port = FlowSandbox.FreePort();
        var extra = new Dictionary<string, string?> { ["Credits:Welcome"] = Welcome.ToString(CultureInfo.InvariantCulture) };
        var orders = new List<(FlowUser User, string OrderId, int Variants)>();

        await using (var first = await RunningNode.StartAsync(sandbox, database, port, extra, stop))
        {
            var ann = await FlowUser.CreateAsync(sandbox, "Ann");
            var bob = await FlowUser.CreateAsync(sandbox, "Bob");
            var cid = await FlowUser.CreateAsync(sandbox, "Cid");
            foreach (var (user, variants) in new[] { (ann, 1), (bob, 3), (cid, 1), (ann, 3) })
            {
                await user.StartAsync();
                orders.Add((user, await user.OrderAsync(MediaKind.Image, ImageModel, $"a crash test for {user.Id}", variants), variants));
            }

            // Stop while the last order's tasks generate (the first ones may be done, delivered or on their way).
            var lastOrder = orders[^1].OrderId;
            await WaitUntilAsync(async () => (await sandbox.Kie.GetTasksAsync()).Any(t => t.CallBackUrl!.Contains("/" + lastOrder + "-", StringComparison.Ordinal)), "a task of the last order");
            await first.StopAsync();
        }

        var beforeRestart = await ChatsAsync(sandbox, orders);
        await using var second = await sandbox.StartNodeAsync(database, port, extra);
        await AssertEverythingSettledOnceAsync(sandbox, second, orders, beforeRestart, killed: stop == Stop.Kill);
    }

    [Theory]
    [MemberData(nameof(BothProviders))]
    public async Task Results_being_delivered_when_the_node_is_killed_arrive_after_restart_and_only_a_send_cut_by_the_kill_comes_twice(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        var port = FlowSandbox.FreePort();
        var extra = new Dictionary<string, string?> { ["Credits:Welcome"] = Welcome.ToString(CultureInfo.InvariantCulture) };
        var orders = new List<(FlowUser User, string OrderId, int Variants)>();
        // Every task waits to be finished by the test, so that all results become due together.
        await sandbox.Kie.SetModelBehaviourAsync(ImageModel, new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes));

        await using (var first = await RunningNode.StartAsync(sandbox, database, port, extra, Stop.Kill))
        {
            foreach (var (name, variants) in new[] { ("Ann", 3), ("Bob", 1), ("Cid", 3), ("Dan", 1) })
            {
                var user = await FlowUser.CreateAsync(sandbox, name);
                await user.StartAsync();
                orders.Add((user, await user.OrderAsync(MediaKind.Image, ImageModel, $"a delivery test for {name}", variants), variants));
            }

            var tasks = await WaitForTasksAsync(sandbox, orders.Sum(o => o.Variants));
            // Deliveries go slowly: the first sends of results meet 429 with retry_after, so most are still due at the kill.
            await sandbox.Telegram.InjectFaultAsync("sendMediaGroup", 429, "Too Many Requests: retry after 2", retryAfter: 2, count: 2);
            await sandbox.Telegram.InjectFaultAsync("sendPhoto", 429, "Too Many Requests: retry after 2", retryAfter: 2, count: 1);
            foreach (var task in tasks)
            {
                await sandbox.Kie.FinishTaskAsync(task.TaskId);
            }

            await WaitUntilAsync(async () => await AnyPhotoAsync(sandbox, orders), "the first result in a chat");
            await first.StopAsync();
        }

        var beforeRestart = await ChatsAsync(sandbox, orders);
        var deliveredBeforeKill = orders.Sum(o => FlowChecks.ResultPhotos(beforeRestart[o.User.Id], o.OrderId).Count);

        await sandbox.Telegram.ClearFaultsAsync();
        await using var second = await sandbox.StartNodeAsync(database, port, extra);
        await AssertEverythingSettledOnceAsync(sandbox, second, orders, beforeRestart, killed: true);
        Assert.True(deliveredBeforeKill < orders.Sum(o => o.Variants), "the kill came while results were still being delivered");
    }

    private static async Task<Dictionary<long, IReadOnlyList<TranscriptMessage>>> ChatsAsync(FlowSandbox sandbox, IEnumerable<(FlowUser User, string OrderId, int Variants)> orders)
    {
        var chats = new Dictionary<long, IReadOnlyList<TranscriptMessage>>();
        foreach (var user in orders.Select(o => o.User).Distinct())
        {
            chats[user.Id] = await sandbox.Telegram.GetBotMessagesAsync(user.Id);
        }

        return chats;
    }

    private static async Task AssertEverythingSettledOnceAsync(
        FlowSandbox sandbox, TestNode node, IReadOnlyList<(FlowUser User, string OrderId, int Variants)> orders,
        IReadOnlyDictionary<long, IReadOnlyList<TranscriptMessage>> beforeRestart, bool killed)
    {
        foreach (var (user, orderId, _) in orders)
        {
            await user.WaitForClosingAsync(orderId, Recovery);
        }

        // Anything sent twice would come from a job's late report: once every job is settled none reports again, and the
        // marker shows that each user's actor has handled (and sent) whatever came before.
        foreach (var (_, orderId, variants) in orders)
        {
            await FlowChecks.WaitForJobsSettledAsync(node, orderId, variants);
        }

        var markers = new Dictionary<long, TranscriptMessage>();
        foreach (var user in orders.Select(o => o.User).Distinct())
        {
            markers[user.Id] = await user.PassMarkerAsync();
        }

        var tasks = await sandbox.Kie.GetTasksAsync();
        foreach (var (user, orderId, variants) in orders)
        {
            var messages = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(user.Id), markers[user.Id]);
            var oldNodes = beforeRestart[user.Id].Select(m => m.MessageId).ToHashSet();
            var (byOld, byNew) = (messages.Where(m => oldNodes.Contains(m.MessageId)).ToList(), messages.Where(m => !oldNodes.Contains(m.MessageId)).ToList());
            var chat = $"; the chat ({byOld.Count} messages before the restart):\n"
                + string.Join("\n", messages.Select(m => $"  #{m.MessageId} {m.Date:HH:mm:ss.fff} {m.Media?.Kind ?? "text"} {m.MediaGroupId} \"{m.Caption ?? m.PlainText}\""));
            var (photosOld, photosNew) = (FlowChecks.ResultPhotos(byOld, orderId).Count, FlowChecks.ResultPhotos(byNew, orderId).Count);
            // A graceful stop finishes its writes: nothing may come twice. A kill may cut one between a send and its record.
            var limit = killed ? variants : 0;
            Assert.True(photosOld <= variants && photosNew <= variants && photosOld + photosNew >= variants && photosOld + photosNew <= variants + limit,
                $"order {orderId}: {photosOld} result photos before the restart and {photosNew} after, for {variants} variants{chat}");
            var (closingOld, closingNew) = (FlowChecks.ClosingCount(byOld, orderId), FlowChecks.ClosingCount(byNew, orderId));
            Assert.True(closingOld <= 1 && closingNew <= 1 && closingOld + closingNew >= 1 && closingOld + closingNew <= 1 + (killed ? 1 : 0),
                $"order {orderId}: {closingOld} closing messages before the restart and {closingNew} after{chat}");
            var captures = await FlowChecks.CapturesAsync(node, user.Id);
            for (var index = 1; index <= variants; index++)
            {
                var requestId = $"{orderId}-{index}";
                Assert.True(captures.GetValueOrDefault(requestId) == 1, $"{requestId} captured {captures.GetValueOrDefault(requestId)} times");
                Assert.Contains(tasks, t => t.CallBackUrl!.Contains("/" + requestId + ".", StringComparison.Ordinal) && t.State == KieTaskPhase.Success);
            }
        }

        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        foreach (var user in orders.Select(o => o.User).Distinct())
        {
            var state = await FlowChecks.AssertLedgerSettledAsync(node, user);
            Assert.Equal(Welcome - (price * orders.Where(o => o.User == user).Sum(o => o.Variants)), state.Balance);
        }
    }

    private static async Task<bool> AnyPhotoAsync(FlowSandbox sandbox, IEnumerable<(FlowUser User, string OrderId, int Variants)> orders)
    {
        foreach (var (user, _, _) in orders)
        {
            if ((await sandbox.Telegram.GetBotMessagesAsync(user.Id)).Any(m => m.Media?.Kind == "photo"))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<IReadOnlyList<KieTaskView>> WaitForTasksAsync(FlowSandbox sandbox, int count)
    {
        IReadOnlyList<KieTaskView> tasks = [];
        await WaitUntilAsync(async () => (tasks = await sandbox.Kie.GetTasksAsync()).Count >= count, $"{count} KIE tasks");
        return tasks;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not reached");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The first node: in this process (stopped gracefully) or a child process (killed).</summary>
    private sealed class RunningNode : IAsyncDisposable
    {
        private readonly TestNode? _inProcess;
        private readonly ChildNode? _child;

        private RunningNode(TestNode? inProcess, ChildNode? child)
        {
            _inProcess = inProcess;
            _child = child;
        }

        public static async Task<RunningNode> StartAsync(FlowSandbox sandbox, TestDatabase database, int port, Dictionary<string, string?> extra, Stop stop)
        {
            if (stop == Stop.Graceful)
            {
                return new RunningNode(await sandbox.StartNodeAsync(database, port, extra), null);
            }

            var settings = database.Configuration();
            settings["Cluster:Port"] = "0";
            foreach (var (key, value) in sandbox.NodeSettings(port, extra))
            {
                settings[key] = value;
            }

            return new RunningNode(null, await ChildNode.StartAsync(settings));
        }

        public async Task StopAsync()
        {
            if (_inProcess is not null)
            {
                await _inProcess.StopAsync();
                return;
            }

            await _child!.KillAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (_inProcess is not null)
            {
                await _inProcess.DisposeAsync();
            }

            if (_child is not null)
            {
                await _child.DisposeAsync();
            }
        }
    }
}
