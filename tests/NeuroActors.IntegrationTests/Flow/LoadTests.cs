using System.Diagnostics;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;
using Xunit.Abstractions;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>
/// The node stays responsive under load: every tap is answered while 200 jobs run, and the jobs all settle. How fast the
/// answers come is a figure, not an assertion (other test classes share the machine): it is printed here, and the flow
/// benchmark (tests/NeuroActors.Benchmarks, <c>flow</c>) reports tap-to-answer p50/p95/p99 on a quiet machine.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const string ImageModel = HappyPathTests.ImageModel;
    private const int Buyers = 40, VariantsEach = 5, Tappers = 5, TapsEach = 6;

    [Fact]
    public async Task Every_callback_query_is_answered_while_the_node_runs_200_jobs_and_every_job_settles_once()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync(
            kie =>
            {
                kie.Durations = new KieStageDurations(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(40));
                kie.RateLimitCount = 10_000;
            },
            floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?>
        {
            ["Credits:Welcome"] = "1000",
            // One key that may create all 200 tasks at once: the load is the jobs, not the wait for a key.
            ["Kie:Pacing:CreatesPerWindow"] = "1000",
            ["Kie:Pacing:QueriesPerWindow"] = "1000",
        });

        var buyers = new List<FlowUser>();
        for (var n = 0; n < Buyers; n++)
        {
            buyers.Add(await FlowUser.CreateAsync(sandbox, $"Buyer{n}"));
        }

        var orders = new (FlowUser User, string OrderId)[Buyers];
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(buyers.Select(async (buyer, n) =>
            {
                await gate.WaitAsync();
                try
                {
                    await buyer.StartAsync();
                    orders[n] = (buyer, await buyer.OrderAsync(MediaKind.Image, ImageModel, $"load {n}", VariantsEach));
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var tasks = await sandbox.Kie.GetTasksAsync();
        for (var deadline = DateTimeOffset.UtcNow + FlowUser.Patience; tasks.Count < Buyers * VariantsEach && DateTimeOffset.UtcNow < deadline;)
        {
            await Task.Delay(200);
            tasks = await sandbox.Kie.GetTasksAsync();
        }

        var running = tasks.Count(t => t.State is not (KieTaskPhase.Success or KieTaskPhase.Fail));
        output.WriteLine($"{tasks.Count} KIE tasks, {running} not finished when the taps start");
        Assert.True(running >= Buyers * VariantsEach / 2, $"the taps come while the jobs run ({running} of {tasks.Count} running)");

        var tappers = new List<FlowUser>();
        for (var n = 0; n < Tappers; n++)
        {
            var tapper = await FlowUser.CreateAsync(sandbox, $"Tapper{n}");
            await tapper.StartAsync();
            tappers.Add(tapper);
        }

        var latencies = await Task.WhenAll(tappers.Select(TapAroundTheMenusAsync));
        var all = latencies.SelectMany(l => l).ToList();
        output.WriteLine($"{all.Count} taps answered; latency ms: {string.Join(", ", all.Select(l => l.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
        output.WriteLine($"max {all.Max().TotalMilliseconds:F0} ms");
        Assert.Equal(Tappers * TapsEach, all.Count);

        foreach (var (user, orderId) in orders)
        {
            var messages = await user.WaitForClosingAsync(orderId, TimeSpan.FromMinutes(3));
            Assert.Equal(VariantsEach, FlowChecks.ResultPhotos(messages, orderId).Count);
            var captures = await FlowChecks.CapturesAsync(node, user.Id);
            Assert.Equal(Enumerable.Range(1, VariantsEach).Select(i => $"{orderId}-{i}").Order(), captures.Keys.Order());
            Assert.All(captures.Values, count => Assert.Equal(1, count));
            await FlowChecks.AssertLedgerSettledAsync(node, user);
        }
    }

    /// <summary>Main menu → image models → back → balance → menu → help → menu; each tap timed from press to answer.</summary>
    private static async Task<IReadOnlyList<TimeSpan>> TapAroundTheMenusAsync(FlowUser user)
    {
        Func<CallbackAction, bool>[] route =
        [
            a => a is CallbackAction.OpenKind { Page: 0 },
            a => a is CallbackAction.OpenMainMenu,
            a => a is CallbackAction.OpenBalance,
            a => a is CallbackAction.OpenMainMenu,
            a => a is CallbackAction.OpenHelp,
            a => a is CallbackAction.OpenMainMenu,
        ];
        var latencies = new List<TimeSpan>();
        foreach (var which in route)
        {
            var (messageId, data) = await ButtonAsync(user, which);
            var clock = Stopwatch.StartNew();
            var tap = await user.Sandbox.Telegram.PressButtonAsync(user.Id, data, messageId: messageId, waitForAnswer: FlowUser.Patience);
            var latency = clock.Elapsed;
            Assert.True(tap.Answer.Answered, $"user {user.Id}: tap {tap.Data} was not answered");
            latencies.Add(latency);
            await Task.Delay(200);
        }

        return latencies;
    }

    /// <summary>The newest button matching <paramref name="which"/> (the screen before may still be on its way).</summary>
    private static async Task<(int MessageId, string Data)> ButtonAsync(FlowUser user, Func<CallbackAction, bool> which)
    {
        var messages = await user.WaitUntilAsync(m => m.Any(x => x.Buttons.Any(b => which(FlowUser.Action(b)))), what: "a button to tap");
        var message = messages.Last(x => x.Buttons.Any(b => which(FlowUser.Action(b))));
        return (message.MessageId, message.Buttons.First(b => which(FlowUser.Action(b))).CallbackData!);
    }
}
