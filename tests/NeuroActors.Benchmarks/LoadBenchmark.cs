using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;
using static NeuroActors.Benchmarks.BenchmarkKit;

namespace NeuroActors.Benchmarks;

/// <summary>
/// The node as it runs in production: a child process in webhook mode, against the Bot API sandbox (per-chat flood
/// limits as Telegram keeps them, the global one off) and an instant simulated KIE. N users, C at once, each reading a
/// screen for about T before the next step, walk /start to a delivered result.
/// <c>load [--users 1000] [--concurrent 300] [--think 1000] [--pg [--pg-connection ...]] [--max-seconds 600] [--warmup 200] [--env NAME=VALUE]</c>;
/// saturation: <c>--concurrent 100 --think 0</c>.
/// </summary>
public static class LoadBenchmark
{
    private const int WarmUpRounds = 15;

    private static async Task WarmUpAsync(BotSandboxClient telegram, NodeProcess node, int usersPerRound, int concurrent, TextWriter output, CancellationToken cancellation)
    {
        using var metrics = new HttpClient { BaseAddress = node.Origin, Timeout = TimeSpan.FromSeconds(30) };
        for (var round = 1; round <= WarmUpRounds && usersPerRound > 0; round++)
        {
            var jitBefore = await JitSecondsAsync(metrics, cancellation);
            var clock = Stopwatch.StartNew();
            var crowd = await CreateUsersAsync(telegram, usersPerRound, $"Warmup{round}-", cancellation);
            await ForEachAsync(crowd, Math.Max(1, Math.Min(concurrent, crowd.Count)), async user =>
            {
                // Patient: a node that has just started may take a while over its first updates on a busy machine.
                var shopper = new Shopper(telegram, new ChatView(telegram, user), TimeSpan.Zero, null, cancellation, TimeSpan.FromSeconds(180));
                await shopper.WaitForResultAsync(await shopper.OrderAsync(1, "a warm-up fox"), TimeSpan.FromSeconds(180));
                return 0;
            });
            var jitShare = (await JitSecondsAsync(metrics, cancellation) - jitBefore) / clock.Elapsed.TotalSeconds;
            await output.WriteLineAsync($"warm-up round {round}: {crowd.Count} users in {clock.Elapsed.TotalSeconds:N1} s, the node's JIT busy {jitShare:P0} of it");
            if (jitShare < 0.05)
            {
                return;
            }
        }
    }

