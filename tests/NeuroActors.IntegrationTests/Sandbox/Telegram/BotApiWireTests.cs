using System.Net.Http.Headers;
using System.Text;

namespace NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;

/// <summary>Raw HTTP checks of the wire format and the exact bodies quoted in contracts/telegram-bot-api.md.</summary>
public sealed class BotApiWireTests
{
    private const string Token = TelegramSandboxHost.Token;

    [Fact]
    public async Task Unknown_method_answers_404_method_not_found()
    {
        await using var host = await TelegramSandboxHost.StartAsync();

        var answer = await host.CallAsync("sendTelepathy");

        Assert.Equal(404, answer.Status);
        Assert.Equal("""{"ok":false,"error_code":404,"description":"Not Found: method not found"}""", answer.Body);
    }

    [Theory]
    [InlineData("nocolon")]
    [InlineData("0123:abc")]
    [InlineData("abc:def")]
    public async Task Malformed_token_answers_401_invalid_token(string token)
    {
        await using var host = await TelegramSandboxHost.StartAsync();

        var answer = await host.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/bot{token}/getMe"));

        Assert.Equal(401, answer.Status);
        Assert.Equal("""{"ok":false,"error_code":401,"description":"Unauthorized: invalid token specified"}""", answer.Body);
    }

    [Fact]
    public async Task A_token_other_than_the_required_one_answers_401_unauthorized()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.RequiredToken = "42:only");

        var answer = await host.CallAsync("getMe");

        Assert.Equal(401, answer.Status);
        Assert.Equal("Unauthorized", answer.Description);
    }

    [Fact]
    public async Task GetMe_by_GET_with_a_mixed_case_method_name_answers_the_bot_with_the_token_id()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.BotUsername = "kie_sandbox_bot");

        var answer = await host.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/bot{Token}/GETME"));

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Json.GetProperty("ok").GetBoolean());
        Assert.Equal(TelegramSandboxHost.BotId, answer.Result.GetProperty("id").GetInt64());
        Assert.Equal("kie_sandbox_bot", answer.Result.GetProperty("username").GetString());
        Assert.True(answer.Result.GetProperty("is_bot").GetBoolean());
    }

    [Fact]
    public async Task Parameters_are_read_from_the_query_string_a_form_json_without_charset_and_multipart()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.FloodLimitsEnabled = false);
        var chatId = await host.CreateStartedUserAsync();

        var byQuery = await host.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/bot{Token}/sendMessage?chat_id={chatId}&text=query"));
        var byForm = await host.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/bot{Token}/sendMessage")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["chat_id"] = chatId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["text"] = "form" }),
        });
        var byJson = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "json" }, "application/json");
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent(chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "chat_id" },
            { new StringContent("attach://0"), "photo" },
            { new StringContent("multipart"), "caption" },
        };
        var photoPart = new ByteArrayContent(TelegramSandboxHost.Photo);
        photoPart.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        multipart.Add(photoPart, "0", "photo.png");
        var byMultipart = await host.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/bot{Token}/sendPhoto") { Content = multipart });

        Assert.Equal("query", byQuery.Result.GetProperty("text").GetString());
        Assert.Equal("form", byForm.Result.GetProperty("text").GetString());
        Assert.Equal("json", byJson.Result.GetProperty("text").GetString());
        Assert.Equal("multipart", byMultipart.Result.GetProperty("caption").GetString());
        Assert.Equal(8, byMultipart.Result.GetProperty("photo")[0].GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task Callback_data_over_64_bytes_answers_BUTTON_DATA_INVALID()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        // 33 Cyrillic letters are 66 bytes though only 33 characters.
        var answer = await host.CallAsync("sendMessage", new
        {
            chat_id = chatId,
            text = "menu",
            reply_markup = new { inline_keyboard = new[] { new[] { new { text = "go", callback_data = new string('ж', 33) } } } },
        });

        Assert.Equal(400, answer.Status);
        Assert.Equal("""{"ok":false,"error_code":400,"description":"Bad Request: BUTTON_DATA_INVALID"}""", answer.Body);
    }

    [Fact]
    public async Task Text_over_4096_characters_answers_message_is_too_long()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        var fits = await host.CallAsync("sendMessage", new { chat_id = chatId, text = new string('a', 4096) });
        var tooLong = await host.CallAsync("sendMessage", new { chat_id = chatId, text = new string('a', 4097) });

        Assert.Equal(200, fits.Status);
        Assert.Equal(400, tooLong.Status);
        Assert.Equal("""{"ok":false,"error_code":400,"description":"Bad Request: message is too long"}""", tooLong.Body);
    }

    [Fact]
    public async Task Text_length_is_counted_after_html_parsing()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        var answer = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "<b>" + new string('a', 4096) + "</b>", parse_mode = "HTML" });

        Assert.Equal(200, answer.Status);
        Assert.Equal(4096, answer.Result.GetProperty("text").GetString()!.Length);
    }

    [Fact]
    public async Task Caption_over_1024_characters_answers_message_caption_is_too_long()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        var answer = await host.CallAsync("sendPhoto", new { chat_id = chatId, photo = host.AssetUrl("photo.png").ToString(), caption = new string('c', 1025) });

        Assert.Equal(400, answer.Status);
        Assert.Equal("Bad Request: message caption is too long", answer.Description);
    }

    [Fact]
    public async Task Empty_text_answers_message_text_is_empty()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        var answer = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "   " });

        Assert.Equal(400, answer.Status);
        Assert.Equal("Bad Request: message text is empty", answer.Description);
    }

    [Theory]
    [InlineData("HTML", "Hi<br>there", "Bad Request: can't parse entities: Unsupported start tag \"br\" at byte offset 2")]
    [InlineData("HTML", "<b>bold", "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"")]
    [InlineData("HTML", "<b>x</i>", "Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\"")]
    [InlineData("MarkdownV2", "Price: 10.5", "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'")]
    [InlineData("MarkdownV2", "*bold", "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0")]
    [InlineData("Markdown", "_open", "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 0")]
    [InlineData("Textile", "x", "Bad Request: unsupported parse_mode")]
    public async Task Malformed_formatting_answers_cant_parse_entities(string parseMode, string text, string description)
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        var answer = await host.CallAsync("sendMessage", new { chat_id = chatId, text, parse_mode = parseMode });

        Assert.Equal(400, answer.Status);
        Assert.Equal(description, answer.Description);
    }

    [Fact]
    public async Task MarkdownV2_entities_and_escapes_become_plain_text_with_entities()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        var answer = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "*Баланс:* 10\\.5 _кредитов_ [сайт](https://example.com)", parse_mode = "MarkdownV2" });

        Assert.Equal(200, answer.Status);
        Assert.Equal("Баланс: 10.5 кредитов сайт", answer.Result.GetProperty("text").GetString());
        var entities = answer.Result.GetProperty("entities").EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("offset").GetInt32(), e.GetProperty("length").GetInt32())).ToList();
        Assert.Equal([("bold", 0, 7), ("italic", 13, 8), ("text_link", 22, 4)], entities);
    }

    [Fact]
    public async Task Editing_with_identical_text_and_markup_answers_message_is_not_modified()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        var markup = new { inline_keyboard = new[] { new[] { new { text = "Refresh", callback_data = "refresh" } } } };
        var sent = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "<b>Status</b>", parse_mode = "HTML", reply_markup = markup });
        var messageId = sent.Result.GetProperty("message_id").GetInt32();

        var same = await host.CallAsync("editMessageText", new { chat_id = chatId, message_id = messageId, text = "<b>Status</b>", parse_mode = "HTML", reply_markup = markup });
        var withoutKeyboard = await host.CallAsync("editMessageText", new { chat_id = chatId, message_id = messageId, text = "<b>Status</b>", parse_mode = "HTML" });

        Assert.Equal(400, same.Status);
        Assert.Equal(
            """{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}""",
            same.Body);

        // Leaving reply_markup out removes the keyboard, which is a change.
        Assert.Equal(200, withoutKeyboard.Status);
        Assert.False(withoutKeyboard.Result.TryGetProperty("reply_markup", out _));
        Assert.True(withoutKeyboard.Result.TryGetProperty("edit_date", out _));
    }

    [Fact]
    public async Task Editing_a_missing_message_answers_message_to_edit_not_found()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        var answer = await host.CallAsync("editMessageText", new { chat_id = chatId, message_id = 999, text = "x" });

        Assert.Equal(400, answer.Status);
        Assert.Equal("Bad Request: message to edit not found", answer.Description);
    }

    [Fact]
    public async Task Editing_the_text_of_a_photo_answers_there_is_no_text_in_the_message_to_edit()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        var photo = await host.CallAsync("sendPhoto", new { chat_id = chatId, photo = host.AssetUrl("photo.png").ToString() });

        var answer = await host.CallAsync("editMessageText", new { chat_id = chatId, message_id = photo.Result.GetProperty("message_id").GetInt32(), text = "x" });

        Assert.Equal(400, answer.Status);
        Assert.Equal("Bad Request: there is no text in the message to edit", answer.Description);
    }

    [Fact]
    public async Task Sending_to_an_unknown_chat_answers_chat_not_found_and_without_chat_id_chat_id_is_empty()
    {
        await using var host = await TelegramSandboxHost.StartAsync();

        var unknown = await host.CallAsync("sendMessage", new { chat_id = 777, text = "hi" });
        var missing = await host.CallAsync("sendMessage", new { text = "hi" });

        Assert.Equal("Bad Request: chat not found", unknown.Description);
        Assert.Equal("Bad Request: chat_id is empty", missing.Description);
    }

    [Fact]
    public async Task A_user_who_never_wrote_cannot_be_messaged_first()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var user = await host.Control.CreateUserAsync("Silent");

        var answer = await host.CallAsync("sendMessage", new { chat_id = user.Id, text = "hi" });

        Assert.Equal(403, answer.Status);
        Assert.Equal("Forbidden: bot can't initiate conversation with a user", answer.Description);
    }

    [Fact]
    public async Task A_third_message_to_a_chat_in_a_burst_of_two_answers_429_with_retry_after_in_body_and_header()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o =>
        {
            o.PerChatBurst = 2;
            o.PerChatMessagesPerSecond = 0.5;
        });
        var chatId = await host.CreateStartedUserAsync();

        await host.CallAsync("sendMessage", new { chat_id = chatId, text = "1" });
        await host.CallAsync("sendMessage", new { chat_id = chatId, text = "2" });
        var limited = await host.CallAsync("sendMessage", new { chat_id = chatId, text = "3" });

        Assert.Equal(429, limited.Status);
        var retryAfter = limited.Json.GetProperty("parameters").GetProperty("retry_after").GetInt32();
        Assert.InRange(retryAfter, 1, 2);
        Assert.Equal($$$"""{"ok":false,"error_code":429,"description":"Too Many Requests: retry after {{{retryAfter}}}","parameters":{"retry_after":{{{retryAfter}}}}}""", limited.Body);
        Assert.Equal(retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture), limited.RetryAfterHeader);
    }

    [Fact]
    public async Task The_overall_limit_applies_across_chats_and_answering_callbacks_is_never_limited()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o =>
        {
            o.GlobalBurst = 2;
            o.GlobalMessagesPerSecond = 0.5;
        });
        var first = await host.CreateStartedUserAsync("A");
        var second = await host.CreateStartedUserAsync("B");
        var third = await host.CreateStartedUserAsync("C");

        var a = await host.CallAsync("sendMessage", new { chat_id = first, text = "1" });
        var b = await host.CallAsync("sendMessage", new { chat_id = second, text = "2" });
        var c = await host.CallAsync("sendMessage", new { chat_id = third, text = "3" });

        Assert.Equal([200, 200, 429], new[] { a.Status, b.Status, c.Status });
    }

    [Fact]
    public async Task Flood_limits_can_be_switched_off_for_load_runs()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.PerChatBurst = 1);
        var chatId = await host.CreateStartedUserAsync();
        await host.Control.SetFloodLimitsAsync(false);

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await host.CallAsync("sendMessage", new { chat_id = chatId, text = "n" + i })).Status);
        }

        Assert.All(statuses, s => Assert.Equal(200, s));
    }

    [Fact]
    public async Task Media_from_an_unreachable_url_fails_as_Telegram_fails_it()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.FloodLimitsEnabled = false);
        var chatId = await host.CreateStartedUserAsync();

        var notFound = await host.CallAsync("sendPhoto", new { chat_id = chatId, photo = host.AssetUrl("missing.png").ToString() });
        var webPage = await host.CallAsync("sendPhoto", new { chat_id = chatId, photo = host.AssetUrl("page.html").ToString() });
        var notAnImage = await host.CallAsync("sendPhoto", new { chat_id = chatId, photo = host.AssetUrl("video.mp4").ToString() });
        var unknownId = await host.CallAsync("sendDocument", new { chat_id = chatId, document = "no-such-file-id" });

        Assert.Equal("Bad Request: failed to get HTTP URL content", notFound.Description);
        Assert.Equal("Bad Request: wrong type of the web page content", webPage.Description);
        Assert.Equal("Bad Request: wrong type of the web page content", notAnImage.Description);
        Assert.Equal("Bad Request: wrong file identifier/HTTP URL specified", unknownId.Description);
    }

    [Fact]
    public async Task A_request_without_the_media_answers_there_is_no_photo_in_the_request()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();

        var answer = await host.CallAsync("sendPhoto", new { chat_id = chatId });

        Assert.Equal("Bad Request: there is no photo in the request", answer.Description);
    }

    [Fact]
    public async Task An_album_of_eleven_answers_too_much_messages_and_documents_do_not_mix_with_photos()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        var photo = new { type = "photo", media = host.AssetUrl("photo.png").ToString() };
        var document = new { type = "document", media = host.AssetUrl("document.pdf").ToString() };

        var eleven = await host.CallAsync("sendMediaGroup", new { chat_id = chatId, media = Enumerable.Repeat(photo, 11).ToArray() });
        var mixed = await host.CallAsync("sendMediaGroup", new { chat_id = chatId, media = new object[] { photo, document } });

        Assert.Equal("""{"ok":false,"error_code":400,"description":"Bad Request: too much messages to send as an album"}""", eleven.Body);
        Assert.Equal("Bad Request: can't use the media of the specified type in the album", mixed.Description);
    }

    [Fact]
    public async Task GetFile_on_a_file_over_the_download_limit_answers_file_is_too_big()
    {
        await using var host = await TelegramSandboxHost.StartAsync(o => o.MaxDownloadFileSize = 100);
        var chatId = await host.CreateStartedUserAsync();
        var sent = await host.CallAsync("sendVideo", new { chat_id = chatId, video = host.AssetUrl("video.mp4").ToString() });

        var answer = await host.CallAsync("getFile", new { file_id = sent.Result.GetProperty("video").GetProperty("file_id").GetString() });

        Assert.Equal(400, answer.Status);
        Assert.Equal("""{"ok":false,"error_code":400,"description":"Bad Request: file is too big"}""", answer.Body);
    }

    [Fact]
    public async Task GetFile_gives_a_path_that_the_file_url_serves()
    {
        await using var host = await TelegramSandboxHost.StartAsync();
        var chatId = await host.CreateStartedUserAsync();
        var sent = await host.CallAsync("sendDocument", new { chat_id = chatId, document = host.AssetUrl("document.pdf").ToString() });
        var fileId = sent.Result.GetProperty("document").GetProperty("file_id").GetString();

        var file = await host.CallAsync("getFile", new { file_id = fileId });
        var path = file.Result.GetProperty("file_path").GetString();
        var bytes = await host.Http.GetByteArrayAsync(new Uri($"/file/bot{Token}/{path}", UriKind.Relative));

        Assert.Equal(TestMedia.Bytes("%PDF-1.4"), bytes);
        Assert.Equal("document.pdf", sent.Result.GetProperty("document").GetProperty("file_name").GetString());
    }

    [Fact]
    public async Task An_unparsable_json_body_answers_400()
    {
        await using var host = await TelegramSandboxHost.StartAsync();

        var answer = await host.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/bot{Token}/getMe")
        {
            Content = new StringContent("{not json", Encoding.UTF8, "application/json"),
        });

        Assert.Equal(400, answer.Status);
        Assert.False(answer.Json.GetProperty("ok").GetBoolean());
    }
}
