using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>Whatever comes twice (an update, a KIE callback, a tap) changes nothing the second time.</summary>
public sealed class DuplicateTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_same_telegram_update_three_times_changes_nothing_after_the_first(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        var port = FlowSandbox.FreePort();
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, port);
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        await ann.OpenModelCardAsync(MediaKind.Image, ImageModel);
        var before = (await sandbox.Telegram.GetBotMessagesAsync(ann.Id)).Count;

        // Telegram redelivers an update whose answer it did not get: the same bytes, the same update_id.
        var prompt = FlowWebhook.TextMessage(2_000_000_001, ann.Id, "a castle on a cliff");
        for (var delivery = 0; delivery < 3; delivery++)
        {
            Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(node, prompt));
        }

        // Once: the prompt is taken and the variants are offered. Twice: the second copy would be text while buttons
        // are expected, and would get a hint and the variants again.
        // Each post returned once its update was handled; the marker's answer follows whatever they made the bot send.
        var marker = await ann.PassMarkerAsync();
        var messages = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker);
        Assert.Equal(before + 1, messages.Count);
        Assert.Contains(messages[^1].Buttons, b => FlowUser.Action(b) is CallbackAction.ChooseVariants);
        Assert.Contains("a castle on a cliff", messages[^1].PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_same_kie_callback_twice_captures_once_and_delivers_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(kie => kie.DeliverCallbacksTwice = true, floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "two foxes in the snow", 1);
        await ann.WaitForClosingAsync(orderId);
        // The second callback was answered and the job settled (it reports no more); the marker follows what they caused.
        var task = Assert.Single(await sandbox.Kie.GetTasksAsync(ImageModel));
        await sandbox.Kie.WaitForTaskAsync(task.TaskId, t => t.CallbacksSettled, FlowUser.Patience);
        var answered = (await sandbox.Kie.GetTaskAsync(task.TaskId))!.Callbacks.Where(c => c.StatusCode is >= 200 and < 300);
        Assert.Contains(answered, c => c.Delivery == 2); // the node did get the same callback a second time
        await FlowChecks.WaitForJobsSettledAsync(node, orderId, 1);
        var marker = await ann.PassMarkerAsync();

        var messages = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker);
        Assert.Single(messages, m => m.Media?.Kind == "photo");
        Assert.Single(messages, m => FlowUser.IsClosing(m, orderId));
        Assert.Single(await sandbox.Kie.GetTasksAsync(ImageModel));
        var state = await ann.SettledStateAsync(node);
        Assert.Equal(50 - price, state.Balance);
        Assert.Equal(0, state.Reserved);
        Assert.Empty(state.OpenOrders);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Ten_quick_taps_on_generate_then_on_i_agree_place_one_order_and_the_later_taps_hear_it_already_started(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var confirmation = await ann.PrepareOrderAsync(MediaKind.Image, ImageModel, "a kite over the sea", 1);
        var confirm = confirmation.Buttons.First(b => FlowUser.Action(b) is CallbackAction.Confirm).CallbackData;

        // The first order: every Generate shows the terms, none places anything.
        var generateTaps = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            sandbox.Telegram.PressButtonAsync(ann.Id, confirm, messageId: confirmation.MessageId, waitForAnswer: TimeSpan.FromSeconds(20))));
        Assert.All(generateTaps, t => Assert.True(t.Answer.Answered, "every tap is answered"));
        var terms = (await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == confirmation.MessageId && FlowUser.IsTerms(x)), what: "the terms"))
            .Single(x => x.MessageId == confirmation.MessageId);
        Assert.Empty((await ann.StateAsync(node)).OpenOrders);
        var agree = terms.Buttons.First(b => FlowUser.Action(b) is CallbackAction.AcceptTerms).CallbackData;

        var taps = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            sandbox.Telegram.PressButtonAsync(ann.Id, agree, messageId: confirmation.MessageId, waitForAnswer: TimeSpan.FromSeconds(20))));

        Assert.All(taps, t => Assert.True(t.Answer.Answered, "every tap is answered"));
        Assert.Equal(9, taps.Count(t => t.Answer.Text == "Already started"));
        var state = await ann.StateAsync(node);
        var orderId = Assert.Single(state.OpenOrders.Concat(state.RecentOrders).Distinct());
        await ann.WaitForClosingAsync(orderId);
        state = await ann.StateAsync(node);
        Assert.Equal(50 - price, state.Balance);
        Assert.Equal(0, state.Reserved);
        Assert.Single(await sandbox.Kie.GetTasksAsync(ImageModel));
        Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), m => m.Media?.Kind == "photo");
    }
}
