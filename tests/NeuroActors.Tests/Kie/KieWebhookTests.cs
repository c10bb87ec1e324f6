using System.Text.Json;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;

namespace NeuroActors.Tests.Kie;

public sealed class KieWebhookTests
{
    private const string HmacKey = "test-webhook-hmac-key";
    private const string TaskId = "ee9c2715375b7837f8bb51d641ff5863";
    private const string Timestamp = "1769670760";
    private const string VectorSignature = "xG6/yOyrMyJtUdc1yjmHpKLHSHF3MpzOPa6uxSj3qb4=";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1769670760);

    [Fact]
    public void Contract_test_vector_computes()
    {
        Assert.Equal(VectorSignature, KieWebhookSignature.Compute(HmacKey, TaskId, Timestamp));
    }

    [Fact]
    public void Contract_test_vector_verifies_within_five_minutes()
    {
        Assert.Equal(KieSignatureCheck.Valid, KieWebhookSignature.Verify(HmacKey, TaskId, Timestamp, VectorSignature, SignedAt.AddMinutes(4), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Signature_older_than_five_minutes_is_stale()
    {
        Assert.Equal(KieSignatureCheck.Stale, KieWebhookSignature.Verify(HmacKey, TaskId, Timestamp, VectorSignature, SignedAt.AddMinutes(5).AddSeconds(1), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Signature_from_far_in_the_future_is_stale()
    {
        Assert.Equal(KieSignatureCheck.Stale, KieWebhookSignature.Verify(HmacKey, TaskId, Timestamp, VectorSignature, SignedAt.AddMinutes(-6), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("ee9c2715375b7837f8bb51d641ff5864", Timestamp, VectorSignature, KieSignatureCheck.BadSignature)]
    [InlineData(TaskId, "1769670761", VectorSignature, KieSignatureCheck.BadSignature)]
    [InlineData(TaskId, Timestamp, "not base64 !!", KieSignatureCheck.BadSignature)]
    [InlineData(TaskId, Timestamp, "", KieSignatureCheck.MissingHeaders)]
    [InlineData(TaskId, "", VectorSignature, KieSignatureCheck.MissingHeaders)]
    [InlineData(TaskId, "17696707.60", VectorSignature, KieSignatureCheck.MalformedTimestamp)]
    [InlineData("", Timestamp, VectorSignature, KieSignatureCheck.MissingTaskId)]
    public void Tampered_or_incomplete_signature_is_refused(string taskId, string timestamp, string signature, KieSignatureCheck expected)
    {
        Assert.Equal(expected, KieWebhookSignature.Verify(HmacKey, taskId, timestamp, signature, SignedAt, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("""{"code":200,"data":{"taskId":"market-id","task_id":"snake-id"},"taskId":"top-id"}""", "market-id")]
    [InlineData("""{"code":200,"data":{"task_id":"snake-id","callbackType":"complete"},"taskId":"top-id"}""", "snake-id")]
    [InlineData("""{"taskId":"ee9c2715375b7837f8bb51d641ff5863","code":200,"msg":"Success","data":{"callbackType":"task_completed"}}""", "ee9c2715375b7837f8bb51d641ff5863")]
    [InlineData("""{"code":200,"data":null}""", null)]
    [InlineData("""not json""", null)]
    public void Task_id_comes_from_data_task_id_in_either_spelling_or_the_top_level(string body, string? expected)
    {
        Assert.Equal(expected, KieCallbackTaskId.Find(body));
    }

    [Fact]
    public void Url_token_is_stable_per_job_and_differs_between_jobs_and_secrets()
    {
        var tokens = KieCallbackTokens.FromPassphrase("node-secret");

        Assert.Equal(tokens.TokenFor("job-1"), KieCallbackTokens.FromPassphrase("node-secret").TokenFor("job-1"));
        Assert.NotEqual(tokens.TokenFor("job-1"), tokens.TokenFor("job-2"));
        Assert.NotEqual(tokens.TokenFor("job-1"), KieCallbackTokens.FromPassphrase("other-secret").TokenFor("job-1"));
        Assert.True(tokens.IsValid("job-1", tokens.TokenFor("job-1")));
        Assert.False(tokens.IsValid("job-2", tokens.TokenFor("job-1")));
        Assert.False(tokens.IsValid("job-1", null));
        Assert.False(tokens.IsValid("job-1", tokens.TokenFor("job-1")[..^1]));
        Assert.DoesNotContain('/', tokens.TokenFor("job-1"));
        Assert.DoesNotContain('+', tokens.TokenFor("job-1"));
    }

    private static (KieCallbackVerifier Verifier, KieCallbackUrls Urls) Verifier(string? hmacKey, DateTimeOffset now)
    {
        var options = KieTestKit.Options(KieTestKit.KeyA);
        options.WebhookHmacKey = hmacKey;
        options.CallbackBaseUrl = new Uri("https://bot.example.com/");
        var tokens = options.CreateCallbackTokens();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);
        return (new KieCallbackVerifier(Microsoft.Extensions.Options.Options.Create(options), tokens, clock),
            new KieCallbackUrls(Microsoft.Extensions.Options.Options.Create(options), tokens));
    }

    private static string TokenOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    private const string MarketSuccess = """
        {"code":200,"msg":"Playground task completed successfully.",
         "data":{"taskId":"ee9c2715375b7837f8bb51d641ff5863","model":"z-image","state":"success",
          "resultJson":"{\"resultUrls\":[\"https://tempfile.aiquickdraw.com/z.png\"]}","failCode":null,"failMsg":null}}
        """;

    [Fact]
    public void Callback_without_hmac_key_is_accepted_on_its_job_url_and_parsed()
    {
        var (verifier, urls) = Verifier(null, SignedAt);
        var url = urls.For(ApiFamily.Market, "job-42")!;

        var receipt = verifier.Verify("market", "job-42", TokenOf(url), null, null, MarketSuccess);

        Assert.StartsWith("https://bot.example.com/kie/callback/market/job-42/", url, StringComparison.Ordinal);
        Assert.True(receipt.Accepted);
        Assert.Equal(("job-42", TaskId, KieTaskPhase.Succeeded), (receipt.Callback!.JobId, receipt.Callback.TaskId, receipt.Callback.Outcome.Phase));
        Assert.Equal(["https://tempfile.aiquickdraw.com/z.png"], receipt.Callback.Outcome.ResultUrls);
    }

    [Fact]
    public void Callback_with_another_jobs_token_is_refused()
    {
        var (verifier, urls) = Verifier(null, SignedAt);

        var receipt = verifier.Verify("market", "job-43", TokenOf(urls.For(ApiFamily.Market, "job-42")!), null, null, MarketSuccess);

        Assert.Equal(KieCallbackRejection.BadUrlToken, receipt.Rejection);
    }

    [Fact]
    public void Callback_with_hmac_key_needs_a_fresh_valid_signature()
    {
        var (verifier, urls) = Verifier(HmacKey, SignedAt.AddSeconds(30));
        var token = TokenOf(urls.For(ApiFamily.Market, "job-42")!);

        var signed = verifier.Verify("market", "job-42", token, Timestamp, VectorSignature, MarketSuccess);
        var unsigned = verifier.Verify("market", "job-42", token, null, null, MarketSuccess);
        var forged = verifier.Verify("market", "job-42", token, Timestamp, KieWebhookSignature.Compute("wrong-key", TaskId, Timestamp), MarketSuccess);

        Assert.True(signed.Accepted);
        Assert.Equal((KieCallbackRejection.BadSignature, KieSignatureCheck.MissingHeaders), (unsigned.Rejection, unsigned.Signature));
        Assert.Equal((KieCallbackRejection.BadSignature, KieSignatureCheck.BadSignature), (forged.Rejection, forged.Signature));
    }

    [Fact]
    public void Replayed_signed_callback_after_five_minutes_is_refused()
    {
        var (verifier, urls) = Verifier(HmacKey, SignedAt.AddMinutes(6));

        var receipt = verifier.Verify("market", "job-42", TokenOf(urls.For(ApiFamily.Market, "job-42")!), Timestamp, VectorSignature, MarketSuccess);

        Assert.Equal(KieSignatureCheck.Stale, receipt.Signature);
        Assert.False(receipt.Accepted);
    }

    [Fact]
    public void Signed_suno_callback_takes_the_task_id_from_data_task_id()
    {
        var (verifier, urls) = Verifier(HmacKey, SignedAt);
        var body = """{"code":200,"msg":"All generated successfully.","data":{"callbackType":"complete","task_id":"ee9c2715375b7837f8bb51d641ff5863","data":[{"audio_url":"https://r/1.mp3"}]}}""";

        var receipt = verifier.Verify("suno", "job-7", TokenOf(urls.For(ApiFamily.Suno, "job-7")!), Timestamp, VectorSignature, body);

        Assert.True(receipt.Accepted);
        Assert.Equal("https://r/1.mp3", receipt.Callback!.Outcome.ResultUrls.Single());
    }

    [Fact]
    public void Malformed_body_and_unknown_family_are_refused()
    {
        var (verifier, urls) = Verifier(null, SignedAt);
        var token = TokenOf(urls.For(ApiFamily.Market, "job-1")!);

        Assert.Equal(KieCallbackRejection.MalformedBody, verifier.Verify("market", "job-1", token, null, null, "{not json").Rejection);
        Assert.Equal(KieCallbackRejection.UnknownFamily, verifier.Verify("midjourney", "job-1", token, null, null, MarketSuccess).Rejection);
        Assert.Equal(KieCallbackRejection.MissingTaskId, verifier.Verify("market", "job-1", token, null, null, """{"code":200,"data":{}}""").Rejection);
    }

    [Fact]
    public void Without_a_callback_base_url_there_are_no_callback_urls()
    {
        var options = KieTestKit.Options(KieTestKit.KeyA);
        var urls = new KieCallbackUrls(Microsoft.Extensions.Options.Options.Create(options), options.CreateCallbackTokens());

        Assert.False(urls.Enabled);
        Assert.Null(urls.For(ApiFamily.Market, "job-1"));
    }

    [Fact]
    public void Tokens_derived_from_the_same_keys_agree_across_nodes()
    {
        var nodeA = KieTestKit.Options(KieTestKit.KeyA, KieTestKit.KeyB).CreateCallbackTokens();
        var nodeB = KieTestKit.Options(KieTestKit.KeyB, KieTestKit.KeyA).CreateCallbackTokens();

        Assert.True(nodeB.IsValid("job-9", nodeA.TokenFor("job-9")));
    }

    [Fact]
    public void Verifier_reads_json_with_unknown_fields()
    {
        using var document = JsonDocument.Parse(MarketSuccess);
        Assert.Equal(TaskId, KieCallbackTaskId.Find(document.RootElement));
    }
}
