using System.Net;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Flow;

/// <summary>
/// The photo of an order cannot reach KIE: Telegram will not give it, it is over the 20 MB a bot may download, or KIE's
/// file host will not take it. The user reads why, the credits come back, and no task is created.
/// </summary>
public sealed class PhotoInputFailureTests
{
    private const string EditModel = "google/nano-banana-edit";
    private const long Welcome = 50;
    private const string BadPhoto = "The model could not use this photo";

    [Fact]
    public async Task A_photo_Telegram_will_not_give_fails_the_order_as_a_bad_photo_and_gives_the_credits_back()
    {
        await using var flow = await PhotoFlow.StartAsync();
        await flow.Ann.OpenModelCardAsync(MediaKind.Image, EditModel);
        await flow.Sandbox.Telegram.SendPhotoAsync(flow.Ann.Id, TestMedia.Png(64, 48), caption: "make it look like winter");
        // getFile answers 400 once: a file Telegram cannot give is not worth a retry (a retry would succeed here).
        await flow.Sandbox.Telegram.InjectFaultAsync("getFile", 400, "Bad Request: invalid file_id");

        var orderId = await flow.OrderWithThePhotoAsync();

        var notice = await flow.NoticeAsync(orderId);
        Assert.Contains(BadPhoto, notice.PlainText, StringComparison.Ordinal);
        await flow.AssertNothingSpentAsync(orderId);
    }

    /// <param name="maxDownloadMb">
    /// What the Bot API server lets a bot download: Telegram's cloud refuses getFile with 400 "file is too big"; a local Bot
    /// API server gives the file's path and size, and the node must refuse what Telegram's limit for bots would.
    /// </param>
    [Theory]
    [InlineData(20)]
    [InlineData(2000)]
    public async Task A_photo_over_the_20_MB_a_bot_may_download_fails_the_order_as_a_bad_photo_and_gives_the_credits_back(int maxDownloadMb)
    {
        await using var flow = await PhotoFlow.StartAsync(webhook: true, telegram: o => o.MaxDownloadFileSize = (long)maxDownloadMb << 20);
        var telegram = flow.Sandbox.Telegram;
        await flow.Ann.OpenModelCardAsync(MediaKind.Image, EditModel);

        // Put a 21 MB image at Telegram (as a file, which the bot refuses by its stated size), then send it as a photo
        // without a stated size, as Telegram may: only the download can find it too big.
        var big = new byte[(20 << 20) + (1 << 20)];
        FlowSteps.TinyPng.CopyTo(big, 0);
        await telegram.SendDocumentAsync(flow.Ann.Id, big, "huge.png", "image/png");
        await flow.Ann.WaitUntilAsync(m => m[^1].PlainText?.Contains("the limit is 20 MB", StringComparison.Ordinal) == true, what: "the refusal of the file");
        var fileId = (await telegram.GetTranscriptAsync(flow.Ann.Id)).Messages.Last(m => !m.FromBot && m.Media is not null).Media!.FileId;
        Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(flow.Node, FlowWebhook.PhotoMessage(2_000_000_001, flow.Ann.Id, fileId, "make it look like winter")));

        var orderId = await flow.OrderWithThePhotoAsync();

