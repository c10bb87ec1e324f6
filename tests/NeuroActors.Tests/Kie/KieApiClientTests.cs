using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;

namespace NeuroActors.Tests.Kie;

public sealed class KieApiClientTests
{
    private static readonly KieApiKey Key = new(KieTestKit.KeyA);

    [Fact]
    public async Task Market_create_posts_model_callback_and_input_with_the_bearer_key()
    {
        var handler = StubHandler.Json(200, """{"code":200,"msg":"success","data":{"taskId":"task_sora-2-text-to-video_1765184035859"}}""");
        var request = KieCreateRequest.Market("sora-2-text-to-video",
            new JsonObject { ["prompt"] = "A professor", ["aspect_ratio"] = "landscape", ["n_frames"] = "10", ["upload_method"] = "s3" },
            "https://bot.example.com/kie/callback/market/job-1/token") with { ProgressCallbackUrl = "https://bot.example.com/progress" };

        var result = await KieTestKit.Client(handler).CreateTaskAsync(Key, request);

        Assert.Equal("task_sora-2-text-to-video_1765184035859", result.Value);
        var sent = handler.Requests.Single();
        Assert.Equal((HttpMethod.Post, "http://kie.test/api/v1/jobs/createTask"), (sent.Method, sent.Uri.ToString()));
        Assert.Equal("Bearer " + KieTestKit.KeyA, sent.Authorization);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("sora-2-text-to-video", (string?)body["model"]);
        Assert.Equal("https://bot.example.com/kie/callback/market/job-1/token", (string?)body["callBackUrl"]);
        Assert.Equal("https://bot.example.com/progress", (string?)body["progressCallBackUrl"]);
        Assert.Equal("landscape", (string?)body["input"]!["aspect_ratio"]);
    }

    [Fact]
    public async Task Veo_create_sends_a_flat_body_to_its_own_route()
    {
        var handler = StubHandler.Json(200, """{"code":200,"msg":"success","data":{"taskId":"veo_task_abcdef123456"}}""");
        var request = new VeoGenerateRequest("A dog surfing") { Model = "veo3_fast", AspectRatio = "9:16", ImageUrls = ["https://i/1.png"] }
            .ToCreateRequest("https://cb/veo");

        var result = await KieTestKit.Client(handler).CreateTaskAsync(Key, request);

        Assert.Equal("veo_task_abcdef123456", result.Value);
        var sent = handler.Requests.Single();
        Assert.Equal("http://kie.test/api/v1/veo/generate", sent.Uri.ToString());
        var body = JsonNode.Parse(sent.Body)!.AsObject();
        Assert.Equal(["prompt", "imageUrls", "aspect_ratio", "model", "callBackUrl"], body.Select(p => p.Key));
        Assert.Equal("veo3_fast", (string?)body["model"]);
    }

    [Fact]
    public async Task Suno_and_veo_extend_use_their_routes()
    {
        var handler = StubHandler.Json(200, """{"code":200,"msg":"success","data":{"taskId":"5c79be8e"}}""");
        var client = KieTestKit.Client(handler);

        await client.CreateTaskAsync(Key, new SunoGenerateRequest("A calm piano piece", false, true, "V5").ToCreateRequest("https://cb/suno"));
        await client.CreateTaskAsync(Key, new VeoExtendRequest("veo1", "and then it rains").ToCreateRequest());

        Assert.Equal(["/api/v1/generate", "/api/v1/veo/extend"], handler.Requests.Select(r => r.Uri.AbsolutePath));
        var suno = JsonNode.Parse(handler.Requests[0].Body)!;
        Assert.Equal((false, true, "V5"), ((bool)suno["customMode"]!, (bool)suno["instrumental"]!, (string?)suno["model"]));
    }

