using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using NeuroActors.Actors.Observability;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Actors.Outbox;

/// <summary>
/// The node's way out to Telegram, paced by traffic class (<see cref="OutboundScheduler{T}"/> holds the rules): replies
/// at each chat's pace only, with no bot-wide cap; status edits and results after the chat's replies, a pending status
/// edit replaced by a newer one; bulk within this node's share of the cluster's budget. A 429 pauses the chat (or
/// everything, when several chats get one at once) for retry_after and the same message goes again; repeated 429s halve
/// that class's rate until it recovers; transient errors retry with backoff; a 403 fails the chat's queue at once.
/// Callback answers and chat actions skip the queues: Telegram does not rate-limit them and a tap needs its answer now.
/// </summary>
public sealed class OutboxActor : ReceiveActor, IWithTimers
{
    private const string WakeTimer = "wake";
    private static readonly TimeSpan ShortestWake = TimeSpan.FromMilliseconds(1);

    private readonly ITelegramSendPort _port;
    private readonly TimeProvider _time;
    private readonly int _transientAttempts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OutboundScheduler<Item> _scheduler;
    private DateTimeOffset? _wakeAt;
    private int _unqueuedInFlight;
    private readonly List<IActorRef> _drainWaiters = [];

    public OutboxActor(ITelegramSendPort port)
        : this(port, OutboxSettings.Default, TimeProvider.System)
    {
    }

    public OutboxActor(ITelegramSendPort port, OutboxSettings settings, TimeProvider time)
    {
        _port = port;
        _time = time;
        var limits = settings.Limits;
        _transientAttempts = limits.TransientAttempts;
        _scheduler = new OutboundScheduler<Item>(limits, time.GetUtcNow());

        Receive<Deliver>(OnDeliver);
        Receive<Completed>(OnCompleted);
        Receive<DrainOutbox>(_ =>
        {
            _drainWaiters.Add(Sender);
            ReplyIfDrained();
        });
        Receive<Wake>(_ =>
        {
            _wakeAt = null;
            Pump();
        });
        Receive<ClusterSizeChanged>(m =>
        {
            _scheduler.ShareBulkBudget(m.Members, _time.GetUtcNow());
            Pump();
        });
        Receive<ClusterEvent.CurrentClusterState>(s => Self.Tell(new ClusterSizeChanged(s.Members.Count(m => m.Status == MemberStatus.Up))));
        Receive<ClusterEvent.IMemberEvent>(_ => Cluster.Get(Context.System).SendCurrentClusterState(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
    }

    private void OnDeliver(Deliver deliver)
    {
        var item = new Item(deliver, Sender, System.Diagnostics.Stopwatch.GetTimestamp());
        if (!deliver.Message.IsRateLimited)
        {
            _unqueuedInFlight++;
            Start(item, queued: false, attempt: 0);
            return;
        }

        _scheduler.Enqueue(deliver.ChatId, deliver.Traffic, item, TrafficClasses.CoalesceKey(deliver.Message), _time.GetUtcNow());
        ActorMetrics.OutboxEnqueued(deliver.Traffic);
        Pump();
    }

    private void Pump()
    {
        var now = _time.GetUtcNow();
        foreach (var send in _scheduler.TakeDue(now)) Start(send.Item, queued: true, send.Attempt);

        if (_scheduler.NextWakeAt() is not { } next || (_wakeAt is { } planned && planned <= next)) return;
        _wakeAt = next;
        var delay = next - now;
        Timers.StartSingleTimer(WakeTimer, Wake.Instance, delay < ShortestWake ? ShortestWake : delay);
    }

    private void Start(Item item, bool queued, int attempt)
    {
        _port.SendAsync(item.Deliver.ChatId, item.Deliver.Message, CancellationToken.None)
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : new SendOutcome.Transient(t.Exception?.GetBaseException().Message ?? "cancelled"),
                TaskScheduler.Default)
            .PipeTo(Self, success: outcome => new Completed(item, queued, attempt, outcome));
    }

    private void OnCompleted(Completed completed)
    {
        var (item, queued, attempt, outcome) = (completed.Item, completed.Queued, completed.Attempt, completed.Outcome);
        var chatId = item.Deliver.ChatId;
        if (!queued)
        {
            // A callback answer or chat action: a transient failure is tried again at once; told to wait, it is not worth waiting.
            if (outcome is SendOutcome.Transient && attempt + 1 < _transientAttempts)
            {
                Start(item, queued: false, attempt + 1);
                return;
            }

            _unqueuedInFlight--;
            Finish(item, queued: false, outcome);
            ReplyIfDrained();
            return;
        }

        var settled = _scheduler.Complete(chatId, outcome, _time.GetUtcNow());
        switch (outcome)
        {
            case SendOutcome.RetryAfter retry:
                _log.Warning("Telegram asked to wait {Seconds} s before writing to chat {ChatId} again ({TrafficClass})", retry.Delay.TotalSeconds, chatId, item.Deliver.Traffic);
                ActorMetrics.OutboxRateLimited(item.Deliver.Traffic);
                if (settled.GlobalPause)
                    _log.Warning("429s from several chats at once: the bot's own limit; every chat waits until {PausedUntil}", _scheduler.PausedUntil);
                if (settled.RateHalved)
                    _log.Warning("Repeated 429s for {TrafficClass}: its pace is down to {RatePercent} % until it recovers", item.Deliver.Traffic, Math.Round(settled.RateFactor * 100));
                break;
            case SendOutcome.Transient transient when settled.WillRetry:
                _log.Warning("Sending to chat {ChatId} failed for now ({Error}); trying again", chatId, transient.Description);
                break;
        }

        foreach (var finished in settled.Finished) Finish(finished, queued: true, outcome);
        Pump();
        ReplyIfDrained();
    }

    private void ReplyIfDrained()
    {
        if (_drainWaiters.Count == 0 || _unqueuedInFlight > 0 || !_scheduler.IsIdle) return;
        foreach (var waiter in _drainWaiters) waiter.Tell(OutboxDrained.Instance);
        _drainWaiters.Clear();
    }

    private static void Finish(Item item, bool queued, SendOutcome outcome)
    {
        ActorMetrics.OutboxFinished(item.Deliver.Message, item.Deliver.Traffic, queued, outcome, item.ReceivedAt);
        item.ReplyTo.Tell(new Delivered(item.Deliver.DeliveryId, item.Deliver.ChatId, outcome));
    }

    /// <param name="ReceivedAt">Stopwatch timestamp of the outbox taking it, for the send-time metrics.</param>
    private sealed record Item(Deliver Deliver, IActorRef ReplyTo, long ReceivedAt);

    private sealed record Completed(Item Item, bool Queued, int Attempt, SendOutcome Outcome);

    private sealed class Wake
    {
        public static readonly Wake Instance = new();
    }
}
