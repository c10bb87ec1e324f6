using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Host;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;
using static NeuroActors.Benchmarks.BenchmarkKit;

namespace NeuroActors.Benchmarks;

/// <summary>
/// Many jobs in flight at once while KIE holds them: <c>jobs</c> measures the memory of 10,000 of them on one node and
/// the time until all their results reach the chats once KIE lets them finish; <c>recovery</c> kills the node (kill -9)
/// with 1,000 in flight and measures the time until every job runs again and every result arrives.
/// </summary>
public static class JobsBenchmark
{
    /// <summary><c>jobs [--orders 2000] [--variants 5] [--concurrent 100]</c>: the node in this process, so its GC heap can be read.</summary>
    public static async Task RunJobsAsync(BenchmarkContext context)
    {
        var output = context.Output;
        var orders = IntOption(context.Arguments, "orders", 2000);
        var variants = IntOption(context.Arguments, "variants", 5);
        var concurrent = IntOption(context.Arguments, "concurrent", 100);
        await using var database = await BenchmarkDatabase.CreateAsync(context.Arguments, "jobs");
        using var sandbox = await StartSandboxAsync(FreePort(), context.Cancellation);
        using var telegram = new BotSandboxClient(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096 }) { BaseAddress = sandbox.Origin, Timeout = TimeSpan.FromSeconds(400) });
        var kie = await HoldingKieAsync(sandbox, telegram, context.Cancellation);

        var settings = NodeSettings(sandbox.Origin, FreePort(), database.Provider, database.ConnectionString);
        var app = NodeProgram.Build([], settings, Verbose ? TextWriter.Synchronized(Console.Error) : TextWriter.Null);
        await app.StartAsync(context.Cancellation);
        try
        {
            await WaitForMemberUpAsync(app.Services.GetRequiredService<Akka.Actor.ActorSystem>());
            await output.WriteLineAsync($"node in this process (polling mode) on {database.Description}; sandbox {sandbox.Process.Id}, flood limits off, KIE holds every task; {orders} orders of {variants} variants");
            var people = await CreateUsersAsync(telegram, orders, "Jobs", context.Cancellation);
            var heapBefore = FullGcMemory();

            var ordering = Stopwatch.StartNew();
            var placed = await PlaceOrdersAsync(telegram, people, variants, concurrent, context.Cancellation);
            var jobs = await WaitForTasksAsync(kie, placed.Count * variants, TimeSpan.FromSeconds(300), context.Cancellation);
            var orderingTime = ordering.Elapsed;

            var heap = FullGcMemory();
            var gcInfo = GC.GetGCMemoryInfo();
            var rss = Environment.WorkingSet;

            var (finishTime, closed) = await ReleaseAndWaitAsync(telegram, kie, placed, TimeSpan.FromSeconds(600), context.Cancellation);

            await TableHeader(output);
            await Row(output, "orders placed through the wizard", $"{placed.Count} of {orders} in {Seconds(orderingTime)}");
            await Row(output, "jobs in flight (tasks KIE holds)", jobs.ToString(CultureInfo.InvariantCulture));
            await Row(output, "GC heap after full GC, jobs in flight (growth since idle)", $"{Megabytes(heap)} (+{Megabytes(heap - heapBefore)})");
            await Row(output, "GC heap size (GCMemoryInfo, incl. fragmentation)", Megabytes(gcInfo.HeapSizeBytes));
            await Row(output, "RSS with jobs in flight (this process: node + driver)", Megabytes(rss));
            await Row(output, "time from KIE finishing all to every result in its chat", Seconds(finishTime));
            await Row(output, "orders whose result never arrived (lost)", (placed.Count - closed).ToString(CultureInfo.InvariantCulture));
            await Row(output, "KIE tasks created in all (more than jobs = a repeated create)", (await kie.GetTasksAsync(Model, context.Cancellation)).Count.ToString(CultureInfo.InvariantCulture));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary><c>recovery [--orders 200] [--variants 5]</c>: the node in a child process, killed with SIGKILL and started again.</summary>
    public static async Task RunRecoveryAsync(BenchmarkContext context)
    {
        var output = context.Output;
        var orders = IntOption(context.Arguments, "orders", 200);
        var variants = IntOption(context.Arguments, "variants", 5);
        var concurrent = IntOption(context.Arguments, "concurrent", 50);
        await using var database = await BenchmarkDatabase.CreateAsync(context.Arguments, "recovery");
        using var sandbox = await StartSandboxAsync(FreePort(), context.Cancellation);
        using var telegram = new BotSandboxClient(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096 }) { BaseAddress = sandbox.Origin, Timeout = TimeSpan.FromSeconds(400) });
        var kie = await HoldingKieAsync(sandbox, telegram, context.Cancellation);
        var settings = NodeSettings(sandbox.Origin, FreePort(), database.Provider, database.ConnectionString);
        settings["Logging:Level"] = "Warning";

        var node = await NodeProcess.StartAsync(settings, context.Cancellation);
        try
        {
            await output.WriteLineAsync($"node {node.Id} (polling mode) on {database.Description}; sandbox {sandbox.Process.Id}, flood limits off, KIE holds every task; {orders} orders of {variants} variants");
            var people = await CreateUsersAsync(telegram, orders, "Recovery", context.Cancellation);
            var placed = await PlaceOrdersAsync(telegram, people, variants, concurrent, context.Cancellation);
            var jobs = await WaitForTasksAsync(kie, placed.Count * variants, TimeSpan.FromSeconds(120), context.Cancellation);
            var pollsBefore = (await kie.GetTasksAsync(Model, context.Cancellation)).ToDictionary(t => t.TaskId, t => t.Polls);

            node.Kill();
            var restart = Stopwatch.StartNew();
            node.Dispose();
            node = await NodeProcess.StartAsync(settings, context.Cancellation);
            var ready = restart.Elapsed;

            // A job runs again when it asks KIE about its task once more (a recovered job resumes polling).
            var running = 0;
            TimeSpan? allRunning = null;
            while (restart.Elapsed < TimeSpan.FromSeconds(120))
            {
                var tasks = await kie.GetTasksAsync(Model, context.Cancellation);
                running = tasks.Count(t => pollsBefore.TryGetValue(t.TaskId, out var before) && t.Polls > before);
                if (running >= pollsBefore.Count)
                {
                    allRunning = restart.Elapsed;
                    break;
                }

                await Task.Delay(250, context.Cancellation);
            }

            var (finishTime, closed) = await ReleaseAndWaitAsync(telegram, kie, placed, TimeSpan.FromSeconds(300), context.Cancellation);

            await TableHeader(output);
            await Row(output, "jobs in flight at kill -9", jobs.ToString(CultureInfo.InvariantCulture));
            await Row(output, "restart: process start to /health/ready", Seconds(ready));
            await Row(output, "restart to every job running again (polled KIE)", allRunning is { } t ? Seconds(t) : $"not within 120 s ({running} of {pollsBefore.Count})");
            await Row(output, "then KIE finishing all to every result in its chat", Seconds(finishTime));
            await Row(output, "orders whose result never arrived (lost)", (placed.Count - closed).ToString(CultureInfo.InvariantCulture));
            await Row(output, "KIE tasks created in all (more than jobs = a repeated create)", (await kie.GetTasksAsync(Model, context.Cancellation)).Count.ToString(CultureInfo.InvariantCulture));
            await Row(output, "node peak RSS after restart", Megabytes(node.PeakRssBytes()));
        }
        finally
        {
            node.Dispose();
        }
    }

    private static async Task<KieSimulatorClient> HoldingKieAsync(SandboxProcess sandbox, BotSandboxClient telegram, CancellationToken cancellation)
    {
        var kie = new KieSimulatorClient(new HttpClient { BaseAddress = sandbox.Origin, Timeout = TimeSpan.FromSeconds(120) });
        await telegram.SetFloodLimitsAsync(false, cancellation);
        await kie.SetDurationsAsync(null, new KieDurationsDto(0, 0, 0, 0), cancellation);
        await kie.UpdateSettingsAsync(new KieSettingsUpdate(RateLimitCount: 1_000_000), cancellation);
        await kie.SetModelBehaviourAsync(Model, new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes), cancellation);
        return kie;
    }

    private static async Task<List<(long User, string OrderId)>> PlaceOrdersAsync(BotSandboxClient telegram, IReadOnlyList<long> people, int variants, int concurrent, CancellationToken cancellation)
    {
        var placed = await ForEachAsync(people, concurrent, async user =>
        {
            try
            {
                var shopper = new Shopper(telegram, new ChatView(telegram, user), TimeSpan.Zero, null, cancellation);
                return (user, await shopper.OrderAsync(variants, "a held fox " + user.ToString(CultureInfo.InvariantCulture)));
            }
            catch (Exception e) when (e is TimeoutException or HttpRequestException or BotSandboxException)
            {
                return (user, string.Empty);
            }
        });
        return placed.Where(p => p.Item2.Length > 0).ToList();
    }

    private static async Task<int> WaitForTasksAsync(KieSimulatorClient kie, int expected, TimeSpan patience, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        int count;
        while ((count = (await kie.GetTasksAsync(Model, cancellation)).Count) < expected && clock.Elapsed < patience)
        {
            await Task.Delay(500, cancellation);
        }

        return count;
    }

    /// <summary>KIE finishes every held task; returns the time until every order's closing message is in its chat, and how many arrived.</summary>
    private static async Task<(TimeSpan Elapsed, int Closed)> ReleaseAndWaitAsync(BotSandboxClient telegram, KieSimulatorClient kie, IReadOnlyList<(long User, string OrderId)> placed, TimeSpan patience, CancellationToken cancellation)
    {
        await kie.SetModelBehaviourAsync(Model, null, cancellation);
        var clock = Stopwatch.StartNew();
        var tasks = await kie.GetTasksAsync(Model, cancellation);
        await ForEachAsync(Enumerable.Range(0, tasks.Count).Select(i => (long)i).ToList(), 32, async i =>
        {
            await kie.FinishTaskAsync(tasks[(int)i].TaskId, KieTaskOutcome.Success, cancellation);
            return 0;
        });

        var orderOf = placed.ToDictionary(p => p.User, p => p.OrderId);
        var closed = await ForEachAsync(placed.Select(p => p.User).ToList(), 500, async user =>
        {
            try
            {
                var left = patience - clock.Elapsed;
                await new Shopper(telegram, new ChatView(telegram, user), TimeSpan.Zero, null, cancellation).WaitForResultAsync(orderOf[user], left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
                return 1;
            }
            catch (TimeoutException)
            {
                return 0;
            }
        });
        return (clock.Elapsed, closed.Sum());
    }
}
