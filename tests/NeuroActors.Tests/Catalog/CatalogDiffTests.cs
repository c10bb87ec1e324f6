using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public class CatalogDiffTests
{
    private static readonly string Extra = TestCatalogs.ImageModel
        .Replace("test/image", "test/extra", StringComparison.Ordinal)
        .Replace("Test image", "Extra image", StringComparison.Ordinal);

    [Fact]
    public void The_same_catalogue_has_an_empty_diff()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel);
        Assert.True(CatalogDiff.Between(TestCatalogs.Snapshot(yaml), TestCatalogs.Snapshot(yaml)).IsEmpty);
    }

    [Fact]
    public void Added_removed_and_repriced_models_are_reported()
    {
        var before = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel));
        var after = TestCatalogs.Snapshot(TestCatalogs.With(
            TestCatalogs.ImageModel.Replace("kie: 7, credits: 2", "kie: 12, credits: 3", StringComparison.Ordinal),
            Extra));
        var diff = CatalogDiff.Between(before, after);
        Assert.Equal(["test/extra"], diff.Added);
        Assert.Equal(["test/video"], diff.Removed);
        var repriced = Assert.Single(diff.Repriced);
        Assert.Equal("test/image", repriced.ModelId);
        Assert.Equal(["resolution=2K: 2 → 3 cr (KIE 7 → 12)"], repriced.Changes);
        Assert.Empty(diff.Changed);
        Assert.Equal(
            ["Added: test/extra", "Removed: test/video", "Repriced test/image: resolution=2K: 2 → 3 cr (KIE 7 → 12)"],
            diff.Describe());
    }

    [Fact]
    public void New_and_dropped_price_rows_are_repricings()
    {
        var before = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel));
        var after = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel
            .Replace("values: [1K, 2K]", "values: [1K, 4K]", StringComparison.Ordinal)
            .Replace("{ resolution: 2K }, kie: 7, credits: 2", "{ resolution: 4K }, kie: 9, credits: 2", StringComparison.Ordinal)));
        var repriced = Assert.Single(CatalogDiff.Between(before, after).Repriced);
        Assert.Equal(["resolution=4K: new at 2 cr (KIE 9)", "resolution=2K: no longer priced"], repriced.Changes);
    }

    [Fact]
    public void Models_that_become_hidden_or_shown_are_reported_with_the_reason()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel);
        var before = TestCatalogs.Snapshot(yaml);
        var after = TestCatalogs.Snapshot(
            TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel.Replace("    family: market\n", "    family: market\n    enabled: false\n", StringComparison.Ordinal)),
            [new ModelAvailability("test/image", AvailabilityStatus.Unavailable, "not supported", DateTimeOffset.UnixEpoch)]);
        var diff = CatalogDiff.Between(before, after);
        Assert.Equal(
            [("test/image", "UNAVAILABLE (not supported)"), ("test/video", "DISABLED (disabled in the catalogue)")],
            diff.Disabled.Select(d => (d.ModelId, d.Reasons)));
        Assert.Equal(["test/image", "test/video"], CatalogDiff.Between(after, before).Enabled);
    }

    [Fact]
    public void Text_and_schema_changes_are_reported_apart_from_prices()
    {
        var before = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel));
        var after = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel.Replace("max: 100", "max: 200", StringComparison.Ordinal)));
        var diff = CatalogDiff.Between(before, after);
        Assert.Equal(["test/image"], diff.Changed);
        Assert.Empty(diff.Repriced);
    }

    [Fact]
    public void A_first_version_adds_every_model()
    {
        var after = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel));
        Assert.Equal(["test/image", "test/video"], CatalogDiff.Between(null, after).Added);
    }
}
