using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public class VisibilityTests
{
    private static readonly DateTimeOffset Checked = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_model_with_prices_and_a_menu_is_visible()
    {
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel));
        var visibility = snapshot.VisibilityOf("test/image")!;
        Assert.True(visibility.IsVisible);
        Assert.Equal("VISIBLE", visibility.Describe());
    }

    [Fact]
    public void A_model_without_a_price_is_hidden_as_blocked_no_price()
    {
        var model = TestCatalogs.ImageModel[..TestCatalogs.ImageModel.IndexOf("    prices:", StringComparison.Ordinal)];
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(model));
        var reason = Assert.Single(snapshot.VisibilityOf("test/image")!.Reasons);
        Assert.Equal(VisibilityReason.BlockedNoPrice, reason.Code);
        Assert.Equal("BLOCKED_NO_PRICE (no price SKU)", reason.ToString());
        Assert.Empty(snapshot.Menu(GenerationKind.TextToImage));
    }

    [Fact]
    public void A_model_with_an_unpriced_option_value_is_hidden_and_names_the_gap()
    {
        var model = TestCatalogs.VideoModel.Replace("      - { when: { duration: \"10\" }, kie: 100, credits: 20 }", string.Empty, StringComparison.Ordinal);
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(model));
        var reason = Assert.Single(snapshot.VisibilityOf("test/video")!.Reasons);
        Assert.Equal(VisibilityReason.BlockedNoPrice, reason.Code);
        Assert.Equal("no price for duration=10", reason.Detail);
    }

    [Fact]
    public void An_excluded_combination_needs_no_price()
    {
        var model = TestCatalogs.VideoModel
            .Replace("    prices:", "    exclude:\n      - { duration: \"10\" }\n    prices:", StringComparison.Ordinal)
            .Replace("      - { when: { duration: \"10\" }, kie: 100, credits: 20 }", string.Empty, StringComparison.Ordinal);
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(model));
        Assert.True(snapshot.IsVisible("test/video"));
    }

    [Fact]
    public void A_disabled_model_is_hidden_as_disabled()
    {
        var model = TestCatalogs.ImageModel.Replace("    family: market\n", "    family: market\n    enabled: false\n", StringComparison.Ordinal);
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(model));
        Assert.Equal([VisibilityReason.Disabled], snapshot.VisibilityOf("test/image")!.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void A_model_kie_does_not_serve_is_hidden_as_unavailable_with_kies_words()
    {
        const string kieSaid = "The model name you specified is not supported";
        var snapshot = TestCatalogs.Snapshot(
            TestCatalogs.With(TestCatalogs.ImageModel),
            [new ModelAvailability("test/image", AvailabilityStatus.Unavailable, kieSaid, Checked)]);
        var reason = Assert.Single(snapshot.VisibilityOf("test/image")!.Reasons);
        Assert.Equal(VisibilityReason.Unavailable, reason.Code);
        Assert.Equal(kieSaid, reason.Detail);
        Assert.Equal("UNAVAILABLE (" + kieSaid + ")", reason.ToString());
    }

    [Fact]
    public void A_model_kie_answers_as_available_stays_visible()
    {
        var snapshot = TestCatalogs.Snapshot(
            TestCatalogs.With(TestCatalogs.ImageModel),
            [new ModelAvailability("test/image", AvailabilityStatus.Available, "prompt is required", Checked)]);
        Assert.True(snapshot.IsVisible("test/image"));
    }

    [Fact]
    public void A_model_whose_kind_has_no_menu_is_hidden_as_no_menu_entry()
    {
        var model = TestCatalogs.ImageModel.Replace("kind: text-to-image", "kind: text-to-music", StringComparison.Ordinal);
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(model));
        var reason = Assert.Single(snapshot.VisibilityOf("test/image")!.Reasons);
        Assert.Equal(VisibilityReason.NoMenuEntry, reason.Code);
        Assert.Equal("NO_MENU_ENTRY (no menu leads to text-to-music)", reason.ToString());
    }

    [Fact]
    public void Every_reason_that_holds_is_listed()
    {
        var model = TestCatalogs.ImageModel
            .Replace("    family: market\n", "    family: market\n    enabled: false\n", StringComparison.Ordinal)
            .Replace("kind: text-to-image", "kind: text-to-music", StringComparison.Ordinal);
        model = model[..model.IndexOf("    prices:", StringComparison.Ordinal)];
        var snapshot = TestCatalogs.Snapshot(
            TestCatalogs.With(model),
            [new ModelAvailability("test/image", AvailabilityStatus.Unavailable, "not supported", Checked)]);
        Assert.Equal(
            [VisibilityReason.Disabled, VisibilityReason.Unavailable, VisibilityReason.BlockedNoPrice, VisibilityReason.NoMenuEntry],
            snapshot.VisibilityOf("test/image")!.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void The_admin_listing_has_every_model_with_why_it_is_hidden()
    {
        var disabled = TestCatalogs.VideoModel.Replace("    family: market\n", "    family: market\n    enabled: false\n", StringComparison.Ordinal);
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel, disabled));
        var listing = snapshot.AdminListing();
        Assert.Equal(["test/image", "test/video"], listing.Select(e => e.ModelId));
        Assert.True(listing[0].Visible);
        Assert.False(listing[1].Visible);
        Assert.Equal("DISABLED (disabled in the catalogue)", Assert.Single(listing[1].Reasons).ToString());
        Assert.Equal(10, listing[1].PriceFrom);
    }

    [Fact]
    public void The_startup_summary_counts_visible_models_per_kind_and_names_hidden_ones_once()
    {
        var disabled = TestCatalogs.VideoModel.Replace("    family: market\n", "    family: market\n    enabled: false\n", StringComparison.Ordinal);
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel, disabled), version: 3);
        var lines = snapshot.Summary.ToLogLines();
        Assert.Equal(3, lines.Count);
        Assert.Equal($"Catalog revision 7, version 3 (hash {snapshot.Hash}) from test.yaml: 2 models, 1 visible", lines[0]);
        Assert.StartsWith("Visible per kind: text-to-image 1, image-to-image 0, text-to-video 0,", lines[1], StringComparison.Ordinal);
        Assert.Equal("Hidden (1): test/video DISABLED (disabled in the catalogue)", lines[2]);
    }

    [Fact]
    public void A_request_for_a_hidden_model_is_refused_before_anything_is_built()
    {
        var disabled = TestCatalogs.ImageModel.Replace("    family: market\n", "    family: market\n    enabled: false\n", StringComparison.Ordinal);
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(disabled));
        var result = snapshot.BuildRequest(new GenerationChoices("test/image", "a cat"));
        Assert.False(result.IsAccepted);
        Assert.Equal(CatalogTextKeys.ModelUnavailable, result.Rejection.TextKey);
    }
}
