namespace NeuroActors.Sandbox.Telegram.State;

/// <summary>One queued update: its JSON is fixed when it is created, as the real server's tqueue stores it.</summary>
internal sealed class QueuedUpdate
{
    public required int Id { get; init; }

    public required string Type { get; init; }

    /// <summary>The whole Update object as JSON text, update_id included.</summary>
    public required string Json { get; init; }

    /// <summary>Updates with the same key are delivered to a webhook one at a time, in order (per chat, per user for queries).</summary>
    public required long QueueKey { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    // Webhook delivery bookkeeping.
    public bool InFlight { get; set; }

    public int FailCount { get; set; }

    public int DelaySeconds { get; set; } = 1;

    public DateTimeOffset WakeAt { get; set; }
}

/// <summary>
/// The bot's update queue, shared by getUpdates and the webhook as on the real server. Not thread-safe: the owner
/// holds the sandbox lock.
/// </summary>
internal sealed class UpdateQueue
{
    /// <summary>Every type except chat_member, message_reaction and message_reaction_count (the server's default).</summary>
    public static readonly IReadOnlySet<string> DefaultAllowedTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "message", "edited_message", "channel_post", "edited_channel_post", "business_connection", "business_message",
        "edited_business_message", "deleted_business_messages", "inline_query", "chosen_inline_result", "callback_query",
        "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member",
        "chat_join_request", "chat_boost", "removed_chat_boost",
    };

    private readonly List<QueuedUpdate> _items = [];
    private int _nextId;

    public UpdateQueue(int firstUpdateId)
    {
        _nextId = firstUpdateId;
    }

    public IReadOnlySet<string> AllowedTypes { get; private set; } = DefaultAllowedTypes;

    public int Count => _items.Count;

    public IReadOnlyList<QueuedUpdate> Items => _items;

    /// <summary>The id the next update will get: getUpdates' "head" when the queue is empty.</summary>
    public int NextId => _nextId;

    /// <summary>The id of the oldest update still kept, or the next id when none is.</summary>
    public int HeadId => _items.Count > 0 ? _items[0].Id : _nextId;

    /// <summary>An empty list restores the default set; null keeps the previous setting.</summary>
    public void SetAllowedTypes(IReadOnlyCollection<string>? types)
    {
        if (types is null)
        {
            return;
        }

        AllowedTypes = types.Count == 0 ? DefaultAllowedTypes : new HashSet<string>(types, StringComparer.Ordinal);
    }

    /// <summary>Queues an update unless its type is not allowed (such updates are never stored, as on the real server).</summary>
    public QueuedUpdate? Enqueue(string type, Func<int, string> buildJson, long queueKey, DateTimeOffset expiresAt)
    {
        if (!AllowedTypes.Contains(type))
        {
            return null;
        }

        var id = _nextId++;
        var update = new QueuedUpdate { Id = id, Type = type, Json = buildJson(id), QueueKey = queueKey, ExpiresAt = expiresAt };
        _items.Add(update);
        return update;
    }

    public void RemoveExpired(DateTimeOffset now) => _items.RemoveAll(u => u.ExpiresAt <= now && !u.InFlight);

    /// <summary>Confirms (forgets) every update with an id below <paramref name="offset"/>.</summary>
    public void ConfirmBelow(int offset) => _items.RemoveAll(u => u.Id < offset);

    /// <summary>A negative offset -N keeps only the last N updates.</summary>
    public void KeepLast(int count)
    {
        if (_items.Count > count)
        {
            _items.RemoveRange(0, _items.Count - count);
        }
    }

    public List<QueuedUpdate> Take(int fromId, int limit, int maxJsonChars)
    {
        var result = new List<QueuedUpdate>();
        var budget = maxJsonChars;
        foreach (var update in _items)
        {
            if (update.Id < fromId)
            {
                continue;
            }

            budget -= 50 + update.Json.Length;
            if (result.Count >= limit || (budget <= 0 && result.Count > 0))
            {
                break;
            }

            result.Add(update);
        }

        return result;
    }

    public bool Remove(QueuedUpdate update) => _items.Remove(update);

    public void Clear() => _items.Clear();
}
