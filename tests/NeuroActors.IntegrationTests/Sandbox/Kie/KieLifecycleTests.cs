using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Sandbox.Kie;

public sealed class KieLifecycleTests
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Image_task_runs_to_success_and_its_result_url_serves_png_bytes()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a red fox", output_format = "png" });

        Assert.Matches(new Regex("^[0-9a-f]{32}$"), taskId);
        var data = await host.PollUntilAsync(taskId, d => (string)d["state"]! == "success");
        Assert.Equal(taskId, (string)data["taskId"]!);
        Assert.Equal("google/nano-banana", (string)data["model"]!);
        Assert.Null(data["failCode"]);
        Assert.Null(data["failMsg"]);
        Assert.NotNull(data["completeTime"]);
        Assert.False(data.ContainsKey("progress"));

        // param and resultJson are JSON strings.
        var param = JsonNode.Parse((string)data["param"]!)!;
        Assert.Equal("google/nano-banana", (string)param["model"]!);
        Assert.Equal("a red fox", (string)param["input"]!["prompt"]!);
        var urls = JsonNode.Parse((string)data["resultJson"]!)!["resultUrls"]!.AsArray();
        var url = (string)urls.Single()!;
        Assert.StartsWith(host.BaseAddress.ToString(), url, StringComparison.Ordinal);

        var bytes = await host.Http.GetByteArrayAsync(new Uri(url));
        Assert.Equal(PngMagic, bytes[..8]);
    }

    [Fact]
    public async Task Sora_task_result_is_an_mp4_with_watermarked_urls_and_progress_100()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("sora-2-text-to-video", new { prompt = "waves", aspect_ratio = "landscape", n_frames = "10", upload_method = "s3" });

        var data = await host.PollUntilAsync(taskId, d => (string)d["state"]! == "success");
        Assert.Equal(100, (int)data["progress"]!);
        var result = JsonNode.Parse((string)data["resultJson"]!)!;
        var video = await host.Http.GetByteArrayAsync(new Uri((string)result["resultUrls"]![0]!));
        Assert.Equal("ftyp"u8.ToArray(), video[4..8]);
        var watermarked = await host.Http.GetByteArrayAsync(new Uri((string)result["resultWaterMarkUrls"]![0]!));
        Assert.Equal("ftyp"u8.ToArray(), watermarked[4..8]);
    }

    [Fact]
    public async Task Speech_task_result_is_an_mp3()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("elevenlabs/text-to-speech-turbo-2-5", new { text = "Hello there" });

        var data = await host.PollUntilAsync(taskId, d => (string)d["state"]! == "success");
        var url = (string)JsonNode.Parse((string)data["resultJson"]!)!["resultUrls"]![0]!;
        Assert.EndsWith(".mp3", url, StringComparison.Ordinal);
        var audio = await host.Http.GetByteArrayAsync(new Uri(url));
        var id3 = audio.AsSpan(0, 3).SequenceEqual("ID3"u8);
        var frameSync = audio[0] == 0xFF && (audio[1] & 0xE0) == 0xE0;
        Assert.True(id3 || frameSync, "an MP3 starts with an ID3 tag or an MPEG frame sync");
    }

    [Fact]
    public async Task Record_info_is_null_in_a_tasks_first_moments_then_the_record_appears()
    {
        await using var host = await KieSandboxHost.StartAsync();
        await host.Control.SetDurationsAsync("google/nano-banana", new KieDurationsDto(600_000, 0, 0, 0));
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" });

        var (status, body) = await host.RecordInfoAsync(taskId);
        Assert.Equal(200, status);
        Assert.Equal("""{"code":422,"msg":"recordInfo is null","data":null}""", body.ToJsonString());

        await host.Control.FinishTaskAsync(taskId);
        var data = await host.PollUntilAsync(taskId, d => (string)d["state"]! == "success");
        Assert.Equal(taskId, (string)data["taskId"]!);
    }

    [Fact]
    public async Task Task_goes_waiting_queuing_generating_then_success_as_time_passes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await KieSandboxHost.StartAsync(
            o => o.Durations = new KieStageDurations(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)),
            time);
        var taskId = await host.CreateTaskAsync("sora-2-text-to-video", new { prompt = "a ship" });

        var (_, first) = await host.RecordInfoAsync(taskId);
        Assert.Equal(KieMessages.RecordInfoIsNull, (string)first["msg"]!);

        time.Advance(TimeSpan.FromSeconds(1));
        var waiting = await host.PollUntilAsync(taskId, _ => true);
        Assert.Equal("waiting", (string)waiting["state"]!);
        Assert.Equal(0, (int)waiting["progress"]!);
        Assert.Equal("", (string)waiting["resultJson"]!);
        Assert.Null(waiting["costTime"]);
        Assert.Null(waiting["completeTime"]);

        time.Advance(TimeSpan.FromSeconds(1));
        await host.PollUntilAsync(taskId, d => (string)d["state"]! == "queuing");
        time.Advance(TimeSpan.FromSeconds(1));
        await host.PollUntilAsync(taskId, d => (string)d["state"]! == "generating");
        time.Advance(TimeSpan.FromSeconds(5));
        var halfway = await host.PollUntilAsync(taskId, d => (string)d["state"]! == "generating");
        Assert.Equal(50, (int)halfway["progress"]!);

        time.Advance(TimeSpan.FromSeconds(5));
        var done = await host.PollUntilAsync(taskId, d => (string)d["state"]! == "success");
        Assert.Equal(100, (int)done["progress"]!);
        Assert.Equal(13, (int)done["costTime"]!);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), (long)done["completeTime"]!);
    }

    [Fact]
    public async Task Balance_falls_by_the_models_price_on_success_only()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.InitialBalance = 1000m);

        var ok = await host.CreateTaskAsync("kling-2.6/text-to-video", new { prompt = "a dog", sound = true, aspect_ratio = "16:9", duration = "10" });
        await host.Control.WaitForFinishAsync(ok, TimeSpan.FromSeconds(15));
        Assert.Equal(1000m - 220m, await host.CreditAsync());

        var failed = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a dog [[fail:content-policy]]" });
        var failedView = await host.Control.WaitForFinishAsync(failed, TimeSpan.FromSeconds(15));
        Assert.Equal(KieTaskPhase.Fail, failedView.State);
        Assert.Equal(0m, failedView.Charged);
        Assert.Equal(780m, await host.CreditAsync());

        var seedream = await host.CreateTaskAsync("seedream/4.5-text-to-image", new { prompt = "a cat", aspect_ratio = "1:1", quality = "basic" });
        await host.Control.WaitForFinishAsync(seedream, TimeSpan.FromSeconds(15));
        var (_, credit) = await host.GetAsync("api/v1/chat/credit");
        Assert.Equal("""{"code":200,"msg":"success","data":773.5}""", credit.ToJsonString());
    }

    [Fact]
    public async Task Price_override_in_options_is_what_a_success_costs()
    {
        await using var host = await KieSandboxHost.StartAsync(o =>
        {
            o.InitialBalance = 100m;
            o.Prices["google/nano-banana"] = 7.5m;
        });

        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x" });
        await host.Control.WaitForFinishAsync(taskId, TimeSpan.FromSeconds(15));

        Assert.Equal(92.5m, await host.CreditAsync());
    }
}