    [Fact]
    public async Task Record_info_queries_the_family_route_with_the_task_id()
    {
        var handler = StubHandler.Json(200, """{"code":200,"msg":"success","data":{"taskId":"t 1","state":"generating"}}""");

        var result = await KieTestKit.Client(handler).GetTaskAsync(Key, ApiFamily.Market, "t 1");

        Assert.Equal(KieTaskPhase.Pending, result.Value!.Phase);
        Assert.Equal("http://kie.test/api/v1/jobs/recordInfo?taskId=t%201", handler.Requests.Single().Uri.AbsoluteUri);
        Assert.Equal(HttpMethod.Get, handler.Requests.Single().Method);
    }

    [Fact]
    public async Task Credit_balance_is_a_decimal_and_may_be_fractional()
    {
        var result = await KieTestKit.Client(StubHandler.Json(200, """{"code":200,"msg":"success","data":104.5}""")).GetCreditsAsync(Key);

        Assert.Equal(104.5m, result.Value);
    }

    [Fact]
    public async Task Download_url_answers_the_signed_link()
    {
        var handler = StubHandler.Json(200, """{"code":200,"msg":"success","data":"https://tempfile.aiquickdraw.com/signed?X-Amz-Expires=1200"}""");

        var result = await KieTestKit.Client(handler).GetDownloadUrlAsync(Key, "https://tempfile.aiquickdraw.com/path/to/image.jpg");

        Assert.Equal("https://tempfile.aiquickdraw.com/signed?X-Amz-Expires=1200", result.Value!.ToString());
        Assert.Equal("https://tempfile.aiquickdraw.com/path/to/image.jpg", (string?)JsonNode.Parse(handler.Requests.Single().Body)!["url"]);
    }

    private const string UploadAnswer = """
        {"success":true,"code":200,"msg":"File uploaded successfully",
         "data":{"fileName":"uploaded-image.png","filePath":"images/user-uploads/uploaded-image.png",
          "downloadUrl":"https://tempfile.redpandaai.co/xxx/images/user-uploads/uploaded-image.png",
          "fileSize":154832,"mimeType":"image/png","uploadedAt":"2025-01-01T12:00:00.000Z"}}
        """;

    [Fact]
    public async Task Base64_upload_goes_to_the_upload_host()
    {
        var handler = StubHandler.Json(200, UploadAnswer);

        var result = await KieTestKit.Client(handler).UploadBase64Async(Key, new KieBase64Upload("data:image/png;base64,aGVsbG8=", "images/user-uploads", "a.png"));

        Assert.Equal("https://tempfile.redpandaai.co/xxx/images/user-uploads/uploaded-image.png", result.Value!.DownloadUrl);
        Assert.Equal((154832L, "image/png"), (result.Value.FileSize, result.Value.MimeType));
        Assert.Equal("http://upload.test/api/file-base64-upload", handler.Requests.Single().Uri.ToString());
        Assert.Equal("images/user-uploads", (string?)JsonNode.Parse(handler.Requests.Single().Body)!["uploadPath"]);
    }

    [Fact]
    public async Task Stream_upload_sends_multipart_with_file_and_path_and_leaves_the_stream_open()
    {
        var handler = StubHandler.Json(200, UploadAnswer);
        using var photo = new MemoryStream(Encoding.ASCII.GetBytes("PNG-BYTES"));

        var result = await KieTestKit.Client(handler).UploadStreamAsync(Key, photo, "images/user-uploads", "photo.png", "image/png");

        Assert.True(result.IsSuccess);
        var sent = handler.Requests.Single();
        Assert.Equal(("http://upload.test/api/file-stream-upload", "multipart/form-data"), (sent.Uri.ToString(), sent.ContentType));
        Assert.Contains("name=file; filename=photo.png", sent.Body, StringComparison.Ordinal);
        Assert.Contains("PNG-BYTES", sent.Body, StringComparison.Ordinal);
        Assert.Contains("images/user-uploads", sent.Body, StringComparison.Ordinal);
        Assert.True(photo.CanRead);
    }

