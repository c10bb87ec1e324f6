using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>Cancel on the status message: what still waits for its turn ends cancelled with its credits back; what KIE has runs on.</summary>
public sealed class CancelTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Cancel_ends_the_queued_variants_with_their_credits_back_at_once_and_the_submitted_one_runs_to_the_end(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        // The submitted task generates until the test finishes it, however long the checks below take on a busy machine.
        await sandbox.Kie.SetModelBehaviourAsync(ImageModel, new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes));
        // One key that may create one task an hour: the first variant gets the slot, the others wait for their turn.
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?>
        {
            ["Credits:Welcome"] = "50",
            ["Kie:Pacing:CreatesPerWindow"] = "1",
            ["Kie:Pacing:CreateWindow"] = "1h",
        });
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "three foxes", 3);
        var submitted = await WaitForSingleTaskAsync(sandbox);
        // Whichever variant got the key's one slot runs; the other two wait for their turn.
        var running = Enumerable.Range(1, 3).Single(i => submitted.CallBackUrl!.Contains($"/{orderId}-{i}.", StringComparison.Ordinal));
        await ann.WaitUntilAsync(
            m => m.Any(x => x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.CancelOrder c && c.OrderId == orderId)),
            what: "the cancel button on the status message");
        Assert.Equal(3 * price, (await ann.StateAsync(node)).Reserved);

        var tap = await ann.TapAsync(a => a is CallbackAction.CancelOrder c && c.OrderId == orderId);
        Assert.True(tap.Answer.Answered, "the cancel tap is answered");

        // The two queued variants' credits come back while the submitted one is still generating.
        var released = await WaitForStateAsync(node, ann, s => s.Reserved == price);
        Assert.Equal(50 - price, released.Available);
        Assert.Equal(50, released.Balance);
        Assert.Equal(KieTaskPhase.Generating, (await sandbox.Kie.GetTaskAsync(submitted.TaskId))!.State);
        foreach (var index in Enumerable.Range(1, 3).Where(i => i != running))
        {
            var job = await FlowChecks.JobAsync(node, $"{orderId}-{index}");
            Assert.True(job.Outcome?.Stage == VariantStage.Cancelled, $"variant {index}: {job}");
            Assert.Null(job.TaskId);
        }

        // Now the submitted variant ends, and runs to delivery.
        await sandbox.Kie.FinishTaskAsync(submitted.TaskId);
        var messages = await ann.WaitForClosingAsync(orderId);
        Assert.Single(FlowChecks.ResultPhotos(messages, orderId));
        Assert.Equal(1, FlowChecks.ClosingCount(messages, orderId));
        Assert.Single(await sandbox.Kie.GetTasksAsync());
        Assert.Equal(VariantStage.Done, (await FlowChecks.JobAsync(node, $"{orderId}-{running}")).Outcome!.Stage);
        Assert.Equal(new Dictionary<string, int> { [$"{orderId}-{running}"] = 1 }, await FlowChecks.CapturesAsync(node, ann.Id));
        var state = await FlowChecks.AssertLedgerSettledAsync(node, ann);
        Assert.Equal(50 - price, state.Balance);
    }

    private static async Task<KieTaskView> WaitForSingleTaskAsync(FlowSandbox sandbox)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var tasks = await sandbox.Kie.GetTasksAsync();
            if (tasks.Count > 0)
            {
                return Assert.Single(tasks);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no KIE task was created");
    }

    private static async Task<UserStateReply> WaitForStateAsync(TestNode node, FlowUser user, Func<UserStateReply, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (true)
        {
            var state = await user.StateAsync(node);
            if (condition(state))
            {
                return state;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"user {user.Id}: state not reached; now reserved {state.Reserved}, balance {state.Balance}");
            await Task.Delay(100);
        }
    }
}
