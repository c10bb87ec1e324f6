using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>Webhook mode end to end: the sandbox delivers every update to the node's /telegram/webhook with the secret.</summary>
public sealed class WebhookFlowTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task In_webhook_mode_a_user_goes_from_start_to_a_delivered_result(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        var port = FlowSandbox.FreePort();
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, port, new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        var ann = await FlowUser.CreateAsync(sandbox);

        var menu = await ann.StartAsync();
        Assert.Contains("50", menu.PlainText, StringComparison.Ordinal);
        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a red fox in the snow", 1);
        var messages = await ann.WaitForClosingAsync(orderId);

        Assert.Single(messages, m => m.Media?.Kind == "photo");
        var state = await ann.SettledStateAsync(node);
        Assert.Equal(50 - price, state.Balance);
        Assert.Equal(0, state.Reserved);
        Assert.Empty(state.OpenOrders);
        var stats = await sandbox.Telegram.GetStatsAsync();
        Assert.DoesNotContain(stats.CallsByMethod, c => c.Key.Equals("getUpdates", StringComparison.OrdinalIgnoreCase) && c.Value > 0);
    }

    [Fact]
    public async Task A_post_with_a_forged_or_missing_secret_gets_401_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        var port = FlowSandbox.FreePort();
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, port, new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var stateBefore = await ann.StateAsync(node);
        var messagesBefore = (await sandbox.Telegram.GetBotMessagesAsync(ann.Id)).Count;
        var menu = FlowWebhook.TextMessage(2_000_000_001, ann.Id, "/menu");

        Assert.Equal(HttpStatusCode.Unauthorized, await FlowWebhook.PostAsync(node, menu, "forged_secret-1234567890"));
        Assert.Equal(HttpStatusCode.Unauthorized, await FlowWebhook.PostAsync(node, menu, FlowWebhook.Secret + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await FlowWebhook.PostAsync(node, menu, secret: null));

        // A reply, had an update gone in, would come before the answer to a marker sent after them.
        var marker = await ann.PassMarkerAsync();
        Assert.Equal(messagesBefore, ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker).Count);
        var stateAfter = await ann.StateAsync(node);
        Assert.Equal(stateBefore.Balance, stateAfter.Balance);
        Assert.Equal(stateBefore.Reserved, stateAfter.Reserved);
        Assert.Equal(stateBefore.RecentOrders, stateAfter.RecentOrders);

        // The very same update with the right secret goes in: the refusal above was the secret's doing.
        Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(node, menu));
        await ann.WaitUntilAsync(m => m.Count == messagesBefore + 2 && m[^1].MessageId > marker.MessageId && m[^1].Buttons.Any(b => FlowUser.Action(b) is CallbackAction.OpenKind),
            what: "the menu the genuine update asked for");
    }
}
