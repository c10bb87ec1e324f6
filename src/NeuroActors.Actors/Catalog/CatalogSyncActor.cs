using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Actors.Catalog;

/// <summary>
/// The catalogue's cluster singleton. Every <see cref="CatalogSyncSettings.SyncInterval"/> and on <see cref="SyncCatalogNow"/>
/// it reads every source (the file, the optional remote catalogue), validates them, takes the one with the highest
/// revision, asks KIE which models it still serves, and, when the content differs from the last adopted version,
/// persists the new version, publishes it to every node and records what changed. A source that fails, a file that
/// does not parse or a timeout leaves the last good version in place and is reported to the requester.
/// </summary>
public sealed class CatalogSyncActor : ReceivePersistentActor, IWithTimers
{
    public const string FixedPersistenceId = "catalog-sync";
    private const string SyncTimerKey = "catalog-sync";

    private readonly CatalogSyncSettings _settings;
    private readonly IReadOnlyList<ICatalogSource> _sources;
    private readonly IModelAvailabilityProbe? _probe;
    private readonly IActorRef _mediator;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<CatalogChange> _history = [];
    private readonly List<IActorRef> _waiting = [];
    private readonly Dictionary<string, ModelVisibilityOverride> _overrides = new(StringComparer.Ordinal);
    private long _overridesRevision;

    private CatalogVersion? _current;
    private CatalogSnapshot? _currentSnapshot;
    private bool _syncing;
    private string _syncRequestedBy = "schedule";
    private DateTimeOffset? _lastAttemptAt;
    private bool? _lastAttemptSucceeded;
    private string? _lastProblem;
    private int _adoptedSinceSnapshot;

