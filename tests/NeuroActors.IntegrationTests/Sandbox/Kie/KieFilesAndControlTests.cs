using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Sandbox.Kie;

public sealed class KieFilesAndControlTests
{
    private static readonly byte[] TinyPng = KieSampleMedia.Png("upload");

    [Fact]
    public async Task Base64_upload_stores_the_file_and_serves_it_at_its_download_url()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, body) = await host.PostAsync("api/file-base64-upload", new
        {
            base64Data = "data:image/png;base64," + Convert.ToBase64String(TinyPng),
            uploadPath = "images/base64",
            fileName = "fox.png",
        });

        Assert.True((bool)body["success"]!);
        Assert.Equal(200, (int)body["code"]!);
        Assert.Equal("File uploaded successfully", (string)body["msg"]!);
        var data = body["data"]!;
        Assert.Equal("fox.png", (string)data["fileName"]!);
        Assert.Equal("images/base64/fox.png", (string)data["filePath"]!);
        Assert.Equal(TinyPng.Length, (int)data["fileSize"]!);
        Assert.Equal("image/png", (string)data["mimeType"]!);
        Assert.Equal(TinyPng, await host.Http.GetByteArrayAsync(new Uri((string)data["downloadUrl"]!)));
    }

    [Fact]
    public async Task Upload_errors_use_the_upload_hosts_envelope()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, noPath) = await host.PostAsync("api/file-base64-upload", new { base64Data = Convert.ToBase64String(TinyPng) });
        var (_, badBase64) = await host.PostAsync("api/file-base64-upload", new { base64Data = "%%%not base64%%%", uploadPath = "x" });
        var (_, badKey) = await host.PostAsync("api/file-base64-upload", new { base64Data = "AAAA", uploadPath = "x" }, key: "wrong");

        Assert.Equal("""{"success":false,"code":400,"msg":"Missing required parameter: uploadPath"}""", noPath.ToJsonString());
        Assert.Equal("""{"success":false,"code":400,"msg":"Base64 decoding failed: Invalid Base64 format"}""", badBase64.ToJsonString());
        Assert.Equal("""{"success":false,"code":401,"msg":"Authentication failed: Invalid API Key"}""", badKey.ToJsonString());
    }

    [Fact]
    public async Task Stream_upload_stores_a_multipart_file()
    {
        await using var host = await KieSandboxHost.StartAsync();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(TinyPng) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "photo.png" },
            { new StringContent("images/stream"), "uploadPath" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/file-stream-upload") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KieSandboxHost.Key);

        using var response = await host.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(200, (int)body["code"]!);
        Assert.Equal("images/stream/photo.png", (string)body["data"]!["filePath"]!);
        Assert.Equal(TinyPng, await host.Http.GetByteArrayAsync(new Uri((string)body["data"]!["downloadUrl"]!)));
    }

    [Fact]
    public async Task Url_upload_fetches_the_file_and_stores_it()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" });
        await host.Control.WaitForFinishAsync(taskId, TimeSpan.FromSeconds(15));
        var source = (await host.Control.GetTaskAsync(taskId))!.ResultUrls[0];

        var (_, body) = await host.PostAsync("api/file-url-upload", new { fileUrl = source, uploadPath = "images/downloaded", fileName = "copy.png" });

        Assert.Equal(200, (int)body["code"]!);
        var original = await host.Http.GetByteArrayAsync(new Uri(source));
        Assert.Equal(original, await host.Http.GetByteArrayAsync(new Uri((string)body["data"]!["downloadUrl"]!)));
    }

    [Fact]
    public async Task Download_url_signs_simulator_files_and_refuses_other_urls_with_422()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox" });
        await host.Control.WaitForFinishAsync(taskId, TimeSpan.FromSeconds(15));
        var result = (await host.Control.GetTaskAsync(taskId))!.ResultUrls[0];

        var (_, signed) = await host.PostAsync("api/v1/common/download-url", new { url = result });
        var (_, foreign) = await host.PostAsync("api/v1/common/download-url", new { url = "https://example.com/a.png" });

        Assert.Equal(200, (int)signed["code"]!);
        var link = (string)signed["data"]!;
        Assert.Contains("X-Amz-Expires=1200", link, StringComparison.Ordinal);
        Assert.Equal(await host.Http.GetByteArrayAsync(new Uri(result)), await host.Http.GetByteArrayAsync(new Uri(link)));
        Assert.Equal(422, (int)foreign["code"]!);
    }

    [Fact]
    public async Task Result_files_of_unfinished_or_unknown_tasks_are_not_found()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a fox [[never-finish]]" });

        using var pending = await host.Http.GetAsync(new Uri($"sim-files/{taskId}/0.png", UriKind.Relative));
        using var unknown = await host.Http.GetAsync(new Uri("sim-files/0123456789abcdef0123456789abcdef/0.png", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, pending.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Control_api_lists_tasks_with_their_full_request_and_a_masked_key()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync(
            "nano-banana-pro", new { prompt = "a fox", resolution = "4K" }, host.CallbackUrl(), KieSandboxHost.OtherKey);

        var tasks = await host.Control.GetTasksAsync();
        var task = Assert.Single(tasks);

        Assert.Equal(taskId, task.TaskId);
        Assert.Equal("nano-banana-pro", task.Model);
        Assert.Equal("a fox", (string)task.Input!["prompt"]!);
        Assert.Equal("4K", (string)task.Request["input"]!["resolution"]!);
        Assert.Equal(host.CallbackUrl(), task.CallBackUrl);
        Assert.Equal("****7777", task.Key);
        Assert.Equal(24m, task.Price);
        Assert.DoesNotContain(KieSandboxHost.OtherKey, await host.Http.GetStringAsync(new Uri("sandbox/kie/tasks", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Empty(await host.Control.GetTasksAsync("google/nano-banana"));
    }

    [Fact]
    public async Task Balance_can_be_set_through_the_control_api()
    {
        await using var host = await KieSandboxHost.StartAsync();

        await host.Control.SetBalanceAsync(2m);
        var (_, body) = await host.PostAsync("api/v1/jobs/createTask", new { model = "google/nano-banana", input = new { prompt = "x" } });

        Assert.Equal(2m, await host.CreditAsync());
        Assert.Equal(402, (int)body["code"]!);
    }

    [Fact]
    public async Task Reset_forgets_tasks_and_behaviours_and_restores_the_configured_balance()
    {
        await using var host = await KieSandboxHost.StartAsync(o => o.InitialBalance = 50m);
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x" });
        await host.Control.WaitForFinishAsync(taskId, TimeSpan.FromSeconds(15));
        await host.Control.SetModelBehaviourAsync("google/nano-banana", new KieBehaviour(CreateError: 500));
        await host.Control.SetDurationsAsync(null, new KieDurationsDto(1000, 1000, 1000, 1000));

        await host.Control.ResetAsync();

        Assert.Empty(await host.Control.GetTasksAsync());
        Assert.Empty((await host.Control.GetBehavioursAsync()).Models);
        Assert.Equal(0, (await host.Control.GetDurationsAsync()).Default.GeneratingMs);
        Assert.Equal(50m, await host.CreditAsync());
        var (_, record) = await host.RecordInfoAsync(taskId);
        Assert.Equal("recordInfo is null", (string)record["msg"]!);
    }

    [Fact]
    public async Task Control_api_lists_the_known_models_with_their_default_price()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var models = await host.Control.GetModelsAsync();

        var sora = Assert.Single(models, m => m.Id == "sora-2-text-to-video");
        Assert.Equal(20m, sora.DefaultPrice);
        Assert.True(sora.ReportsProgress);
        Assert.Contains(models, m => m.Id == "veo3_fast" && m.Family == ApiFamily.Veo);
        Assert.Contains(models, m => m.Id == "V4_5" && m.Family == ApiFamily.Suno);
    }
}
