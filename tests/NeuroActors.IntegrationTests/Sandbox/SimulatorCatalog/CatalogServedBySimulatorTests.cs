using NeuroActors.Domain.Catalog;
using NeuroActors.IntegrationTests.Kie;
using NeuroActors.IntegrationTests.Sandbox.Kie;
using NeuroActors.Kie;
using Sim = NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Sandbox.SimulatorCatalog;

/// <summary>The simulated KIE serving the shipped catalogue: every visible model, through the node's own KIE client.</summary>
public sealed class CatalogServedBySimulatorTests
{
    private static readonly Lazy<CatalogSnapshot> Shipped = new(() =>
        CatalogSnapshot.Create(CatalogParser.LoadFile(Path.Combine(AppContext.BaseDirectory, "catalog", "models.yaml"))));

    private static CatalogSnapshot Catalog => Shipped.Value;

    private static IEnumerable<ModelDefinition> VisibleModels => Catalog.Models.Where(m => Catalog.IsVisible(m.Id));

    [Fact]
    public async Task Every_visible_catalogue_model_succeeds_through_the_real_client_with_results_and_a_callback_of_its_kind()
    {
        await using var kie = await KieClientHarness.StartAsync(
            [KieClientHarness.KeyA],
            o =>
            {
                o.ServeCatalog(Catalog);
                o.InitialBalance = 1_000_000m;
                o.RateLimitCount = 10_000;
            },
            new Dictionary<string, string?> { ["Kie:Pacing:CreatesPerWindow"] = "10000", ["Kie:Pacing:QueriesPerWindow"] = "10000" });
        using var files = new HttpClient { BaseAddress = kie.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var problems = new List<string>();
        var expected = new Dictionary<string, (string ModelId, ApiFamily Family)>(StringComparer.Ordinal);

        foreach (var model in VisibleModels)
        {
            var family = model.Family;
            var callbackUrl = kie.CallbackUrls.For(family, "job-" + model.Id.Replace('/', '-'));
            var built = Catalog.BuildRequest(ChoicesFor(model, kie.BaseAddress, callbackUrl));
            if (!built.IsAccepted)
            {
                problems.Add($"{model.Id}: the catalogue refused the request: {built.Rejection}");
                continue;
            }

            var submitted = await kie.Gateway.SubmitAsync(CatalogRequests.ToCreateRequest(built.Request, callbackUrl));
            if (!submitted.IsSuccess)
            {
                problems.Add($"{model.Id}: create failed: {submitted.Failure}");
                continue;
            }

            var outcome = await kie.PollUntilFinalAsync(submitted.Value);
            if (outcome.Phase != KieTaskPhase.Succeeded || outcome.ResultUrls.Count == 0)
            {
                problems.Add($"{model.Id}: {outcome.Phase} ({outcome.State}) with {outcome.ResultUrls.Count} results");
                continue;
            }

            var wanted = ContentTypePrefix(model.OutputMedia);
            foreach (var url in outcome.ResultUrls)
            {
                using var file = await files.GetAsync(new Uri(url));
                var type = file.Content.Headers.ContentType?.MediaType ?? "";
                if (!file.IsSuccessStatusCode || !type.StartsWith(wanted, StringComparison.Ordinal))
                {
                    problems.Add($"{model.Id}: result {url} is {(int)file.StatusCode} {type}, not {wanted}*");
                }
            }

            expected[submitted.Value.TaskId] = (model.Id, family);
        }

        // Every success callback passed the real endpoint's token check and parsed with the real parser.
        var succeeded = new HashSet<string>(StringComparer.Ordinal);
        while (succeeded.Count < expected.Count)
        {
            var callback = await kie.NextCallbackAsync();
            if (callback.Outcome.Phase == KieTaskPhase.Succeeded && callback.Outcome.ResultUrls.Count > 0)
            {
                succeeded.Add(callback.TaskId);
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), succeeded.Order(StringComparer.Ordinal));
        Assert.True(expected.Count >= 75, $"only {expected.Count} visible models were tried");
        Assert.Equal(
            Enum.GetValues<ApiFamily>().ToHashSet(),
            expected.Values.Select(v => v.Family).ToHashSet());
    }

    [Fact]
    public void ServeCatalog_keeps_the_hand_written_rows_and_adds_exactly_one_row_per_unknown_key()
    {
        var options = new Sim.KieSimulatorOptions();
        var before = options.Models.ToList();

        options.ServeCatalog(Catalog);

        Assert.Equal(before, options.Models.Take(before.Count));
        Assert.Same(Sim.KieModelCatalog.Find("nano-banana-pro"), options.Models.Single(m => m.Id == "nano-banana-pro"));
        Assert.Single(options.Models, m => m.Id == Sim.KieModelCatalog.RunwayModel);
        Assert.Single(options.Models, m => m.Id == "veo3_fast");
        Assert.Equal(options.Models.Count, options.Models.Select(m => (m.Id, m.Family)).Distinct().Count());
        foreach (var model in Catalog.Models)
        {
            var key = Sim.KieCatalogModels.KeyOf(model);
            Assert.Contains(options.Models, m => m.Id == key && m.Family == model.Family);
        }

        var added = options.Models.Skip(before.Count).ToList();
        Assert.Contains(added, m => m.Id == "ideogram/v3-text-to-image" && m.Kind == Sim.KieResultKind.Image);
        Assert.Equal(options.Models.Count, options.ServeCatalog(Catalog).Models.Count);
    }

    [Fact]
    public void Catalogue_rows_take_their_result_kind_from_the_generation_kind()
    {
        var options = new Sim.KieSimulatorOptions().ServeCatalog(Catalog);

        foreach (var model in Catalog.Models.Where(m => Sim.KieModelCatalog.Find(Sim.KieCatalogModels.KeyOf(m)) is null))
        {
            var row = options.Models.Single(m => m.Id == Sim.KieCatalogModels.KeyOf(model));
            var kind = model.OutputMedia switch
            {
                MediaKind.Image => Sim.KieResultKind.Image,
                MediaKind.Video => Sim.KieResultKind.Video,
                MediaKind.Audio => Sim.KieResultKind.Audio,
                _ => Sim.KieResultKind.Text,
            };
            Assert.True(kind == row.Kind, $"{model.Id}: {row.Kind}, expected {kind}");
        }
    }

    [Fact]
    public async Task A_catalogue_model_is_charged_the_catalogue_kie_price_of_the_chosen_option()
    {
        await using var host = await KieSandboxHost.StartAsync(o =>
        {
            o.ServeCatalog(Catalog);
            o.InitialBalance = 100m;
        });

        await host.CreateTaskAsync("ideogram/v3-text-to-image", new { prompt = "a red fox", rendering_speed = "QUALITY" });
        Assert.Equal(90m, await host.CreditAsync());

        await host.CreateTaskAsync("ideogram/v3-text-to-image", new { prompt = "a red fox", rendering_speed = "TURBO" });
        Assert.Equal(86.5m, await host.CreditAsync());

        // A value outside the catalogue's options costs what the default options cost (BALANCED, 7).
        await host.CreateTaskAsync("ideogram/v3-text-to-image", new { prompt = "a red fox", rendering_speed = "LUDICROUS" });
        Assert.Equal(79.5m, await host.CreditAsync());
    }

    [Fact]
    public async Task A_catalogue_model_requires_its_prompt_and_an_unserved_model_stays_unsupported()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.ServeCatalog(Catalog));

