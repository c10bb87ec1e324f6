using Akka.Actor;
using Akka.Event;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Gateway;

/// <param name="LongPoll">getUpdates' timeout: how long Telegram holds a poll open while there is nothing new.</param>
/// <param name="AcceptTimeout">How long the users' actors may take to accept a batch before it is fetched again.</param>
/// <param name="FirstRetryDelay">The pause after the first failure; it doubles with each further one, up to <paramref name="MaxRetryDelay"/>.</param>
public sealed record PollerOptions(TimeSpan LongPoll, TimeSpan AcceptTimeout, TimeSpan FirstRetryDelay, TimeSpan MaxRetryDelay)
{
    public static PollerOptions Default { get; } = new(TimeSpan.FromSeconds(25), UpdateRouter.AcceptTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public TimeSpan RetryDelay(int failures)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Clamp(failures - 1, 0, 16));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}

/// <summary>
/// Polling mode's one getUpdates loop per bot (a cluster singleton: Telegram allows one poller per token). It confirms an
/// offset to Telegram only after every update before it is persisted by its user's actor, so a crash anywhere makes
/// Telegram deliver again, and the actors' update-id dedup makes the second delivery harmless.
/// </summary>
#pragma warning disable CA1001 // disposed in PostStop, the actor's end of life
public sealed class TelegramPollerActor : ReceiveActor, IWithTimers
{
    private readonly IUpdateSource _source;
    private readonly UpdateRoutes _routes;
    private readonly PollerOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private long _offset;
    private int _failures;

    public TelegramPollerActor(IUpdateSource source, UpdateRoutes routes, PollerOptions options)
    {
        _source = source;
        _routes = routes;
        _options = options;

        Receive<Poll>(_ => StartPoll());
        Receive<Fetched>(OnFetched);
        Receive<Accepted>(a =>
        {
            _offset = a.NextOffset;
            _failures = 0;
            Self.Tell(Poll.Instance);
        });
        Receive<Failed>(f =>
        {
            _failures++;
            var delay = _options.RetryDelay(_failures);
            _log.Warning("Update polling failed ({Error}); polling again in {Delay}", f.Error, delay);
            Timers.StartSingleTimer("poll", Poll.Instance, delay);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Self.Tell(Poll.Instance);

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void StartPoll() =>
        _source.FetchAsync(_offset, _options.LongPoll, _stopping.Token).PipeTo(Self,
            success: batch => new Fetched(batch),
            failure: e => new Failed(e.GetBaseException().Message));

    private void OnFetched(Fetched fetched)
    {
        if (fetched.Batch.Count == 0)
        {
            Self.Tell(Poll.Instance);
            return;
        }

        var next = fetched.Batch.Max(b => b.UpdateId) + 1;
        var updates = fetched.Batch.Select(b => b.Update).OfType<IncomingUpdate>().ToList();
        UpdateRouter.AcceptAllAsync(_routes, updates, _options.AcceptTimeout).PipeTo(Self,
            success: () => new Accepted(next),
            failure: e => new Failed("updates not accepted by their users in time: " + e.GetBaseException().Message));
    }

    private sealed class Poll
    {
        public static readonly Poll Instance = new();
    }

    private sealed record Fetched(IReadOnlyList<(long UpdateId, IncomingUpdate? Update)> Batch);

    private sealed record Accepted(long NextOffset);

    private sealed record Failed(string Error);
}
