using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Outbox;

/// <summary>
/// The node's way out to Telegram: each chat's messages in order, at most about 1 a second per chat (short bursts
/// allowed) and this node's share of the bot's 30 a second; a 429 pauses the chat (or everything) for retry_after and
/// the same message goes again; transient errors retry with backoff; a 403 fails the chat's queue at once.
/// Callback answers and chat actions skip the queues: Telegram does not rate-limit them and a tap needs its answer now.
/// </summary>
public sealed class OutboxActor : ReceiveActor, IWithTimers
{
    public const double BotMessagesPerSecond = 30;
    private const double ChatBurst = 3, ChatPerSecond = 1;
    private const int TransientAttempts = 4;

    private readonly ITelegramSendPort _port;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, ChatQueue> _chats = [];
    private readonly TokenBucket _global;
    private DateTimeOffset _pumpAt;

    public OutboxActor(ITelegramSendPort port)
    {
        _port = port;
        _global = new TokenBucket(BotMessagesPerSecond, BotMessagesPerSecond, DateTimeOffset.UtcNow);

        Receive<Deliver>(OnDeliver);
        Receive<Completed>(OnCompleted);
        Receive<Pump>(_ => PumpQueues());
        Receive<ClusterSizeChanged>(m => _global.Resize(Math.Max(1, BotMessagesPerSecond / Math.Max(1, m.Members)), BotMessagesPerSecond / Math.Max(1, m.Members)));
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
        var item = new Item(deliver, Sender, 0, DateTimeOffset.UtcNow);
        if (!deliver.Message.IsRateLimited)
        {
            Start(item, chat: null);
            return;
        }

        if (!_chats.TryGetValue(deliver.ChatId, out var chat))
            _chats[deliver.ChatId] = chat = new ChatQueue(new TokenBucket(ChatBurst, ChatPerSecond, DateTimeOffset.UtcNow));
        chat.Queue.Enqueue(item);
        PumpQueues();
    }

    private void PumpQueues()
    {
        var now = DateTimeOffset.UtcNow;
        var nextWake = TimeSpan.MaxValue;
        // Oldest waiting message first: when the bot's global limit is the bottleneck, no chat waits behind others forever.
        foreach (var chat in _chats.Values.Where(c => !c.Busy && c.Queue.Count > 0).OrderBy(c => c.Queue.Peek().EnqueuedAt).ToList())
        {
            var chatWait = chat.Bucket.WaitTime(now);
            var globalWait = _global.WaitTime(now);
            var wait = chatWait > globalWait ? chatWait : globalWait;
            if (wait > TimeSpan.Zero)
            {
                if (wait < nextWake) nextWake = wait;
                continue;
            }

            chat.Bucket.TryTake(now);
            _global.TryTake(now);
            chat.Busy = true;
            Start(chat.Queue.Peek(), chat);
        }

        foreach (var idle in _chats.Where(c => !c.Value.Busy && c.Value.Queue.Count == 0 && c.Value.Bucket.WaitTime(now) == TimeSpan.Zero).Select(c => c.Key).ToList())
            _chats.Remove(idle);

        if (nextWake != TimeSpan.MaxValue && (!Timers.IsTimerActive("pump") || now + nextWake < _pumpAt))
        {
            var wake = nextWake < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : nextWake;
            _pumpAt = now + wake;
            Timers.StartSingleTimer("pump", Pump.Instance, wake);
        }
    }

    private void Start(Item item, ChatQueue? chat)
    {
        _port.SendAsync(item.Deliver.ChatId, item.Deliver.Message, CancellationToken.None)
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : new SendOutcome.Transient(t.Exception?.GetBaseException().Message ?? "cancelled"),
                TaskScheduler.Default)
            .PipeTo(Self, success: outcome => new Completed(item, chat is not null, outcome));
    }

    private void OnCompleted(Completed completed)
    {
        var (item, queued, outcome) = (completed.Item, completed.Queued, completed.Outcome);
        var chatId = item.Deliver.ChatId;
        _chats.TryGetValue(chatId, out var chat);
        if (chat is not null && queued) chat.Busy = false;

        switch (outcome)
        {
            case SendOutcome.RetryAfter retry when queued && chat is not null:
                _log.Warning("Telegram asked to wait {Seconds} s before writing to chat {ChatId} again", retry.Delay.TotalSeconds, chatId);
                chat.Bucket.PauseUntil(DateTimeOffset.UtcNow + retry.Delay);
                break;
            case SendOutcome.Transient transient when item.Attempt + 1 < TransientAttempts:
                _log.Warning("Sending to chat {ChatId} failed for now ({Error}); trying again", chatId, transient.Description);
                var again = item with { Attempt = item.Attempt + 1 };
                if (queued && chat is not null)
                {
                    chat.Queue.Dequeue();
                    chat.Queue = new Queue<Item>(chat.Queue.Prepend(again));
                    chat.Bucket.PauseUntil(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Math.Pow(2, item.Attempt)));
                }
                else
                {
                    Start(again, null);
                }

                break;
            case SendOutcome.RetryAfter retry:
                // A callback answer or chat action told to wait: not worth waiting for; report it.
                item.ReplyTo.Tell(new Delivered(item.Deliver.DeliveryId, chatId, retry));
                break;
            case SendOutcome.Blocked blocked when queued && chat is not null:
                foreach (var failed in chat.Queue) failed.ReplyTo.Tell(new Delivered(failed.Deliver.DeliveryId, chatId, blocked));
                chat.Queue.Clear();
                break;
            default:
                if (queued && chat is not null) chat.Queue.Dequeue();
                item.ReplyTo.Tell(new Delivered(item.Deliver.DeliveryId, chatId, outcome));
                break;
        }

        PumpQueues();
    }

    private sealed record Item(Deliver Deliver, IActorRef ReplyTo, int Attempt, DateTimeOffset EnqueuedAt);

    private sealed record Completed(Item Item, bool Queued, SendOutcome Outcome);

    private sealed class ChatQueue(TokenBucket bucket)
    {
        public TokenBucket Bucket { get; } = bucket;

        public Queue<Item> Queue { get; set; } = new();

        public bool Busy { get; set; }
    }

    private sealed class Pump
    {
        public static readonly Pump Instance = new();
    }
}
