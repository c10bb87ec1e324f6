using System.Text;
using System.Text.Json;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;

/// <summary>The control API: simulated users, transcripts, waits, the event stream, payments from the user's side.</summary>
public sealed class ControlApiTests
{
    private static object Keyboard(params (string Text, string Data)[] buttons) =>
        new { inline_keyboard = new[] { buttons.Select(b => new { text = b.Text, callback_data = b.Data }).ToArray() } };

    [Fact]
    public async Task The_transcript_has_edits_applied_deletions_flagged_keyboards_and_fetchable_media()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.FloodLimitsEnabled = false);
        var chatId = await host.CreateStartedUserAsync();
        var progress = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "Generating… 10%", reply_markup = Keyboard(("Cancel", "cancel:1")) });
        var progressId = progress.Result.GetProperty("message_id").GetInt32();
        await host.CallAsync("editMessageText", new { chat_id = chatId, message_id = progressId, text = "Generating… 60%", reply_markup = Keyboard(("Cancel", "cancel:1")) });
        await host.CallAsync("editMessageText", new { chat_id = chatId, message_id = progressId, text = "<b>Done</b>", parse_mode = "HTML" });
        var photo = await host.CallAsync("sendPhoto", new { chat_id = chatId, photo = host.AssetUrl("photo.png").ToString(), caption = "Result", reply_markup = Keyboard(("Again", "again")) });
        var temporary = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "temporary" });
        await host.CallAsync("deleteMessage", new { chat_id = chatId, message_id = temporary.Result.GetProperty("message_id").GetInt32() });

        var transcript = await host.Control.GetTranscriptAsync(chatId);
        var botMessages = transcript.Messages.Where(m => m.FromBot).ToList();
        var image = await host.Control.DownloadMediaAsync(botMessages[1].Media!);

        Assert.Equal("/start", transcript.Messages[0].Text);
        Assert.False(transcript.Messages[0].FromBot);
        Assert.Equal(3, botMessages.Count);
        Assert.Equal("Done", botMessages[0].PlainText);
        Assert.Equal("<b>Done</b>", botMessages[0].Text);
        Assert.Equal(2, botMessages[0].EditCount);
        Assert.Null(botMessages[0].InlineKeyboard);
        Assert.Equal(photo.Result.GetProperty("message_id").GetInt32(), botMessages[1].MessageId);
        Assert.Equal("Result", botMessages[1].Caption);
        Assert.Equal("again", botMessages[1].Buttons.Single().CallbackData);
        Assert.Equal("photo", botMessages[1].Media!.Kind);
        Assert.Equal(8, botMessages[1].Media!.Width);
        Assert.Equal(TelegramSandboxHost.Photo, image);
        Assert.True(botMessages[2].Deleted);
    }

    [Fact]
    public async Task WaitForMessage_skips_messages_that_do_not_match_and_finds_one_sent_before_the_wait()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.FloodLimitsEnabled = false);
        var chatId = await host.CreateStartedUserAsync();
        await host.Control.SendTextAsync(chatId, "generate a cat");
        await host.CallAsync("sendMessage", new { chat_id = chatId, text = "Queued" });
        await host.CallAsync("sendMessage", new { chat_id = chatId, text = "Your cat is ready" });

        var ready = await host.Control.WaitForMessageAsync(chatId, m => m.PlainText!.Contains("ready", StringComparison.Ordinal));
        var pending = host.Control.WaitForMessageAsync(chatId, timeout: TimeSpan.FromSeconds(10));
        await host.CallAsync("sendMessage", new { chat_id = chatId, text = "Anything else?" });
        var next = await pending;

        Assert.Equal("Your cat is ready", ready.PlainText);
        Assert.Equal("Anything else?", next.PlainText);
    }

    [Fact]
    public async Task WaitForMessage_times_out_naming_the_latest_bot_messages()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        await host.CallAsync("sendMessage", new { chat_id = chatId, text = "Main menu", reply_markup = Keyboard(("Balance", "balance")) });

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            host.Control.WaitForMessageAsync(chatId, m => m.PlainText == "never", TimeSpan.FromMilliseconds(300)));

        Assert.Contains("Main menu", error.Message, StringComparison.Ordinal);
        Assert.Contains("[Balance]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_stream_reports_messages_actions_edits_and_deletions_in_order_and_resumes()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.FloodLimitsEnabled = false);
        var chatId = await host.CreateStartedUserAsync();
        using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/telegram/chats/{chatId}/events?after=1");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await host.CallAsync("sendChatAction", new { chat_id = chatId, action = "typing" });
        var sent = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "v1" });
        var id = sent.Result.GetProperty("message_id").GetInt32();
        await host.CallAsync("editMessageText", new { chat_id = chatId, message_id = id, text = "v2" });
        await host.CallAsync("deleteMessage", new { chat_id = chatId, message_id = id });
        var events = new List<(string Id, string Kind, ChatChange Change)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (events.Count < 4)
        {
            events.Add(await ReadEventAsync(reader, timeout.Token));
        }

        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/telegram/chats/{chatId}/events");
        resume.Headers.Add("Last-Event-ID", events[2].Id);
        using var resumed = await client.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead);
        using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync());
        var afterResume = await ReadEventAsync(resumedReader, timeout.Token);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([ChatChangeKinds.ChatAction, ChatChangeKinds.Message, ChatChangeKinds.Edit, ChatChangeKinds.Delete], events.Select(e => e.Kind));
        Assert.Equal("typing", events[0].Change.Action);
        Assert.Equal("v1", events[1].Change.Message!.PlainText);
        Assert.Equal("v2", events[2].Change.Message!.PlainText);
        Assert.True(events[3].Change.Message!.Deleted);
        Assert.Equal(ChatChangeKinds.Delete, afterResume.Kind);
    }

    private static async Task<(string Id, string Kind, ChatChange Change)> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? id = null;
        string? kind = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException();
            if (line.Length == 0 && data.Length > 0)
            {
                return (id!, kind!, JsonSerializer.Deserialize<ChatChange>(data.ToString(), ControlApiJson.Options)!);
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }
    }

    [Fact]
    public async Task Chat_actions_are_listed()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        await host.CallAsync("sendChatAction", new { chat_id = chatId, action = "upload_photo" });
        var wrong = await host.CallAsync("sendChatAction", new { chat_id = chatId, action = "dancing" });
        var actions = await host.Control.GetChatActionsAsync(chatId);

        Assert.Equal(["upload_photo"], actions.Select(a => a.Action));
        Assert.Equal("Bad Request: wrong parameter action in request", wrong.Description);
    }

    [Fact]
    public async Task Documents_and_voice_messages_from_users_arrive_as_updates()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.GetUpdatesAntiBusyLoop = false);
        var user = await host.Control.CreateUserAsync("Ann");

        await host.Control.SendDocumentAsync(user.Id, TestMedia.Bytes("%PDF"), "brief.pdf", "application/pdf", "see attached");
        await host.Control.SendVoiceAsync(user.Id, TestMedia.Bytes("OggS"), durationSeconds: 4);
        var updates = await host.CallAsync("getUpdates");

        var document = updates.Result[0].GetProperty("message").GetProperty("document");
        var voice = updates.Result[1].GetProperty("message").GetProperty("voice");
        Assert.Equal("brief.pdf", document.GetProperty("file_name").GetString());
        Assert.Equal("see attached", updates.Result[0].GetProperty("message").GetProperty("caption").GetString());
        Assert.Equal(4, voice.GetProperty("duration").GetInt32());
        Assert.Equal("audio/ogg", voice.GetProperty("mime_type").GetString());
    }

    [Fact]
    public async Task Pressing_needs_an_existing_callback_button()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        await host.CallAsync("sendMessage", new
        {
            chat_id = chatId,
            text = "menu",
            reply_markup = new { inline_keyboard = new[] { new object[] { new { text = "Site", url = "https://example.com" }, new { text = "Buy", callback_data = "buy" } } } },
        });

        var missing = await Assert.ThrowsAsync<BotSandboxException>(() => host.Control.PressButtonAsync(chatId, callbackData: "sell", waitForAnswer: TimeSpan.Zero));
        var urlButton = await Assert.ThrowsAsync<BotSandboxException>(() => host.Control.PressButtonByTextAsync(chatId, "Site", waitForAnswer: TimeSpan.Zero));
        var unanswered = await host.Control.PressButtonAsync(chatId, callbackData: "buy", waitForAnswer: TimeSpan.FromMilliseconds(100));

        Assert.Equal(404, missing.StatusCode);
        Assert.Equal(400, urlButton.StatusCode);
        Assert.False(unanswered.Answer.Answered);
        Assert.Equal("buy", unanswered.Data);
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_cannot_write_until_unblocking()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        await host.Control.BlockAsync(chatId);

        var refused = await Assert.ThrowsAsync<BotSandboxException>(() => host.Control.SendTextAsync(chatId, "hi"));
        await host.Control.UnblockAsync(chatId);
        var sent = await host.Control.SendTextAsync(chatId, "hi again");

        Assert.Equal(409, refused.StatusCode);
        Assert.True(sent.MessageId > 0);
    }

    [Fact]
    public async Task A_payment_fails_when_the_bot_does_not_answer_the_pre_checkout_in_time()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.PreCheckoutTimeout = TimeSpan.FromMilliseconds(200));
        var chatId = await host.CreateStartedUserAsync();
        await host.CallAsync("sendInvoice", new { chat_id = chatId, title = "Credits", description = "100 credits", payload = "p1", currency = "XTR", prices = new[] { new { label = "100", amount = 50 } } });

        var payment = await host.Control.PayInvoiceAsync(chatId);
        var late = await host.CallAsync("answerPreCheckoutQuery", new { pre_checkout_query_id = payment.PreCheckoutQueryId, ok = true });

        Assert.Equal(PaymentResult.TimedOut, payment.Status);
        Assert.Null(payment.TelegramPaymentChargeId);
        Assert.Equal("Bad Request: query is too old and response timeout expired or query ID is invalid", late.Description);
    }

    [Fact]
    public async Task A_declined_pre_checkout_fails_the_payment_with_the_bots_message()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.GetUpdatesAntiBusyLoop = false);
        var chatId = await host.CreateStartedUserAsync();
        await host.CallAsync("sendInvoice", new { chat_id = chatId, title = "Credits", description = "100 credits", payload = "p1", currency = "XTR", prices = new[] { new { label = "100", amount = 50 } } });
        await host.CallAsync("getUpdates", new { offset = 1001 });

        var paying = host.Control.PayInvoiceAsync(chatId);
        var checkout = await host.CallAsync("getUpdates", new { offset = 1001, timeout = 10 });
        var id = checkout.Result[0].GetProperty("pre_checkout_query").GetProperty("id").GetString();
        var withoutMessage = await host.CallAsync("answerPreCheckoutQuery", new { pre_checkout_query_id = id, ok = false });
        await host.CallAsync("answerPreCheckoutQuery", new { pre_checkout_query_id = id, ok = false, error_message = "Sold out" });
        var payment = await paying;

        Assert.Equal("Bad Request: parameter \"error_message\" is required", withoutMessage.Description);
        Assert.Equal(PaymentResult.Declined, payment.Status);
        Assert.Equal("Sold out", payment.ErrorMessage);
    }

    [Fact]
    public async Task Stars_invoices_need_exactly_one_price_and_a_second_refund_answers_CHARGE_ALREADY_REFUNDED()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.GetUpdatesAntiBusyLoop = false);
        var chatId = await host.CreateStartedUserAsync();
        var twoPrices = await host.CallAsync("sendInvoice", new { chat_id = chatId, title = "Credits", description = "d", payload = "p", currency = "XTR", prices = new[] { new { label = "a", amount = 1 }, new { label = "b", amount = 2 } } });
        await host.CallAsync("sendInvoice", new { chat_id = chatId, title = "Credits", description = "d", payload = "p", currency = "XTR", prices = new[] { new { label = "a", amount = 1 } } });
        await host.CallAsync("getUpdates", new { offset = 1001 });
        var paying = host.Control.PayInvoiceAsync(chatId);
        var checkout = await host.CallAsync("getUpdates", new { offset = 1001, timeout = 10 });
        await host.CallAsync("answerPreCheckoutQuery", new { pre_checkout_query_id = checkout.Result[0].GetProperty("pre_checkout_query").GetProperty("id").GetString(), ok = true });
        var payment = await paying;

        var noUser = await host.CallAsync("refundStarPayment", new { telegram_payment_charge_id = payment.TelegramPaymentChargeId });
        var first = await host.CallAsync("refundStarPayment", new { user_id = chatId, telegram_payment_charge_id = payment.TelegramPaymentChargeId });
        var second = await host.CallAsync("refundStarPayment", new { user_id = chatId, telegram_payment_charge_id = payment.TelegramPaymentChargeId });
        var unknown = await host.CallAsync("refundStarPayment", new { user_id = chatId, telegram_payment_charge_id = "stxnope" });

        Assert.Equal("Bad Request: STARS_INVOICE_INVALID", twoPrices.Description);
        Assert.StartsWith("stx", payment.TelegramPaymentChargeId, StringComparison.Ordinal);
        Assert.Equal("Bad Request: invalid user_id specified", noUser.Description);
        Assert.True(first.Result.GetBoolean());
        Assert.Equal("""{"ok":false,"error_code":400,"description":"Bad Request: CHARGE_ALREADY_REFUNDED"}""", second.Body);
        Assert.Equal("Bad Request: CHARGE_NOT_FOUND", unknown.Description);
    }

    [Fact]
    public async Task A_method_in_a_webhook_answer_is_executed()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });
        await host.NextWebhookAsync();
        host.WebhookReplies.Enqueue(JsonSerializer.Serialize(new { method = "sendMessage", chat_id = chatId, text = "answered in the webhook reply" }));

        await host.Control.SendTextAsync(chatId, "hello");
        var reply = await host.Control.WaitForMessageAsync(chatId);

        Assert.Equal("answered in the webhook reply", reply.PlainText);
    }

    [Fact]
    public async Task Reset_forgets_users_chats_and_the_webhook()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        await host.CreateStartedUserAsync();
        await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });

        await host.Control.ResetAsync();
        var users = await host.Control.GetUsersAsync();
        var info = await host.CallAsync("getWebhookInfo");

        Assert.Empty(users);
        Assert.Equal(string.Empty, info.Result.GetProperty("url").GetString());
        Assert.Equal(0, info.Result.GetProperty("pending_update_count").GetInt32());
    }

    [Fact]
    public async Task Users_get_ids_names_and_languages_and_a_taken_id_is_refused()
    {
        await using var host = await TelegramSandboxHost.StartAsync();

        var chosen = await host.Control.CreateUserAsync(new CreateUserRequest(Id: 555, FirstName: "Иван", LastName: "Петров", Username: "ivan", LanguageCode: "ru"));
        var automatic = await host.Control.CreateUserAsync();
        var taken = await Assert.ThrowsAsync<BotSandboxException>(() => host.Control.CreateUserAsync(new CreateUserRequest(Id: 555)));

        Assert.Equal(555, chosen.Id);
        Assert.Equal("ru", chosen.LanguageCode);
        Assert.False(chosen.HasStartedBot);
        Assert.NotEqual(555, automatic.Id);
        Assert.Equal(409, taken.StatusCode);
    }
}
