using System.Reflection;
using System.Text.Json;
using NeuroActors.Actors.Catalog;
using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Catalog;
using NeuroActors.Kie.Catalog;

namespace NeuroActors.Tests.Catalog;

public class CatalogProtocolTests
{
    private static readonly Type[] Messages = typeof(CatalogSyncActor).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(CatalogSyncActor).Namespace && typeof(INeuroMessage).IsAssignableFrom(t) && !t.IsInterface)
        .ToArray();

    [Fact]
    public void Every_catalog_message_has_a_stable_versioned_manifest_of_its_own()
    {
        Assert.Equal(15, Messages.Length);
        var manifests = Messages.Select(t => t.GetCustomAttribute<ManifestAttribute>()?.Name).ToList();
        Assert.All(manifests, m => Assert.Matches("^catalog-[a-z-]+\\.v1$", m));
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
    }

    [Fact]
    public void The_adoption_event_round_trips_through_system_text_json()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel);
        var version = new CatalogVersion(
            3,
            "abcdef0123456789",
            7,
            "catalog/models.yaml",
            new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero),
            CatalogVersions.Compress(yaml),
            [new UnavailableModel("test/image", "not supported", DateTimeOffset.UnixEpoch)]);
        var change = CatalogChange.From(
            3,
            version.AdoptedAt,
            version.Source,
            "admin:1",
            new CatalogDiff(["a"], ["b"], [new RepricedModel("c", 1, 2, ["x: 1 → 2 cr (KIE 5 → 7)"])], ["d"], [new DisabledModel("e", "DISABLED")], ["f"]));
        var adopted = new CatalogVersionAdopted(version, change);

        var back = JsonSerializer.Deserialize<CatalogVersionAdopted>(JsonSerializer.Serialize(adopted))!;
        Assert.Equal(version.Number, back.Version.Number);
        Assert.Equal(version.Hash, back.Version.Hash);
        Assert.Equal(version.AdoptedAt, back.Version.AdoptedAt);
        Assert.Equal(yaml, CatalogVersions.Decompress(back.Version.YamlGzip));
        Assert.Equal(version.Unavailable, back.Version.Unavailable);
        Assert.Equal(change.ToDiff().Describe(), back.Change.ToDiff().Describe());

        var state = JsonSerializer.Deserialize<CatalogSyncState>(JsonSerializer.Serialize(new CatalogSyncState(version, [change])))!;
        Assert.Equal(version.Hash, state.Current!.Hash);
        Assert.Equal("admin:1", Assert.Single(state.History).RequestedBy);
    }

    [Fact]
    public void Every_catalog_message_round_trips_through_system_text_json()
    {
        var samples = new object[]
        {
            new SyncCatalogNow("admin:1"),
            new CatalogSyncResult(false, false, 1, "h", "file:3: problem", null),
            GetCatalogSyncStatus.Instance,
            new CatalogSyncStatus(1, "h", 7, "s", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, true, null, false, []),
            GetCurrentCatalog.Instance,
            new CurrentCatalog(null),
            new CatalogVersionPublished(new CatalogVersion(1, "h", 7, "s", DateTimeOffset.UnixEpoch, [1, 2, 3], [])),
        };
        foreach (var sample in samples)
        {
            var json = JsonSerializer.Serialize(sample, sample.GetType());
            var back = JsonSerializer.Deserialize(json, sample.GetType());
            Assert.Equal(json, JsonSerializer.Serialize(back, sample.GetType()));
        }
    }

    [Fact]
    public void A_catalogue_version_compresses_well_below_the_remoting_frame_size()
    {
        var text = File.ReadAllText(ShippedCatalogTests.ShippedPath);
        var compressed = CatalogVersions.Compress(text);
        Assert.True(compressed.Length < 64_000, $"{compressed.Length} bytes");
        Assert.Equal(text, CatalogVersions.Decompress(compressed));
    }
}

public class KieProbeAnswerTests
{
    [Fact]
    public void An_unsupported_model_answer_marks_the_model_unavailable_with_kies_words()
    {
        var result = KieProbeAnswers.Interpret(200, """{"code":422,"msg":"The model name you specified is not supported","data":null}""");
        Assert.Equal(AvailabilityStatus.Unavailable, result.Status);
        Assert.Equal("The model name you specified is not supported", result.Reason);
    }

    [Theory]
    [InlineData("""{"code":500,"msg":"aspect_ratio is required"}""")]
    [InlineData("""{"code":422,"msg":"prompt is required","data":null}""")]
    public void A_missing_input_answer_means_kie_serves_the_model(string body)
    {
        Assert.Equal(AvailabilityStatus.Available, KieProbeAnswers.Interpret(200, body).Status);
    }

    [Theory]
    [InlineData(200, """{"code":401,"msg":"You do not have access permissions","data":null}""")]
    [InlineData(200, """{"code":402,"msg":"The current credits are insufficient. Please top up.","data":null}""")]
    [InlineData(429, """{"code":429,"msg":"Rate limit exceeded"}""")]
    [InlineData(200, """{"code":455,"msg":"Service Unavailable"}""")]
    [InlineData(200, """{"code":500,"msg":"Server Error - An unexpected error occurred while processing the request","data":null}""")]
    [InlineData(502, "<html>Bad gateway</html>")]
    public void Answers_that_say_nothing_about_the_model_leave_its_status_as_it_was(int status, string body)
    {
        Assert.Equal(AvailabilityStatus.Unknown, KieProbeAnswers.Interpret(status, body).Status);
    }

    [Fact]
    public void A_disabled_feature_answer_marks_the_model_unavailable()
    {
        var result = KieProbeAnswers.Interpret(200, """{"code":505,"msg":"Feature Disabled"}""");
        Assert.Equal(AvailabilityStatus.Unavailable, result.Status);
        Assert.Equal("Feature Disabled", result.Reason);
    }

    [Fact]
    public void The_probe_options_never_print_the_whole_key()
    {
        var options = new KieProbeOptions(new Uri("https://api.kie.ai"), "0123456789abcdef0123456789abcdef", TimeSpan.Zero);
        Assert.DoesNotContain("0123456789abcdef0123456789ab", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("cdef", options.ToString(), StringComparison.Ordinal);
    }
}
