using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Host;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;
using static NeuroActors.Benchmarks.BenchmarkKit;

namespace NeuroActors.Benchmarks;

/// <summary>
/// One whole node (SQLite) driven through the Bot API sandbox and the simulated KIE, which run in a child process so that
/// the node's memory is this process's: updates per second from /start to confirmed orders, the time from an update to
/// the bot's first reply, memory per 1,000 idle users and per 1,000 jobs in flight, journal rows per single-variant job.
/// </summary>
public static class FlowBenchmark
{
    private const string Model = BenchmarkKit.Model;
    private const int JourneyUsers = 121, JourneyConcurrency = 10, IdleUsers = 400, IdleConcurrency = 20, JobUsers = 100, JobVariants = 5;
    private static readonly TimeSpan Patience = BenchmarkKit.Patience;

    public static async Task RunAsync(BenchmarkContext context)
    {
        var output = context.Output;
        var folder = Path.Combine(Path.GetTempPath(), "neuroactors-flow-benchmark", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var databasePath = Path.Combine(folder, "neuroactors.db");
        using var sandboxProcess = await StartSandboxAsync(FreePort(), context.Cancellation);
        try
        {
            var origin = sandboxProcess.Origin;
            using var telegram = new BotSandboxClient(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(90) });
            var kie = new KieSimulatorClient(new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(90) });
            await telegram.SetFloodLimitsAsync(false, context.Cancellation);
            await kie.SetDurationsAsync(null, new KieDurationsDto(0, 0, 0, 0), context.Cancellation);
            await kie.UpdateSettingsAsync(new KieSettingsUpdate(RateLimitCount: 1_000_000), context.Cancellation);

            var nodePort = FreePort();
            var app = NodeProgram.Build([], BenchmarkKit.NodeSettings(origin, nodePort, "sqlite", $"Data Source={databasePath}"), Environment.GetEnvironmentVariable("NEUROACTORS_FLOW_BENCHMARK_LOG") == "1" ? TextWriter.Synchronized(Console.Error) : TextWriter.Null);
            await app.StartAsync(context.Cancellation);
            try
            {
                await WaitForMemberUpAsync(app.Services.GetRequiredService<ActorSystem>());
                await output.WriteLineAsync($"node up (SQLite), sandbox and simulated KIE in child process {sandboxProcess.Process.Id}; flood limits off, KIE instant");
                await output.WriteLineAsync($"note: the node's outbox keeps Telegram's per-chat limit itself (about 1/s per chat, bursts of 3; bulk {OutboxSettings.DefaultBulkPerSecond:N0}/s per cluster), so a chat's screens that are new messages or edits queue there; callback answers do not.");
                await MeasureAsync(output, telegram, kie, databasePath, context.Cancellation);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finalizing pool; the temp folder is cleaned by the OS.
            }
        }
    }

    private static async Task MeasureAsync(TextWriter output, BotSandboxClient telegram, KieSimulatorClient kie, string databasePath, CancellationToken cancellation)
    {
        // 1. Journeys: /start, kind, (next page), model, prompt, 1 variant, confirm; many users at once.
        var latencies = new ConcurrentBag<(string Kind, TimeSpan Latency)>();
        var journeyUsers = await CreateUsersAsync(telegram, JourneyUsers, "Journey", cancellation);
        await JourneyAsync(telegram, journeyUsers[0], latencies, cancellation); // warm-up
        latencies.Clear();
        var clock = Stopwatch.StartNew();
        await ForEachAsync(journeyUsers.Skip(1).ToList(), JourneyConcurrency, user => JourneyAsync(telegram, user, latencies, cancellation));
        var elapsed = clock.Elapsed;
        var updates = latencies.Count; // every update of the phase, each timed to its first reply

        // 2. Journal rows of one completed single-variant job and of its user, on a quiet node.
        var sample = (await CreateUsersAsync(telegram, 1, "Sample", cancellation))[0];
        var sampleOrder = await JourneyAsync(telegram, sample, new ConcurrentBag<(string, TimeSpan)>(), cancellation);
        var userAtConfirm = await JournalRowsAsync(databasePath, "user-" + sample);
        await WaitForClosingAsync(telegram, sample, sampleOrder, cancellation);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellation); // the job's acknowledgement is written after the capture
        var journal = (Job: await JournalRowsAsync(databasePath, $"job-{sampleOrder}-1"), UserAtConfirm: userAtConfirm, UserTotal: await JournalRowsAsync(databasePath, "user-" + sample));

        // 3. Memory per 1,000 idle users: /start and the main menu, then nothing.
        var before = FullGcMemory();
        var idle = await CreateUsersAsync(telegram, IdleUsers, "Idle", cancellation);
        await ForEachAsync(idle, IdleConcurrency, async user =>
        {
            await telegram.SendCommandAsync(user, "start", cancellationToken: cancellation);
            await WaitForAsync(telegram, user, m => m.Any(x => x.Buttons.Any(b => Action(b) is CallbackAction.OpenKind)), cancellation);
            return string.Empty;
        });
        var afterIdle = FullGcMemory();
        var idleBytes = afterIdle - before;

        // 4. Memory per 1,000 jobs in flight: tasks that never finish keep every job (and its order) open.
        await kie.SetModelBehaviourAsync(Model, new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes), cancellation);
        var tasksBefore = (await kie.GetTasksAsync(Model, cancellation)).Count;
        var jobUsers = idle.Take(JobUsers).ToList();
        await ForEachAsync(jobUsers, JourneyConcurrency, user => MenuToConfirmedAsync(telegram, user, JobVariants, latencies: null, cancellation));
        var deadline = DateTimeOffset.UtcNow + Patience;
        while ((await kie.GetTasksAsync(Model, cancellation)).Count - tasksBefore < JobUsers * JobVariants && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(500, cancellation);
        }

        var jobsInFlight = (await kie.GetTasksAsync(Model, cancellation)).Count - tasksBefore;
        var withJobs = FullGcMemory();
        var jobBytes = withJobs - afterIdle;

        var taps = latencies.Where(l => l.Kind == "tap").Select(l => l.Latency).Order().ToList();
        var messages = latencies.Where(l => l.Kind != "tap").Select(l => l.Latency).Order().ToList();
        var all = latencies.Select(l => l.Latency).Order().ToList();
        await output.WriteLineAsync();
        await output.WriteLineAsync("| figure                                             | value |");
        await output.WriteLineAsync("|----------------------------------------------------|-------|");
        await Row(output, $"updates/s, /start to confirmed order ({journeyUsers.Count - 1} users, {JourneyConcurrency} at once)", $"{updates / elapsed.TotalSeconds:N1} ({updates} updates in {elapsed.TotalSeconds:N1} s)");
        await Row(output, "update -> first reply, all updates: p50 / p95 / p99", Percentiles(all));
        await Row(output, "  taps (first reply = callback answer)", Percentiles(taps));
        await Row(output, "  /start and text (first reply = a message via the outbox)", Percentiles(messages));
        await Row(output, $"memory per 1,000 idle users (GC heap, {IdleUsers} users)", Megabytes(idleBytes * 1000.0 / IdleUsers));
        await Row(output, $"memory per 1,000 jobs in flight (GC heap, {jobsInFlight} jobs, {JobUsers} orders)", jobsInFlight == 0 ? "no jobs started" : Megabytes(jobBytes * 1000.0 / jobsInFlight));
        await Row(output, "journal rows of one completed single-variant job", journal.Job.ToString(CultureInfo.InvariantCulture));
        await Row(output, "journal rows of its user, /start to confirm", journal.UserAtConfirm.ToString(CultureInfo.InvariantCulture));
        await Row(output, "journal rows of its user after confirm (capture, delivery)", (journal.UserTotal - journal.UserAtConfirm).ToString(CultureInfo.InvariantCulture));
    }

    // ---------- one user's journey ----------
    private static async Task<string> JourneyAsync(BotSandboxClient telegram, long user, ConcurrentBag<(string Kind, TimeSpan Latency)> latencies, CancellationToken cancellation)
    {
        await Timed(telegram, user, "message", latencies, () => telegram.SendCommandAsync(user, "start", cancellationToken: cancellation).ContinueWith(t => t.Result.Seq, TaskScheduler.Default), cancellation);
        await WaitForAsync(telegram, user, m => m.Any(x => x.Buttons.Any(b => Action(b) is CallbackAction.OpenKind)), cancellation);
        return await MenuToConfirmedAsync(telegram, user, 1, latencies, cancellation);
    }

    /// <summary>From the main menu to a confirmed order of <paramref name="variants"/>; returns the order id.</summary>
    private static async Task<string> MenuToConfirmedAsync(BotSandboxClient telegram, long user, int variants, ConcurrentBag<(string Kind, TimeSpan Latency)>? latencies, CancellationToken cancellation)
    {
        var key = ModelKey.Of(Model);
        await Tap(telegram, user, a => a is CallbackAction.OpenKind { Kind: MediaKind.Image, Page: 0 }, latencies, cancellation);
        for (var page = 1; ; page++)
        {
            var list = await WaitForAsync(telegram, user, m => m[^1].Buttons.Any(b => Action(b) is CallbackAction.PickModel), cancellation);
            if (list[^1].Buttons.Any(b => Action(b) is CallbackAction.PickModel p && p.ModelKey == key))
            {
                break;
            }

            var next = page;
            await Tap(telegram, user, a => a is CallbackAction.OpenKind k && k.Page == next, latencies, cancellation);
            await WaitForAsync(telegram, user, m => m[^1].Buttons.Any(b => Action(b) is CallbackAction.OpenKind k && k.Page == next - 1), cancellation);
        }

        await Tap(telegram, user, a => a is CallbackAction.PickModel p && p.ModelKey == key, latencies, cancellation);
        await WaitForAsync(telegram, user, m => m[^1].Buttons.Any(b => Action(b) is CallbackAction.WriteOwnPrompt), cancellation);
        await Timed(telegram, user, "message", latencies, () => telegram.SendTextAsync(user, "a benchmark fox", cancellationToken: cancellation).ContinueWith(t => t.Result.Seq, TaskScheduler.Default), cancellation);
        await WaitForAsync(telegram, user, m => m[^1].Buttons.Any(b => Action(b) is CallbackAction.ChooseVariants), cancellation);
        var tapped = await Tap(telegram, user, a => a is CallbackAction.ChooseVariants c && c.Variants == variants, latencies, cancellation);
        var confirmation = (await WaitForAsync(telegram, user, m => m.Any(x => x.MessageId == tapped && x.Buttons.Any(b => Action(b) is CallbackAction.Confirm)), cancellation))
            .Single(x => x.MessageId == tapped);
        await Tap(telegram, user, a => a is CallbackAction.Confirm, latencies, cancellation);
        var shown = (await WaitForAsync(telegram, user, m => m.Any(x => x.MessageId == confirmation.MessageId && (IsTerms(x) || OrderTag().IsMatch(x.PlainText ?? string.Empty))), cancellation))
            .Single(x => x.MessageId == confirmation.MessageId);
        if (IsTerms(shown))
        {
            // The user's first order: the terms take the confirmation's place, and ✅ I agree places the order.
            await Tap(telegram, user, a => a is CallbackAction.AcceptTerms, latencies, cancellation);
            shown = (await WaitForAsync(telegram, user, m => m.Any(x => x.MessageId == confirmation.MessageId && OrderTag().IsMatch(x.PlainText ?? string.Empty)), cancellation))
                .Single(x => x.MessageId == confirmation.MessageId);
        }

        return OrderTag().Match(shown.PlainText!).Groups[1].Value;
    }

    private static bool IsTerms(TranscriptMessage message) => message.Buttons.Any(b => Action(b) is CallbackAction.AcceptTerms);

    /// <summary>Taps the newest matching button; returns the message it was on.</summary>
    private static async Task<int> Tap(BotSandboxClient telegram, long user, Func<CallbackAction, bool> which, ConcurrentBag<(string Kind, TimeSpan Latency)>? latencies, CancellationToken cancellation)
    {
        var messages = await WaitForAsync(telegram, user, m => m.Any(x => x.Buttons.Any(b => which(Action(b)))), cancellation);
        var message = messages.Last(x => x.Buttons.Any(b => which(Action(b))));
        var data = message.Buttons.First(b => which(Action(b))).CallbackData;
        ButtonPressResult? press = null;
        await Timed(telegram, user, "tap", latencies, async () =>
            (press = await telegram.PressButtonAsync(user, data, messageId: message.MessageId, waitForAnswer: TimeSpan.Zero, cancellationToken: cancellation)).Seq, cancellation);
        if (Environment.GetEnvironmentVariable("NEUROACTORS_FLOW_BENCHMARK_LOG") == "1")
        {
            var answer = await telegram.GetCallbackAnswerAsync(press!.CallbackQueryId, cancellation);
            await Console.Error.WriteLineAsync($"TAP user {user} msg {message.MessageId} data {data} update {press.UpdateId} answered {answer.Answered} '{answer.Text}'");
        }
        return message.MessageId;
    }

    /// <summary>Sends an update and times it to the bot's first reply in the chat (any change the bot makes).</summary>
    private static async Task Timed(BotSandboxClient telegram, long user, string kind, ConcurrentBag<(string Kind, TimeSpan Latency)>? latencies, Func<Task<long>> send, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var seq = await send();
        string[] kinds = [ChatChangeKinds.Message, ChatChangeKinds.Edit, ChatChangeKinds.CallbackAnswer, ChatChangeKinds.ChatAction];
        var changes = await telegram.GetChangesAsync(user, seq, Patience, kinds, cancellation);
        if (changes.Changes.Count > 0)
        {
            latencies?.Add((kind, clock.Elapsed));
        }
    }

    private static async Task<IReadOnlyList<TranscriptMessage>> WaitForAsync(BotSandboxClient telegram, long user, Func<IReadOnlyList<TranscriptMessage>, bool> condition, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var messages = await telegram.GetBotMessagesAsync(user, cancellation);
            if (messages.Count > 0 && condition(messages))
            {
                return messages;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var stats = await telegram.GetStatsAsync(cancellation);
                if (Environment.GetEnvironmentVariable("NEUROACTORS_FLOW_BENCHMARK_LOG") == "1")
                {
                    foreach (var change in (await telegram.GetChangesAsync(user, 0, TimeSpan.Zero, cancellationToken: cancellation)).Changes)
                    {
                        await Console.Error.WriteLineAsync($"CHANGE {change.Seq} {change.At:HH:mm:ss.fff} {change.Kind} #{change.Message?.MessageId} {(change.Message?.PlainText ?? string.Empty).Split('\n')[0]}");
                    }
                }

                throw new TimeoutException($"user {user}: the expected screen did not come; sandbox errors {string.Join(", ", stats.ErrorsByCode.Select(e => $"{e.Key}: {e.Value}"))}; calls {string.Join(", ", stats.CallsByMethod.Select(e => $"{e.Key}: {e.Value}"))}; newest: " +
                    string.Join(" / ", messages.TakeLast(2).Select(m => $"#{m.MessageId} \"{m.PlainText}\" [{string.Join(" ", m.Buttons.Select(b => b.CallbackData))}]")));
            }

            await Task.Delay(20, cancellation);
        }
    }

    private static Task WaitForClosingAsync(BotSandboxClient telegram, long user, string orderId, CancellationToken cancellation) =>
        WaitForAsync(telegram, user, m => m.Any(x => IsClosing(x, orderId)), cancellation);

    /// <summary>Rows (events) of one persistence id in the journal table.</summary>
    private static async Task<long> JournalRowsAsync(string databasePath, string persistenceId)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
