using Microsoft.Extensions.Time.Testing;

namespace NeuroActors.IntegrationTests.Sandbox.Kie;

public sealed class KieCreateValidationTests
{
    private static readonly object NanoBanana = new { model = "google/nano-banana", input = new { prompt = "a fox" } };

    [Fact]
    public async Task Create_without_a_key_answers_401_no_access_with_http_200()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (status, body) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana, key: null);

        Assert.Equal(200, status);
        Assert.Equal("""{"code":401,"msg":"You do not have access permissions","data":null}""", body.ToJsonString());
    }

    [Fact]
    public async Task Create_with_an_unknown_key_answers_401()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana, key: "not-a-key");

        Assert.Equal(401, (int)body["code"]!);
    }

    [Fact]
    public async Task Configured_keys_replace_the_default_key()
    {
        await using var host = await KieSandboxHost.StartAsync(o =>
        {
            o.Keys.Clear();
            o.Keys.Add("only-this-one");
        });

        var (_, refused) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana, key: KieSandboxHost.Key);
        var (_, accepted) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana, key: "only-this-one");

        Assert.Equal(401, (int)refused["code"]!);
        Assert.Equal(200, (int)accepted["code"]!);
    }

    [Fact]
    public async Task Create_with_an_unknown_model_answers_422_not_supported()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.PostAsync("api/v1/jobs/createTask", new { model = "generate-music", input = new { prompt = "x" } });

        Assert.Equal("""{"code":422,"msg":"The model name you specified is not supported","data":null}""", body.ToJsonString());
    }

    [Fact]
    public async Task Create_of_a_veo_model_through_the_market_route_answers_422()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.PostAsync("api/v1/jobs/createTask", new { model = "veo3", input = new { prompt = "x" } });

        Assert.Equal(422, (int)body["code"]!);
    }

    [Fact]
    public async Task Create_checks_the_model_before_the_input()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.PostAsync("api/v1/jobs/createTask", new { model = "no-such-model" });

        Assert.Equal("The model name you specified is not supported", (string)body["msg"]!);
    }

    [Fact]
    public async Task Create_without_a_required_input_field_answers_500_field_is_required()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.PostAsync(
            "api/v1/jobs/createTask", new { model = "flux-2/pro-text-to-image", input = new { prompt = "x", resolution = "1K" } });

        Assert.Equal("""{"code":500,"msg":"aspect_ratio is required","data":null}""", body.ToJsonString());
    }

    [Fact]
    public async Task Create_with_too_little_balance_answers_402_and_creates_nothing()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.InitialBalance = 3m);

        var (_, body) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana);

        Assert.Equal("""{"code":402,"msg":"The current credits are insufficient. Please top up.","data":null}""", body.ToJsonString());
        Assert.Empty(await host.Control.GetTasksAsync());
        Assert.Equal(3m, await host.CreditAsync());
    }

    [Fact]
    public async Task Twenty_first_create_within_ten_seconds_answers_429_and_the_window_then_reopens()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await KieSandboxHost.StartAsync(time: time);

        for (var i = 0; i < 20; i++)
        {
            var (_, created) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana);
            Assert.Equal(200, (int)created["code"]!);
        }

        var (_, limited) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana);
        Assert.Equal("""{"code":429,"msg":"Rate limit exceeded","data":null}""", limited.ToJsonString());

        // The window is per key.
        var (_, otherKey) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana, key: KieSandboxHost.OtherKey);
        Assert.Equal(200, (int)otherKey["code"]!);

        time.Advance(TimeSpan.FromSeconds(10));
        var (_, reopened) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana);
        Assert.Equal(200, (int)reopened["code"]!);
        Assert.Equal(22, (await host.Control.GetTasksAsync()).Count);
    }

    [Fact]
    public async Task Http_status_equals_code_option_sets_the_http_status()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.HttpStatusEqualsCode = true);

        var (unsupported, _) = await host.PostAsync("api/v1/jobs/createTask", new { model = "nope", input = new { } });
        var (unauthorized, _) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana, key: null);
        var (created, _) = await host.PostAsync("api/v1/jobs/createTask", NanoBanana);

        Assert.Equal(422, unsupported);
        Assert.Equal(401, unauthorized);
        Assert.Equal(200, created);
    }

    [Fact]
    public async Task Record_info_without_task_id_answers_400()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.GetAsync("api/v1/jobs/recordInfo");

        Assert.Equal("""{"code":400,"msg":"taskId parameter is required","data":null}""", body.ToJsonString());
    }

    [Fact]
    public async Task Record_info_of_an_unknown_task_answers_422_record_info_is_null()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.RecordInfoAsync("0123456789abcdef0123456789abcdef");

        Assert.Equal("""{"code":422,"msg":"recordInfo is null","data":null}""", body.ToJsonString());
    }

    [Fact]
    public async Task Record_info_and_credit_without_a_key_answer_401()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, record) = await host.GetAsync("api/v1/jobs/recordInfo?taskId=abc", key: null);
        var (_, credit) = await host.GetAsync("api/v1/chat/credit", key: null);

        Assert.Equal(401, (int)record["code"]!);
        Assert.Equal(401, (int)credit["code"]!);
    }
}
