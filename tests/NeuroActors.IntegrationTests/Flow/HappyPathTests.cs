using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>From /start to delivered results, through the Bot API sandbox and the simulated KIE, on both databases.</summary>
public sealed class HappyPathTests
{
    public const string ImageModel = "google/nano-banana";

    public static TheoryData<string, int> ProvidersAndVariants() => new()
    {
        { "sqlite", 1 },
        { "sqlite", 3 },
        { "postgres", 1 },
        { "postgres", 3 },
    };

    [Theory]
    [MemberData(nameof(ProvidersAndVariants))]
    public async Task An_order_reserves_then_captures_its_credits_and_delivers_every_result_with_the_next_steps(string provider, int variants)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;
        var ann = await FlowUser.CreateAsync(sandbox);

        var menu = await ann.StartAsync();
        Assert.Contains("50", menu.PlainText, StringComparison.Ordinal);
        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a red fox in the snow", variants);

        var messages = await ann.WaitForClosingAsync(orderId);
        var photos = messages.Where(m => m.Media?.Kind == "photo").ToList();
        Assert.Equal(variants, photos.Count);
        Assert.Contains($"#{orderId}-1", photos[0].Caption, StringComparison.Ordinal);
        if (variants > 1)
        {
            Assert.NotNull(photos[0].MediaGroupId);
            Assert.All(photos, p => Assert.Equal(photos[0].MediaGroupId, p.MediaGroupId));
        }

        var closing = messages.Last(m => FlowUser.IsClosing(m, orderId));
        Assert.True(closing.MessageId > photos.Max(p => p.MessageId), "the next steps come after the results");
        Assert.Contains(closing.Buttons, b => FlowUser.Action(b) is CallbackAction.MakeAnother another && another.OrderId == orderId);

        var tasks = await sandbox.Kie.GetTasksAsync(ImageModel);
        Assert.Equal(variants, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("a red fox in the snow", t.Prompt));
        Assert.All(tasks, t => Assert.Contains($"/kie/callback/market/{orderId}-", t.CallBackUrl, StringComparison.Ordinal));

        var state = await ann.SettledStateAsync(node);
        Assert.Equal(50 - (price * variants), state.Balance);
        Assert.Equal(0, state.Reserved);
        Assert.Empty(state.OpenOrders);
        Assert.Equal([orderId], state.RecentOrders);

        await sandbox.Telegram.SendCommandAsync(ann.Id, "history");
        var history = await sandbox.Telegram.WaitForMessageAsync(ann.Id, m => m.PlainText?.Contains(orderId, StringComparison.Ordinal) == true, FlowUser.Patience);
        Assert.Contains("✅", history.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_message_is_edited_in_place_never_shows_the_same_text_twice_and_the_chat_shows_the_work_going_on()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync(kie => kie.Durations = new NeuroActors.Sandbox.Kie.KieStageDurations(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(4)));
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var cursor = (await sandbox.Telegram.GetTranscriptAsync(ann.Id)).LastSeq;

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a lighthouse at dusk", 1);
        await ann.WaitForClosingAsync(orderId);

        var changes = await sandbox.Telegram.GetChangesAsync(ann.Id, cursor, TimeSpan.Zero);
        var statusEdits = changes.Changes.Where(c => c.Kind == "edit" && c.Message!.PlainText!.Contains("#" + orderId, StringComparison.Ordinal) && c.Message.Media is null).ToList();
        Assert.NotEmpty(statusEdits);
        var texts = statusEdits.Select(c => c.Message!.PlainText).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.Single(statusEdits.Select(c => c.Message!.MessageId).Distinct());
        var newStatusMessages = changes.Changes.Count(c => c.Kind == "message" && c.Message!.PlainText!.Contains("variant", StringComparison.Ordinal) && c.Message.PlainText.Contains("#" + orderId, StringComparison.Ordinal));
        Assert.Equal(0, newStatusMessages);
        var stats = await sandbox.Telegram.GetStatsAsync();
        Assert.False(stats.ErrorsByCode.ContainsKey("400"), "no edit repeated what the message already showed (Telegram answers 400 \"message is not modified\")");
        var task = Assert.Single(await sandbox.Kie.GetTasksAsync(ImageModel));
        Assert.Contains(await sandbox.Telegram.GetChatActionsAsync(ann.Id), a => a.Action == "upload_photo" && a.At < task.CompletedAt);
    }
}
