using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public class ShippedCatalogTests
{
    internal static readonly string ShippedPath = Path.Combine(AppContext.BaseDirectory, "catalog", "models.yaml");

    private static readonly Lazy<CatalogSnapshot> Shipped = new(() => CatalogSnapshot.Create(CatalogParser.LoadFile(ShippedPath)));

    internal static CatalogSnapshot Snapshot => Shipped.Value;

    [Fact]
    public void Shipped_catalogue_loads_with_at_least_75_models()
    {
        Assert.True(File.Exists(ShippedPath), "the Host build copies catalog/models.yaml next to the binaries");
        Assert.True(Snapshot.Models.Count >= 75, $"{Snapshot.Models.Count} models");
        Assert.True(Snapshot.Summary.Visible >= 75, $"{Snapshot.Summary.Visible} visible");
    }

    [Fact]
    public void Shipped_catalogue_has_visible_models_of_every_kind()
    {
        foreach (var kind in GenerationKinds.All)
        {
            Assert.True(Snapshot.Menu(kind).Count > 0, $"no visible {kind.Slug()} model");
        }
    }

    [Fact]
    public void Shipped_catalogue_uses_every_api_family()
    {
        var families = Snapshot.Models.Select(m => m.Family).Distinct().ToHashSet();
        Assert.Equal(Enum.GetValues<ApiFamily>().ToHashSet(), families);
    }

    [Fact]
    public void Shipped_popular_defaults_are_best_image_logo_image_leading_video_fast_video_and_music()
    {
        var popular = Snapshot.Popular.Select(p => p.ModelId).ToArray();
        Assert.Equal(
            ["nano-banana-pro", "ideogram/v3-text-to-image", "veo3/text-to-video", "veo3-fast/text-to-video", "suno/v5"],
            popular);
        Assert.Equal(
            [GenerationKind.TextToImage, GenerationKind.TextToImage, GenerationKind.TextToVideo, GenerationKind.TextToVideo, GenerationKind.TextToMusic],
            Snapshot.Popular.Select(p => p.Kind).ToArray());
    }

    [Fact]
    public void A_cheap_image_costs_one_or_two_credits_of_the_ten_welcome_credits()
    {
        var cheapest = Snapshot.Menu(GenerationKind.TextToImage).Min(m => m.PriceFrom);
        Assert.InRange(cheapest, 1, 2);
        Assert.Equal(1, Snapshot.Quote("google/nano-banana").Quote!.CreditsPerVariant);
    }

    [Fact]
    public void Every_shipped_price_row_follows_the_stated_pricing_rule()
    {
        var rule = Snapshot.Pricing;
        Assert.Equal(new PricingRule(2m, 10m, 1), rule);
        foreach (var model in Snapshot.Models)
        {
            Assert.NotEmpty(model.Prices);
            foreach (var sku in model.Prices)
            {
                Assert.Equal(rule.CreditsFor(sku.KieCredits), sku.Credits);
            }
        }
    }

    [Fact]
    public void Every_visible_shipped_model_builds_a_request_from_its_defaults()
    {
        foreach (var item in GenerationKinds.All.SelectMany(Snapshot.Menu))
        {
            var model = Snapshot.Find(item.ModelId)!;
            var choices = new GenerationChoices(
                model.Id,
                Prompt: model.Prompt is null ? null : "a red fox in snow, watercolor",
                ImageUrls: Urls(model.MediaInput(MediaKind.Image), "https://files.example/img{0}.png"),
                AudioUrls: Urls(model.MediaInput(MediaKind.Audio), "https://files.example/voice{0}.mp3"),
                VideoUrls: Urls(model.MediaInput(MediaKind.Video), "https://files.example/clip{0}.mp4"),
                MediaSeconds: 5,
                CallbackUrl: "https://bot.example/kie/callback/job-1");
            var result = Snapshot.BuildRequest(choices);
            Assert.True(result.IsAccepted, $"{model.Id}: {result.Rejection}");
            Assert.Equal(model.Family.Info().CreatePath, result.Request.Path);
        }
    }

    [Fact]
    public void Every_option_of_a_shipped_model_has_a_button_label_in_both_languages()
    {
        var unlabelled = Snapshot.Models
            .SelectMany(m => m.Options.Where(o => o.Label is null && Snapshot.LabelOf(o.Name) is null).Select(o => m.Id + ": " + o.Name))
            .ToList();
        Assert.Empty(unlabelled);
    }

    [Fact]
    public void Hidden_shipped_models_are_the_disabled_ones_with_estimated_prices()
    {
        var hidden = Snapshot.AdminListing().Where(e => !e.Visible).ToList();
        Assert.NotEmpty(hidden);
        Assert.All(hidden, e =>
        {
            Assert.Equal([VisibilityReason.Disabled], e.Reasons.Select(r => r.Code));
            Assert.Contains("estimate", e.PriceNote, StringComparison.Ordinal);
        });
    }

    private static string[]? Urls(MediaInputSpec? spec, string pattern) =>
        spec is null ? null : Enumerable.Range(1, Math.Max(1, spec.Min)).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, i)).ToArray();
}
