using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public class CatalogSubscriberTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public CatalogSubscriberTests()
        : base("akka.loglevel = WARNING\nakka.actor.serialize-messages = on")
    {
    }

    private static CatalogVersion Version(long number, long revision, params string[] models)
    {
        var yaml = TestCatalogs.WithRevision(revision, models);
        var snapshot = TestCatalogs.Snapshot(yaml, version: number);
        return new CatalogVersion(number, snapshot.Hash, revision, "test.yaml", DateTimeOffset.UnixEpoch, CatalogVersions.Compress(yaml), []);
    }

    [Fact]
    public void The_subscriber_takes_the_current_version_at_start_and_newer_ones_as_they_are_published()
    {
        var holder = new CatalogHolder(TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel)));
        var mediator = CreateTestProbe();
        var singleton = CreateTestProbe();
        var subscriber = Sys.ActorOf(CatalogSubscriber.Props(holder, mediator.Ref, singleton.Ref));

        var subscribe = mediator.ExpectMsg<Subscribe>(Wait);
        Assert.Equal(CatalogTopics.Catalog, subscribe.Topic);
        singleton.ExpectMsg<GetCurrentCatalog>(Wait);
        singleton.Reply(new CurrentCatalog(Version(2, 7, TestCatalogs.ImageModel, TestCatalogs.VideoModel)));
        AwaitAssert(() => Assert.Equal(2, holder.Current.Version), Wait);
        Assert.NotNull(holder.Current.Find("test/video"));

        subscriber.Tell(new CatalogVersionPublished(Version(1, 7, TestCatalogs.ImageModel)));
        subscriber.Tell(new CatalogVersionPublished(Version(3, 8, TestCatalogs.ImageModel)));
        AwaitAssert(() => Assert.Equal(3, holder.Current.Version), Wait);
        Assert.Null(holder.Current.Find("test/video"));
    }

    [Fact]
    public void The_subscriber_keeps_asking_until_the_singleton_answers()
    {
        var holder = new CatalogHolder(TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel)));
        var singleton = CreateTestProbe();
        Sys.ActorOf(CatalogSubscriber.Props(holder, CreateTestProbe().Ref, singleton.Ref, TimeSpan.FromMilliseconds(50)));
        singleton.ExpectMsg<GetCurrentCatalog>(Wait);
        singleton.ExpectMsg<GetCurrentCatalog>(Wait);
        singleton.Reply(new CurrentCatalog(null));
        Assert.Equal(0, holder.Current.Version);
    }

    [Fact]
    public void A_version_older_in_revision_than_the_deployed_file_does_not_replace_it()
    {
        var holder = new CatalogHolder(TestCatalogs.Snapshot(TestCatalogs.WithRevision(9, TestCatalogs.ImageModel)));
        var subscriber = Sys.ActorOf(CatalogSubscriber.Props(holder, CreateTestProbe().Ref, CreateTestProbe().Ref));
        subscriber.Tell(new CatalogVersionPublished(Version(4, 8, TestCatalogs.ImageModel, TestCatalogs.VideoModel)));
        subscriber.Tell(new CatalogVersionPublished(Version(5, 9, TestCatalogs.ImageModel, TestCatalogs.VideoModel)));
        AwaitAssert(() => Assert.Equal(5, holder.Current.Version), Wait);
    }
}
