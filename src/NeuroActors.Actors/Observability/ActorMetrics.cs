using System.Diagnostics;
using System.Diagnostics.Metrics;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Actors.Observability;

/// <summary>
/// The actors' instruments on the process-wide <see cref="MeterName"/> meter. The host exports them (the actors know no
/// metrics package). Every label value comes from a fixed set (update kinds, traffic classes, event names), never a user,
/// chat or request id, so the series stay few. Each call is a counter add or a histogram record: no lock, no allocation
/// beyond the instrument's own. Instrument names leave out the prefix: the Prometheus export puts the meter's name in
/// front (<c>updates_received_total</c> is scraped as <c>neuroactors_updates_received_total</c>).
/// </summary>
public static class ActorMetrics
{
    public const string MeterName = "NeuroActors";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> UpdatesReceived = Meter.CreateCounter<long>(
        "updates_received_total", "{update}", "Updates the gateway (poller or webhook) handed to user actors, by kind");

    private static readonly Counter<long> UpdatesHandled = Meter.CreateCounter<long>(
        "updates_handled_total", "{update}", "Updates a user actor persisted (duplicate=false) or recognised as already handled (duplicate=true), by kind");

    private static readonly Histogram<double> FirstReply = Meter.CreateHistogram(
        "update_first_reply_seconds", "s", "From a user actor taking an update to Telegram accepting the first message it sent in answer, by kind",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> CallbackAnswer = Meter.CreateHistogram(
        "callback_answer_seconds", "s", "From the outbox taking a tap's answer to Telegram confirming answerCallbackQuery",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> OutboxSend = Meter.CreateHistogram(
        "outbox_send_seconds", "s", "From the outbox taking a message to its final outcome (queue wait, pacing, retries and the call), by traffic class",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Counter<long> OutboxOutcomes = Meter.CreateCounter<long>(
        "outbox_messages_total", "{message}", "Messages the outbox finished, by traffic class and outcome (sent, blocked, rejected, too_large, transient)");

    private static readonly UpDownCounter<long> OutboxQueued = Meter.CreateUpDownCounter<long>(
        "outbox_queue_depth", "{message}", "Messages waiting in the outbox's per-chat queues (or in flight from them), by traffic class");

    private static readonly Counter<long> OutboxRetryAfter = Meter.CreateCounter<long>(
        "outbox_retry_after_total", "{answer}", "Telegram 429 answers (retry_after) to the outbox, by traffic class");

    private static readonly Histogram<double> PersistTime = Meter.CreateHistogram(
        "persist_seconds", "s", "From an aggregate's Persist call to its handler running (the journal write, batching included), by aggregate",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Counter<long> JobTransitions = Meter.CreateCounter<long>(
        "job_transitions_total", "{event}", "Generation job events written, by state entered (accepted, attempt_started, submitted, attempt_failed, done, failed, cancelled, reported)");

    private static readonly Counter<long> OrderTransitions = Meter.CreateCounter<long>(
        "order_transitions_total", "{event}", "Order events written, by state entered (opened, variant_done, variant_failed, variant_cancelled, delivered)");

    private static readonly Counter<long> LedgerEntries = Meter.CreateCounter<long>(
        "credit_ledger_events_total", "{event}", "Credit ledger events written, by kind (granted, reserved, captured, released, debited)");

    /// <summary>Seconds from 5 ms to 1 minute: a tap's answer is due within 1 s, a slow journal write shows up past 100 ms.</summary>
    public static IReadOnlyList<double> LatencyBuckets => [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly string[] KindNames = Enum.GetValues<UpdateKind>().Select(SnakeCase).ToArray();
    private static readonly string[] TrafficNames = Enum.GetValues<TrafficClass>().Select(SnakeCase).ToArray();

    public static void UpdateReceived(UpdateKind kind) => UpdatesReceived.Add(1, new KeyValuePair<string, object?>("kind", KindName(kind)));

    public static void UpdateHandled(UpdateKind kind, bool duplicate) =>
        UpdatesHandled.Add(1, new KeyValuePair<string, object?>("kind", KindName(kind)), new KeyValuePair<string, object?>("duplicate", duplicate ? "true" : "false"));

    public static void FirstReplySent(UpdateKind kind, long startedAt) =>
        FirstReply.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("kind", KindName(kind)));

    public static void Persisted(string aggregate, long startedAt) =>
        PersistTime.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("aggregate", aggregate));

    public static void OutboxEnqueued(TrafficClass traffic) => OutboxQueued.Add(1, new KeyValuePair<string, object?>("class", TrafficName(traffic)));

    /// <summary>A message's final outcome; <paramref name="queued"/> when it had gone through the queues (callback answers and chat actions do not).</summary>
    public static void OutboxFinished(OutboundMessage message, TrafficClass traffic, bool queued, SendOutcome outcome, long receivedAt)
    {
        var trafficTag = new KeyValuePair<string, object?>("class", TrafficName(traffic));
        var elapsed = Stopwatch.GetElapsedTime(receivedAt).TotalSeconds;
        if (queued) OutboxQueued.Add(-1, trafficTag);
        if (message is OutboundMessage.AnswerCallback) CallbackAnswer.Record(elapsed);
        OutboxSend.Record(elapsed, trafficTag);
        OutboxOutcomes.Add(1, trafficTag, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));
    }

    public static void OutboxRateLimited(TrafficClass traffic) => OutboxRetryAfter.Add(1, new KeyValuePair<string, object?>("class", TrafficName(traffic)));

    public static void JobTransition(string state) => JobTransitions.Add(1, new KeyValuePair<string, object?>("state", state));

    public static void JobTransition(string state, string failureClass) =>
        JobTransitions.Add(1, new KeyValuePair<string, object?>("state", state), new KeyValuePair<string, object?>("failure_class", failureClass));

    public static void OrderTransition(string state) => OrderTransitions.Add(1, new KeyValuePair<string, object?>("state", state));

    public static void LedgerEntry(string kind) => LedgerEntries.Add(1, new KeyValuePair<string, object?>("kind", kind));

    private static string KindName(UpdateKind kind) => (uint)kind < (uint)KindNames.Length ? KindNames[(int)kind] : "other";

    private static string TrafficName(TrafficClass traffic) => (uint)traffic < (uint)TrafficNames.Length ? TrafficNames[(int)traffic] : "other";

    private static string OutcomeName(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Sent => "sent",
        SendOutcome.Blocked => "blocked",
        SendOutcome.RetryAfter => "retry_after",
        SendOutcome.Rejected => "rejected",
        SendOutcome.TooLarge => "too_large",
        SendOutcome.Transient => "transient",
        _ => "other",
    };

    /// <summary>CallbackQuery → callback_query: Prometheus label values in the usual lower snake case.</summary>
    internal static string SnakeCase<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
