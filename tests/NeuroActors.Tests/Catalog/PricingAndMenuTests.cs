using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public class PricingAndMenuTests
{
    private static CatalogSnapshot Catalog => ShippedCatalogTests.Snapshot;

    [Fact]
    public void The_price_of_a_choice_is_the_row_for_its_option_values()
    {
        var quote = Catalog.Quote("wan/2-6-text-to-video", new Dictionary<string, string> { ["duration"] = "10", ["resolution"] = "1080p" });
        Assert.True(quote.IsPriced);
        Assert.Equal(42, quote.Quote.CreditsPerVariant);
        Assert.Equal(209.5m, quote.Quote.KieCreditsPerVariant);
        Assert.Equal(126, quote.Quote.TotalFor(3));
        Assert.Equal("10", quote.Quote.Options["duration"]);
    }

    [Fact]
    public void Missing_options_are_priced_at_their_defaults()
    {
        var quote = Catalog.Quote("sora-2-pro-text-to-video");
        Assert.Equal(30, quote.Quote!.CreditsPerVariant);
        Assert.Equal("standard", quote.Quote.Options["quality"]);
    }

    [Fact]
    public void A_tiered_price_without_a_length_yet_is_the_lowest_tier_marked_as_from()
    {
        var from = Catalog.Quote("elevenlabs/text-to-speech-turbo-2-5");
        Assert.True(from.Quote!.IsFromPrice);
        Assert.Equal(2, from.Quote.CreditsPerVariant);
        var exact = Catalog.Quote("elevenlabs/text-to-speech-turbo-2-5", quantity: 4000);
        Assert.False(exact.Quote!.IsFromPrice);
        Assert.Equal(6, exact.Quote.CreditsPerVariant);
    }

    [Fact]
    public void A_choice_without_a_price_row_is_refused_rather_than_charged_the_cheapest()
    {
        var model = CatalogParser.Parse(
            TestCatalogs.With(TestCatalogs.VideoModel.Replace("      - { when: { duration: \"10\" }, kie: 100, credits: 20 }", string.Empty, StringComparison.Ordinal)),
            "test.yaml").Models[0];
        var result = CatalogPricing.Quote(model, new Dictionary<string, string> { ["duration"] = "10" });
        Assert.False(result.IsPriced);
        Assert.Equal(CatalogTextKeys.NoPrice, result.Rejection.TextKey);
        Assert.Equal("duration=10", result.Rejection.Parameters["options"]);
    }

    [Fact]
    public void A_kinds_menu_lists_visible_models_popular_first_then_by_name_with_their_lowest_price()
    {
        var menu = Catalog.Menu(GenerationKind.TextToImage);
        Assert.Equal("nano-banana-pro", menu[0].ModelId);
        Assert.Equal("ideogram/v3-text-to-image", menu[1].ModelId);
        var rest = menu.Skip(2).Select(m => m.Name.En).ToList();
        Assert.Equal(rest.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), rest);
        Assert.DoesNotContain(menu, m => m.ModelId == "gpt-image-2-text-to-image");
        var flux = menu.Single(m => m.ModelId == "flux-2/pro-text-to-image");
        Assert.Equal(1, flux.PriceFrom);
        Assert.False(flux.HasSinglePrice);
        Assert.True(menu.Single(m => m.ModelId == "z-image").HasSinglePrice);
    }

    [Fact]
    public void The_menu_of_a_kind_is_the_same_list_on_every_read()
    {
        Assert.Same(Catalog.Menu(GenerationKind.ImageToVideo), Catalog.Menu(GenerationKind.ImageToVideo));
    }

    [Fact]
    public void A_section_shows_only_kinds_that_have_visible_models()
    {
        Assert.Equal(
            [GenerationKind.TextToSpeech, GenerationKind.SpeechToText, GenerationKind.AudioToAudio],
            Catalog.VisibleKinds("voice"));
        var snapshot = TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel));
        Assert.Equal([GenerationKind.TextToImage], snapshot.VisibleKinds("image"));
        Assert.Empty(snapshot.VisibleKinds("video"));
        Assert.Empty(snapshot.VisibleKinds("no-such-section"));
    }

    [Fact]
    public void Labels_come_from_the_catalogue_in_both_languages()
    {
        Assert.Equal("Animate a photo", Catalog.Document.LabelOf(GenerationKind.ImageToVideo).En);
        Assert.Equal("Оживить фото", Catalog.Document.LabelOf(GenerationKind.ImageToVideo).For("ru"));
        var sound = Catalog.LabelOf("sound")!;
        Assert.Equal("🔊 With sound", sound.Values["true"].En);
        Assert.Equal("Длительность", Catalog.LabelOf("duration")!.Label.Ru);
    }

    [Fact]
    public void The_hash_follows_content_and_availability_not_the_version_number()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel);
        var a = TestCatalogs.Snapshot(yaml, version: 1);
        var b = TestCatalogs.Snapshot(yaml, version: 2);
        var c = TestCatalogs.Snapshot(
            yaml,
            [new ModelAvailability("test/image", AvailabilityStatus.Unavailable, "not supported", DateTimeOffset.UnixEpoch)]);
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
    }

    [Fact]
    public void Every_rejection_text_key_has_russian_and_english_words()
    {
        var keys = typeof(CatalogTextKeys).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(keys.Count, CatalogTexts.All.Count);
        Assert.All(keys, k =>
        {
            Assert.True(CatalogTexts.All.ContainsKey(k), k);
            Assert.False(string.IsNullOrWhiteSpace(CatalogTexts.All[k].Ru));
            Assert.False(string.IsNullOrWhiteSpace(CatalogTexts.All[k].En));
        });
    }
}
