using NeuroActors.Sandbox.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.Payments;
using Telegram.Bot.Types.ReplyMarkups;

namespace NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;

/// <summary>The real Telegram.Bot client (its polling loop, media, retries, errors) against the sandbox.</summary>
public sealed class TelegramBotClientTests
{
    [Fact]
    public async Task GetMe_returns_the_bot_whose_id_is_in_the_token()
    {
        await using var host = await TelegramSandboxHost.StartAsync();

        var me = await host.CreateBot().GetMe();

        Assert.Equal(TelegramSandboxHost.BotId, me.Id);
        Assert.True(me.IsBot);
    }

    [Fact]
    public async Task The_polling_loop_receives_a_users_message_and_its_reply_reaches_the_transcript()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        await using var bot = new PollingBot(host, async (client, update, ct) =>
        {
            if (update.Message is { Text: { } text } message)
            {
                await client.SendMessage(message.Chat.Id, $"<i>echo:</i> {text}", ParseMode.Html, cancellationToken: ct);
            }
        });
        var user = await host.Control.CreateUserAsync("Ann", "ru");

        await host.Control.SendTextAsync(user.Id, "привет");
        var reply = await host.Control.WaitForMessageAsync(user.Id);
        var received = await bot.NextUpdateAsync();

        Assert.Equal("echo: привет", reply.PlainText);
        Assert.Equal("<i>echo:</i> привет", reply.Text);
        Assert.Equal("HTML", reply.ParseMode);
        Assert.Equal("ru", received.Message!.From!.LanguageCode);
        Assert.Empty(bot.Errors);
    }

    public static TheoryData<string, bool> MediaKinds()
    {
        var data = new TheoryData<string, bool>();
        foreach (var kind in new[] { "photo", "video", "audio", "voice", "document", "animation" })
        {
            data.Add(kind, true);
            data.Add(kind, false);
        }

        return data;
    }

    private static readonly Dictionary<string, string> AssetNames = new(StringComparer.Ordinal)
    {
        ["photo"] = "photo.png",
        ["video"] = "video.mp4",
        ["audio"] = "audio.mp3",
        ["voice"] = "voice.ogg",
        ["document"] = "document.pdf",
        ["animation"] = "animation.mp4",
    };

    private static byte[] AssetBytes(string kind) => kind switch
    {
        "photo" => TelegramSandboxHost.Photo,
        "document" => TestMedia.Bytes("%PDF-1.4"),
        _ => TestMedia.Bytes(kind),
    };

    [Theory]
    [MemberData(nameof(MediaKinds))]
    public async Task Each_media_kind_is_sent_by_upload_or_by_url_and_its_bytes_can_be_downloaded(string kind, bool upload)
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        var bot = host.CreateBot();
        var bytes = AssetBytes(kind);
        InputFile file = upload ? InputFile.FromStream(new MemoryStream(bytes), AssetNames[kind]) : InputFile.FromUri(host.AssetUrl(AssetNames[kind]));

        var message = kind switch
        {
            "photo" => await bot.SendPhoto(chatId, file, caption: "a photo"),
            "video" => await bot.SendVideo(chatId, file, caption: "a video", duration: 3),
            "audio" => await bot.SendAudio(chatId, file, caption: "a song", title: "Song"),
            "voice" => await bot.SendVoice(chatId, file, duration: 2),
            "document" => await bot.SendDocument(chatId, file, caption: "a file"),
            _ => await bot.SendAnimation(chatId, file),
        };
        FileBase? media = kind switch
        {
            "photo" => message.Photo?.Last(),
            "video" => message.Video,
            "audio" => message.Audio,
            "voice" => message.Voice,
            "document" => message.Document,
            _ => message.Animation,
        };
        var transcript = await host.Control.GetBotMessagesAsync(chatId);
        var viaControl = await host.Control.DownloadMediaAsync(transcript.Single().Media!);
        using var viaBotApi = new MemoryStream();
        await bot.GetInfoAndDownloadFile(media!.FileId, viaBotApi);

        Assert.NotNull(media);
        Assert.Equal(kind, transcript.Single().Media!.Kind);
        Assert.Equal(bytes, viaControl);
        Assert.Equal(bytes, viaBotApi.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_media_group_arrives_as_messages_sharing_a_media_group_id(bool upload)
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        var bot = host.CreateBot();
        InputFile Photo(int i) => upload ? InputFile.FromStream(new MemoryStream(TelegramSandboxHost.Photo), $"p{i}.png") : InputFile.FromUri(host.AssetUrl("photo.png"));
        InputFile Video() => upload ? InputFile.FromStream(new MemoryStream(TestMedia.Bytes("video")), "v.mp4") : InputFile.FromUri(host.AssetUrl("video.mp4"));

        var messages = await bot.SendMediaGroup(chatId, new IAlbumInputMedia[]
        {
            new InputMediaPhoto(Photo(1)) { Caption = "<b>3 variants</b>", ParseMode = ParseMode.Html },
            new InputMediaPhoto(Photo(2)),
            new InputMediaVideo(Video()),
        });
        var transcript = await host.Control.GetBotMessagesAsync(chatId);

        Assert.Equal(3, messages.Length);
        Assert.Single(messages.Select(m => m.MediaGroupId).Distinct());
        Assert.NotNull(messages[0].MediaGroupId);
        Assert.Equal("3 variants", messages[0].Caption);
        Assert.Equal(["photo", "photo", "video"], transcript.Select(m => m.Media!.Kind));
    }

    [Fact]
    public async Task A_429_within_the_retry_threshold_is_retried_by_TelegramBot_itself()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        var bot = host.CreateBot();
        await host.Control.InjectFaultAsync("sendMessage", 429, retryAfter: 1);

        var sent = await bot.SendMessage(chatId, "after a retry");
        var stats = await host.Control.GetStatsAsync();

        Assert.Equal("after a retry", sent.Text);
        Assert.Equal(1, stats.ErrorsByCode["429"]);
        Assert.Equal(2, stats.CallsByMethod["sendmessage"]);
    }

    [Fact]
    public async Task A_flood_429_reaches_the_caller_when_its_retry_threshold_is_zero()
    {
        // A clock that stands still: the chat's budget never refills during the test.
        var clock = new ManualTimeProvider();
        await using var host = await TelegramSandboxHost.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.PerChatBurst = 1;
        });
        var chatId = await host.CreateStartedUserAsync();
        var bot = host.CreateBot(retryThreshold: 0);

        await bot.SendMessage(chatId, "first");
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(chatId, "second"));

        Assert.Equal(429, error.ErrorCode);
        Assert.Equal(1, error.Parameters?.RetryAfter);
        Assert.Equal("Too Many Requests: retry after 1", error.Message);
    }

    [Fact]
    public async Task An_injected_server_error_reaches_the_caller_with_the_real_text()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        var bot = host.CreateBot();
        await host.Control.InjectFaultAsync("sendPhoto", 500);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendPhoto(chatId, InputFile.FromUri(host.AssetUrl("photo.png"))));
        var next = await bot.SendPhoto(chatId, InputFile.FromUri(host.AssetUrl("photo.png")));

        Assert.Equal(500, error.ErrorCode);
        Assert.Equal("Internal Server Error: restart", error.Message);
        Assert.NotNull(next.Photo);
    }

    [Fact]
    public async Task After_the_user_blocks_the_bot_the_loop_sees_kicked_and_sends_fail_with_403()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        await using var bot = new PollingBot(host);
        await bot.NextUpdateAsync(u => u.Message?.Text == "/start");

        await host.Control.BlockAsync(chatId);
        var kicked = await bot.NextUpdateAsync(u => u.MyChatMember is not null);
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Bot.SendMessage(chatId, "anyone?"));

        Assert.Equal(ChatMemberStatus.Kicked, kicked.MyChatMember!.NewChatMember.Status);
        Assert.Equal(403, error.ErrorCode);
        Assert.Equal("Forbidden: bot was blocked by the user", error.Message);
    }

    [Fact]
    public async Task Pressing_a_button_reports_the_bots_callback_answer_and_its_edit()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        await using var bot = new PollingBot(host, async (client, update, ct) =>
        {
            if (update.Message?.Text == "/start")
            {
                await client.SendMessage(update.Message.Chat.Id, "Choose a model", replyMarkup: new InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton.WithCallbackData("🎨 Image", "model:image"), InlineKeyboardButton.WithCallbackData("🎬 Video", "model:video")],
                    [InlineKeyboardButton.WithUrl("Help", "https://example.com/help")],
                ]), cancellationToken: ct);
            }
            else if (update.CallbackQuery is { } query)
            {
                await client.AnswerCallbackQuery(query.Id, "Video needs 40 credits", showAlert: true, cancellationToken: ct);
                await client.EditMessageText(query.Message!.Chat.Id, query.Message.Id, $"Chosen: {query.Data}", cancellationToken: ct);
            }
        });
        var user = await host.Control.CreateUserAsync("Ann");
        await host.Control.SendCommandAsync(user.Id, "start");
        var menu = await host.Control.WaitForMessageAsync(user.Id);

        var press = await host.Control.PressButtonByTextAsync(user.Id, "video", waitForAnswer: TimeSpan.FromSeconds(5));
        var edit = await host.Control.WaitForChangeAsync(user.Id, c => c.Kind == ChatChangeKinds.Edit);
        var transcript = await host.Control.GetTranscriptAsync(user.Id);

        Assert.Equal(["🎨 Image", "🎬 Video", "Help"], menu.Buttons.Select(b => b.Text));
        Assert.Equal("model:video", press.Data);
        Assert.True(press.Answer.Answered);
        Assert.Equal("Video needs 40 credits", press.Answer.Text);
        Assert.True(press.Answer.ShowAlert);
        Assert.Equal("Chosen: model:video", edit.Message!.PlainText);
        var edited = transcript.Messages.Single(m => m.MessageId == menu.MessageId);
        Assert.Equal(1, edited.EditCount);
        Assert.Null(edited.InlineKeyboard);
    }

    [Fact]
    public async Task A_Stars_payment_is_checked_out_paid_and_refunded_once()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        string? chargeId = null;
        await using var bot = new PollingBot(host, async (client, update, ct) =>
        {
            if (update.PreCheckoutQuery is { } checkout)
            {
                await client.AnswerPreCheckoutQuery(checkout.Id, cancellationToken: ct);
            }
            else if (update.Message?.SuccessfulPayment is { } payment)
            {
                chargeId = payment.TelegramPaymentChargeId;
            }
        });
        var chatId = await host.CreateStartedUserAsync();
        var invoice = await bot.Bot.SendInvoice(chatId, "100 credits", "Credits for generations", "topup:100", "XTR", [new LabeledPrice("100 credits", 50)]);

        var paid = await host.Control.PayInvoiceAsync(chatId);
        var successful = await bot.NextUpdateAsync(u => u.Message?.SuccessfulPayment is not null);
        await bot.Bot.RefundStarPayment(chatId, paid.TelegramPaymentChargeId!);
        var refunded = await bot.NextUpdateAsync(u => u.Message?.RefundedPayment is not null);
        var twice = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Bot.RefundStarPayment(chatId, paid.TelegramPaymentChargeId!));

        Assert.Equal(50, invoice.Invoice!.TotalAmount);
        Assert.Equal(PaymentResult.Paid, paid.Status);
        Assert.Equal(paid.TelegramPaymentChargeId, chargeId);
        Assert.Equal("topup:100", successful.Message!.SuccessfulPayment!.InvoicePayload);
        Assert.Equal(50, refunded.Message!.RefundedPayment!.TotalAmount);
        Assert.Equal(400, twice.ErrorCode);
        Assert.Equal("Bad Request: CHARGE_ALREADY_REFUNDED", twice.Message);
    }

    [Fact]
    public async Task A_photo_from_a_user_can_be_downloaded_by_the_bot()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        await using var bot = new PollingBot(host);
        var user = await host.Control.CreateUserAsync("Ann");
        var image = TestMedia.Png(20, 10);

        await host.Control.SendPhotoAsync(user.Id, image, caption: "make it a cartoon");
        var update = await bot.NextUpdateAsync(u => u.Message?.Photo is not null);
        using var downloaded = new MemoryStream();
        await bot.Bot.GetInfoAndDownloadFile(update.Message!.Photo!.Last().FileId, downloaded);

        Assert.Equal("make it a cartoon", update.Message.Caption);
        Assert.Equal(20, update.Message.Photo!.Last().Width);
        Assert.Equal(image, downloaded.ToArray());
    }

    [Fact]
    public async Task SetMyCommands_publishes_the_menu_per_language()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var bot = host.CreateBot();

        await bot.SetMyCommands([new BotCommand("start", "Start"), new BotCommand("balance", "Balance")]);
        await bot.SetMyCommands([new BotCommand("start", "Начать")], languageCode: "ru");
        var commands = await host.Control.GetCommandsAsync();
        var russian = await bot.GetMyCommands(languageCode: "ru");

        Assert.Equal(2, commands.Count);
        Assert.Equal(["start", "balance"], commands.Single(c => c.LanguageCode is null).Commands.Select(c => c.Command));
        Assert.Equal("Начать", russian.Single().Description);
    }
}
