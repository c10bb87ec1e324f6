using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>A result over what Telegram takes from a bot reaches the chat as a link; the rest of its album still comes as photos.</summary>
public sealed class LargeResultFlowTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Fact]
    public async Task One_result_too_large_for_Telegram_splits_the_album_into_photos_and_a_link_and_the_order_closes_once()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        // Every task waits to be finished by the test, so the large one is marked before any result is fetched.
        await sandbox.Kie.SetModelBehaviourAsync(ImageModel, new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes));
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "three lighthouses", 3);
        var tasks = await WaitForTasksAsync(sandbox, 3);
        var large = tasks.Single(t => t.CallBackUrl!.Contains($"/{orderId}-2.", StringComparison.Ordinal));
        sandbox.LargeResultTasks[large.TaskId] = true;
        foreach (var task in tasks)
        {
            await sandbox.Kie.FinishTaskAsync(task.TaskId);
        }

        var messages = await ann.WaitForClosingAsync(orderId);
        var largeUrl = Assert.Single((await sandbox.Kie.GetTaskAsync(large.TaskId))!.ResultUrls);
        var link = Assert.Single(messages, m => m.PlainText?.Contains("too large for Telegram", StringComparison.Ordinal) == true);
        Assert.Contains(link.Entities ?? [], e => e.Type == "text_link" && e.Url == largeUrl);
        var photos = messages.Where(m => m.Media?.Kind == "photo").ToList();
        Assert.Equal(2, photos.Count);
        Assert.All(photos, p => Assert.Null(p.MediaGroupId)); // the album was refused as a whole and sent one by one
        Assert.Equal(1, FlowChecks.ClosingCount(messages, orderId));

        // Every variant was delivered (a link counts): all three are captured, once.
        Assert.Equal(3, (await FlowChecks.CapturesAsync(node, ann.Id)).Values.Count(c => c == 1));
        await FlowChecks.AssertLedgerSettledAsync(node, ann);
    }

    private static async Task<IReadOnlyList<KieTaskView>> WaitForTasksAsync(FlowSandbox sandbox, int count)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (true)
        {
            var tasks = await sandbox.Kie.GetTasksAsync();
            if (tasks.Count >= count)
            {
                return tasks;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{tasks.Count} of {count} KIE tasks");
            }

            await Task.Delay(100);
        }
    }
}
