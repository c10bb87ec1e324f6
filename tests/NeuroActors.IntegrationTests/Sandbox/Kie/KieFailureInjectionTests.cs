using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Sandbox.Kie;

public sealed class KieFailureInjectionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Content_policy_marker_ends_the_task_in_fail_with_the_policy_message()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "something [[fail:content-policy]]" });

        var data = await host.PollUntilAsync(taskId, d => (string)d["state"]! == "fail");

        Assert.Equal("422", (string)data["failCode"]!);
        Assert.Equal("Invalid prompt: prompt contains prohibited content", (string)data["failMsg"]!);
        Assert.Equal("", (string)data["resultJson"]!);
    }

    [Theory]
    [InlineData("[[fail:generation]]")]
    [InlineData("[[fail:501]]")]
    public async Task Generation_failed_marker_ends_the_task_with_fail_code_501(string marker)
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x " + marker });

        var data = await host.PollUntilAsync(taskId, d => (string)d["state"]! == "fail");

        Assert.Equal("501", (string)data["failCode"]!);
        Assert.Equal("Generation Failed", (string)data["failMsg"]!);
    }

    [Theory]
    [InlineData(402, "The current credits are insufficient. Please top up.")]
    [InlineData(429, "Rate limit exceeded")]
    [InlineData(433, "The current number of points used by apiKey has exceeded the daily limit")]
    [InlineData(455, "Service Unavailable")]
    [InlineData(500, "Server Error - An unexpected error occurred while processing the request")]
    [InlineData(505, "Feature Disabled")]
    public async Task Create_error_marker_answers_that_code_with_its_message(int code, string msg)
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (status, body) = await host.PostAsync(
            "api/v1/jobs/createTask", new { model = "google/nano-banana", input = new { prompt = $"x [[fail:{code}]]" } });

        Assert.Equal(200, status);
        Assert.Equal(new JsonObject { ["code"] = code, ["msg"] = msg, ["data"] = null }.ToJsonString(), body.ToJsonString());
        Assert.Empty(await host.Control.GetTasksAsync());
    }

    [Fact]
    public async Task Model_behaviour_applies_to_every_task_of_that_model_only()
    {
        await using var host = await KieSandboxHost.StartAsync();
        await host.Control.SetModelBehaviourAsync("google/nano-banana", new KieBehaviour(Outcome: KieTaskOutcome.ContentPolicy));

        var first = await host.CreateTaskAsync("google/nano-banana", new { prompt = "a" });
        var second = await host.CreateTaskAsync("google/nano-banana", new { prompt = "b" });
        var other = await host.CreateTaskAsync("nano-banana-pro", new { prompt = "c" });

        Assert.Equal(KieTaskPhase.Fail, (await host.Control.WaitForFinishAsync(first, Wait)).State);
        Assert.Equal(KieTaskPhase.Fail, (await host.Control.WaitForFinishAsync(second, Wait)).State);
        Assert.Equal(KieTaskPhase.Success, (await host.Control.WaitForFinishAsync(other, Wait)).State);

        await host.Control.SetModelBehaviourAsync("google/nano-banana", null);
        var after = await host.CreateTaskAsync("google/nano-banana", new { prompt = "d" });
        Assert.Equal(KieTaskPhase.Success, (await host.Control.WaitForFinishAsync(after, Wait)).State);
    }

    [Fact]
    public async Task Key_behaviour_applies_to_requests_with_that_key_only()
    {
        await using var host = await KieSandboxHost.StartAsync();
        await host.Control.SetKeyBehaviourAsync(KieSandboxHost.OtherKey, new KieBehaviour(CreateError: 433));
        var request = new { model = "google/nano-banana", input = new { prompt = "a" } };

        var (_, limited) = await host.PostAsync("api/v1/jobs/createTask", request, key: KieSandboxHost.OtherKey);
        var (_, fine) = await host.PostAsync("api/v1/jobs/createTask", request);

        Assert.Equal(433, (int)limited["code"]!);
        Assert.Equal(200, (int)fine["code"]!);
        var behaviours = await host.Control.GetBehavioursAsync();
        Assert.Equal(["****7777"], behaviours.Keys.Keys);
    }

    [Fact]
    public async Task Next_task_behaviour_applies_once()
    {
        await using var host = await KieSandboxHost.StartAsync();
        await host.Control.SetNextTaskBehaviourAsync(new KieBehaviour(CreateError: 402));
        var request = new { model = "google/nano-banana", input = new { prompt = "a" } };

        var (_, first) = await host.PostAsync("api/v1/jobs/createTask", request);
        var (_, second) = await host.PostAsync("api/v1/jobs/createTask", request);

        Assert.Equal(402, (int)first["code"]!);
        Assert.Equal(200, (int)second["code"]!);
    }

    [Fact]
    public async Task Drop_on_create_resets_the_connection()
    {
        await using var host = await KieSandboxHost.StartAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => host.PostAsync(
            "api/v1/jobs/createTask", new { model = "google/nano-banana", input = new { prompt = "x [[drop:create]]" } }));
        Assert.Empty(await host.Control.GetTasksAsync());
    }

    [Fact]
    public async Task Lose_answer_on_create_resets_the_connection_but_the_task_runs_and_posts_its_callback()
    {
        await using var host = await KieSandboxHost.StartAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => host.PostAsync(
            "api/v1/jobs/createTask",
            new { model = "google/nano-banana", callBackUrl = host.CallbackUrl(), input = new { prompt = "x [[lose-answer:create]]" } }));

        var task = Assert.Single(await host.Control.GetTasksAsync());
        var callback = await host.Callbacks.NextAsync();
        Assert.Equal(task.TaskId, (string)callback.Json["data"]!["taskId"]!);
        Assert.Equal("success", (string)callback.Json["data"]!["state"]!);
        var data = await host.PollUntilAsync(task.TaskId, d => (string)d["state"]! == "success");
        Assert.Equal(task.TaskId, (string)data["taskId"]!);
    }

    [Fact]
    public async Task Hang_on_create_leaves_the_client_to_time_out()
    {
        await using var host = await KieSandboxHost.StartAsync();
        using var impatient = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => host.PostAsync(
            "api/v1/jobs/createTask", new { model = "google/nano-banana", input = new { prompt = "x [[hang:create]]" } }, client: impatient));
    }

    [Fact]
    public async Task Drop_on_poll_resets_every_record_info_of_the_task()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x [[drop:poll]]" });

        await Assert.ThrowsAsync<HttpRequestException>(() => host.RecordInfoAsync(taskId));
        await Assert.ThrowsAsync<HttpRequestException>(() => host.RecordInfoAsync(taskId));
    }

    [Fact]
    public async Task Hang_on_poll_leaves_the_client_to_time_out()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x" });
        await host.Control.SetModelBehaviourAsync("google/nano-banana", new KieBehaviour(PollFault: KieConnectionFault.Hang));
        var hanging = await host.CreateTaskAsync("google/nano-banana", new { prompt = "y" });
        using var impatient = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => host.GetAsync($"api/v1/jobs/recordInfo?taskId={hanging}", client: impatient));
        var (_, unaffected) = await host.RecordInfoAsync(taskId);
        Assert.Equal(200, (int)unaffected["code"]!);
    }

    [Fact]
    public async Task First_polls_fail_as_asked_then_the_record_answers()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x [[poll-fail:2]] [[poll-null:1]]" });

        var (_, first) = await host.RecordInfoAsync(taskId);
        var (_, second) = await host.RecordInfoAsync(taskId);
        var (_, third) = await host.RecordInfoAsync(taskId);
        var (_, fourth) = await host.RecordInfoAsync(taskId);

        const string serverError = """{"code":500,"msg":"Server Error - An unexpected error occurred while processing the request","data":null}""";
        Assert.Equal(serverError, first.ToJsonString());
        Assert.Equal(serverError, second.ToJsonString());
        Assert.Equal("""{"code":422,"msg":"recordInfo is null","data":null}""", third.ToJsonString());
        Assert.Equal("success", (string)fourth["data"]!["state"]!);
    }

    [Fact]
    public async Task Failing_polls_can_answer_a_chosen_code()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x [[poll-fail:1:429]]" });

        var (_, first) = await host.RecordInfoAsync(taskId);
        var (_, second) = await host.RecordInfoAsync(taskId);

        Assert.Equal("""{"code":429,"msg":"Rate limit exceeded","data":null}""", first.ToJsonString());
        Assert.Equal(200, (int)second["code"]!);
    }

    [Fact]
    public async Task Never_finishing_task_stays_generating_until_finished_through_the_control_api()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x [[never-finish]]" });

        var first = await host.PollUntilAsync(taskId, _ => true);
        var second = await host.PollUntilAsync(taskId, _ => true);
        Assert.Equal("generating", (string)first["state"]!);
        Assert.Equal("generating", (string)second["state"]!);

        await host.Control.FinishTaskAsync(taskId, KieTaskOutcome.GenerationFailed);
        var done = await host.PollUntilAsync(taskId, d => (string)d["state"]! != "generating");
        Assert.Equal("fail", (string)done["state"]!);
        Assert.Equal("501", (string)done["failCode"]!);
    }

    [Fact]
    public async Task Slow_marker_sets_the_generating_time()
    {
        await using var host = await KieSandboxHost.StartAsync();
        var taskId = await host.CreateTaskAsync("google/nano-banana", new { prompt = "x [[slow:10m]]" });

        var data = await host.PollUntilAsync(taskId, _ => true);
        var view = await host.Control.GetTaskAsync(taskId);

        Assert.Equal("generating", (string)data["state"]!);
        Assert.Equal(600_000, view!.Behaviour.GeneratingMs);
    }

    [Fact]
    public async Task Control_api_lists_the_prompt_markers()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var markers = await host.Control.GetMarkersAsync();

        Assert.Contains(markers, m => m.Marker.Contains("[[fail:content-policy]]", StringComparison.Ordinal));
        Assert.Contains(markers, m => m.Marker.Contains("[[slow:5s]]", StringComparison.Ordinal));
        Assert.Contains(markers, m => m.Marker.Contains("[[poll-fail:N]]", StringComparison.Ordinal));
    }
}