        var notice = await flow.NoticeAsync(orderId);
        Assert.Contains(BadPhoto, notice.PlainText, StringComparison.Ordinal);
        await flow.AssertNothingSpentAsync(orderId);
    }

    [Fact]
    public async Task A_photo_the_file_host_will_not_take_fails_the_order_after_the_retries_and_gives_the_credits_back()
    {
        // KIE's file host is down (nothing listens there); the API itself answers.
        await using var flow = await PhotoFlow.StartAsync(extra: new() { ["Kie:UploadBaseUrl"] = $"http://127.0.0.1:{FlowSandbox.FreePort()}" });
        await flow.Ann.OpenModelCardAsync(MediaKind.Image, EditModel);
        await flow.Sandbox.Telegram.SendPhotoAsync(flow.Ann.Id, TestMedia.Png(64, 48), caption: "make it look like winter");

        var orderId = await flow.OrderWithThePhotoAsync();

        var notice = await flow.NoticeAsync(orderId);
        Assert.Contains("back on your balance", notice.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain(BadPhoto, notice.PlainText, StringComparison.Ordinal); // the photo was fine; our side failed
        Assert.Empty(await flow.Sandbox.Kie.GetUploadsAsync());
        await flow.AssertNothingSpentAsync(orderId);
    }

    private sealed record PhotoFlow(TestDatabase Database, FlowSandbox Sandbox, TestNode Node, FlowUser Ann) : IAsyncDisposable
    {
        public static async Task<PhotoFlow> StartAsync(bool webhook = false, Action<BotApiSandboxOptions>? telegram = null, Dictionary<string, string?>? extra = null)
        {
            var database = await TestDatabase.CreateAsync("sqlite");
            var sandbox = await FlowSandbox.StartAsync(floodLimits: false, configureTelegram: telegram);
            var port = FlowSandbox.FreePort();
            var settings = new Dictionary<string, string?> { ["Credits:Welcome"] = Welcome.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            foreach (var (key, value) in extra ?? []) settings[key] = value;
            var node = webhook ? await FlowWebhook.StartNodeAsync(sandbox, database, port, settings) : await sandbox.StartNodeAsync(database, port, settings);

            var ann = await FlowUser.CreateAsync(sandbox);
            await ann.StartAsync();
            return new PhotoFlow(database, sandbox, node, ann);
        }

        /// <summary>From the variant choice the photo (with its caption as prompt) led to: one variant, confirmed.</summary>
        public async Task<string> OrderWithThePhotoAsync()
        {
            var choice = (await Ann.WaitUntilAsync(m => m[^1].Buttons.Any(b => FlowUser.Action(b) is CallbackAction.ChooseVariants), what: "the variant choice"))[^1];
            await Sandbox.Telegram.PressButtonAsync(Ann.Id, choice.Buttons.First(b => FlowUser.Action(b) is CallbackAction.ChooseVariants { Variants: 1 }).CallbackData, messageId: choice.MessageId);
            var confirmation = (await Ann.WaitUntilAsync(m => m.Any(x => x.MessageId == choice.MessageId && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Confirm)), what: "the confirmation"))
                .Single(x => x.MessageId == choice.MessageId);
            return await Ann.ConfirmAsync(confirmation);
        }

        /// <summary>The order's failure notice: it names the order and leads back to the menu.</summary>
        public async Task<TranscriptMessage> NoticeAsync(string orderId) =>
            (await Ann.WaitUntilAsync(m => m.Any(x => IsNotice(x, orderId)), TimeSpan.FromSeconds(90), "the failure notice")).Last(x => IsNotice(x, orderId));

        /// <summary>The reservation was released once, nothing is held, no task was created and no result came.</summary>
        public async Task AssertNothingSpentAsync(string orderId)
        {
            var state = await FlowChecks.AssertLedgerSettledAsync(Node, Ann);
            Assert.Equal(Welcome, state.Balance);
            Assert.Equal([orderId], state.RecentOrders);
            Assert.Empty(await FlowChecks.CapturesAsync(Node, Ann.Id));
            Assert.Empty(await Sandbox.Kie.GetTasksAsync());
            Assert.DoesNotContain(await Sandbox.Telegram.GetBotMessagesAsync(Ann.Id), m => m.Media is not null);
        }

        public async ValueTask DisposeAsync()
        {
            await Node.DisposeAsync();
            await Sandbox.DisposeAsync();
            await Database.DisposeAsync();
        }

        private static bool IsNotice(TranscriptMessage message, string orderId) =>
            message.Media is null && message.PlainText?.Contains("#" + orderId, StringComparison.Ordinal) == true
            && message.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.OpenMainMenu);
    }
}
