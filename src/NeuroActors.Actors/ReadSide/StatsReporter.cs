using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Event;
using NeuroActors.Actors.Observability;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Stats;
using NeuroActors.Domain.Telegram;
using NeuroActors.Kie;

namespace NeuroActors.Actors.ReadSide;

/// <summary>
/// This node's outbox queue, read off the actors' own <c>outbox_queue_depth</c> instrument (an up-down counter has no value
/// to read, so a listener sums its changes from the node's start). One per process; the listener's callback is an add.
/// </summary>
public sealed class OutboxQueueGauge : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _depth;

    public OutboxQueueGauge()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ActorMetrics.MeterName && instrument.Name == "outbox_queue_depth") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _depth, value));
        _listener.Start();
    }

    public long Depth => Math.Max(0, Interlocked.Read(ref _depth));

    public void Dispose() => _listener.Dispose();
}

/// <summary>
/// Answers <see cref="ShowStats"/> on its node (registered as <see cref="StatsReporterKey"/>): reads the figures from the
/// read side and this node's gauges, renders the chart, and hands the outbox one photo with the figures as its caption and
/// a refresh button; with an <see cref="ShowStats.EditMessageId"/> the same message is edited in place. The reading and
/// rendering run off the actor; a failure is logged and answered with a short text.
/// </summary>
public sealed class StatsReporter : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public StatsReporter(ReadSideQueries queries, IActorRef outbox, OutboxQueueGauge outboxQueue, KieKeyPool? keys, TimeProvider time)
    {
        Receive<ShowStats>(show =>
        {
            var now = time.GetUtcNow();
            ReadAsync(queries, outboxQueue, keys, now).ContinueWith(task => task.IsCompletedSuccessfully
                    ? Render(show, task.Result)
                    : new Failed(show, task.Exception?.GetBaseException().Message ?? "cancelled"), TaskScheduler.Default)
                .PipeTo(Self);
        });
        Receive<Deliver>(deliver => outbox.Tell(deliver));
        Receive<Failed>(failed =>
        {
            _log.Warning("The metrics screen for chat {ChatId} could not be made: {Reason}", failed.Show.ChatId, failed.Reason);
            var text = failed.Show.Language == Domain.Texts.Language.Russian
                ? "⚠️ Метрики сейчас недоступны, попробуйте позже."
                : "⚠️ Metrics are not available right now; try again later.";
            outbox.Tell(new Deliver(failed.Show.ChatId, new OutboundMessage.SendScreen(new Screen(text, null)), DeliveryId.None));
        });
    }

    public static Props Props(ReadSideQueries queries, IActorRef outbox, OutboxQueueGauge outboxQueue, KieKeyPool? keys, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new StatsReporter(queries, outbox, outboxQueue, keys, time));

    /// <summary>Everything the screen shows, read at <paramref name="now"/>.</summary>
    public static async Task<StatsSnapshot> ReadAsync(ReadSideQueries queries, OutboxQueueGauge? outboxQueue, KieKeyPool? keys, DateTimeOffset now)
    {
        var cancel = CancellationToken.None;
        var day = await queries.WindowAsync(now.AddDays(-1), cancel);
        var week = await queries.WindowAsync(now.AddDays(-7), cancel);
        var inFlight = await queries.JobsInFlightAsync(cancel);
        var (behind, lag) = await queries.LagAsync(now, cancel);
        var hours = StatsSnapshot.Last24Hours(now, await queries.HourlyAsync(now.AddHours(-24), cancel));
        var live = new LiveFigures(inFlight, keys?.GetReport().WaitingCreates, outboxQueue?.Depth, lag, behind);
        return new StatsSnapshot(now, day, week, live, hours);
    }

    private static object Render(ShowStats show, StatsSnapshot snapshot)
    {
        try
        {
            var png = StatsChart.RenderPng(snapshot.Hours, show.Language);
            var caption = StatsTexts.Caption(snapshot, show.Language);
            var keyboard = StatsTexts.Keyboard(show.Language);
            var fileName = "metrics-" + snapshot.At.UtcDateTime.ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture) + ".png";
            OutboundMessage message = show.EditMessageId is { } messageId
                ? new OutboundMessage.EditPhotoUpload(messageId, png, fileName, caption, keyboard)
                : new OutboundMessage.SendPhotoUpload(png, fileName, caption, keyboard);
            return new Deliver(show.ChatId, message, DeliveryId.None);
        }
        catch (Exception e)
        {
            return new Failed(show, e.GetBaseException().Message);
        }
    }

    private sealed record Failed(ShowStats Show, string Reason);
}
