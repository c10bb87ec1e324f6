namespace NeuroActors.Domain.Telegram.Outbound;

/// <summary>A send the scheduler let through: perform it, then report its outcome with <see cref="OutboundScheduler{T}.Complete"/>.</summary>
public sealed record OutboundSend<T>(long ChatId, TrafficClass Traffic, T Item, int Attempt);

/// <summary>
/// What a finished send settled. <see cref="Finished"/> are the items whose senders now hear <see cref="Outcome"/>: the sent
/// item and the older edits it replaced, or the whole chat's queue on a 403; empty when the item waits to go again.
/// </summary>
public sealed record OutboundCompletion<T>(
    IReadOnlyList<T> Finished,
    SendOutcome Outcome,
    bool WillRetry,
    bool GlobalPause,
    bool RateHalved,
    double RateFactor);

/// <summary>
/// The outbox's rules as a data structure: per chat, queues by traffic class (replies first; status edits and results
/// next, in the order they came, a pending status edit replaced by a newer edit of the same message; bulk last), one
/// send in flight per chat, each chat's token bucket, the cluster's bulk budget, 429 pauses of a chat or of everything,
/// and each class's AIMD rate. It says what to send now (<see cref="TakeDue"/>) and when to look again
/// (<see cref="NextWakeAt"/>). Pure and single-threaded: the caller passes the time.
/// </summary>
public sealed class OutboundScheduler<T>
{
    private readonly OutboundLimits _limits;
    private readonly Dictionary<long, Lane> _lanes = [];
    private readonly PriorityQueue<long, (DateTimeOffset At, long Seq)> _checks = new();
    private readonly Dictionary<TrafficClass, AimdRate> _rates;
    private readonly TokenBucket _bulk;
    private readonly Queue<(long ChatId, DateTimeOffset At, DateTimeOffset Until)> _recentFloods = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private long _seq;

    public OutboundScheduler(OutboundLimits limits, DateTimeOffset now)
    {
        if (limits.BulkPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(limits), "The bulk budget must be above zero messages a second.");
        _limits = limits;
        _bulk = new TokenBucket(Math.Max(1, limits.BulkPerSecond), limits.BulkPerSecond, now);
        _rates = Enum.GetValues<TrafficClass>().ToDictionary(c => c, _ => new AimdRate(limits.Aimd));
    }

    /// <summary>Chats the scheduler still remembers (waiting, in flight, or not yet refilled).</summary>
    public int ChatCount => _lanes.Count;

    /// <summary>Nothing waits and nothing is in flight (looks at every chat: for a node that is stopping, not per send).</summary>
    public bool IsIdle => _lanes.Values.All(lane => lane.InFlight is null && lane.Head() is null);

    /// <summary>Until when everything waits after a bot-wide 429.</summary>
    public DateTimeOffset PausedUntil => _pausedUntil;

    public double BulkShare => _bulk.PerSecond;

    public double RateFactor(TrafficClass traffic, DateTimeOffset now) => _rates[traffic].Factor(now);

    /// <summary>This node's share of the cluster's bulk budget, when <paramref name="upMembers"/> nodes share it.</summary>
    public void ShareBulkBudget(int upMembers, DateTimeOffset now)
    {
        var share = _limits.BulkPerSecond / Math.Max(1, upMembers);
        _bulk.WaitTime(now); // brings the tokens up to now at the old rate
        _bulk.Resize(Math.Max(1, share), share);
    }

