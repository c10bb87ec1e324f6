using System.Text.Json.Nodes;

namespace NeuroActors.IntegrationTests.Sandbox.Kie;

public sealed class KieFamilyTests
{
    [Fact]
    public async Task Veo_generate_runs_to_success_flag_1_with_an_mp4_and_a_callback()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.InitialBalance = 500m);

        var (_, created) = await host.PostAsync("api/v1/veo/generate", new { prompt = "a sunrise", model = "veo3_fast", callBackUrl = host.CallbackUrl("veo") });
        var taskId = (string)created["data"]!["taskId"]!;
        var data = await host.PollUntilAsync(taskId, d => (int)d["successFlag"]! != 0, "api/v1/veo/record-info");

        Assert.Equal(1, (int)data["successFlag"]!);
        Assert.Equal("a sunrise", (string)JsonNode.Parse((string)data["paramJson"]!)!["prompt"]!);
        var url = (string)data["response"]!["resultUrls"]![0]!;
        var video = await host.Http.GetByteArrayAsync(new Uri(url));
        Assert.Equal("ftyp"u8.ToArray(), video[4..8]);
        Assert.Equal(440m, await host.CreditAsync());

        var callback = await host.Callbacks.NextAsync();
        Assert.Equal(200, (int)callback.Json["code"]!);
        Assert.Equal("Veo3.1 video generated successfully.", (string)callback.Json["msg"]!);
        Assert.Equal(taskId, (string)callback.Json["data"]!["taskId"]!);
        Assert.Equal(url, (string)callback.Json["data"]!["info"]!["resultUrls"]![0]!);
    }

    [Fact]
    public async Task Veo_content_policy_failure_answers_flag_2_and_a_400_callback()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, created) = await host.PostAsync("api/v1/veo/generate", new { prompt = "x [[fail:content-policy]]", callBackUrl = host.CallbackUrl("veo") });
        var taskId = (string)created["data"]!["taskId"]!;
        var data = await host.PollUntilAsync(taskId, d => (int)d["successFlag"]! != 0, "api/v1/veo/record-info");

        Assert.Equal(2, (int)data["successFlag"]!);
        var callback = await host.Callbacks.NextAsync();
        Assert.Equal(
            """{"code":400,"msg":"Your prompt was flagged by Website as violating content policies.","data":{"taskId":"TASK","fallbackFlag":false}}""".Replace("TASK", taskId, StringComparison.Ordinal),
            callback.Body);
    }

    [Fact]
    public async Task Veo_with_an_unknown_model_answers_422_and_market_record_info_does_not_know_veo_tasks()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, unknown) = await host.PostAsync("api/v1/veo/generate", new { prompt = "x", model = "veo9" });
        var (_, created) = await host.PostAsync("api/v1/veo/generate", new { prompt = "x" });
        var (_, viaMarket) = await host.RecordInfoAsync((string)created["data"]!["taskId"]!);

        Assert.Equal(422, (int)unknown["code"]!);
        Assert.Equal("recordInfo is null", (string)viaMarket["msg"]!);
    }

    [Fact]
    public async Task Suno_generate_requires_a_callback_url()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.PostAsync("api/v1/generate", new { prompt = "a song", customMode = false, instrumental = false, model = "V4_5" });

        Assert.Equal("""{"code":500,"msg":"callBackUrl is required","data":null}""", body.ToJsonString());
    }

    [Fact]
    public async Task Suno_custom_mode_requires_style_and_title()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.PostAsync(
            "api/v1/generate", new { prompt = "lyrics", customMode = true, instrumental = false, model = "V5", callBackUrl = host.CallbackUrl("suno") });

        Assert.Equal("style is required", (string)body["msg"]!);
    }

    [Fact]
    public async Task Suno_generate_sends_text_first_and_complete_callbacks_and_serves_mp3_tracks()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, created) = await host.PostAsync(
            "api/v1/generate", new { prompt = "a calm song", customMode = false, instrumental = false, model = "V4_5", callBackUrl = host.CallbackUrl("suno") });
        var taskId = (string)created["data"]!["taskId"]!;

        var text = await host.Callbacks.NextAsync();
        var first = await host.Callbacks.NextAsync();
        var complete = await host.Callbacks.NextAsync();
        Assert.Equal(["text", "first", "complete"], new[] { text, first, complete }.Select(c => (string)c.Json["data"]!["callbackType"]!));
        Assert.Equal("All generated successfully.", (string)complete.Json["msg"]!);
        Assert.Equal(taskId, (string)complete.Json["data"]!["task_id"]!);
        var tracks = complete.Json["data"]!["data"]!.AsArray();
        Assert.Equal(2, tracks.Count);

        var audio = await host.Http.GetByteArrayAsync(new Uri((string)tracks[0]!["audio_url"]!));
        Assert.True(audio[0] == 0xFF && (audio[1] & 0xE0) == 0xE0);

        var data = await host.PollUntilAsync(taskId, d => (string)d["status"]! == "SUCCESS", "api/v1/generate/record-info");
        Assert.Equal(2, data["response"]!["sunoData"]!.AsArray().Count);
        Assert.Equal((string)tracks[1]!["audio_url"]!, (string)data["response"]!["sunoData"]![1]!["audioUrl"]!);
    }

    [Fact]
    public async Task Suno_failure_sends_an_error_callback()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, created) = await host.PostAsync(
            "api/v1/generate", new { prompt = "x [[fail:generation]]", customMode = false, instrumental = true, model = "V4", callBackUrl = host.CallbackUrl("suno") });
        var taskId = (string)created["data"]!["taskId"]!;

        ReceivedCallback last;
        do
        {
            last = await host.Callbacks.NextAsync();
        }
        while ((string)last.Json["data"]!["callbackType"]! != "error");

        Assert.Equal(
            """{"code":501,"msg":"Audio generation failed","data":{"callbackType":"error","task_id":"TASK","data":null}}""".Replace("TASK", taskId, StringComparison.Ordinal),
            last.Body);
        var data = await host.PollUntilAsync(taskId, _ => true, "api/v1/generate/record-info");
        Assert.Equal("GENERATE_AUDIO_FAILED", (string)data["status"]!);
        Assert.Equal(501, (int)data["errorCode"]!);
    }
}
