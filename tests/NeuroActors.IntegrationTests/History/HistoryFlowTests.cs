using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Options;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.History;

/// <summary>/history, /status and search through the sandbox, as a user drives them.</summary>
public sealed class HistoryFlowTests
{
    private const string VideoModel = "kling/v2-5-turbo-text-to-video-pro";

    [Fact]
    public async Task An_order_opened_from_history_shows_its_options_and_repeat_reaches_the_confirmation_with_the_same_options_and_price()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "200" });
        var model = OptionSteps.MenuModelOf(node, VideoModel);
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var variants = await ann.ToVariantsAsync(MediaKind.Video, VideoModel, "a fox running through snow at dawn");
        variants = await ann.ChooseOptionAsync(variants, model, "aspect_ratio", "16:9");
        variants = await ann.ChooseOptionAsync(variants, model, "duration", "10");
        var confirmation = await ann.ChooseVariantsAsync(variants, 1);
        var shown = OptionSteps.ShownTotal(confirmation);
        var orderId = await ann.ConfirmAsync(confirmation);
        await ann.WaitForClosingAsync(orderId);

        await sandbox.Telegram.SendCommandAsync(ann.Id, "history");
        await ann.WaitUntilAsync(m => m.Any(x => x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.OpenOrder o && o.OrderId == orderId)), what: "the history list");
        await ann.TapAsync(a => a is CallbackAction.OpenOrder o && o.OrderId == orderId);
        var entry = (await ann.WaitUntilAsync(m => m.Any(x => x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.RepeatOrder)), what: "the order's entry"))
            .Last(x => x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.RepeatOrder));
        Assert.Contains(UiTexts.OrderTag(orderId), entry.PlainText, StringComparison.Ordinal);
        Assert.Contains("a fox running through snow at dawn", entry.PlainText, StringComparison.Ordinal);
        Assert.Contains("16:9", entry.PlainText, StringComparison.Ordinal);
        Assert.Contains("10 s", entry.PlainText, StringComparison.Ordinal);

        await ann.TapAsync(a => a is CallbackAction.RepeatOrder r && r.OrderId == orderId);
        var repeated = (await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == entry.MessageId && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Confirm)), what: "the repeat's confirmation"))
            .Single(x => x.MessageId == entry.MessageId);
        Assert.Contains("16:9 · 10 s", repeated.PlainText, StringComparison.Ordinal);
        Assert.Equal(shown, OptionSteps.ShownTotal(repeated));
    }

    [Fact]
    public async Task Status_with_an_order_id_answers_with_that_orders_state_and_search_finds_models_in_both_languages()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var orderId = await ann.OrderAsync(MediaKind.Image, "google/nano-banana", "a red apple on a table", 1);
        await ann.WaitForClosingAsync(orderId);

        var before = (await sandbox.Telegram.GetBotMessagesAsync(ann.Id)).Count;
        await sandbox.Telegram.SendCommandAsync(ann.Id, "status", "#" + orderId);
        var status = await ann.WaitUntilAsync(m => m.Count > before, what: "an answer to /status");
        Assert.Contains(UiTexts.OrderTag(orderId), status[^1].PlainText, StringComparison.Ordinal);

        before = status.Count;
        await sandbox.Telegram.SendCommandAsync(ann.Id, "models", "video");
        var english = await ann.WaitUntilAsync(m => m.Count > before && m[^1].Buttons.Any(b => FlowUser.Action(b) is CallbackAction.PickModel), what: "models matching 'video'");
        Assert.Contains("video", english[^1].PlainText, StringComparison.OrdinalIgnoreCase);

        var ivan = await FlowUser.CreateAsync(sandbox, "Иван", "ru", id: ann.Id + 1);
        var menu = await ivan.StartAsync();
        await ivan.SendTextAsync("аниме");
        var russian = await ivan.WaitUntilAsync(m => m[^1].MessageId != menu.MessageId && m[^1].Buttons.Any(b => FlowUser.Action(b) is CallbackAction.PickModel), what: "models matching 'аниме'");
        Assert.Contains("аниме", russian[^1].PlainText, StringComparison.Ordinal);
    }
}
