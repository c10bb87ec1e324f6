using System.Net;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.MultiNode;

/// <summary>In webhook mode there is no poller singleton: whichever node the load balancer picks takes the update.</summary>
public sealed class WebhookClusterTests
{
    private static readonly Dictionary<string, string?> Welcome = new() { ["Credits:Welcome"] = "37" };

    private static bool IsMainMenu(NeuroActors.Sandbox.Telegram.TranscriptMessage message) =>
        message.Buttons.Any() && (message.PlainText ?? "").Contains("37", StringComparison.Ordinal);

    [Fact]
    public async Task In_webhook_mode_every_node_of_a_cluster_takes_updates_for_any_user()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var sandbox = await FlowSandbox.StartAsync();
        var (portA, portB) = (FlowSandbox.FreePort(), FlowSandbox.FreePort());
        await using var a = await TestNode.StartAsync(database, extra: sandbox.NodeSettings(portA, FlowWebhook.Settings(portA, Welcome)));
        await using var b = await TestNode.StartAsync(database, seed: a, extra: sandbox.NodeSettings(portB, FlowWebhook.Settings(portB, Welcome)));

        // Each user starts the bot through Telegram (the sandbox delivers to the webhook set last); then each user's next
        // update goes to one node, the next user's to the other, as a load balancer would spread them.
        var users = new List<FlowUser>();
        for (var i = 0; i < 6; i++)
        {
            var user = await FlowUser.CreateAsync(sandbox, "Hook" + i);
            await user.StartAsync();
            users.Add(user);
        }

        var updateId = 9_000_000L;
        foreach (var (user, index) in users.Select((u, i) => (u, i)))
        {
            var node = index % 2 == 0 ? a : b;
            Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(node, FlowWebhook.TextMessage(++updateId, user.Id, "/menu", "Hook" + index)));
        }

        foreach (var user in users)
        {
            await user.WaitUntilAsync(m => m.Count(IsMainMenu) == 2, what: "a second main menu, the answer to /menu");
        }

        var stats = await sandbox.Telegram.GetStatsAsync();
        Assert.DoesNotContain(stats.CallsByMethod, c => c.Key.Equals("getUpdates", StringComparison.OrdinalIgnoreCase) && c.Value > 0);
    }
}