    public CatalogSyncActor(
        CatalogSyncSettings settings,
        IReadOnlyList<ICatalogSource> sources,
        IModelAvailabilityProbe? probe,
        IActorRef mediator,
        TimeProvider? time = null)
    {
        _settings = settings;
        _sources = sources;
        _probe = probe;
        _mediator = mediator;
        _time = time ?? TimeProvider.System;

        Recover<CatalogVersionAdopted>(Apply);
        Recover<ModelVisibilityOverridden>(Apply);
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is CatalogSyncState state)
            {
                _current = state.Current;
                _history.Clear();
                _history.AddRange(state.History);
            }
            else if (offer.Snapshot is CatalogSyncStateWithOverrides withOverrides)
            {
                _current = withOverrides.Current;
                _history.Clear();
                _history.AddRange(withOverrides.History);
                _overridesRevision = withOverrides.OverridesRevision;
                _overrides.Clear();
                foreach (var o in withOverrides.Overrides)
                {
                    _overrides[o.ModelId] = o;
                }
            }
        });
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<SyncCatalogNow>(command => StartSync(Sender, command.RequestedBy));
        Command<SyncTick>(_ => StartSync(null, "schedule"));
        Command<SyncOutcome>(Finish);
        Command<GetCurrentCatalog>(_ => Sender.Tell(new CurrentCatalog(_current)));
        Command<GetCatalogSyncStatus>(_ => Sender.Tell(Status()));
        Command<GetCatalogOverrides>(_ => Sender.Tell(Overrides()));
        Command<SetModelVisibility>(SetVisibility);
        Command<SaveSnapshotSuccess>(success =>
        {
            DeleteMessages(success.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failure => _log.Warning("Catalog sync snapshot failed: {Reason}", failure.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => _log.Warning("Catalog sync could not delete old events: {Reason}", failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning("Catalog sync could not delete old snapshots: {Reason}", failure.Cause.Message));
    }

    public override string PersistenceId => FixedPersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(
        CatalogSyncSettings settings,
        IReadOnlyList<ICatalogSource> sources,
        IModelAvailabilityProbe? probe,
        IActorRef mediator,
        TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new CatalogSyncActor(settings, sources, probe, mediator, time));

    protected override void PreStart()
    {
        base.PreStart();
        var first = _settings.SyncOnStart ? TimeSpan.Zero : _settings.SyncInterval;
        Timers.StartPeriodicTimer(SyncTimerKey, SyncTick.Instance, first, _settings.SyncInterval);
    }

    private void OnRecovered()
    {
        if (_overridesRevision > 0)
        {
            _mediator.Tell(new Publish(CatalogTopics.Catalog, Overrides()));
        }

        if (_current is null)
        {
            _log.Info("Catalog sync starts without an adopted version");
            return;
        }

        // The singleton may have moved to this node: tell every node which version is current.
        _log.Info("Catalog sync recovered version {Version} (revision {Revision}, hash {Hash})", _current.Number, _current.Revision, _current.Hash);
        _mediator.Tell(new Publish(CatalogTopics.Catalog, new CatalogVersionPublished(_current)));
    }

    private void StartSync(IActorRef? requester, string requestedBy)
    {
        if (requester is not null && !requester.IsNobody())
        {
            _waiting.Add(requester);
        }

        if (_syncing)
        {
            return;
        }

        _syncing = true;
        _syncRequestedBy = requestedBy;
        var run = RunAsync(_sources, _probe, _current?.Unavailable ?? [], _settings.SyncTimeout, _time);
        run.PipeTo(Self, success: outcome => outcome, failure: e => SyncOutcome.Failed(e.Message));
    }

    /// <summary>Reads, validates and probes; runs outside the actor and touches none of its state.</summary>
    private static async Task<SyncOutcome> RunAsync(
        IReadOnlyList<ICatalogSource> sources,
        IModelAvailabilityProbe? probe,
        IReadOnlyList<UnavailableModel> previous,
        TimeSpan timeout,
        TimeProvider time)
    {
        if (sources.Count == 0)
        {
            return SyncOutcome.Failed("no catalogue source is configured");
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        (string Text, string Source, CatalogDocument Document)? chosen = null;
        foreach (var source in sources)
        {
            string text;
            try
            {
                text = await source.FetchAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return SyncOutcome.Failed($"{source.Name}: no answer within {timeout}");
            }
            catch (Exception e)
            {
                return SyncOutcome.Failed(e is CatalogSourceException ? e.Message : $"{source.Name}: {e.Message}");
            }

            if (!CatalogParser.TryParse(text, source.Name, out var document, out var problems))
            {
                return SyncOutcome.Failed(new CatalogLoadException(problems).Message);
            }

            // The highest revision wins; on a tie the source listed first (the remote catalogue) does.
            if (chosen is null || document.Revision > chosen.Value.Document.Revision)
            {
                chosen = (text, source.Name, document);
            }
        }

        var (chosenText, chosenSource, chosenDocument) = chosen!.Value;
        var unavailable = previous
            .Where(u => chosenDocument.Models.Any(m => m.Id == u.ModelId))
            .ToDictionary(u => u.ModelId, StringComparer.Ordinal);
        if (probe is not null)
        {
            foreach (var model in chosenDocument.Models.Where(m => m.Enabled && m.Family.Info().CanProbeAvailability && m.HasRequiredInput))
            {
                ProbeResult answer;
                try
                {
                    answer = await probe.ProbeAsync(model, deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    // Out of time: the models not asked yet keep what KIE said last time.
                    break;
                }
                catch (Exception e)
                {
                    answer = ProbeResult.Unknown(e.Message);
                }

                switch (answer.Status)
                {
                    case AvailabilityStatus.Available:
                        unavailable.Remove(model.Id);
                        break;
                    case AvailabilityStatus.Unavailable:
                        unavailable[model.Id] = new UnavailableModel(model.Id, answer.Reason, time.GetUtcNow());
                        break;
                }
            }
        }

        return new SyncOutcome(
            null,
            chosenText,
            chosenSource,
            chosenDocument,
            unavailable.Values.OrderBy(u => u.ModelId, StringComparer.Ordinal).ToArray());
    }

    private void Finish(SyncOutcome outcome)
    {
        _syncing = false;
        _lastAttemptAt = _time.GetUtcNow();
        if (outcome.Problem is not null || outcome.Document is null || outcome.Text is null || outcome.Source is null)
        {
            _lastAttemptSucceeded = false;
            _lastProblem = outcome.Problem ?? "the sync produced no catalogue";
            _log.Warning("Catalog sync failed, version {Version} stays: {Problem}", _current?.Number ?? 0, _lastProblem);
            ReplyAll(new CatalogSyncResult(false, false, _current?.Number ?? 0, _current?.Hash, _lastProblem, null));
            return;
        }

        _lastAttemptSucceeded = true;
        _lastProblem = null;
        var number = (_current?.Number ?? 0) + 1;
        var availability = outcome.Unavailable
            .Select(u => new ModelAvailability(u.ModelId, AvailabilityStatus.Unavailable, u.Reason, u.CheckedAt))
            .ToArray();
        var snapshot = CatalogSnapshot.Create(outcome.Document, availability, number);
        if (_current is not null && _current.Hash == snapshot.Hash)
        {
            _log.Info("Catalog sync: version {Version} is current (hash {Hash})", _current.Number, _current.Hash);
            ReplyAll(new CatalogSyncResult(true, false, _current.Number, _current.Hash, null, null));
            return;
        }

        var at = _time.GetUtcNow();
        var diff = CatalogDiff.Between(CurrentSnapshot(), snapshot);
        var version = new CatalogVersion(
            number,
            snapshot.Hash,
            snapshot.Revision,
            outcome.Source,
            at,
            CatalogVersions.Compress(outcome.Text),
            outcome.Unavailable.ToArray());
        var change = CatalogChange.From(number, at, outcome.Source, _syncRequestedBy, diff);
        Persist(new CatalogVersionAdopted(version, change), adopted =>
        {
            Apply(adopted);
            _currentSnapshot = snapshot;
            _log.Info("Catalog version {Version} adopted from {Source}: {Changes}", number, outcome.Source, string.Join(" | ", diff.Describe()));
            _mediator.Tell(new Publish(CatalogTopics.Catalog, new CatalogVersionPublished(version)));
            ReplyAll(new CatalogSyncResult(true, true, number, version.Hash, null, change));
            SnapshotWhenDue();
        });
    }

    private void SnapshotWhenDue()
    {
        if (++_adoptedSinceSnapshot >= _settings.SnapshotEvery)
        {
            _adoptedSinceSnapshot = 0;
            SaveSnapshot(new CatalogSyncStateWithOverrides(_current, _history.ToArray(), _overridesRevision, _overrides.Values.ToArray()));
        }
    }

    /// <summary>A model switched for every node: persisted with who and why, then published, then answered.</summary>
    private void SetVisibility(SetModelVisibility command)
    {
        var known = CurrentSnapshot();
        if (known is not null && known.Find(command.ModelId) is null)
        {
            Sender.Tell(new ModelVisibilitySetResult(false, $"no model '{command.ModelId}' in catalogue version {known.Version}", _overridesRevision, null));
            return;
        }

        var requester = Sender;
        var switched = new ModelVisibilityOverride(command.ModelId, command.Visible, command.By, command.Reason, _time.GetUtcNow());
        Persist(new ModelVisibilityOverridden(switched, _overridesRevision + 1), overridden =>
        {
            Apply(overridden);
            _log.Warning(
                "Model {ModelId} switched {Visibility} for every node by {By}: {Reason}",
                switched.ModelId,
                switched.Visible ? "on" : "off",
                switched.By,
                switched.Reason);
            _mediator.Tell(new Publish(CatalogTopics.Catalog, Overrides()));
            requester.Tell(new ModelVisibilitySetResult(true, null, _overridesRevision, switched));
            SnapshotWhenDue();
        });
    }

    private void Apply(ModelVisibilityOverridden overridden)
    {
        _overrides[overridden.Override.ModelId] = overridden.Override;
        _overridesRevision = overridden.Revision;
    }

    private CatalogOverrides Overrides() =>
        new(_overridesRevision, _overrides.Values.OrderBy(o => o.ModelId, StringComparer.Ordinal).ToArray());

    private void Apply(CatalogVersionAdopted adopted)
    {
        _current = adopted.Version;
        _currentSnapshot = null;
        _history.Insert(0, adopted.Change);
        if (_history.Count > _settings.HistorySize)
        {
            _history.RemoveRange(_settings.HistorySize, _history.Count - _settings.HistorySize);
        }
    }

    /// <summary>The adopted version as a snapshot, for diffs; rebuilt from the stored text after a recovery.</summary>
    private CatalogSnapshot? CurrentSnapshot()
    {
        if (_currentSnapshot is null && _current is not null)
        {
            try
            {
                _currentSnapshot = CatalogVersions.ToSnapshot(_current);
            }
            catch (CatalogLoadException e)
            {
                _log.Warning("Stored catalog version {Version} no longer parses ({Problem}); the next diff lists every model", _current.Number, e.Message);
            }
        }

        return _currentSnapshot;
    }

    private CatalogSyncStatus Status() =>
        new(
            _current?.Number ?? 0,
            _current?.Hash,
            _current?.Revision,
            _current?.Source,
            _current?.AdoptedAt,
            _lastAttemptAt,
            _lastAttemptSucceeded,
            _lastProblem,
            _syncing,
            _history.ToArray());

    private void ReplyAll(CatalogSyncResult result)
    {
        foreach (var requester in _waiting)
        {
            requester.Tell(result);
        }

        _waiting.Clear();
    }
}
