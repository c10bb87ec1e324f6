using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>What a person may send that the bot cannot use: each gets a helpful reply and the draft stays as it was.</summary>
public sealed class BadInputFlowTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Fact]
    public async Task A_prompt_longer_than_the_model_allows_gets_the_limit_and_the_draft_then_takes_a_shorter_one()
    {
        await using var flow = await StartAsync();
        var model = flow.Menu.ModelsOf(MediaKind.Image).Where(m => !m.NeedsImage && m.MaxPromptLength < 4000).MinBy(m => m.MaxPromptLength)!;
        await flow.Ann.OpenModelCardAsync(MediaKind.Image, model.Id);

        var reply = await SendAndWaitAsync(flow.Ann, new string('a', model.MaxPromptLength + 1));
        Assert.Contains($"this model takes up to {model.MaxPromptLength:#,0}", reply.PlainText, StringComparison.Ordinal);
        Assert.Contains("shorten it by 1", reply.PlainText, StringComparison.Ordinal);

        var next = await SendAndWaitAsync(flow.Ann, "a quiet harbour at dawn");
        Assert.Contains(next.Buttons, b => FlowUser.Action(b) is CallbackAction.ChooseVariants);
    }

    [Fact]
    public async Task An_empty_prompt_is_asked_again_in_words()
    {
        await using var flow = await StartAsync();
        await flow.Ann.OpenModelCardAsync(MediaKind.Image, ImageModel);

        var reply = await SendAndWaitAsync(flow.Ann, "   ");
        Assert.Contains("The prompt is empty", reply.PlainText, StringComparison.Ordinal);

        var next = await SendAndWaitAsync(flow.Ann, "a quiet harbour at dawn");
        Assert.Contains(next.Buttons, b => FlowUser.Action(b) is CallbackAction.ChooseVariants);
    }

    [Fact]
    public async Task A_sticker_voice_file_or_oversized_photo_where_a_photo_is_expected_is_explained_and_a_real_photo_then_goes_in()
    {
        await using var flow = await StartAsync(webhook: true);
        var model = flow.Menu.ModelsOf(MediaKind.Video).First(m => m.NeedsImage);
        var telegram = flow.Sandbox.Telegram;
        var ann = flow.Ann;
        await ann.OpenModelCardAsync(MediaKind.Video, model.Id);

        var count = (await telegram.GetBotMessagesAsync(ann.Id)).Count;
        Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(flow.Node, FlowWebhook.StickerMessage(2_000_000_001, ann.Id)));
        var sticker = await NextMessageAsync(ann, count);
        Assert.Contains("Stickers cannot be used here", sticker.PlainText, StringComparison.Ordinal);

        await telegram.SendVoiceAsync(ann.Id, [0x4F, 0x67, 0x67, 0x53, 0, 1, 2, 3]);
        var voice = await NextMessageAsync(ann, count + 1);
        Assert.Contains("A voice message cannot be used here", voice.PlainText, StringComparison.Ordinal);

        await telegram.SendDocumentAsync(ann.Id, "%PDF-1.4 flow test"u8.ToArray(), "brief.pdf", "application/pdf");
        var document = await NextMessageAsync(ann, count + 2);
        Assert.Contains("a file this model cannot use", document.PlainText, StringComparison.Ordinal);

        // Telegram lets a bot download at most 20 MB; a bigger "photo" sent as a file is refused before any download.
        var big = new byte[(20 << 20) + (256 << 10)];
        FlowSteps.TinyPng.CopyTo(big, 0);
        await telegram.SendDocumentAsync(ann.Id, big, "huge.png", "image/png");
        var tooLarge = await NextMessageAsync(ann, count + 3);
        Assert.Contains("the limit is 20 MB", tooLarge.PlainText, StringComparison.Ordinal);

        await telegram.SendPhotoAsync(ann.Id, FlowSteps.TinyPng);
        var card = await NextMessageAsync(ann, count + 4);
        Assert.Contains("Photo received", card.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_while_buttons_are_expected_gets_a_hint_and_the_draft_is_kept()
    {
        await using var flow = await StartAsync();
        var ann = flow.Ann;
        await ann.OpenModelCardAsync(MediaKind.Image, ImageModel);
        var variants = await SendAndWaitAsync(ann, "a quiet harbour at dawn");
        Assert.Contains(variants.Buttons, b => FlowUser.Action(b) is CallbackAction.ChooseVariants);

        var hint = await SendAndWaitAsync(ann, "three please");
        Assert.Contains("Please use the buttons below", hint.PlainText, StringComparison.Ordinal);
        Assert.Contains("a quiet harbour at dawn", hint.PlainText, StringComparison.Ordinal);

        var tap = await ann.TapAsync(a => a is CallbackAction.ChooseVariants c && c.Variants == 1);
        var confirmation = await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == tap.MessageId && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Confirm)), what: "the confirmation");
        Assert.Contains("a quiet harbour at dawn", confirmation.Single(x => x.MessageId == tap.MessageId).PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tap_on_an_old_keyboard_says_the_menu_is_outdated_and_shows_the_main_menu()
    {
        await using var flow = await StartAsync();
        var ann = flow.Ann;
        var confirmation = await ann.PrepareOrderAsync(MediaKind.Image, ImageModel, "a quiet harbour at dawn", 1);
        await flow.Sandbox.Telegram.SendCommandAsync(ann.Id, "menu");
        await ann.WaitUntilAsync(m => m[^1].MessageId > confirmation.MessageId && m[^1].Buttons.Any(b => FlowUser.Action(b) is CallbackAction.OpenKind), what: "the main menu");

        var tap = await flow.Sandbox.Telegram.PressButtonAsync(ann.Id, confirmation.Buttons.First(b => FlowUser.Action(b) is CallbackAction.Confirm).CallbackData,
            messageId: confirmation.MessageId, waitForAnswer: TimeSpan.FromSeconds(20));

        Assert.Equal("This menu is outdated", tap.Answer.Text);
        var old = await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == confirmation.MessageId && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.OpenKind)), what: "the main menu in the old message");
        Assert.Contains("This menu is outdated", old.Single(x => x.MessageId == confirmation.MessageId).PlainText, StringComparison.Ordinal);
        var state = await ann.StateAsync(flow.Node);
        Assert.Empty(state.RecentOrders);
        Assert.Equal(0, state.Reserved);
    }

    [Theory]
    [InlineData("polite")]
    [InlineData("ignore")]
    public async Task A_group_chat_message_is_answered_politely_or_ignored_as_configured(string policy)
    {
        await using var flow = await StartAsync(webhook: true, extra: new() { ["Telegram:GroupChats"] = policy });
        var telegram = flow.Sandbox.Telegram;
        var bob = await FlowUser.CreateAsync(flow.Sandbox, "Bob");
        var statsBefore = await telegram.GetStatsAsync();
        const long GroupId = -1_001_234_567;

        Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(flow.Node, FlowWebhook.TextMessage(2_000_000_001, bob.Id, "/start", "Bob", GroupId)));

        // The post returns once Bob's actor has handled the update.
        var state = await bob.StateAsync(flow.Node);
        Assert.Equal(0, state.Balance); // a group message registers nobody and grants no welcome credits
        Assert.Empty(state.RecentOrders);

        // The sandbox has private chats only, so a reply to the group comes back as 400 "chat not found": it was sent.
        if (policy == "polite")
        {
            await WaitAsync(async () => Errors(await telegram.GetStatsAsync(), "400") > Errors(statsBefore, "400"), "the polite reply to the group");
            Assert.Empty(await telegram.GetBotMessagesAsync(bob.Id));
        }
        else
        {
            // Bob's actor handed a reply to the group, had there been one, to the outbox before its answer to a marker.
            await bob.PassMarkerAsync();
            Assert.Equal(Errors(statsBefore, "400"), Errors(await telegram.GetStatsAsync(), "400"));
            Assert.Single(await telegram.GetBotMessagesAsync(bob.Id)); // the marker's answer, nothing else
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_user_who_blocks_the_bot_mid_job_still_gets_the_job_settled_once_and_nothing_is_retried_forever(string provider)
    {
        await using var flow = await StartAsync(provider: provider);
        var telegram = flow.Sandbox.Telegram;
        var ann = flow.Ann;
        var price = flow.Menu.FindById(ImageModel)!.Price;

        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a slow sunset [[slow:3s]]", 1);
        await telegram.BlockAsync(ann.Id);

        await WaitAsync(async () => (await ann.StateAsync(flow.Node)).OpenOrders.Count == 0, "the order to settle");
        var state = await ann.StateAsync(flow.Node);
        Assert.Equal(50 - price, state.Balance);
        Assert.Equal(0, state.Reserved);
        Assert.Equal([orderId], state.RecentOrders);
        Assert.True(state.Blocked);

        // The job settled, so it reports no more; the user then unblocks and writes a marker: anything still pending for
        // this chat (a report's resend, an outbox retry) would meet Telegram before the marker's answer.
        await FlowChecks.WaitForJobsSettledAsync(flow.Node, orderId, 1);
        var settled = Errors(await telegram.GetStatsAsync(), "403");
        await telegram.UnblockAsync(ann.Id);
        await ann.PassMarkerAsync();
        Assert.Equal(settled, Errors(await telegram.GetStatsAsync(), "403"));
        Assert.Single(await flow.Sandbox.Kie.GetTasksAsync(ImageModel));
        Assert.DoesNotContain(await telegram.GetBotMessagesAsync(ann.Id), m => m.Media is not null || FlowUser.IsClosing(m, orderId));
        Assert.Equal(50 - price, (await ann.StateAsync(flow.Node)).Balance);
    }

    private static int Errors(SandboxStats stats, string code) => stats.ErrorsByCode.GetValueOrDefault(code);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for {what}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends text and returns the first new bot message after it.</summary>
    private static async Task<TranscriptMessage> SendAndWaitAsync(FlowUser user, string text)
    {
        var before = (await user.Sandbox.Telegram.GetBotMessagesAsync(user.Id)).Count;
        await user.SendTextAsync(text);
        return await NextMessageAsync(user, before);
    }

    private static async Task<TranscriptMessage> NextMessageAsync(FlowUser user, int countBefore)
    {
        var messages = await user.WaitUntilAsync(m => m.Count > countBefore, what: "a reply");
        return messages[countBefore];
    }

    private static async Task<Flow> StartAsync(string provider = "sqlite", bool webhook = false, Dictionary<string, string?>? extra = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        var port = FlowSandbox.FreePort();
        var settings = new Dictionary<string, string?> { ["Credits:Welcome"] = "50" };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        var node = webhook ? await FlowWebhook.StartNodeAsync(sandbox, database, port, settings) : await sandbox.StartNodeAsync(database, port, settings);

        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        return new Flow(database, sandbox, node, ann, node.App.Services.GetRequiredService<MenuSource>().Current);
    }

    private sealed record Flow(TestDatabase Database, FlowSandbox Sandbox, TestNode Node, FlowUser Ann, NeuroActors.Domain.Catalog.CatalogMenu Menu) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Node.DisposeAsync();
            await Sandbox.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