    /// <summary>
    /// Queues <paramref name="item"/> for its chat; <paramref name="coalesceKey"/> is the message an edit rewrites. True when
    /// it replaced a pending status edit of the same message: a newer status edit takes the pending one's place, an edit
    /// of another class (a tap that changed the message) goes in its own place and the stale status edit is dropped.
    /// </summary>
    public bool Enqueue(long chatId, TrafficClass traffic, T item, long? coalesceKey, DateTimeOffset now)
    {
        if (!_lanes.TryGetValue(chatId, out var lane))
            _lanes[chatId] = lane = new Lane(chatId, new TokenBucket(_limits.ChatBurst, _limits.ChatPerSecond, now));

        if (coalesceKey is { } key && traffic == TrafficClass.StatusEdit && lane.PendingEdits.TryGetValue(key, out var pending))
        {
            pending.Superseded.Add(pending.Item);
            pending.Item = item;
            return true;
        }

        var entry = new Entry(traffic, item, coalesceKey);
        var replaced = false;
        if (coalesceKey is { } editedMessage)
        {
            if (lane.InFlight is { Entry: { Traffic: TrafficClass.StatusEdit } inFlight } && inFlight.CoalesceKey == editedMessage)
                inFlight.ReplacedBy = entry; // should it have to go again, it would show older text than this
            if (lane.PendingEdits.Remove(editedMessage, out var stale))
            {
                stale.Dropped = true;
                stale.ReplacedBy = entry;
                entry.Superseded.AddRange(stale.Superseded.Append(stale.Item));
                replaced = true;
            }

            if (traffic == TrafficClass.StatusEdit) lane.PendingEdits[editedMessage] = entry;
        }

        lane.Queues[traffic.Rank()].Enqueue(entry);
        CheckAt(lane, now);
        return replaced;
    }

    /// <summary>The sends that may go now; each chat's next one only after the previous one completed.</summary>
    public IReadOnlyList<OutboundSend<T>> TakeDue(DateTimeOffset now)
    {
        var due = new List<OutboundSend<T>>();
        if (now < _pausedUntil) return due;

        while (_checks.TryPeek(out var chatId, out var check) && check.At <= now)
        {
            _checks.Dequeue();
            if (!_lanes.TryGetValue(chatId, out var lane) || lane.CheckAt != check.At) continue; // superseded by a later check
            lane.CheckAt = null;
            if (lane.InFlight is not null) continue; // looked at again when it completes

            if (lane.Head() is not { } head)
            {
                if (lane.Bucket.IsFull(now)) _lanes.Remove(chatId);
                else CheckAt(lane, now + lane.Bucket.WaitTime(now, lane.Bucket.Capacity));
                continue;
            }

            var cost = Cost(head.Entry.Traffic, now);
            var wait = lane.Bucket.WaitTime(now, cost);
            if (head.Entry.Traffic == TrafficClass.Bulk) wait = Max(wait, _bulk.WaitTime(now, cost));
            if (wait > TimeSpan.Zero)
            {
                CheckAt(lane, now + wait);
                continue;
            }

            lane.Bucket.TryTake(now, cost);
            if (head.Entry.Traffic == TrafficClass.Bulk) _bulk.TryTake(now, cost);
            lane.InFlight = head;
            if (head.Entry.CoalesceKey is { } key && lane.PendingEdits.GetValueOrDefault(key) == head.Entry) lane.PendingEdits.Remove(key);
            due.Add(new OutboundSend<T>(chatId, head.Entry.Traffic, head.Entry.Item, head.Entry.Attempt));
        }

        return due;
    }

    /// <summary>When something may be due next; null when nothing waits (or only chats with a send in flight).</summary>
    public DateTimeOffset? NextWakeAt()
    {
        while (_checks.TryPeek(out var chatId, out var check)
               && (!_lanes.TryGetValue(chatId, out var lane) || lane.CheckAt != check.At || lane.InFlight is not null))
        {
            _checks.Dequeue();
        }

        if (!_checks.TryPeek(out _, out var next)) return null;
        return next.At > _pausedUntil ? next.At : _pausedUntil;
    }

    /// <summary>Settles the chat's send in flight with Telegram's answer.</summary>
    public OutboundCompletion<T> Complete(long chatId, SendOutcome outcome, DateTimeOffset now)
    {
        if (!_lanes.TryGetValue(chatId, out var lane) || lane.InFlight is not { } sent)
            throw new InvalidOperationException("No send in flight for this chat.");
        lane.InFlight = null;
        var entry = sent.Entry;
        var rate = _rates[entry.Traffic];
        OutboundCompletion<T> completion;

        switch (outcome)
        {
            case SendOutcome.RetryAfter retry:
                lane.Bucket.PauseUntil(now + retry.Delay);
                var halved = rate.OnRateLimited(now);
                var global = RecordFlood(chatId, now, now + retry.Delay);
                Requeue(lane, sent);
                completion = new([], outcome, true, global, halved, rate.Factor(now));
                break;
            case SendOutcome.Transient when entry.Attempt + 1 < _limits.TransientAttempts:
                entry.Attempt++;
                lane.Bucket.PauseUntil(now + TimeSpan.FromSeconds(Math.Pow(2, entry.Attempt - 1)));
                Requeue(lane, sent);
                completion = new([], outcome, true, false, false, rate.Factor(now));
                break;
            case SendOutcome.Blocked:
                var failed = new List<T>();
                foreach (var queue in lane.Queues)
                {
                    foreach (var waiting in queue.Where(e => !e.Dropped)) failed.AddRange(waiting.Superseded.Append(waiting.Item));
                    queue.Clear();
                }

                lane.PendingEdits.Clear();
                completion = new(failed, outcome, false, false, false, rate.Factor(now));
                break;
            default:
                lane.Queues[sent.Rank].Dequeue();
                completion = new([.. entry.Superseded, entry.Item], outcome, false, false, false, rate.Factor(now));
                break;
        }

        CheckAt(lane, now);
        return completion;
    }

