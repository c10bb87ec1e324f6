using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>
/// Behaviour the throughput work must keep (issue 16): no Bot API call the bot makes is refused as malformed, and one
/// user flooding the bot does not hold up anyone else.
/// </summary>
public sealed class ThroughputBehaviourTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Fact]
    public async Task A_whole_journey_with_every_prompt_button_makes_no_Bot_API_call_that_Telegram_refuses_with_400()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        var port = FlowSandbox.FreePort();
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, port, new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        // "Write my own prompt" on a card that already asks for a prompt: a toast says what to do.
        var card = await ann.OpenModelCardAsync(MediaKind.Image, ImageModel);
        var own = await ann.TapAsync(a => a is CallbackAction.WriteOwnPrompt, waitForAnswer: FlowUser.Patience);
        Assert.Equal(UiTexts.For(Language.English).TypePromptToast, (await sandbox.Telegram.GetCallbackAnswerAsync(own.CallbackQueryId)).Text);

        // A template changes the card; "Write my own prompt" then changes it back.
        await ann.TapAsync(a => a is CallbackAction.ChooseTemplate);
        await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == card.MessageId && x.PlainText != card.PlainText), what: "the card with the template");
        await ann.TapAsync(a => a is CallbackAction.WriteOwnPrompt);
        await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == card.MessageId && x.PlainText == card.PlainText), what: "the card back without the template");

        // The rest of the journey to a delivered result.
        await ann.StartAsync();
        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a red fox in the snow", 1);
        await ann.WaitForClosingAsync(orderId);

        var stats = await sandbox.Telegram.GetStatsAsync();
        Assert.True(stats.CallsByMethod.Where(c => c.Key.Equals("editMessageText", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Value) > 0,
            "the journey edits screens, so a refused edit would have shown; calls: " + string.Join(", ", stats.CallsByMethod.Select(c => $"{c.Key}: {c.Value}")));
        Assert.DoesNotContain("400", stats.ErrorsByCode.Keys);
    }

    [Fact]
    public async Task A_user_flooding_the_bot_does_not_hold_up_another_users_update()
    {
        const int Flood = 300;
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        var port = FlowSandbox.FreePort();
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, port);
        var flooder = await FlowUser.CreateAsync(sandbox, "Flooder");
        var bob = await FlowUser.CreateAsync(sandbox, "Bob");
        await flooder.StartAsync();
        await bob.StartAsync();
        var bobsMessages = (await sandbox.Telegram.GetBotMessagesAsync(bob.Id)).Count;

        // The flooder's updates all reach the node's webhook at once (as from many Telegram connections): their user
        // actor takes them one after another, each persisted before its 200.
        var flood = Enumerable.Range(0, Flood)
            .Select(n => FlowWebhook.PostAsync(node, FlowWebhook.TextMessage(1_500_000_000 + n, flooder.Id, $"flood {n}", "Flooder", messageId: 2_000_000 + n)))
            .ToList();

        // Bob's update is persisted and answered while the flood is still waiting its turn: it did not queue behind it.
        var bobs = await FlowWebhook.PostAsync(node, FlowWebhook.TextMessage(1_600_000_000, bob.Id, "/menu", "Bob"));
        var floodStillWaiting = flood.Count(t => !t.IsCompleted);

        Assert.Equal(System.Net.HttpStatusCode.OK, bobs);
        Assert.True(floodStillWaiting > 0, $"all {Flood} of the flooder's updates were answered before Bob's one");
        await bob.WaitUntilAsync(m => m.Count > bobsMessages && m[^1].Buttons.Any(b => FlowUser.Action(b) is CallbackAction.OpenKind), what: "the menu Bob asked for");
        Assert.All(await Task.WhenAll(flood), status => Assert.Equal(System.Net.HttpStatusCode.OK, status));
    }
}
