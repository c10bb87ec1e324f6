using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Flow;

public sealed class JobTimeoutTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_job_that_never_finishes_times_out_for_its_kind_and_its_credits_come_back(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Jobs:Timeout:Image"] = "4s" });
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var before = await ann.StateAsync(node);

        var orderId = await ann.OrderAsync(MediaKind.Image, HappyPathTests.ImageModel, "a fox that never comes [[never-finish]]", 1);
        var messages = await ann.WaitForClosingAsync(orderId);

        Assert.Contains(messages, m => m.PlainText?.Contains("#" + orderId, StringComparison.Ordinal) == true && m.PlainText.Contains("back", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Media is not null);
        var after = await ann.SettledStateAsync(node);
        Assert.Equal(before.Balance, after.Balance);
        Assert.Equal(0, after.Reserved);
        Assert.Empty(after.OpenOrders);
        var task = Assert.Single(await sandbox.Kie.GetTasksAsync(HappyPathTests.ImageModel));
        Assert.NotEqual(NeuroActors.Sandbox.Kie.KieTaskPhase.Success, task.State);
    }
}
