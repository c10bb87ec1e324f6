using System.Text.Json;

namespace NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;

/// <summary>getUpdates (offsets, redelivery, long polls, conflicts) and webhooks (secret header, retries, ordering).</summary>
public sealed class UpdatesAndWebhookTests
{
    private static int[] UpdateIds(ApiAnswer answer) => answer.Result.EnumerateArray().Select(u => u.GetProperty("update_id").GetInt32()).ToArray();

    private static async Task<long> UserWithMessagesAsync(TelegramSandboxHost host, int count)
    {
        var user = await host.Control.CreateUserAsync("Ann");
        for (var i = 1; i <= count; i++)
        {
            await host.Control.SendTextAsync(user.Id, "message " + i);
        }

        return user.Id;
    }

    [Fact]
    public async Task Unconfirmed_updates_come_again_until_a_higher_offset_confirms_them()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.GetUpdatesAntiBusyLoop = false);
        await UserWithMessagesAsync(host, 3);

        var first = await host.CallAsync("getUpdates");
        var again = await host.CallAsync("getUpdates");
        var afterConfirming = await host.CallAsync("getUpdates", new { offset = 1002 });
        var afterAll = await host.CallAsync("getUpdates", new { offset = 1003 });

        Assert.Equal([1000, 1001, 1002], UpdateIds(first));
        Assert.Equal([1000, 1001, 1002], UpdateIds(again));
        Assert.Equal([1002], UpdateIds(afterConfirming));
        Assert.Empty(UpdateIds(afterAll));
        Assert.Equal("message 1", first.Result[0].GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_negative_offset_keeps_only_the_last_updates_and_limit_caps_the_batch()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.GetUpdatesAntiBusyLoop = false);
        await UserWithMessagesAsync(host, 5);

        var lastTwo = await host.CallAsync("getUpdates", new { offset = -2 });
        var remaining = await host.CallAsync("getUpdates", new { limit = 1 });

        Assert.Equal([1003, 1004], UpdateIds(lastTwo));
        Assert.Equal([1003], UpdateIds(remaining));
    }

    [Fact]
    public async Task The_same_offset_again_at_once_gets_one_update_as_the_real_server_forces_limit_1()
    {
        var clock = new ManualTimeProvider();
        await using var host = await TelegramSandboxHost.StartAsync(o => o.TimeProvider = clock);
        await UserWithMessagesAsync(host, 3);

        var first = await host.CallAsync("getUpdates");
        var immediately = await host.CallAsync("getUpdates");
        clock.Advance(TimeSpan.FromSeconds(1));
        var aSecondLater = await host.CallAsync("getUpdates");

        Assert.Equal(3, UpdateIds(first).Length);
        Assert.Equal([1000], UpdateIds(immediately));
        Assert.Equal(3, UpdateIds(aSecondLater).Length);
    }

    [Fact]
    public async Task A_long_poll_is_answered_when_an_update_arrives()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var user = await host.Control.CreateUserAsync("Ann");

        // The poll asks for 50 s; the client gives up after 15 s, so only a prompt wake-up passes.
        using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(15) };
        var poll = client.GetStringAsync(new Uri($"/bot{TelegramSandboxHost.Token}/getUpdates?timeout=50", UriKind.Relative));
        await host.WaitForParkedPollAsync();
        await host.Control.SendTextAsync(user.Id, "wake up");
        var body = JsonSerializer.Deserialize<JsonElement>(await poll);

        Assert.Equal("wake up", body.GetProperty("result")[0].GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_long_poll_longer_than_the_maximum_is_clamped()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.MaxLongPollTimeout = TimeSpan.FromSeconds(1));

        // Telegram.Bot asks for 100 s; without the clamp this client would time out first.
        using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(15) };
        var body = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync(new Uri($"/bot{TelegramSandboxHost.Token}/getUpdates?timeout=100", UriKind.Relative)));

        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal(0, body.GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task Shutting_the_host_down_ends_a_parked_long_poll_with_an_empty_batch()
    {
        var host = await TelegramSandboxHost.StartAsync();
        await using (host)
        {
            using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(15) };
            var poll = client.GetStringAsync(new Uri($"/bot{TelegramSandboxHost.Token}/getUpdates?timeout=50", UriKind.Relative));
            await host.WaitForParkedPollAsync();

            await host.DisposeAsync();
            var body = JsonSerializer.Deserialize<JsonElement>(await poll);

            Assert.True(body.GetProperty("ok").GetBoolean());
            Assert.Equal(0, body.GetProperty("result").GetArrayLength());
        }
    }

    [Fact]
    public async Task A_second_poller_terminates_the_first_with_409()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var user = await host.Control.CreateUserAsync("Ann");

        var first = host.CallAsync("getUpdates", new { timeout = 20 });
        await host.WaitForParkedPollAsync();
        var second = host.CallAsync("getUpdates", new { timeout = 20 });
        var terminated = await first;
        await host.WaitForParkedPollAsync();
        await host.Control.SendTextAsync(user.Id, "hello");
        var served = await second;

        Assert.Equal(409, terminated.Status);
        Assert.Equal(
            """{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}""",
            terminated.Body);
        Assert.Equal(200, served.Status);
        Assert.Single(UpdateIds(served));
    }

    [Fact]
    public async Task GetUpdates_while_a_webhook_is_set_answers_409_and_setWebhook_terminates_a_parked_poll()
    {
        await using var host = await TelegramSandboxHost.StartAsync();

        var parked = host.CallAsync("getUpdates", new { timeout = 20 });
        await host.WaitForParkedPollAsync();
        var set = await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });
        var terminated = await parked;
        var refused = await host.CallAsync("getUpdates");

        Assert.Equal("Webhook was set", set.Description);
        Assert.Equal("Conflict: terminated by setWebhook request", terminated.Description);
        Assert.Equal(409, refused.Status);
        Assert.Equal(
            """{"ok":false,"error_code":409,"description":"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}""",
            refused.Body);
    }

    [Fact]
    public async Task The_webhook_gets_updates_with_the_secret_header_and_a_500_is_retried()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var user = await host.Control.CreateUserAsync("Ann");
        host.WebhookAnswers.Enqueue(500);
        await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString(), secret_token = "s3cr3t_Token-1" });

        await host.Control.SendTextAsync(user.Id, "via webhook");
        var failed = await host.NextWebhookAsync();
        var retried = await host.NextWebhookAsync();
        var info = await host.CallAsync("getWebhookInfo");

        Assert.Equal("s3cr3t_Token-1", failed.SecretHeader);
        Assert.Equal(500, failed.AnsweredStatus);
        Assert.Equal(failed.Update.GetProperty("update_id").GetInt32(), retried.Update.GetProperty("update_id").GetInt32());
        Assert.Equal("via webhook", retried.Update.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(200, retried.AnsweredStatus);
        Assert.Equal(host.WebhookUrl.ToString(), info.Result.GetProperty("url").GetString());
        Assert.Equal("Wrong response from the webhook: 500 Internal Server Error", info.Result.GetProperty("last_error_message").GetString());
        Assert.True(info.Result.GetProperty("last_error_date").GetInt64() > 0);
    }

    [Fact]
    public async Task The_sandbox_times_each_webhook_answer_and_counts_the_failed_ones_until_cleared()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var user = await host.Control.CreateUserAsync("Ann");
        host.WebhookAnswers.Enqueue(500);
        await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });

        await host.Control.SendTextAsync(user.Id, "timed");
        await host.NextWebhookAsync();
        await host.NextWebhookAsync();
        var timings = await host.Control.GetWebhookTimingsAsync();
        for (var wait = 0; timings.AnsweredMs.Count == 0 && wait < 100; wait++)
        {
            await Task.Delay(50); // the answer is recorded once the sandbox has read it, just after the receiver saw the call
            timings = await host.Control.GetWebhookTimingsAsync();
        }

        await host.Control.ClearWebhookTimingsAsync();
        var cleared = await host.Control.GetWebhookTimingsAsync();

        Assert.Equal(1, timings.NotOk);
        Assert.Single(timings.AnsweredMs);
        Assert.InRange(timings.AnsweredMs[0], 0, 30_000);
        Assert.Empty(cleared.AnsweredMs);
        Assert.Equal(0, cleared.NotOk);
    }

    [Fact]
    public async Task A_webhook_that_answers_too_slowly_gets_the_update_again_and_reports_a_read_timeout()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.WebhookTimeout = TimeSpan.FromMilliseconds(300));
        var user = await host.Control.CreateUserAsync("Ann");
        host.WebhookGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });

        await host.Control.SendTextAsync(user.Id, "slow");
        var first = await host.NextWebhookAsync();
        var second = await host.NextWebhookAsync();
        var info = await host.CallAsync("getWebhookInfo");
        host.WebhookGate.SetResult();

        Assert.Equal(first.Update.GetProperty("update_id").GetInt32(), second.Update.GetProperty("update_id").GetInt32());
        Assert.Equal("Read timeout expired", info.Result.GetProperty("last_error_message").GetString());
        Assert.Equal(1, info.Result.GetProperty("pending_update_count").GetInt32());
    }

    [Fact]
    public async Task The_webhook_gets_one_update_per_chat_at_a_time_and_other_chats_in_parallel()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var ann = await host.Control.CreateUserAsync("Ann");
        var bob = await host.Control.CreateUserAsync("Bob");
        await host.Control.SendTextAsync(ann.Id, "ann 1");
        await host.Control.SendTextAsync(ann.Id, "ann 2");
        await host.Control.SendTextAsync(bob.Id, "bob 1");
        host.WebhookGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });
        var firstTwo = new[] { await host.NextWebhookAsync(), await host.NextWebhookAsync() };
        var pending = await host.CallAsync("getWebhookInfo");
        host.WebhookGate.SetResult();
        var third = await host.NextWebhookAsync();

        string Text(ReceivedWebhook w) => w.Update.GetProperty("message").GetProperty("text").GetString()!;
        Assert.Equal(["ann 1", "bob 1"], firstTwo.Select(Text).Order(StringComparer.Ordinal));
        Assert.Equal("ann 2", Text(third));
        Assert.Equal(3, pending.Result.GetProperty("pending_update_count").GetInt32());
    }

    [Fact]
    public async Task Setting_the_same_webhook_again_says_already_set_and_too_soon_answers_429()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.SetWebhookMinInterval = TimeSpan.FromMinutes(1));

        var set = await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });
        var tooSoon = await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });
        var deleted = await host.CallAsync("deleteWebhook");
        var deletedAgain = await host.CallAsync("deleteWebhook");

        Assert.Equal("Webhook was set", set.Description);
        Assert.Equal(429, tooSoon.Status);
        Assert.Equal("1", tooSoon.RetryAfterHeader);
        Assert.Equal("Webhook was deleted", deleted.Description);
        Assert.Equal("Webhook is already deleted", deletedAgain.Description);
    }

    [Fact]
    public async Task SetWebhook_with_an_unchanged_url_says_already_set()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.SetWebhookMinInterval = TimeSpan.Zero);

        await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });
        var again = await host.CallAsync("setWebhook", new { url = host.WebhookUrl.ToString() });

        Assert.Equal("""{"ok":true,"result":true,"description":"Webhook is already set"}""", again.Body);
    }

    [Theory]
    [InlineData("not a url", null, "Bad Request: invalid webhook URL specified")]
    [InlineData("http://127.0.0.1/hook", "bad token!", "Bad Request: secret token contains unallowed characters")]
    public async Task SetWebhook_rejects_a_bad_url_or_secret(string url, string? secret, string description)
    {
        await using var host = await TelegramSandboxHost.StartAsync();

        var answer = await host.CallAsync("setWebhook", new { url, secret_token = secret });

        Assert.Equal(400, answer.Status);
        Assert.Equal(description, answer.Description);
    }

    [Fact]
    public async Task Drop_pending_updates_clears_the_queue()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        await UserWithMessagesAsync(host, 2);

        var deleted = await host.CallAsync("deleteWebhook", new { drop_pending_updates = true });
        var updates = await host.CallAsync("getUpdates");

        Assert.True(deleted.Result.GetBoolean());
        Assert.Empty(UpdateIds(updates));
    }

    [Fact]
    public async Task Allowed_updates_filter_what_is_queued_afterwards()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.GetUpdatesAntiBusyLoop = false);
        var user = await host.Control.CreateUserAsync("Ann");
        await host.CallAsync("getUpdates", new { allowed_updates = new[] { "callback_query" } });

        await host.Control.SendTextAsync(user.Id, "filtered out");
        var updates = await host.CallAsync("getUpdates");

        Assert.Empty(UpdateIds(updates));
    }

    [Fact]
    public async Task Blocking_sends_my_chat_member_kicked_then_sends_answer_403()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.GetUpdatesAntiBusyLoop = false);
        var chatId = await host.CreateStartedUserAsync();
        await host.CallAsync("getUpdates", new { offset = 1001 });

        await host.Control.BlockAsync(chatId);
        var updates = await host.CallAsync("getUpdates");
        var send = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "still there?" });
        await host.Control.UnblockAsync(chatId);
        var afterUnblock = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "welcome back" });

        var member = updates.Result[0].GetProperty("my_chat_member");
        Assert.Equal("kicked", member.GetProperty("new_chat_member").GetProperty("status").GetString());
        Assert.Equal("member", member.GetProperty("old_chat_member").GetProperty("status").GetString());
        Assert.Equal(TelegramSandboxHost.BotId, member.GetProperty("new_chat_member").GetProperty("user").GetProperty("id").GetInt64());
        Assert.Equal(403, send.Status);
        Assert.Equal("""{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""", send.Body);
        Assert.Equal(200, afterUnblock.Status);
    }

    [Fact]
    public async Task A_callback_answer_after_the_window_answers_query_is_too_old()
    {
        var clock = new ManualTimeProvider();
        await using var host = await TelegramSandboxHost.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.CallbackAnswerWindow = TimeSpan.FromSeconds(15);
        });
        var chatId = await host.CreateStartedUserAsync();
        await host.CallAsync("sendMessage", new { chat_id = chatId, text = "menu", reply_markup = new { inline_keyboard = new[] { new[] { new { text = "A", callback_data = "a" }, new { text = "B", callback_data = "b" } } } } });

        var late = await host.Control.PressButtonAsync(chatId, callbackData: "a", waitForAnswer: TimeSpan.Zero);
        clock.Advance(TimeSpan.FromSeconds(16));
        var lateAnswer = await host.CallAsync("answerCallbackQuery", new { callback_query_id = late.CallbackQueryId });
        var timely = await host.Control.PressButtonAsync(chatId, callbackData: "b", waitForAnswer: TimeSpan.Zero);
        var timelyAnswer = await host.CallAsync("answerCallbackQuery", new { callback_query_id = timely.CallbackQueryId, text = "Done" });
        var twice = await host.CallAsync("answerCallbackQuery", new { callback_query_id = timely.CallbackQueryId });

        Assert.Equal(400, lateAnswer.Status);
        Assert.Equal("""{"ok":false,"error_code":400,"description":"Bad Request: query is too old and response timeout expired or query ID is invalid"}""", lateAnswer.Body);
        Assert.Equal(200, timelyAnswer.Status);
        Assert.Equal(400, twice.Status);
        Assert.Equal("Done", (await host.Control.GetCallbackAnswerAsync(timely.CallbackQueryId)).Text);
    }

    [Fact]
    public async Task Callback_query_updates_expire_from_the_queue()
    {
        var clock = new ManualTimeProvider();
        await using var host = await TelegramSandboxHost.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.GetUpdatesAntiBusyLoop = false;
        });
        var chatId = await host.CreateStartedUserAsync();
        await host.CallAsync("getUpdates", new { offset = 1001 });
        await host.CallAsync("sendMessage", new { chat_id = chatId, text = "menu", reply_markup = new { inline_keyboard = new[] { new[] { new { text = "A", callback_data = "a" } } } } });
        await host.Control.PressButtonAsync(chatId, callbackData: "a", waitForAnswer: TimeSpan.Zero);
        await host.Control.SendTextAsync(chatId, "a message");

        clock.Advance(TimeSpan.FromSeconds(151));
        var updates = await host.CallAsync("getUpdates");

        var kinds = updates.Result.EnumerateArray().Select(u => u.EnumerateObject().First(p => p.Name != "update_id").Name).ToArray();
        Assert.Equal(["message"], kinds);
    }
}
