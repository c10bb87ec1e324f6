using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public class CatalogSyncActorTests : TestKit
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.actor.serialize-messages = on
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CatalogSyncSettings Manual = new() { SyncOnStart = false, SyncInterval = TimeSpan.FromHours(24) };

    private static readonly string Extra = TestCatalogs.ImageModel
        .Replace("test/image", "test/extra", StringComparison.Ordinal)
        .Replace("Test image", "Extra image", StringComparison.Ordinal);

    private readonly Akka.TestKit.TestProbe _mediator;
    private readonly ScriptedSource _file = new("catalog/models.yaml", TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel));

    public CatalogSyncActorTests()
        : base(Config)
    {
        _mediator = CreateTestProbe();
    }

    private IActorRef StartSync(IReadOnlyList<ICatalogSource>? sources = null, IModelAvailabilityProbe? probe = null, CatalogSyncSettings? settings = null) =>
        Sys.ActorOf(CatalogSyncActor.Props(settings ?? Manual, sources ?? [_file], probe, _mediator.Ref));

    private CatalogSyncResult Sync(IActorRef sync, string by = "admin:1")
    {
        sync.Tell(new SyncCatalogNow(by), TestActor);
        return ExpectMsg<CatalogSyncResult>(Wait);
    }

    private CatalogVersion ExpectPublished()
    {
        var publish = _mediator.ExpectMsg<Publish>(Wait);
        Assert.Equal(CatalogTopics.Catalog, publish.Topic);
        return Assert.IsType<CatalogVersionPublished>(publish.Message).Version;
    }

    private CatalogVersion? Current(IActorRef sync)
    {
        sync.Tell(GetCurrentCatalog.Instance, TestActor);
        return ExpectMsg<CurrentCatalog>(Wait).Version;
    }

    [Fact]
    public void A_first_sync_adopts_the_file_and_publishes_version_1()
    {
        var sync = StartSync();
        var result = Sync(sync);
        Assert.True(result.Succeeded);
        Assert.True(result.Changed);
        Assert.Equal(1, result.Version);
        Assert.Equal(["test/image", "test/video"], result.Change!.Added);
        Assert.Equal("admin:1", result.Change.RequestedBy);

        var published = ExpectPublished();
        Assert.Equal(1, published.Number);
        Assert.Equal(7, published.Revision);
        Assert.Equal("catalog/models.yaml", published.Source);
        var snapshot = CatalogVersions.ToSnapshot(published);
        Assert.Equal(published.Hash, snapshot.Hash);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(2, snapshot.Models.Count);
    }

    [Fact]
    public void A_sync_that_adds_reprices_and_retires_models_publishes_a_new_version_with_the_diff()
    {
        var sync = StartSync();
        Sync(sync);
        ExpectPublished();

        _file.Serve(TestCatalogs.WithRevision(
            8,
            TestCatalogs.ImageModel.Replace("kie: 7, credits: 2", "kie: 12, credits: 3", StringComparison.Ordinal),
            Extra));
        var result = Sync(sync, "admin:2");
        Assert.True(result.Succeeded);
        Assert.True(result.Changed);
        Assert.Equal(2, result.Version);
        Assert.Equal(["test/extra"], result.Change!.Added);
        Assert.Equal(["test/video"], result.Change.Removed);
        var repriced = Assert.Single(result.Change.Repriced);
        Assert.Equal("test/image", repriced.ModelId);
        Assert.Equal(["resolution=2K: 2 → 3 cr (KIE 7 → 12)"], repriced.Changes);

        var published = ExpectPublished();
        Assert.Equal(2, published.Number);
        var snapshot = CatalogVersions.ToSnapshot(published);
        Assert.Equal(3, snapshot.Quote("test/image", new Dictionary<string, string> { ["resolution"] = "2K" }).Quote!.CreditsPerVariant);
        Assert.Null(snapshot.Find("test/video"));

        sync.Tell(GetCatalogSyncStatus.Instance, TestActor);
        var status = ExpectMsg<CatalogSyncStatus>(Wait);
        Assert.Equal(2, status.Version);
        Assert.Equal([2L, 1L], status.RecentChanges.Select(c => c.Version));
    }

    [Fact]
    public void An_unchanged_catalogue_adopts_no_new_version()
    {
        var sync = StartSync();
        Sync(sync);
        var first = ExpectPublished();

        var again = Sync(sync);
        Assert.True(again.Succeeded);
        Assert.False(again.Changed);
        Assert.Equal(1, again.Version);
        Assert.Equal(first.Hash, again.Hash);

        // The next publication is the next real change, not a repeat of version 1.
        _file.Serve(TestCatalogs.WithRevision(8, TestCatalogs.ImageModel));
        Sync(sync);
        Assert.Equal(2, ExpectPublished().Number);
    }

    [Fact]
    public void A_malformed_catalogue_leaves_the_last_good_version_in_place_and_says_where_it_is_broken()
    {
        var sync = StartSync();
        Sync(sync);
        var good = ExpectPublished();

        var broken = TestCatalogs.With(TestCatalogs.ImageModel).Replace("kind: text-to-image", "kind: text-to-nothing", StringComparison.Ordinal);
        _file.Serve(broken);
        var result = Sync(sync);
        Assert.False(result.Succeeded);
        Assert.False(result.Changed);
        Assert.Equal(1, result.Version);
        Assert.StartsWith($"catalog/models.yaml:{TestCatalogs.LineOf(broken, "text-to-nothing")}: model 'test/image': unknown kind", result.Problem, StringComparison.Ordinal);

        Assert.Equal(good.Hash, Current(sync)!.Hash);
        sync.Tell(GetCatalogSyncStatus.Instance, TestActor);
        var status = ExpectMsg<CatalogSyncStatus>(Wait);
        Assert.False(status.LastAttemptSucceeded);
        Assert.Equal(result.Problem, status.LastProblem);
        Assert.Equal(1, status.Version);
    }

    [Fact]
    public void An_unreachable_source_leaves_the_last_good_version_in_place()
    {
        var remote = new ScriptedSource("https://catalog.example/models.yaml", TestCatalogs.With(TestCatalogs.ImageModel));
        var sync = StartSync([remote, _file]);
        Sync(sync);
        var good = ExpectPublished();

        remote.Fail(new CatalogSourceException("https://catalog.example/models.yaml answered HTTP 503 Service Unavailable"));
        _file.Serve(TestCatalogs.WithRevision(99, Extra));
        var result = Sync(sync);
        Assert.False(result.Succeeded);
        Assert.Equal("https://catalog.example/models.yaml answered HTTP 503 Service Unavailable", result.Problem);
        Assert.Equal(good.Hash, Current(sync)!.Hash);

        // Once the source answers again the sync goes on as usual.
        remote.Serve(TestCatalogs.With(TestCatalogs.ImageModel));
        var recovered = Sync(sync);
        Assert.True(recovered.Succeeded);
        Assert.Equal(2, recovered.Version);
        Assert.Equal("catalog/models.yaml", ExpectPublished().Source);
    }

    [Fact]
    public void The_source_with_the_highest_revision_wins_and_the_remote_one_wins_a_tie()
    {
        var remote = new ScriptedSource("https://catalog.example/models.yaml", TestCatalogs.WithRevision(9, TestCatalogs.ImageModel, Extra));
        var sync = StartSync([remote, _file]);
        Sync(sync);
        var first = ExpectPublished();
        Assert.Equal("https://catalog.example/models.yaml", first.Source);
        Assert.Equal(9, first.Revision);

        remote.Serve(TestCatalogs.WithRevision(6, TestCatalogs.ImageModel));
        Sync(sync);
        Assert.Equal("catalog/models.yaml", ExpectPublished().Source);

        remote.Serve(TestCatalogs.WithRevision(7, Extra));
        Sync(sync);
        Assert.Equal("https://catalog.example/models.yaml", ExpectPublished().Source);
    }

    [Fact]
    public void A_model_kie_answers_as_unsupported_is_hidden_with_kies_reason_until_kie_serves_it_again()
    {
        const string unsupported = "The model name you specified is not supported";
        var probe = new ScriptedProbe();
        probe.Answer("test/video", ProbeResult.Unavailable(unsupported));
        var sync = StartSync(probe: probe);
        Sync(sync);
        var version = ExpectPublished();
        Assert.Equal([("test/video", unsupported)], version.Unavailable.Select(u => (u.ModelId, u.Reason)));
        var reason = Assert.Single(CatalogVersions.ToSnapshot(version).VisibilityOf("test/video")!.Reasons);
        Assert.Equal(VisibilityReason.Unavailable, reason.Code);
        Assert.Equal(unsupported, reason.Detail);

        // KIE cannot be asked: what it said last time stands, and nothing changes.
        probe.Answer("test/video", ProbeResult.Unknown("KIE answered 401"));
        Assert.False(Sync(sync).Changed);

        probe.Answer("test/video", ProbeResult.Available("prompt is required"));
        var back = Sync(sync);
        Assert.True(back.Changed);
        Assert.Equal(["test/video"], back.Change!.Enabled);
        Assert.Empty(ExpectPublished().Unavailable);
    }

    [Fact]
    public void The_adopted_version_survives_a_restart_and_is_published_again()
    {
        var sync = StartSync();
        Sync(sync);
        var adopted = ExpectPublished();
        Watch(sync);
        Sys.Stop(sync);
        ExpectTerminated(sync, Wait);

        var restarted = StartSync();
        var recovered = ExpectPublished();
        Assert.Equal(adopted.Number, recovered.Number);
        Assert.Equal(adopted.Hash, recovered.Hash);
        Assert.Equal(adopted.Hash, Current(restarted)!.Hash);

        _file.Serve(TestCatalogs.WithRevision(8, TestCatalogs.ImageModel));
        Assert.Equal(2, Sync(restarted).Version);
    }

    [Fact]
    public void Every_tenth_adopted_version_is_snapshotted_the_older_snapshot_and_events_go_and_a_restart_recovers_from_the_snapshot()
    {
        var sync = StartSync();
        for (var version = 1; version <= 21; version++)
        {
            _file.Serve(TestCatalogs.WithRevision(100 + version, TestCatalogs.ImageModel, TestCatalogs.VideoModel));
            Assert.Equal(version, Sync(sync).Version);
            ExpectPublished();
        }

        // Snapshots after the 10th and the 20th adoption (one event each); once the second is saved the first is deleted,
        // and so are the events it covers.
        var persistence = Akka.Persistence.Persistence.Instance.Apply(Sys);
        var snapshots = persistence.SnapshotStoreFor(null);
        AwaitAssert(() =>
        {
            snapshots.Tell(new LoadSnapshot(CatalogSyncActor.FixedPersistenceId, new SnapshotSelectionCriteria(19), long.MaxValue), TestActor);
            Assert.Null(ExpectMsg<LoadSnapshotResult>(Wait).Snapshot);
        }, Wait);
        snapshots.Tell(new LoadSnapshot(CatalogSyncActor.FixedPersistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        Assert.Equal(20, ExpectMsg<LoadSnapshotResult>(Wait).Snapshot?.Metadata.SequenceNr);
        AwaitAssert(() =>
        {
            persistence.JournalFor(null).Tell(new ReplayMessages(1, 20, long.MaxValue, CatalogSyncActor.FixedPersistenceId, TestActor), TestActor);
            ExpectMsg<RecoverySuccess>(Wait); // no ReplayedMessage before it: the journal holds none of the first 20 events
        }, Wait);

        Watch(sync);
        Sys.Stop(sync);
        ExpectTerminated(sync, Wait);

        // Only event 21 is left in the journal: the version and the history before it come from the snapshot.
        var restarted = StartSync();
        Assert.Equal(21, ExpectPublished().Number);
        restarted.Tell(GetCatalogSyncStatus.Instance, TestActor);
        var status = ExpectMsg<CatalogSyncStatus>(Wait);
        Assert.Equal(21, status.Version);
        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long)v).Reverse(), status.RecentChanges.Select(c => c.Version));
    }

    [Fact]
    public void Requests_made_while_a_sync_runs_share_its_result()
    {
        var sync = StartSync();
        _file.Hold();
        sync.Tell(new SyncCatalogNow("admin:1"), TestActor);
        AwaitCondition(() => _file.Fetches == 1, Wait);
        var second = CreateTestProbe();
        sync.Tell(new SyncCatalogNow("admin:2"), second.Ref);
        sync.Tell(GetCatalogSyncStatus.Instance, TestActor);
        Assert.True(ExpectMsg<CatalogSyncStatus>(Wait).Syncing);
        _file.Release();

        Assert.Equal(1, ExpectMsg<CatalogSyncResult>(Wait).Version);
        Assert.Equal(1, second.ExpectMsg<CatalogSyncResult>(Wait).Version);
        Assert.Equal(1, _file.Fetches);
    }

    [Fact]
    public void The_schedule_syncs_on_start_without_being_asked()
    {
        StartSync(settings: new CatalogSyncSettings { SyncOnStart = true, SyncInterval = TimeSpan.FromHours(24) });
        var version = ExpectPublished();
        Assert.Equal(1, version.Number);
    }
}