    /// <summary>Seconds the node's JIT has spent compiling since it started (System.Runtime's dotnet.jit.compilation.time on /metrics).</summary>
    private static async Task<double> JitSecondsAsync(HttpClient metrics, CancellationToken cancellation)
    {
        var text = await metrics.GetStringAsync("metrics", cancellation);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("system_runtime_dotnet_jit_compilation_time ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException("the node's /metrics has no system_runtime_dotnet_jit_compilation_time");
        return double.Parse(line[(line.IndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    public static async Task RunAsync(BenchmarkContext context)
    {
        var output = context.Output;
        var arguments = context.Arguments;
        var users = IntOption(arguments, "users", 1000);
        var concurrent = IntOption(arguments, "concurrent", 300);
        var think = TimeSpan.FromMilliseconds(IntOption(arguments, "think", 1000));
        var budget = TimeSpan.FromSeconds(IntOption(arguments, "max-seconds", 600));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        deadline.CancelAfter(budget);
        var cancellation = deadline.Token;

        // --chat-limits off: neither the sandbox nor the node's outbox paces a chat, to measure the node alone (Telegram
        // itself allows a chat about one message a second, which bounds a user who does not stop to read).
        var chatLimits = Option(arguments, "chat-limits", "on") != "off";
        await using var database = await BenchmarkDatabase.CreateAsync(arguments, "load");
        string[] sandboxLimits = chatLimits
            ? ["--Sandbox:Telegram:GlobalMessagesPerSecond=1000000", "--Sandbox:Telegram:GlobalBurst=1000000"]
            : ["--Sandbox:Telegram:FloodLimitsEnabled=false"];
        using var sandbox = await StartSandboxAsync(FreePort(), context.Cancellation, sandboxLimits);
        using var telegram = new BotSandboxClient(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096 }) { BaseAddress = sandbox.Origin, Timeout = TimeSpan.FromSeconds(120) });
        var kie = new KieSimulatorClient(new HttpClient { BaseAddress = sandbox.Origin, Timeout = TimeSpan.FromSeconds(90) });
        await kie.SetDurationsAsync(null, new KieDurationsDto(0, 0, 0, 0), context.Cancellation);
        await kie.UpdateSettingsAsync(new KieSettingsUpdate(RateLimitCount: 1_000_000), context.Cancellation);
        // The warm-up crowds and a large run spend more than the simulator's default balance (every order would fail as "Billing").
        await kie.SetBalanceAsync(100_000_000m, context.Cancellation);

        var nodePort = FreePort();
        var settings = NodeSettings(sandbox.Origin, nodePort, database.Provider, database.ConnectionString);
        settings["Telegram:Mode"] = "webhook";
        settings["Telegram:WebhookUrl"] = $"http://127.0.0.1:{nodePort}/telegram/webhook"; // the sandbox times each answer, as Telegram waits for it
        settings["Telegram:WebhookSecret"] = WebhookSecret;
        settings["Logging:Level"] = Verbose ? "Information" : "Warning";
        if (!chatLimits)
        {
            settings["Telegram:ChatPerSecond"] = "1000";
            settings["Telegram:ChatBurst"] = "1000";
        }

        // --env NAME=VALUE (repeatable) sets the node's environment, e.g. DOTNET_gcServer=1, to compare runtime settings.
        var environment = arguments.Select((a, i) => (a, i)).Where(p => p.a == "--env" && p.i + 1 < arguments.Count)
            .Select(p => arguments[p.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty);
        using var node = await NodeProcess.StartAsync(settings, context.Cancellation, environment);
        while ((await telegram.GetStatsAsync(context.Cancellation)).WebhookUrl is null)
        {
            await Task.Delay(100, context.Cancellation);
        }

        await output.WriteLineAsync($"node {node.Id} up in webhook mode on {database.Description}{(environment.Count > 0 ? " with " + string.Join(" ", environment.Select(e => $"{e.Key}={e.Value}")) : string.Empty)}; sandbox {sandbox.Process.Id} at {sandbox.Origin} ({(chatLimits ? "per-chat flood limits on, global off" : "no flood limits, the outbox's per-chat pace lifted")}), KIE instant; " +
            $"{users} users, {concurrent} at once, reading time {think.TotalMilliseconds:N0} ms a screen");

        // Warm-up: users walk the whole journey first, so JIT, connection pools and shards are not measured. Tiered JIT
        // recompiles a hot method optimised only after about 30 calls, in the background: with 5 warm-up users the measured
        // run spent a third of the node's CPU in the JIT and in unoptimised code (perf), and under this load the JIT takes
        // about 40 s to go quiet. So crowds walk until the node's JIT (its /metrics) used under 5 % of a round's time.
        await WarmUpAsync(telegram, node, IntOption(arguments, "warmup", 200), concurrent, output, cancellation);

        var people = await CreateUsersAsync(telegram, users, "Load", context.Cancellation);
        await output.WriteLineAsync("measuring");
        var times = new ReplyTimes();
        var results = new ConcurrentBag<TimeSpan>();
        var failures = new ConcurrentBag<string>();
        await telegram.ClearWebhookTimingsAsync(context.Cancellation);
        var journalBefore = await database.JournalRowsAsync();
        var cpuBefore = node.CpuTime();
        var besideBefore = (Sandbox: sandbox.Process.TotalProcessorTime, Driver: Environment.CpuUsage.TotalTime);
        var machineBefore = MachineCpu.Read();
        var clock = Stopwatch.StartNew();
        await ForEachAsync(people, concurrent, async user =>
        {
            try
            {
                var chat = new ChatView(telegram, user);
                var shopper = new Shopper(telegram, chat, think, times, cancellation);
                var orderId = await shopper.OrderAsync(1, "a benchmark fox " + user.ToString(CultureInfo.InvariantCulture));
                await shopper.WaitForResultAsync(orderId, Patience);
                results.Add(clock.Elapsed);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or HttpRequestException or BotSandboxException)
            {
                failures.Add(e.Message);
            }

            return 0;
        });
        var elapsed = clock.Elapsed;
        var cpu = node.CpuTime() - cpuBefore;
        var sandboxCpu = sandbox.Process.TotalProcessorTime - besideBefore.Sandbox;
        var driverCpu = Environment.CpuUsage.TotalTime - besideBefore.Driver;
        var machineIdle = MachineCpu.Read().IdleShareSince(machineBefore);
        var journalRows = await database.JournalRowsAsync() - journalBefore;
        var stats = await telegram.GetStatsAsync(context.Cancellation);
        var webhook = await telegram.GetWebhookTimingsAsync(context.Cancellation);

        await TableHeader(output);
        await Row(output, "run", $"{users} users, {concurrent} at once, think {think.TotalMilliseconds:N0} ms, {database.Description}, {Seconds(elapsed)}");
        await Row(output, "updates/s (every /start, tap and text sent)", string.Create(CultureInfo.InvariantCulture, $"{times.Updates / elapsed.TotalSeconds:N1} ({times.Updates} updates)"));
        await Row(output, "first reply to a tap (callback answer): p50 / p95 / p99", Percentiles(times.Taps));
        await Row(output, "first reply to /start or a text (a message): p50 / p95 / p99", Percentiles(times.Texts));
        await Row(output, "updates with no reply within 60 s", times.Unanswered.ToString(CultureInfo.InvariantCulture));
        await Row(output, "webhook answered (200) by the node: p50 / p95 / p99", Percentiles(webhook.AnsweredMs.Select(TimeSpan.FromMilliseconds).ToList(), "calls"));
        await Row(output, "webhook calls answered other than 200", webhook.NotOk.ToString(CultureInfo.InvariantCulture));
        await Row(output, "results delivered/s (closing message in the chat)", string.Create(CultureInfo.InvariantCulture, $"{results.Count / elapsed.TotalSeconds:N1} ({results.Count} of {users} orders)"));
        await Row(output, "node CPU (of one core, whole run)", string.Create(CultureInfo.InvariantCulture, $"{100 * cpu.TotalSeconds / elapsed.TotalSeconds:N0} %"));
        await Row(output, "beside it: sandbox / this driver (of one core); machine idle", string.Create(CultureInfo.InvariantCulture,
            $"{100 * sandboxCpu.TotalSeconds / elapsed.TotalSeconds:N0} % / {100 * driverCpu.TotalSeconds / elapsed.TotalSeconds:N0} %; {100 * machineIdle:N0} % idle"));
        await Row(output, "node peak RSS", Megabytes(node.PeakRssBytes()));
        await Row(output, "journal rows/s", string.Create(CultureInfo.InvariantCulture, $"{journalRows / elapsed.TotalSeconds:N1} ({journalRows} rows)"));
        await Row(output, "Bot API errors (sandbox)", stats.ErrorsByCode.Count == 0 ? "none" : string.Join(", ", stats.ErrorsByCode.Select(e => $"{e.Key}: {e.Value}")));
        await Row(output, "users that did not finish", failures.IsEmpty ? "0" : $"{failures.Count} (first: {failures.First()})");
    }
}

/// <summary>The whole machine's CPU counters (/proc/stat's first line), to tell a node that waits from a machine that is full.</summary>
internal readonly record struct MachineCpu(long Idle, long Total)
{
    public static MachineCpu Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return new MachineCpu(fields[3] + fields[4], fields.Take(8).Sum()); // idle + iowait; user..steal
    }

    public double IdleShareSince(MachineCpu before) =>
        Total == before.Total ? 0 : (double)(Idle - before.Idle) / (Total - before.Total);
}