    private double Cost(TrafficClass traffic, DateTimeOffset now) => 1 / _rates[traffic].Factor(now);

    /// <summary>
    /// The item stays at the head of its queue to go again. A newer edit of the same message that came meanwhile makes a
    /// status edit stale: it is dropped and its senders hear the newer edit's outcome.
    /// </summary>
    private static void Requeue(Lane lane, Head sent)
    {
        var entry = sent.Entry;
        if (entry.ReplacedBy is { } newer)
        {
            while (newer.ReplacedBy is { } newest && newer.Dropped) newer = newest;
            lane.Queues[sent.Rank].Dequeue();
            newer.Superseded.InsertRange(0, entry.Superseded.Append(entry.Item));
        }
        else if (entry.Traffic == TrafficClass.StatusEdit && entry.CoalesceKey is { } key)
        {
            lane.PendingEdits[key] = entry; // waiting again: a newer status edit may replace it
        }
    }

    /// <summary>Remembers a chat's 429; true when 429s from several chats at once show the bot's own limit, and everything pauses.</summary>
    private bool RecordFlood(long chatId, DateTimeOffset now, DateTimeOffset until)
    {
        while (_recentFloods.TryPeek(out var old) && now - old.At > _limits.GlobalFloodWindow) _recentFloods.Dequeue();
        _recentFloods.Enqueue((chatId, now, until));
        if (_recentFloods.Select(f => f.ChatId).Distinct().Count() < _limits.GlobalFloodChats) return false;

        var pauseUntil = _recentFloods.Max(f => f.Until);
        if (pauseUntil > _pausedUntil) _pausedUntil = pauseUntil;
        return true;
    }

    private void CheckAt(Lane lane, DateTimeOffset at)
    {
        if (lane.InFlight is not null || (lane.CheckAt is { } planned && planned <= at)) return;
        lane.CheckAt = at;
        _checks.Enqueue(lane.ChatId, (at, _seq++));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Entry(TrafficClass traffic, T item, long? coalesceKey)
    {
        public TrafficClass Traffic { get; } = traffic;

        public T Item { get; set; } = item;

        public long? CoalesceKey { get; } = coalesceKey;

        /// <summary>Older edits of the same message this one made stale; their senders hear this one's outcome.</summary>
        public List<T> Superseded { get; } = [];

        public int Attempt { get; set; }

        /// <summary>The newer edit of the same message that made this status edit stale.</summary>
        public Entry? ReplacedBy { get; set; }

        /// <summary>Made stale before it went: skipped, its senders moved to <see cref="ReplacedBy"/>.</summary>
        public bool Dropped { get; set; }
    }

    private readonly record struct Head(Entry Entry, int Rank);

    private sealed class Lane(long chatId, TokenBucket bucket)
    {
        public long ChatId { get; } = chatId;

        public TokenBucket Bucket { get; } = bucket;

        public Queue<Entry>[] Queues { get; } = Enumerable.Range(0, TrafficClasses.Ranks).Select(_ => new Queue<Entry>()).ToArray();

        public Dictionary<long, Entry> PendingEdits { get; } = [];

        public Head? InFlight { get; set; }

        public DateTimeOffset? CheckAt { get; set; }

        public Head? Head()
        {
            for (var rank = 0; rank < Queues.Length; rank++)
            {
                while (Queues[rank].TryPeek(out var entry))
                {
                    if (!entry.Dropped) return new Head(entry, rank);
                    Queues[rank].Dequeue();
                }
            }

            return null;
        }
    }
}
