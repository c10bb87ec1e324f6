using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Failures;
using NeuroActors.IntegrationTests.Kie;
using NeuroActors.IntegrationTests.Sandbox.Kie;
using NeuroActors.Kie;

namespace NeuroActors.IntegrationTests.Sandbox.SimulatorCatalog;

/// <summary>Runway, 4o Image and Flux Kontext in the simulator: wire shapes, failure knobs and the real client's reading of them.</summary>
public sealed class SimulatedOwnRouteFamiliesTests
{
    private const string HmacKey = "test-webhook-hmac-key";

    [Fact]
    public async Task Runway_runs_to_state_success_with_video_info_and_a_snake_case_callback()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.InitialBalance = 100m);

        var (_, created) = await host.PostAsync("api/v1/runway/generate", new
        {
            prompt = "a red fox", duration = 5, quality = "720p", aspectRatio = "16:9", callBackUrl = host.CallbackUrl("runway"),
        });
        var taskId = (string)created["data"]!["taskId"]!;
        var data = await host.PollUntilAsync(taskId, d => (string)d["state"]! is "success" or "fail", "api/v1/runway/record-detail");

        Assert.Equal("success", (string)data["state"]!);
        Assert.Equal("a red fox", (string)data["generateParam"]!["prompt"]!);
        var url = (string)data["videoInfo"]!["videoUrl"]!;
        var video = await host.Http.GetByteArrayAsync(new Uri(url));
        Assert.Equal("ftyp"u8.ToArray(), video[4..8]);
        Assert.Equal(88m, await host.CreditAsync());

        var callback = await host.Callbacks.NextAsync();
        Assert.Equal(200, (int)callback.Json["code"]!);
        Assert.Equal("All generated successfully.", (string)callback.Json["msg"]!);
        Assert.Equal(taskId, (string)callback.Json["data"]!["task_id"]!);
        Assert.Equal(url, (string)callback.Json["data"]!["video_url"]!);
    }

    [Fact]
    public async Task Runway_text_to_video_needs_an_aspect_ratio_and_a_callback_url()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, noRatio) = await host.PostAsync("api/v1/runway/generate", new { prompt = "x", duration = 5, quality = "720p", callBackUrl = host.CallbackUrl() });
        var (_, noCallback) = await host.PostAsync("api/v1/runway/generate", new { prompt = "x", duration = 5, quality = "720p", aspectRatio = "16:9" });
        var (_, fromImage) = await host.PostAsync("api/v1/runway/generate", new
        {
            prompt = "x", duration = 5, quality = "720p", imageUrl = "https://example.com/a.png", callBackUrl = host.CallbackUrl(),
        });

        Assert.Equal("aspectRatio is required", (string)noRatio["msg"]!);
        Assert.Equal("callBackUrl is required", (string)noCallback["msg"]!);
        Assert.Equal(200, (int)fromImage["code"]!);
    }

    [Fact]
    public async Task Runway_content_policy_marker_fails_with_code_400_in_record_and_callback()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, created) = await host.PostAsync("api/v1/runway/generate", new
        {
            prompt = "x [[fail:content-policy]]", duration = 5, quality = "720p", aspectRatio = "16:9", callBackUrl = host.CallbackUrl(),
        });
        var taskId = (string)created["data"]!["taskId"]!;
        var data = await host.PollUntilAsync(taskId, d => (string)d["state"]! is "success" or "fail", "api/v1/runway/record-detail");

        Assert.Equal("fail", (string)data["state"]!);
        Assert.Equal(400, (int)data["failCode"]!);
        Assert.Null(data["videoInfo"]);
        var callback = await host.Callbacks.NextAsync();
        Assert.Equal(400, (int)callback.Json["code"]!);
        Assert.Equal(taskId, (string)callback.Json["data"]!["task_id"]!);
    }

    [Fact]
    public async Task Gpt4o_image_makes_n_variants_and_reports_progress_as_a_fraction()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, created) = await host.PostAsync("api/v1/gpt4o-image/generate", new { prompt = "a red fox", size = "1:1", nVariants = 2, callBackUrl = host.CallbackUrl("4o") });
        var taskId = (string)created["data"]!["taskId"]!;
        var data = await host.PollUntilAsync(taskId, d => (int)d["successFlag"]! != 0, "api/v1/gpt4o-image/record-info");

        Assert.Equal(1, (int)data["successFlag"]!);
        Assert.Equal("SUCCESS", (string)data["status"]!);
        Assert.Equal("1.00", (string)data["progress"]!);
        var urls = data["response"]!["resultUrls"]!.AsArray().Select(u => (string)u!).ToArray();
        Assert.Equal(2, urls.Length);
        var png = await host.Http.GetByteArrayAsync(new Uri(urls[1]));
        Assert.Equal(0x89, png[0]);

        var callback = await host.Callbacks.NextAsync();
        Assert.Equal(
            urls,
            callback.Json["data"]!["info"]!["result_urls"]!.AsArray().Select(u => (string)u!).ToArray());
    }

    [Fact]
    public async Task Gpt4o_image_needs_a_size_and_a_prompt_or_files()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, noSize) = await host.PostAsync("api/v1/gpt4o-image/generate", new { prompt = "x" });
        var (_, nothing) = await host.PostAsync("api/v1/gpt4o-image/generate", new { size = "1:1" });
        var (_, filesOnly) = await host.PostAsync("api/v1/gpt4o-image/generate", new { size = "1:1", filesUrl = new[] { "https://example.com/a.png" } });

        Assert.Equal("size is required", (string)noSize["msg"]!);
        Assert.Equal("prompt is required", (string)nothing["msg"]!);
        Assert.Equal(200, (int)filesOnly["code"]!);
    }

    [Fact]
    public async Task Flux_kontext_answers_origin_and_result_image_and_fails_generation_with_flag_3()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.InitialBalance = 100m);

        var (_, ok) = await host.PostAsync("api/v1/flux/kontext/generate", new { prompt = "a red fox", model = "flux-kontext-max" });
        var (_, bad) = await host.PostAsync("api/v1/flux/kontext/generate", new { prompt = "x [[fail:generation]]", callBackUrl = host.CallbackUrl("flux") });
        var (_, unknown) = await host.PostAsync("api/v1/flux/kontext/generate", new { prompt = "x", model = "flux-kontext-mini" });
        var done = await host.PollUntilAsync((string)ok["data"]!["taskId"]!, d => (int)d["successFlag"]! != 0, "api/v1/flux/kontext/record-info");
        var failed = await host.PollUntilAsync((string)bad["data"]!["taskId"]!, d => (int)d["successFlag"]! != 0, "api/v1/flux/kontext/record-info");

        Assert.Equal(1, (int)done["successFlag"]!);
        Assert.EndsWith(".png", (string)done["response"]!["resultImageUrl"]!, StringComparison.Ordinal);
        Assert.NotEqual((string)done["response"]!["resultImageUrl"]!, (string)done["response"]!["originImageUrl"]!);
        Assert.Equal(90m, await host.CreditAsync());
        Assert.Equal(3, (int)failed["successFlag"]!);
        Assert.Equal(501, (int)failed["errorCode"]!);
        Assert.Equal(422, (int)unknown["code"]!);
        var callback = await host.Callbacks.NextAsync();
        Assert.Equal(501, (int)callback.Json["code"]!);
        Assert.Null(callback.Json["data"]!["info"]);
    }

    public static TheoryData<string> Families() => ["runway", "4o", "flux"];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_real_client_reads_a_success_and_its_signed_callback(string family)
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA], hmacKey: HmacKey);
        var request = Request(family, "a red fox", kie);

        var submitted = await kie.Gateway.SubmitAsync(request);
        Assert.True(submitted.IsSuccess, submitted.ToString());
        var polled = await kie.PollUntilFinalAsync(submitted.Value);
        var callback = await kie.NextCallbackAsync();

        Assert.Equal(KieTaskPhase.Succeeded, polled.Phase);
        Assert.NotEmpty(polled.ResultUrls);
        Assert.Equal(submitted.Value.TaskId, callback.TaskId);
        Assert.Equal(KieTaskPhase.Succeeded, callback.Outcome.Phase);
        Assert.Equal(polled.ResultUrls, callback.Outcome.ResultUrls);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_real_client_classifies_a_content_policy_failure_in_record_and_callback(string family)
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA], hmacKey: HmacKey);

        var submitted = await kie.Gateway.SubmitAsync(Request(family, "a red fox [[fail:content-policy]]", kie));
        Assert.True(submitted.IsSuccess, submitted.ToString());
        var polled = await kie.PollUntilFinalAsync(submitted.Value);
        var callback = await kie.NextCallbackAsync();

        Assert.Equal(KieTaskPhase.Failed, polled.Phase);
        Assert.Equal(FailureTextKeys.ContentPolicy, polled.Failure!.TextKey);
        Assert.Equal(KieTaskPhase.Failed, callback.Outcome.Phase);
        Assert.Equal(FailureTextKeys.ContentPolicy, callback.Outcome.Failure!.TextKey);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Poll_failures_and_null_records_come_before_the_answer_as_for_the_other_families(string family)
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);

        var submitted = await kie.Gateway.SubmitAsync(Request(family, "a red fox [[poll-fail:1]] [[poll-null:1]]", kie));
        Assert.True(submitted.IsSuccess, submitted.ToString());
        var first = await kie.Client.GetTaskAsync(kie.Key(KieClientHarness.KeyA), submitted.Value.Family, submitted.Value.TaskId);
        var second = await kie.Client.GetTaskAsync(kie.Key(KieClientHarness.KeyA), submitted.Value.Family, submitted.Value.TaskId);
        var third = await kie.Client.GetTaskAsync(kie.Key(KieClientHarness.KeyA), submitted.Value.Family, submitted.Value.TaskId);

        Assert.Equal(500, first.Failure?.Evidence?.EffectiveCode);
        Assert.Equal(422, second.Failure?.Evidence?.EffectiveCode);
        Assert.True(third.IsSuccess, third.ToString());
        Assert.Equal(KieTaskPhase.Succeeded, third.Value.Phase);
    }

    private static KieCreateRequest Request(string family, string prompt, KieClientHarness kie) => family switch
    {
        "runway" => new RunwayGenerateRequest(prompt, 5, "720p") { AspectRatio = "16:9" }
            .ToCreateRequest(kie.CallbackUrls.For(ApiFamily.Runway, "job-runway")),
        "4o" => new Gpt4oImageRequest(prompt, "1:1").ToCreateRequest(kie.CallbackUrls.For(ApiFamily.Gpt4oImage, "job-4o")),
        _ => new FluxKontextRequest(prompt) { Model = "flux-kontext-pro" }.ToCreateRequest(kie.CallbackUrls.For(ApiFamily.FluxKontext, "job-flux")),
    };
}
