using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace NeuroActors.Actors.ReadSide;

/// <summary>
/// The read side's projection, a cluster singleton: reads the events tagged <see cref="ReadSideTags.Tag"/> from its stored
/// offset (<see cref="JournalFeed"/>) and writes them to the read side's tables in batches, each batch with its offset
/// in one transaction, so a restart (of the actor, the node or the cluster) resumes where the last commit stopped and a
/// replay changes nothing. Its very first run reads the whole journal once instead (every event), so events
/// written before tagging existed are projected too; from then on it follows the tag.
/// A failure of the stream stops the actor; its backoff supervisor starts it again from the stored offset.
/// </summary>
public sealed class ReadSideProjection : ReceiveActor
{
    private const int BatchSize = 500;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);

    private readonly ReadSideStore _store;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IMaterializer _materializer;
    private readonly JournalFeed _feed;
    private UniqueKillSwitch? _running;

    public ReadSideProjection(ReadSideStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        _materializer = Context.Materializer();
        _feed = new JournalFeed(store, Context.System.Serialization, time);
        Receive<ProjectionOffset>(StartFrom);
        Receive<BackfillDone>(done =>
        {
            _log.Info("Read side projection read the journal once through ordering {Ordering}; following the tag from there", done.Ordering);
            FollowTag(done.Ordering);
        });
        Receive<Status.Failure>(failure => throw new InvalidOperationException("the read side's projection failed; it restarts from its stored offset", failure.Cause));
        Receive<StreamEnded>(_ => throw new InvalidOperationException("the read side's projection stream ended; it restarts from its stored offset"));
    }

    public static Props Props(ReadSideStore store, TimeProvider time) => Akka.Actor.Props.Create(() => new ReadSideProjection(store, time));

    protected override void PreStart() => _store.ReadOffsetAsync(CancellationToken.None).PipeTo(Self);

    protected override void PostStop() => _running?.Shutdown();

    private void StartFrom(ProjectionOffset offset)
    {
        if (offset.Ordering > 0)
        {
            _log.Info("Read side projection resumes after ordering {Ordering}", offset.Ordering);
            FollowTag(offset.Ordering);
            return;
        }

        _log.Info("Read side projection starts: reading the whole journal once");
        var (kill, done) = Run(_feed.Pages(0, tag: null, follow: false), _materializer);
        _running = kill;
        // An empty journal gives ordering 0: the tag is followed from its start all the same.
        done.PipeTo(Self, success: ordering => new BackfillDone(ordering));
    }

    private void FollowTag(long ordering)
    {
        var (kill, live) = Run(_feed.Pages(ordering, ReadSideTags.Tag, follow: true), _materializer);
        _running = kill;
        live.PipeTo(Self, success: _ => StreamEnded.Instance);
    }

    /// <summary>Writes the source in batches; completes with the ordering of the last event written.</summary>
    private (UniqueKillSwitch Kill, Task<long> Done) Run(Source<ProjectedEvent, NotUsed> source, IMaterializer materializer)
    {
        var store = _store;
        var time = _time;
        var (kill, done) = source
            .ViaMaterialized(KillSwitches.Single<ProjectedEvent>(), Keep.Right)
            .GroupedWithin(BatchSize, BatchWindow)
            .SelectAsync(1, batch => store.WriteAsync(batch.ToList(), time.GetUtcNow(), CancellationToken.None))
            .ToMaterialized(Sink.Aggregate<long, long>(0L, (_, ordering) => ordering), Keep.Both)
            .Run(materializer);
        return (kill, done);
    }

    private sealed record BackfillDone(long Ordering);

    private sealed class StreamEnded
    {
        public static readonly StreamEnded Instance = new();
    }
}
