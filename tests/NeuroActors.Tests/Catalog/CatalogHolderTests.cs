using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public class CatalogHolderTests
{
    private static CatalogSnapshot At(long revision, long version) =>
        TestCatalogs.Snapshot(TestCatalogs.WithRevision(revision, TestCatalogs.ImageModel), version: version);

    [Fact]
    public void A_newer_version_replaces_the_current_one_and_an_older_one_does_not()
    {
        var holder = new CatalogHolder(At(7, 0));
        var v2 = At(7, 2);
        Assert.True(holder.TryAdopt(v2));
        Assert.Same(v2, holder.Current);
        Assert.False(holder.TryAdopt(At(7, 1)));
        Assert.False(holder.TryAdopt(At(7, 2)));
        Assert.Same(v2, holder.Current);
    }

    [Fact]
    public void The_file_read_at_start_gives_way_only_to_a_version_of_at_least_its_revision()
    {
        var holder = new CatalogHolder(At(9, 0));
        Assert.False(holder.TryAdopt(At(8, 5)));
        Assert.Equal(9, holder.Current.Revision);
        Assert.True(holder.TryAdopt(At(9, 6)));
        Assert.True(holder.TryAdopt(At(8, 7)));
    }

    [Fact]
    public void Concurrent_adoptions_end_on_the_newest_version()
    {
        var holder = new CatalogHolder(At(7, 0));
        var versions = Enumerable.Range(1, 50).Select(v => At(7, v)).ToArray();
        Parallel.ForEach(versions, v => holder.TryAdopt(v));
        Assert.Equal(50, holder.Current.Version);
    }
}