        var (_, noPrompt) = await host.PostAsync("api/v1/jobs/createTask", new { model = "ideogram/v3-text-to-image", input = new { style = "AUTO" } });
        var (_, unknown) = await host.PostAsync("api/v1/jobs/createTask", new { model = "ideogram/v9", input = new { prompt = "x" } });

        Assert.Equal(500, (int)noPrompt["code"]!);
        Assert.Equal("prompt is required", (string)noPrompt["msg"]!);
        Assert.Equal(422, (int)unknown["code"]!);
        Assert.Equal(Sim.KieMessages.ModelNotSupported, (string)unknown["msg"]!);
    }

    [Fact]
    public async Task Without_ServeCatalog_a_catalogue_only_model_is_not_supported()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, answer) = await host.PostAsync("api/v1/jobs/createTask", new { model = "ideogram/v3-text-to-image", input = new { prompt = "x" } });

        Assert.Equal(422, (int)answer["code"]!);
    }

    /// <summary>"a red fox" with as many sample files of each accepted media as the model needs (at least one).</summary>
    private static GenerationChoices ChoicesFor(ModelDefinition model, Uri simulator, string? callbackUrl)
    {
        IReadOnlyList<string>? Files(MediaKind media, string extension) =>
            model.MediaInput(media) is { } spec
                ? [.. Enumerable.Range(0, Math.Clamp(spec.Min, 1, spec.Max)).Select(i => new Uri(simulator, $"sim-files/uploads/fox-{i}.{extension}").ToString())]
                : null;

        return new GenerationChoices(
            model.Id,
            Prompt: model.Prompt is null ? null : "a red fox",
            ImageUrls: Files(MediaKind.Image, "png"),
            AudioUrls: Files(MediaKind.Audio, "mp3"),
            VideoUrls: Files(MediaKind.Video, "mp4"),
            MediaSeconds: model.PriceBasis is PriceBasis.AudioSeconds or PriceBasis.VideoSeconds ? 10 : null,
            VariantCount: model.Variants.Contains(1) ? 1 : model.Variants[0],
            CallbackUrl: callbackUrl);
    }

    private static string ContentTypePrefix(MediaKind media) => media switch
    {
        MediaKind.Image => "image/",
        MediaKind.Video => "video/",
        MediaKind.Audio => "audio/",
        _ => "text/",
    };
}
