using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Actors.Catalog;

/// <summary>
/// One per node: listens on the "catalog" topic and swaps each newer version into the node's <see cref="CatalogHolder"/>,
/// so menus keep reading memory. It also asks the singleton for the current version: often until the first answer
/// (a publication made before this node subscribed never reaches it), then now and then, so a publication lost while
/// the cluster's subscription gossip was catching up is made good.
/// </summary>
public sealed class CatalogSubscriber : ReceiveActor, IWithTimers
{
    private const string AskTimerKey = "ask-current";
    private readonly CatalogHolder _holder;
    private readonly IActorRef _mediator;
    private readonly IActorRef _sync;
    private readonly TimeSpan _askEvery;
    private readonly TimeSpan _refreshEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _answered;

    public CatalogSubscriber(CatalogHolder holder, IActorRef mediator, IActorRef sync, TimeSpan askEvery, TimeSpan refreshEvery)
    {
        _holder = holder;
        _mediator = mediator;
        _sync = sync;
        _askEvery = askEvery;
        _refreshEvery = refreshEvery;

        Receive<SubscribeAck>(_ => { });
        Receive<AskCurrent>(_ => _sync.Tell(GetCurrentCatalog.Instance));
        Receive<CurrentCatalog>(current =>
        {
            if (!_answered)
            {
                _answered = true;
                Timers.StartPeriodicTimer(AskTimerKey, AskCurrent.Instance, _refreshEvery);
            }

            if (current.Version is not null)
            {
                Adopt(current.Version);
            }

            // The model switches come with each answer: a node that joins late, or missed a publication, catches up.
            _sync.Tell(GetCatalogOverrides.Instance);
        });
        Receive<CatalogVersionPublished>(published => Adopt(published.Version));
        Receive<CatalogOverrides>(overrides =>
        {
            if (_holder.TryAdoptOverrides(overrides.Revision, overrides.ToDomain()))
            {
                _log.Info(
                    "Model switches at revision {Revision}: {Hidden}",
                    overrides.Revision,
                    string.Join(", ", overrides.Overrides.Select(o => o.ModelId + (o.Visible ? " on" : " off"))));
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CatalogHolder holder, IActorRef mediator, IActorRef sync, TimeSpan? askEvery = null, TimeSpan? refreshEvery = null) =>
        Akka.Actor.Props.Create(() => new CatalogSubscriber(
            holder,
            mediator,
            sync,
            askEvery ?? TimeSpan.FromSeconds(5),
            refreshEvery ?? TimeSpan.FromMinutes(1)));

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(CatalogTopics.Catalog, Self));
        Timers.StartPeriodicTimer(AskTimerKey, AskCurrent.Instance, TimeSpan.Zero, _askEvery);
    }

    private void Adopt(CatalogVersion version)
    {
        if (version.Number <= _holder.Current.Version)
        {
            return;
        }

        CatalogSnapshot snapshot;
        try
        {
            snapshot = CatalogVersions.ToSnapshot(version);
        }
        catch (CatalogLoadException e)
        {
            _log.Error("Catalog version {Version} cannot be used on this node and is skipped: {Problem}", version.Number, e.Message);
            return;
        }

        if (_holder.TryAdopt(snapshot))
        {
            foreach (var line in snapshot.Summary.ToLogLines())
            {
                _log.Info("{CatalogSummary}", line);
            }
        }
        else
        {
            _log.Info(
                "Catalog version {Version} (revision {Revision}) is not newer than this node's (version {Current}, revision {CurrentRevision})",
                version.Number,
                version.Revision,
                _holder.Current.Version,
                _holder.Current.Revision);
        }
    }

    private sealed class AskCurrent : INoSerializationVerificationNeeded
    {
        public static AskCurrent Instance { get; } = new();
    }
}
