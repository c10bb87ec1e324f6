using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>createTask is called at most once per attempt: a lost answer is waited out, never answered by a second create.</summary>
public sealed class CreateAtMostOnceTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_lost_create_answer_is_not_followed_by_a_second_create_the_job_adopts_the_task_from_its_callback(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // Generating lasts longer than the adopt window would allow a hasty retry to show: a second create would be seen.
        await using var sandbox = await FlowSandbox.StartAsync(kie => kie.Durations = new KieStageDurations(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3)));
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?>
        {
            ["Credits:Welcome"] = "50",
            ["Jobs:AdoptWindow"] = "30s",
        });
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a fox [[lose-answer:create]]", 1);
        var messages = await ann.WaitForClosingAsync(orderId);

        var task = Assert.Single(await sandbox.Kie.GetTasksAsync());
        Assert.Contains($"/kie/callback/market/{orderId}-1.1/", task.CallBackUrl, StringComparison.Ordinal);
        Assert.Single(FlowChecks.ResultPhotos(messages, orderId));
        Assert.Equal(1, FlowChecks.ClosingCount(messages, orderId));
        var job = await FlowChecks.JobAsync(node, orderId + "-1");
        Assert.Equal(1, job.Attempts);
        Assert.Equal(task.TaskId, job.TaskId);
        Assert.Equal(new Dictionary<string, int> { [orderId + "-1"] = 1 }, await FlowChecks.CapturesAsync(node, ann.Id));
        var state = await FlowChecks.AssertLedgerSettledAsync(node, ann);
        Assert.Equal(50 - price, state.Balance);

        // The task's callback may come again (KIE retries on a slow answer): once KIE has sent all it will, the job is
        // settled and the user has handled a marker, nothing more has reached the chat.
        await sandbox.Kie.WaitForTaskAsync(task.TaskId, t => t.CallbacksSettled, FlowUser.Patience);
        await FlowChecks.WaitForJobsSettledAsync(node, orderId, 1);
        var marker = await ann.PassMarkerAsync();
        var after = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker);
        Assert.Single(FlowChecks.ResultPhotos(after, orderId));
        Assert.Equal(1, FlowChecks.ClosingCount(after, orderId));
        Assert.Single(await sandbox.Kie.GetTasksAsync());
    }

    [Fact]
    public async Task When_the_lost_create_never_calls_back_a_new_attempt_starts_after_the_adopt_window()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?>
        {
            ["Credits:Welcome"] = "50",
            ["Jobs:AdoptWindow"] = "4s",
        });
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        // The first create makes a task that never finishes (so no callback) and its answer is lost.
        await sandbox.Kie.SetNextTaskBehaviourAsync(new KieBehaviour(CreateFault: KieConnectionFault.LoseAnswer, Outcome: KieTaskOutcome.NeverFinishes));

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a lighthouse", 1);
        var lost = await WaitForTasksAsync(sandbox, 1);
        Assert.Contains($"/kie/callback/market/{orderId}-1.1/", lost[0].CallBackUrl, StringComparison.Ordinal);
        var messages = await ann.WaitForClosingAsync(orderId);

        var tasks = (await sandbox.Kie.GetTasksAsync()).OrderBy(t => t.CreatedAt).ToList();
        Assert.Equal(2, tasks.Count);
        Assert.Equal(KieTaskPhase.Generating, tasks[0].State);
        Assert.Contains($"/kie/callback/market/{orderId}-1.2/", tasks[1].CallBackUrl, StringComparison.Ordinal);
        Assert.True(tasks[1].CreatedAt - tasks[0].CreatedAt >= TimeSpan.FromSeconds(4), "the second attempt waited for the first one's callback");
        var job = await FlowChecks.JobAsync(node, orderId + "-1");
        Assert.Equal(2, job.Attempts);
        Assert.Equal(tasks[1].TaskId, job.TaskId);
        Assert.Single(FlowChecks.ResultPhotos(messages, orderId));
        Assert.Equal(new Dictionary<string, int> { [orderId + "-1"] = 1 }, await FlowChecks.CapturesAsync(node, ann.Id));
        await FlowChecks.AssertLedgerSettledAsync(node, ann);
    }

    private static async Task<IReadOnlyList<KieTaskView>> WaitForTasksAsync(FlowSandbox sandbox, int count)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (true)
        {
            var tasks = await sandbox.Kie.GetTasksAsync();
            if (tasks.Count >= count || DateTimeOffset.UtcNow > deadline)
            {
                return tasks;
            }

            await Task.Delay(100);
        }
    }
}
