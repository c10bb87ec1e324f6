namespace NeuroActors.Sandbox.Telegram.State;

/// <summary>
/// Token buckets for "about one message per second per chat, bursts allowed" and "about 30 messages per second
/// overall" (official Bots FAQ). Not thread-safe: the owner holds the sandbox lock.
/// </summary>
internal sealed class FloodLimiter
{
    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset Updated;
    }

    private readonly Dictionary<long, Bucket> _perChat = [];
    private readonly Bucket _global = new() { Tokens = double.NaN };

    /// <summary>Takes one message from the chat's and the global budget; returns the seconds to wait when either is empty.</summary>
    public int? TryConsume(long chatId, DateTimeOffset now, BotApiSandboxOptions options, bool countsGlobally = true)
    {
        if (!options.FloodLimitsEnabled)
        {
            return null;
        }

        if (!_perChat.TryGetValue(chatId, out var chat))
        {
            chat = new Bucket { Tokens = options.PerChatBurst, Updated = now };
            _perChat[chatId] = chat;
        }

        if (double.IsNaN(_global.Tokens))
        {
            _global.Tokens = options.GlobalBurst;
            _global.Updated = now;
        }

        Refill(chat, now, options.PerChatMessagesPerSecond, options.PerChatBurst);
        Refill(_global, now, options.GlobalMessagesPerSecond, options.GlobalBurst);

        if (chat.Tokens < 1)
        {
            return SecondsUntilToken(chat, options.PerChatMessagesPerSecond);
        }

        if (countsGlobally && _global.Tokens < 1)
        {
            return SecondsUntilToken(_global, options.GlobalMessagesPerSecond);
        }

        chat.Tokens -= 1;
        if (countsGlobally)
        {
            _global.Tokens -= 1;
        }

        return null;
    }

    public void Reset()
    {
        _perChat.Clear();
        _global.Tokens = double.NaN;
    }

    private static void Refill(Bucket bucket, DateTimeOffset now, double ratePerSecond, int capacity)
    {
        var elapsed = (now - bucket.Updated).TotalSeconds;
        if (elapsed > 0)
        {
            bucket.Tokens = Math.Min(capacity, bucket.Tokens + (elapsed * ratePerSecond));
            bucket.Updated = now;
        }
    }

    private static int SecondsUntilToken(Bucket bucket, double ratePerSecond) =>
        Math.Max(1, (int)Math.Ceiling((1 - bucket.Tokens) / Math.Max(ratePerSecond, 0.001)));
}
