using System.Net;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Promos;

/// <summary>Promo codes end to end through the Bot API sandbox: an admin creates and lists them, users redeem them.</summary>
public sealed class PromoFlowTests
{
    private static readonly Dictionary<string, string?> Welcome = new() { ["Credits:Welcome"] = "10" };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_admins_code_is_redeemed_once_per_user_until_its_uses_run_out(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Welcome);
        var admin = await FlowUser.CreateAsync(sandbox, "Boss", id: FlowUser.AdminId);
        var ann = await FlowUser.CreateAsync(sandbox, "Ann");
        var bob = await FlowUser.CreateAsync(sandbox, "Bob");

        await admin.SendTextAsync("/promo new WINTER 30 1 7");
        await sandbox.Telegram.WaitForMessageAsync(admin.Id, m => m.PlainText?.Contains("Promo code WINTER: 30 credits each, 1 uses", StringComparison.Ordinal) == true, FlowUser.Patience);

        await ann.StartAsync();
        await bob.StartAsync();
        await ann.SendTextAsync("/promo winter");
        await sandbox.Telegram.WaitForMessageAsync(ann.Id, m => m.PlainText?.Contains("WINTER accepted: +30 credits. Balance: 40 credits", StringComparison.Ordinal) == true, FlowUser.Patience);
        await ann.SendTextAsync("/promo WINTER");
        await sandbox.Telegram.WaitForMessageAsync(ann.Id, m => m.PlainText?.Contains("used promo code WINTER already", StringComparison.Ordinal) == true, FlowUser.Patience);

        await sandbox.Telegram.SendCommandAsync(bob.Id, "start", "promo_WINTER");
        await sandbox.Telegram.WaitForMessageAsync(bob.Id, m => m.PlainText?.Contains("WINTER is used up", StringComparison.Ordinal) == true, FlowUser.Patience);
        await bob.SendTextAsync("/promo " + new string('X', 200));
        await sandbox.Telegram.WaitForMessageAsync(bob.Id, m => m.PlainText?.Contains("too long for a promo code", StringComparison.Ordinal) == true, FlowUser.Patience);

        Assert.Equal(40, (await ann.StateAsync(node)).Balance);
        Assert.Equal(10, (await bob.StateAsync(node)).Balance);

        await admin.SendTextAsync("/promo list");
        await sandbox.Telegram.WaitForMessageAsync(admin.Id, m => m.PlainText?.Contains("WINTER · 30 · 1/1", StringComparison.Ordinal) == true, FlowUser.Patience);
    }

    [Fact]
    public async Task A_one_use_code_redeemed_by_two_users_on_two_nodes_at_once_goes_to_exactly_one()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var sandbox = await FlowSandbox.StartAsync();
        var (portA, portB) = (FlowSandbox.FreePort(), FlowSandbox.FreePort());
        await using var a = await TestNode.StartAsync(database, extra: sandbox.NodeSettings(portA, FlowWebhook.Settings(portA, Welcome)));
        await using var b = await TestNode.StartAsync(database, seed: a, extra: sandbox.NodeSettings(portB, FlowWebhook.Settings(portB, Welcome)));
        await WaitForAnyWebhookAsync(sandbox, portA, portB);

        var admin = await FlowUser.CreateAsync(sandbox, "Boss", id: FlowUser.AdminId);
        await admin.SendTextAsync("/promo new SOLO 40 1");
        await sandbox.Telegram.WaitForMessageAsync(admin.Id, m => m.PlainText?.Contains("Promo code SOLO", StringComparison.Ordinal) == true, FlowUser.Patience);

        var users = new List<FlowUser>();
        for (var i = 0; i < 2; i++)
        {
            var user = await FlowUser.CreateAsync(sandbox, "Racer" + i);
            await user.StartAsync();
            users.Add(user);
        }

        // The same instant, one update to each node: the code's one actor (wherever it lives) decides.
        var posts = users.Select((user, i) => FlowWebhook.PostAsync(i == 0 ? a : b, FlowWebhook.TextMessage(8_100_000 + i, user.Id, "/promo SOLO", "Racer" + i)));
        Assert.All(await Task.WhenAll(posts), status => Assert.Equal(HttpStatusCode.OK, status));

        foreach (var user in users)
        {
            await sandbox.Telegram.WaitForMessageAsync(user.Id, m => m.PlainText?.Contains("SOLO", StringComparison.Ordinal) == true, FlowUser.Patience);
        }

        var balances = new[] { (await users[0].StateAsync(a)).Balance, (await users[1].StateAsync(b)).Balance };
        Assert.Single(balances, x => x == 50);
        Assert.Single(balances, x => x == 10);
        var answers = new List<string>();
        foreach (var user in users)
        {
            answers.AddRange((await sandbox.Telegram.GetBotMessagesAsync(user.Id)).Select(m => m.PlainText ?? string.Empty).Where(t => t.Contains("SOLO", StringComparison.Ordinal)));
        }

        Assert.Single(answers, t => t.Contains("accepted", StringComparison.Ordinal));
        Assert.Single(answers, t => t.Contains("used up", StringComparison.Ordinal));
    }

    /// <summary>One of the nodes has set its webhook (both do at start; the last one wins and takes the sandbox's updates).</summary>
    private static async Task WaitForAnyWebhookAsync(FlowSandbox sandbox, params int[] ports)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while ((await sandbox.Telegram.GetStatsAsync()).WebhookUrl is not { } url || !ports.Any(p => url.Contains($":{p}/telegram/webhook", StringComparison.Ordinal)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "No node set its webhook.");
            await Task.Delay(100);
        }
    }
}
