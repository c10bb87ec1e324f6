using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

/// <summary>An operator's or admin's model switch: hides or shows a model over every catalogue version, persisted on the singleton.</summary>
public class ModelSwitchTests : TestKit
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.actor.serialize-messages = on
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly string DisabledVideo = TestCatalogs.VideoModel.Replace("  kind: text-to-video", "  kind: text-to-video\n    enabled: false", StringComparison.Ordinal);

    public ModelSwitchTests()
        : base(Config)
    {
    }

    private static ModelOverride Switch(string model, bool visible) => new(model, visible, "ops-anna", "KIE outage", At);

    [Fact]
    public void Switched_off_a_model_leaves_its_menu_and_says_who_and_why()
    {
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel))
            .WithOverrides([Switch("test/image", visible: false)]);

        Assert.False(snapshot.IsVisible("test/image"));
        Assert.Empty(snapshot.Menu(GenerationKind.TextToImage));
        var reason = Assert.Single(snapshot.VisibilityOf("test/image")!.Reasons);
        Assert.Equal("HIDDEN_BY_OPERATOR", reason.CodeName);
        Assert.Contains("ops-anna", reason.Detail, StringComparison.Ordinal);
        Assert.Contains("KIE outage", reason.Detail, StringComparison.Ordinal);
        Assert.True(snapshot.IsVisible("test/video"));
    }

    [Fact]
    public void Switched_on_lifts_the_catalogues_disabled_but_never_a_missing_price()
    {
        var noPrice = TestCatalogs.ImageModel.Replace("test/image", "test/unpriced", StringComparison.Ordinal)
            .Replace("\n      - { when: { resolution: 2K }, kie: 7, credits: 2 }", "", StringComparison.Ordinal);
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(DisabledVideo, noPrice));
        Assert.False(snapshot.IsVisible("test/video"));

        var switched = snapshot.WithOverrides([Switch("test/video", visible: true), Switch("test/unpriced", visible: true)]);

        Assert.True(switched.IsVisible("test/video"));
        Assert.Contains(switched.Menu(GenerationKind.TextToVideo), m => m.ModelId == "test/video");
        Assert.False(switched.IsVisible("test/unpriced"));
    }

    [Fact]
    public void The_holder_keeps_the_switches_over_newer_versions_and_ignores_an_older_revision_of_them()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel);
        var holder = new CatalogHolder(TestCatalogs.Snapshot(yaml));

        Assert.True(holder.TryAdoptOverrides(2, [Switch("test/image", visible: false)]));
        Assert.False(holder.Current.IsVisible("test/image"));
        Assert.True(holder.TryAdopt(TestCatalogs.Snapshot(yaml, version: 5)));
        Assert.Equal(5, holder.Current.Version);
        Assert.False(holder.Current.IsVisible("test/image"));

        Assert.False(holder.TryAdoptOverrides(1, []));
        Assert.False(holder.Current.IsVisible("test/image"));
        Assert.True(holder.TryAdoptOverrides(3, [Switch("test/image", visible: true)]));
        Assert.True(holder.Current.IsVisible("test/image"));
    }

    [Fact]
    public void The_singleton_persists_a_switch_publishes_it_to_every_node_and_still_has_it_after_a_restart()
    {
        var mediator = CreateTestProbe();
        var source = new ScriptedSource("catalog/models.yaml", TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel));
        var settings = new CatalogSyncSettings { SyncOnStart = false, SyncInterval = TimeSpan.FromHours(24) };
        var sync = Sys.ActorOf(CatalogSyncActor.Props(settings, [source], null, mediator.Ref));

        sync.Tell(new SetModelVisibility("test/image", false, "ops-anna", "KIE outage"), TestActor);
        var result = ExpectMsg<ModelVisibilitySetResult>(Wait);
        Assert.True(result.Succeeded);
        Assert.Equal(1, result.Revision);
        var publish = mediator.FishForMessage<Publish>(p => p.Message is CatalogOverrides, Wait);
        Assert.Equal(CatalogTopics.Catalog, publish.Topic);
        var published = Assert.Single(((CatalogOverrides)publish.Message).Overrides);
        Assert.Equal(("test/image", false, "ops-anna", "KIE outage"), (published.ModelId, published.Visible, published.By, published.Reason));

        Watch(sync);
        Sys.Stop(sync);
        ExpectTerminated(sync, Wait);
        var restarted = Sys.ActorOf(CatalogSyncActor.Props(settings, [source], null, mediator.Ref));
        restarted.Tell(GetCatalogOverrides.Instance, TestActor);
        var recovered = ExpectMsg<CatalogOverrides>(Wait);
        Assert.Equal(1, recovered.Revision);
        Assert.Equal("test/image", Assert.Single(recovered.Overrides).ModelId);
    }

    [Fact]
    public void The_singleton_refuses_a_model_its_catalogue_does_not_have()
    {
        var source = new ScriptedSource("catalog/models.yaml", TestCatalogs.With(TestCatalogs.ImageModel));
        var settings = new CatalogSyncSettings { SyncOnStart = false, SyncInterval = TimeSpan.FromHours(24) };
        var sync = Sys.ActorOf(CatalogSyncActor.Props(settings, [source], null, CreateTestProbe().Ref));
        sync.Tell(new SyncCatalogNow("test"), TestActor);
        Assert.True(ExpectMsg<CatalogSyncResult>(Wait).Succeeded);

        sync.Tell(new SetModelVisibility("no/such-model", false, "ops-anna", "typo"), TestActor);
        var result = ExpectMsg<ModelVisibilitySetResult>(Wait);

        Assert.False(result.Succeeded);
        Assert.Contains("no/such-model", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_subscriber_takes_the_switches_with_the_current_version()
    {
        var holder = new CatalogHolder(TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel)));
        var singleton = CreateTestProbe();
        Sys.ActorOf(CatalogSubscriber.Props(holder, CreateTestProbe().Ref, singleton.Ref));

        singleton.ExpectMsg<GetCurrentCatalog>(Wait);
        singleton.Reply(new CurrentCatalog(null));
        singleton.ExpectMsg<GetCatalogOverrides>(Wait);
        singleton.Reply(new CatalogOverrides(4, [new ModelVisibilityOverride("test/image", false, "ops-anna", "KIE outage", At)]));

        AwaitAssert(() => Assert.False(holder.Current.IsVisible("test/image")), Wait);
        Assert.Equal(4, holder.OverridesRevision);
    }
}
