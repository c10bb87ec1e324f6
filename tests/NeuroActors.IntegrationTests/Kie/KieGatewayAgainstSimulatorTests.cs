using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;
using Sim = NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Kie;

/// <summary>The gateway and key pool against the simulated KIE over loopback: load sharing, key failures, callbacks, families.</summary>
public sealed class KieGatewayAgainstSimulatorTests
{
    private static KieCreateRequest ZImage(string prompt, string? callbackUrl = null) =>
        KieCreateRequest.Market("z-image", new JsonObject { ["prompt"] = prompt, ["aspect_ratio"] = "1:1" }, callbackUrl);

    [Fact]
    public async Task Two_keys_share_the_load()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA, KieClientHarness.KeyB]);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => kie.Gateway.SubmitAsync(ZImage($"picture {i}"))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        var tasks = await kie.Control.GetTasksAsync();
        Assert.Equal(10, tasks.Count(t => t.Key == SecretMask.Last4(KieClientHarness.KeyA)));
        Assert.Equal(10, tasks.Count(t => t.Key == SecretMask.Last4(KieClientHarness.KeyB)));
    }

    [Fact]
    public async Task No_credits_on_one_key_moves_work_to_the_other_and_alerts_the_admins()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA, KieClientHarness.KeyB]);
        await kie.Control.SetKeyBehaviourAsync(KieClientHarness.KeyA, new Sim.KieBehaviour(CreateError: 402));
        var alerts = new List<KieKeyAlert>();
        kie.Pool.KeyAlert += alerts.Add;

        var results = new List<KieResult<KieSubmittedTask>>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await kie.Gateway.SubmitAsync(ZImage($"picture {i}")));
        }

        var keyA = kie.Key(KieClientHarness.KeyA).Id;
        var keyB = kie.Key(KieClientHarness.KeyB).Id;
        Assert.All(results, r => Assert.Equal(keyB, r.Value!.KeyId));
        var alert = Assert.Single(alerts);
        Assert.Equal((keyA, KieKeyDisableReason.NoCredits), (alert.KeyId, alert.Reason));
        Assert.Equal(1, kie.Wire.Count("/api/v1/jobs/createTask", 402));
        var report = kie.Pool.GetReport().Keys.Single(k => k.KeyId == keyA);
        Assert.Equal(KieKeyCondition.Disabled, report.Condition);
        Assert.All(await kie.Control.GetTasksAsync(), t => Assert.Equal(SecretMask.Last4(KieClientHarness.KeyB), t.Key));
    }

    [Fact]
    public async Task Burst_of_100_creates_over_two_keys_completes_without_a_single_429()
    {
        // The simulator's window is shortened to 1 s (20 per key per second) and the pool paces to the same window,
        // so the burst takes seconds, not the ~25 s of KIE's real 20 per 10 s.
        await using var kie = await KieClientHarness.StartAsync(
            [KieClientHarness.KeyA, KieClientHarness.KeyB],
            o => o.RateLimitWindow = TimeSpan.FromSeconds(1),
            new Dictionary<string, string?> { ["Kie:Pacing:CreateWindow"] = "1s" });

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => kie.Gateway.SubmitAsync(ZImage($"burst {i}"))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Equal(100, kie.Wire.Count("/api/v1/jobs/createTask"));
        Assert.Equal(0, kie.Wire.Count("/api/v1/jobs/createTask", 429));
        Assert.Equal(100, (await kie.Control.GetTasksAsync()).Count);
        // Slots free as answers come back, so the split follows the answers; both keys carry a good part.
        Assert.InRange(results.Count(r => r.Value!.KeyId == kie.Key(KieClientHarness.KeyA).Id), 25, 75);
    }

    [Fact]
    public async Task Queued_creates_hear_their_place_in_line()
    {
        await using var kie = await KieClientHarness.StartAsync(
            [KieClientHarness.KeyA],
            o => o.RateLimitWindow = TimeSpan.FromSeconds(1),
            new Dictionary<string, string?> { ["Kie:Pacing:CreateWindow"] = "1s" });
        var positions = new System.Collections.Concurrent.ConcurrentBag<KieQueuePosition>();
        var progress = new SynchronousProgress(positions.Add);

        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => kie.Gateway.SubmitAsync(ZImage($"queued {i}"), progress)));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Contains(positions, p => p.Position == 5);
        Assert.DoesNotContain(positions, p => p.Position > 5);
    }

    private sealed class SynchronousProgress(Action<KieQueuePosition> report) : IProgress<KieQueuePosition>
    {
        public void Report(KieQueuePosition value) => report(value);
    }

    [Fact]
    public async Task Market_task_round_trip_with_verified_callback_and_download_link()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);
        var before = (await kie.Gateway.GetCreditsAsync()).Value;

        var submitted = await kie.Gateway.SubmitAsync(ZImage("a lighthouse at dusk", kie.CallbackUrls.For(ApiFamily.Market, "job-77")));
        var callback = await kie.NextCallbackAsync();
        var polled = await kie.PollUntilFinalAsync(submitted.Value!);
        var link = await kie.Gateway.GetDownloadUrlAsync(polled.ResultUrls[0], submitted.Value!.KeyId);
        var after = (await kie.Gateway.GetCreditsAsync()).Value;

        Assert.Equal(("job-77", submitted.Value.TaskId, KieTaskPhase.Succeeded), (callback.JobId, callback.TaskId, callback.Outcome.Phase));
        Assert.Equal(polled.ResultUrls, callback.Outcome.ResultUrls);
        Assert.NotEmpty(polled.ResultUrls);
        Assert.True(link.IsSuccess, link.ToString());
        Assert.Equal(before - 0.8m, after);
    }

    [Fact]
    public async Task Signed_callbacks_are_verified_end_to_end_and_unsigned_ones_refused()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA], hmacKey: "integration-hmac-key");
        var callbackUrl = kie.CallbackUrls.For(ApiFamily.Market, "job-5")!;

        var submitted = await kie.Gateway.SubmitAsync(ZImage("a fox [[fail:content-policy]]", callbackUrl));
        var callback = await kie.NextCallbackAsync();

        Assert.Equal(submitted.Value!.TaskId, callback.TaskId);
        Assert.Equal((KieTaskPhase.Failed, NeuroActors.Domain.Failures.FailureClass.UserViolation), (callback.Outcome.Phase, callback.Outcome.Failure!.Class));

        using var http = new HttpClient();
        var forged = await http.PostAsync(callbackUrl, new StringContent(
            "{\"code\":200,\"msg\":\"ok\",\"data\":{\"taskId\":\"" + submitted.Value.TaskId + "\",\"state\":\"success\"}}", Encoding.UTF8, "application/json"));
        var wrongJob = await http.PostAsync(callbackUrl.Replace("/job-5/", "/job-6/", StringComparison.Ordinal), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrongJob.StatusCode);
    }

    [Fact]
    public async Task Veo_and_suno_tasks_are_created_and_polled_on_their_routes()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);

        var veo = await kie.Gateway.SubmitAsync(new VeoGenerateRequest("A dog surfing a wave") { Model = "veo3_fast" }.ToCreateRequest());
        var suno = await kie.Gateway.SubmitAsync(new SunoGenerateRequest("A calm piano piece", false, true, "V5").ToCreateRequest(kie.CallbackUrls.For(ApiFamily.Suno, "job-s")!));
        var veoOutcome = await kie.PollUntilFinalAsync(veo.Value!);
        var sunoOutcome = await kie.PollUntilFinalAsync(suno.Value!);

        Assert.Equal((KieTaskPhase.Succeeded, KieTaskPhase.Succeeded), (veoOutcome.Phase, sunoOutcome.Phase));
        Assert.NotEmpty(veoOutcome.ResultUrls);
        Assert.NotEmpty(sunoOutcome.ResultUrls);
        var sunoCallbacks = new List<KieCallback>();
        while (sunoCallbacks.All(c => c.Outcome.Phase != KieTaskPhase.Succeeded))
        {
            sunoCallbacks.Add(await kie.NextCallbackAsync());
        }

        Assert.Equal(sunoOutcome.ResultUrls, sunoCallbacks[^1].Outcome.ResultUrls);
    }

    [Fact]
    public async Task Files_upload_as_base64_and_as_a_stream()
    {
        await using var kie = await KieClientHarness.StartAsync([KieClientHarness.KeyA]);
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

        var base64 = await kie.Gateway.UploadBase64Async(new KieBase64Upload("data:image/png;base64," + Convert.ToBase64String(png), "images/user-uploads", "a.png"));
        using var stream = new MemoryStream(png);
        var streamed = await kie.Gateway.UploadStreamAsync(stream, "images/user-uploads", "b.png", "image/png");

        Assert.True(base64.IsSuccess, base64.ToString());
        Assert.True(streamed.IsSuccess, streamed.ToString());
        using var http = new HttpClient();
        Assert.Equal(png, await http.GetByteArrayAsync(streamed.Value!.DownloadUrl));
        Assert.Equal(2, (await kie.Control.GetUploadsAsync()).Count);
    }
}
