using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;
using NeuroActors.Kie;
using NeuroActors.Kie.Catalog;

namespace NeuroActors.Tests.Catalog;

public class CatalogOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Defaults_sync_daily_from_the_shipped_file_without_probing_when_no_kie_key_is_set()
    {
        var options = CatalogOptions.From(Config());
        Assert.Equal(TimeSpan.FromHours(24), options.Sync.SyncInterval);
        Assert.True(options.Sync.SyncOnStart);
        Assert.Null(options.SourceUrl);
        Assert.Null(options.Probe);
        Assert.Equal(ShippedCatalogTests.ShippedPath, options.FilePath);
    }

    [Fact]
    public void Configuration_sets_the_interval_the_remote_source_and_the_probe_key()
    {
        var configuration = Config(
            ("Catalog:SyncInterval", "6h"),
            ("Catalog:SourceUrl", "https://catalog.example/models.yaml?token=s3cret"),
            ("Catalog:SyncOnStart", "false"),
            ("Kie:BaseUrl", "http://127.0.0.1:9999"),
            ("Kie:ApiKeys", " key-one-1111 , key-two-2222 "));
        var options = CatalogOptions.From(configuration, KieOptions.FromConfiguration(configuration));
        Assert.Equal(TimeSpan.FromHours(6), options.Sync.SyncInterval);
        Assert.False(options.Sync.SyncOnStart);
        Assert.Equal("https://catalog.example/models.yaml?token=s3cret", options.SourceUrl!.ToString());
        Assert.Equal("key-one-1111", options.Probe!.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:9999"), options.Probe.BaseUrl);
        var noProbe = Config(("Kie:ApiKeys", "k"), ("Catalog:ProbeKie", "false"));
        Assert.Null(CatalogOptions.From(noProbe, KieOptions.FromConfiguration(noProbe)).Probe);
    }

    [Fact]
    public void A_remote_source_is_named_without_its_query_string()
    {
        using var http = new HttpClient();
        var source = new HttpCatalogSource(http, new Uri("https://catalog.example/models.yaml?token=s3cret"));
        Assert.Equal("https://catalog.example/models.yaml", source.Name);
    }

    [Fact]
    public void A_malformed_catalogue_stops_the_node_at_registration_with_file_line_and_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), "catalog-" + Guid.NewGuid().ToString("N") + ".yaml");
        var broken = TestCatalogs.With(TestCatalogs.ImageModel).Replace("default: 1K", "default: 3K", StringComparison.Ordinal);
        File.WriteAllText(path, broken);
        try
        {
            var services = new ServiceCollection();
            var e = Assert.Throws<CatalogLoadException>(() => services.AddCatalog(Config(("Catalog:FilePath", path))));
            Assert.Equal(
                $"{path}:{TestCatalogs.LineOf(broken, "default: 3K")}: model 'test/image' option 'resolution': the default '3K' is not one of its values (1K, 2K)",
                e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_valid_catalogue_registers_the_holder_with_the_file_as_version_0()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCatalog(Config());
        using var provider = services.BuildServiceProvider();
        var holder = provider.GetRequiredService<CatalogHolder>();
        Assert.Equal(0, holder.Current.Version);
        Assert.True(holder.Current.Models.Count >= 75);
        Assert.Same(holder, provider.GetRequiredService<CatalogServices>().Holder);
        Assert.Equal(["catalog/models.yaml"], provider.GetRequiredService<CatalogServices>().Sources.Select(s => Path.GetFileName(Path.GetDirectoryName(s.Name)) + "/" + Path.GetFileName(s.Name)));
    }
}

public class KieModelAvailabilityProbeTests
{
    private sealed class RecordingHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(status) { Content = new StringContent(body) };
        }
    }

    private static readonly KieProbeOptions Options = new(new Uri("http://127.0.0.1:1"), "0123456789abcdef0123456789abcdef", TimeSpan.Zero);

    [Fact]
    public async Task A_probe_sends_create_task_with_the_model_and_an_empty_input()
    {
        using var handler = new RecordingHandler(HttpStatusCode.OK, """{"code":422,"msg":"The model name you specified is not supported","data":null}""");
        using var http = new HttpClient(handler);
        using var probe = new KieModelAvailabilityProbe(http, Options);
        var model = ShippedCatalogTests.Snapshot.Find("nano-banana-pro/edit")!;

        var result = await probe.ProbeAsync(model, CancellationToken.None);

        Assert.Equal(AvailabilityStatus.Unavailable, result.Status);
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:1/api/v1/jobs/createTask", request.RequestUri!.ToString());
        Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("nano-banana-pro", (string?)json["model"]);
        Assert.Empty(json["input"]!.AsObject());
    }

    [Fact]
    public async Task Models_an_empty_input_could_start_or_that_kie_cannot_probe_are_never_sent()
    {
        using var handler = new RecordingHandler(HttpStatusCode.OK, "{}");
        using var http = new HttpClient(handler);
        using var probe = new KieModelAvailabilityProbe(http, Options);
        var zImage = ShippedCatalogTests.Snapshot.Find("z-image")!;
        var optionalOnly = zImage with { Prompt = zImage.Prompt! with { Required = false } };
        var veo = ShippedCatalogTests.Snapshot.Find("veo3-fast/text-to-video")!;

        Assert.Equal(AvailabilityStatus.Unknown, (await probe.ProbeAsync(optionalOnly, CancellationToken.None)).Status);
        Assert.Equal(AvailabilityStatus.Unknown, (await probe.ProbeAsync(veo, CancellationToken.None)).Status);
        Assert.Empty(handler.Requests);
    }
}