    [Fact]
    public async Task Url_upload_posts_the_file_url()
    {
        var handler = StubHandler.Json(200, UploadAnswer);

        var result = await KieTestKit.Client(handler).UploadFromUrlAsync(Key, "https://example.com/p.png", "images/downloaded");

        Assert.True(result.IsSuccess);
        Assert.Equal("http://upload.test/api/file-url-upload", handler.Requests.Single().Uri.ToString());
    }

    [Fact]
    public async Task Call_without_answer_times_out_on_the_clock_into_a_temporary_failure()
    {
        var clock = KieTestKit.Clock();
        var handler = new StubHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return StubHandler.Respond(200, "{}");
        });
        var client = KieTestKit.Client(handler, time: clock);

        var call = client.GetTaskAsync(Key, ApiFamily.Market, "t1");
        while (handler.Requests.Count == 0)
        {
            await Task.Yield();
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        var result = await call;

        Assert.Equal(("timeout", FailureClass.Temporary, FailureTextKeys.TimedOut), (result.Failure!.Classification.Rule, result.Failure.Class, result.Failure.Classification.TextKey));
        Assert.Equal(Key.Id, result.Failure.KeyId);
    }

    [Fact]
    public async Task Caller_cancellation_throws_instead_of_returning_a_failure()
    {
        var handler = new StubHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return StubHandler.Respond(200, "{}");
        });
        using var cancel = new CancellationTokenSource();

        var call = KieTestKit.Client(handler).CreateTaskAsync(Key, KieCreateRequest.Market("z-image", new JsonObject()), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Retry_after_header_of_a_429_is_kept_for_the_pool()
    {
        var handler = new StubHandler((_, _, _) =>
        {
            var response = StubHandler.Respond(429, """{"code":429,"msg":"Rate limit exceeded"}""");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return Task.FromResult(response);
        });

        var result = await KieTestKit.Client(handler).CreateTaskAsync(Key, KieCreateRequest.Market("z-image", new JsonObject()));

        Assert.Equal(TimeSpan.FromSeconds(7), result.Failure!.RetryAfter);
    }

    [Fact]
    public async Task Success_envelope_without_task_id_is_an_unknown_failure_not_an_exception()
    {
        var result = await KieTestKit.Client(StubHandler.Json(200, """{"code":200,"msg":"success","data":{}}""")).CreateTaskAsync(Key, KieCreateRequest.Market("z-image", new JsonObject()));

        Assert.Equal(FailureClass.Unknown, result.Failure!.Class);
    }

    [Fact]
    public async Task Failure_text_and_logs_never_carry_the_key()
    {
        var result = await KieTestKit.Client(StubHandler.Json(200, """{"code":401,"msg":"You do not have access permissions"}""")).GetCreditsAsync(Key);

        Assert.DoesNotContain(KieTestKit.KeyA[..28], result.Failure!.ToString(), StringComparison.Ordinal);
        Assert.Contains("****aaaa", result.Failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_is_read_from_the_kie_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kie:BaseUrl"] = "http://127.0.0.1:5000/",
            ["Kie:UploadBaseUrl"] = "http://127.0.0.1:5001",
            ["Kie:ApiKeys"] = $" {KieTestKit.KeyA} , {KieTestKit.KeyB},{KieTestKit.KeyA}",
            ["Kie:RequestTimeout"] = "15s",
            ["Kie:Retry:Delays"] = "1s,2s",
            ["Kie:Poll:GiveUpAfter"] = "10m",
            ["Kie:Pacing:CreatesPerWindow"] = "5",
            ["Kie:Pacing:SafetyMargin"] = "0s",
            ["Kie:WebhookHmacKey"] = "hmac",
        }).Build();

        var options = KieOptions.FromConfiguration(configuration);

        Assert.Equal(new Uri("http://127.0.0.1:5000/"), options.BaseUrl);
        Assert.Equal(2, options.ApiKeys.Count);
        Assert.Equal(TimeSpan.FromSeconds(15), options.RequestTimeout);
        Assert.Equal(RetrySchedule.Parse("1s,2s"), options.Retry);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Poll.GiveUpAfter);
        Assert.Equal((5, TimeSpan.Zero, 10), (options.Pacing.CreatesPerWindow, options.Pacing.SafetyMargin, options.Pacing.QueriesPerWindow));
        Assert.Equal("hmac", options.WebhookHmacKey);
    }

    [Fact]
    public void Configuration_defaults_to_the_public_kie_hosts()
    {
        var options = KieOptions.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.Equal((new Uri("https://api.kie.ai"), new Uri("https://kieai.redpandaai.co")), (options.BaseUrl, options.UploadBaseUrl));
        Assert.Empty(options.ApiKeys);
        Assert.Equal(RetrySchedule.Default, options.Retry);
    }

    [Fact]
    public void Bad_configuration_says_which_key_is_wrong_without_echoing_secrets()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Kie:RequestTimeout"] = "soon" }).Build();

        var error = Assert.Throws<Domain.Configuration.BadSettingException>(() => KieOptions.FromConfiguration(configuration));
        Assert.Contains("Kie:RequestTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_kie_client_registers_the_gateway_pool_and_callback_helpers()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kie:ApiKeys"] = KieTestKit.KeyA,
            ["Kie:CallbackBaseUrl"] = "https://bot.example.com",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddKieClient(configuration);

        using var provider = services.BuildServiceProvider();

        var gateway = provider.GetRequiredService<IKieGateway>();
        Assert.Same(provider.GetRequiredService<KieKeyPool>(), gateway.Pool);
        Assert.Single(gateway.Pool.KeyIds);
        Assert.NotNull(provider.GetRequiredService<KieCallbackUrls>().For(ApiFamily.Market, "job-1"));
        Assert.NotNull(provider.GetRequiredService<KieCallbackVerifier>());
        Assert.Equal(RetrySchedule.Default, provider.GetRequiredService<RetrySchedule>());
        Assert.NotNull(provider.GetRequiredService<IHttpClientFactory>().CreateClient(KieApiClient.HttpClientName));
    }

    [Fact]
    public void Json_of_unknown_shape_in_a_record_is_tolerated()
    {
        var data = JsonDocument.Parse("""{"taskId":"t","state":"success","resultJson":"not json at all","failCode":404,"extra":[1,2]}""").RootElement;

        var outcome = KieTaskParser.ParseRecord(ApiFamily.Market, data, "t");

        Assert.Equal(KieTaskPhase.Succeeded, outcome.Phase);
        Assert.Empty(outcome.ResultUrls);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                if (state is IEnumerable<KeyValuePair<string, object?>> properties)
                {
                    foreach (var property in properties)
                    {
                        owner.Lines.Enqueue($"{category}: {property.Key}={property.Value}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Nothing_logged_at_any_level_carries_the_key()
    {
        var logs = new CapturingLoggerProvider();
        var answers = new Queue<string>(
        [
            """{"code":200,"msg":"success","data":{"taskId":"t1"}}""",
            """{"code":402,"msg":"The current credits are insufficient. Please top up."}""",
            """{"code":401,"msg":"You do not have access permissions"}""",
        ]);
        var handler = new StubHandler((_, _, _) => Task.FromResult(StubHandler.Respond(200, answers.Dequeue())));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kie:ApiKeys"] = KieTestKit.KeyA,
            ["Kie:BaseUrl"] = "http://kie.test",
        }).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)).AddKieClient(configuration);
        services.AddHttpClient(KieApiClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        var gateway = provider.GetRequiredService<IKieGateway>();

        await gateway.SubmitAsync(KieCreateRequest.Market("z-image", new JsonObject { ["prompt"] = "x" }));
        await gateway.SubmitAsync(KieCreateRequest.Market("z-image", new JsonObject { ["prompt"] = "x" }));
        gateway.Pool.Enable(gateway.Pool.KeyIds[0]);
        await gateway.GetCreditsAsync();

        Assert.Contains(logs.Lines, l => l.Contains("Authorization", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("****aaaa", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(KieTestKit.KeyA[..28], StringComparison.Ordinal));
    }
}
