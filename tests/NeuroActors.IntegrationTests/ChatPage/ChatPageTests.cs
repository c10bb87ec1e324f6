using Microsoft.Playwright;
using NeuroActors.Sandbox.Kie;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeuroActors.IntegrationTests.ChatPage;

/// <summary>The chat page in a real browser against the standalone sandbox and a scripted bot on the real Bot API.</summary>
public sealed class ChatPageTests : IClassFixture<ChatBrowser>
{
    private readonly ChatBrowser _browser;
    private readonly ITestOutputHelper _output;

    public ChatPageTests(ChatBrowser browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task Start_shows_the_bots_html_with_its_keyboard_and_a_button_press_edits_the_same_bubble()
    {
        await using var host = await ChatPageHost.StartAsync();
        await using var bot = await ScriptedBot.StartAsync(host);
        var page = await _browser.OpenAsync(host.PageUri);

        await CreateUserAsync(page, "Ann", "en");
        await page.ClickAsync("#start-button");
        var welcome = page.Locator(".msg.from-bot").Filter(new LocatorFilterOptions { HasText = "Welcome" });
        await Expect(page.Locator(".msg.from-user .text")).ToHaveTextAsync("/start");
        await Expect(welcome.Locator(".text b")).ToHaveTextAsync("Welcome");
        await Expect(welcome.Locator(".text i")).ToHaveTextAsync("friend");
        await Expect(welcome.Locator(".text code")).ToHaveTextAsync("/help");
        await Expect(welcome.Locator(".text a[href='https://example.org/docs']")).ToHaveTextAsync("docs");
        await Expect(welcome.Locator(".inline-button")).ToHaveTextAsync(["🎨 Generate", "📷 Media", "🌐 Site ↗"]);
        var messageId = await welcome.GetAttributeAsync("data-message-id");
        await welcome.EvaluateAsync("node => node.dataset.marker = 'first-render'");

        await welcome.Locator(".inline-button", new LocatorLocatorOptions { HasText = "Generate" }).ClickAsync();

        var edited = page.Locator($".msg[data-message-id='{messageId}']");
        await Expect(page.Locator("#toast")).ToHaveTextAsync("Added to queue");
        await Expect(edited.Locator(".text")).ToHaveTextAsync("Generating #G7K2QX\n▰▰▰▰▱▱▱▱▱▱ 40%");
        await Expect(edited.Locator(".text b")).ToHaveTextAsync("Generating");
        await Expect(edited.Locator(".edited")).ToBeVisibleAsync();
        await Expect(edited.Locator(".inline-button")).ToHaveTextAsync(["⬅️ Back"]);
        await Expect(edited).ToHaveAttributeAsync("data-marker", "first-render");
        await Expect(page.Locator(".msg.from-bot")).ToHaveCountAsync(1);
        Assert.Empty(bot.Errors);
        Assert.Empty(_browser.ExternalRequests);
    }

    [Fact]
    public async Task Chat_action_shows_a_typing_status_then_photo_album_audio_video_and_document_show_inline()
    {
        await using var host = await ChatPageHost.StartAsync();
        await using var bot = await ScriptedBot.StartAsync(host);
        var page = await _browser.OpenAsync(host.PageUri);
        await CreateUserAsync(page, "Ann", "en");
        await page.ClickAsync("#start-button");

        await page.Locator(".inline-button", new PageLocatorOptions { HasText = "Media" }).ClickAsync();

        await Expect(page.Locator("#chat-status.typing")).ToHaveTextAsync("sending a photo…");
        bot.ReleaseMedia();
        await Expect(page.Locator("a.document .doc-name")).ToHaveTextAsync("report.pdf");
        await Expect(page.Locator("#chat-status")).ToHaveTextAsync("bot");
        await Expect(page.Locator(".msg.album-msg")).ToHaveCountAsync(1);
        await Expect(page.Locator(".album .album-item")).ToHaveCountAsync(3);
        await Expect(page.Locator(".album-caption")).ToHaveTextAsync("3 variants");
        await Expect(page.Locator(".photo img")).ToHaveCountAsync(4);
        await Expect(page.Locator(".msg.from-bot .text b").Filter(new LocatorFilterOptions { HasText = "One" })).ToHaveCountAsync(1);
        await Expect(page.Locator(".audio .media-title")).ToHaveTextAsync("🎵 song.mp3");
        await Expect(page.Locator("video.video")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.photo img')].every(i => i.complete && i.naturalWidth === 320)");
        await page.WaitForFunctionAsync("() => document.querySelector('.audio audio').readyState >= 1");
        var documentBytes = await page.EvaluateAsync<int>("async () => (await (await fetch(document.querySelector('a.document').href)).arrayBuffer()).byteLength");
        Assert.Equal(256, documentBytes);
        await ChatBrowser.SaveScreenshotAsync(page, "chat-page-media", _output);
        Assert.Empty(bot.Errors);
        Assert.Empty(_browser.ExternalRequests);
    }

    [Fact]
    public async Task Users_are_created_and_switched_each_with_their_own_chat_and_admins_are_offered()
    {
        await using var host = await ChatPageHost.StartAsync(new Dictionary<string, string?> { ["Admin:TelegramIds"] = "777000111" });
        await using var bot = await ScriptedBot.StartAsync(host);
        var page = await _browser.OpenAsync(host.PageUri);

        await page.ClickAsync("#user-list li[data-admin-id='777000111']");
        await Expect(page.Locator("#user-list li.active")).ToHaveAttributeAsync("data-user-id", "777000111");
        await Expect(page.Locator("#user-list li.active .tag.admin")).ToHaveTextAsync("admin");

        var ann = await CreateUserAsync(page, "Ann", "en");
        await page.ClickAsync("#start-button");
        await SendTextAsync(page, "hello");
        await Expect(page.Locator(".msg.from-bot .text").Last).ToHaveTextAsync("Ann (en) said: hello");
        var boris = await CreateUserAsync(page, "Boris", "ru");
        await page.ClickAsync("#start-button");
        await SendTextAsync(page, "привет");
        await Expect(page.Locator(".msg.from-bot .text").Last).ToHaveTextAsync("Boris (ru) said: привет");

        await page.ClickAsync($"#user-list li[data-user-id='{ann}']");
        await Expect(page.Locator("#messages")).ToHaveAttributeAsync("data-chat-id", ann);
        await Expect(page.Locator(".msg.from-bot .text").Last).ToHaveTextAsync("Ann (en) said: hello");
        await Expect(page.Locator("#messages")).Not.ToContainTextAsync("Boris");
        await page.ClickAsync($"#user-list li[data-user-id='{boris}']");
        await Expect(page.Locator(".msg.from-bot .text").Last).ToHaveTextAsync("Boris (ru) said: привет");
        await Expect(page.Locator("#messages")).Not.ToContainTextAsync("Ann");

        var carol = await host.Control.CreateUserAsync("Carol", "en");
        await Expect(page.Locator($"#user-list li[data-user-id='{carol.Id}']")).ToContainTextAsync("Carol");
        Assert.Empty(bot.Errors);
        Assert.Empty(_browser.ExternalRequests);
    }

    [Fact]
    public async Task An_uploaded_picture_reaches_the_bot_as_a_photo_with_its_caption_and_files_and_voice_notes_as_theirs()
    {
        await using var host = await ChatPageHost.StartAsync();
        await using var bot = await ScriptedBot.StartAsync(host);
        var page = await _browser.OpenAsync(host.PageUri);
        await CreateUserAsync(page, "Ann", "en");
        await page.ClickAsync("#start-button");

        await page.FillAsync("#composer-text", "make it move");
        await page.SetInputFilesAsync("#attach-input", new FilePayload { Name = "cat.png", MimeType = "image/png", Buffer = ScriptedBot.Picture });
        await Expect(page.Locator(".msg.from-bot .text").Last).ToHaveTextAsync("Got your photo 320×200, caption: make it move");
        await Expect(page.Locator(".msg.from-user .photo img")).ToHaveCountAsync(1);
        await page.SetInputFilesAsync("#attach-input", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "some notes"u8.ToArray() });
        await Expect(page.Locator(".msg.from-bot .text").Last).ToHaveTextAsync("Got your file notes.txt");
        await page.SetInputFilesAsync("#voice-input", new FilePayload { Name = "note.ogg", MimeType = "audio/ogg", Buffer = "OggS voice"u8.ToArray() });
        await Expect(page.Locator(".msg.from-bot .text").Last).ToHaveTextAsync("Got your voice note (1 s)");

        var photo = Assert.Single(bot.Received, m => m.Photo is not null);
        Assert.Null(photo.Document);
        Assert.Equal("make it move", photo.Caption);
        Assert.Equal(200, photo.Photo![^1].Height);
        Assert.Equal("notes.txt", Assert.Single(bot.Received, m => m.Document is not null).Document!.FileName);
        Assert.Single(bot.Received, m => m.Voice is not null);
        Assert.Empty(_browser.ExternalRequests);
    }

    [Fact]
    public async Task The_command_menu_lists_the_commands_published_for_the_users_language_and_sends_the_one_picked()
    {
        await using var host = await ChatPageHost.StartAsync();
        await using var bot = await ScriptedBot.StartAsync(host);
        var page = await _browser.OpenAsync(host.PageUri);
        await CreateUserAsync(page, "Boris", "ru");
        await page.ClickAsync("#start-button");
        await Expect(page.Locator("#composer")).ToBeVisibleAsync();

        await page.ClickAsync("#menu-button");

        await Expect(page.Locator("#command-menu li .command-name")).ToHaveTextAsync(["/start", "/help"]);
        await Expect(page.Locator("#command-menu li .command-description")).ToHaveTextAsync(["Начать", "Что я умею"]);
        await page.ClickAsync("#command-menu li[data-command='help']");
        await Expect(page.Locator(".msg.from-bot .text").Last).ToHaveTextAsync("I can generate things");
        await Expect(page.Locator(".msg.from-bot .text b").Last).ToHaveTextAsync("generate");
        await page.FillAsync("#composer-text", "/he");
        await page.DispatchEventAsync("#composer-text", "input");
        await Expect(page.Locator("#command-menu li .command-name")).ToHaveTextAsync(["/help"]);
        Assert.Empty(_browser.ExternalRequests);
    }

    [Fact]
    public async Task The_KIE_panel_lists_tasks_sets_the_balance_and_its_next_task_knobs_take_effect()
    {
        await using var host = await ChatPageHost.StartAsync();
        var page = await _browser.OpenAsync(host.PageUri);

        var first = await host.CreateKieTaskAsync("google/nano-banana", "a red fox in snow");
        var row = page.Locator($"#kie-tasks tr[data-task-id='{first}']");
        await Expect(row.Locator(".model")).ToHaveTextAsync("google/nano-banana");
        await Expect(row.Locator(".input")).ToContainTextAsync("a red fox in snow");
        await Expect(row.Locator(".state")).ToHaveTextAsync("success");

        await page.SelectOptionAsync("#kie-next-outcome", "content-policy");
        await page.ClickAsync("#kie-next-apply");
        await Expect(page.Locator("#kie-knobs")).ToContainTextAsync("content-policy");
        var refused = await host.CreateKieTaskAsync("google/nano-banana", "a second fox");
        var finished = await host.Kie.WaitForFinishAsync(refused, TimeSpan.FromSeconds(15));
        Assert.Equal(KieTaskPhase.Fail, finished.State);
        Assert.Equal("422", finished.FailCode);
        await Expect(page.Locator($"#kie-tasks tr[data-task-id='{refused}'] .state")).ToHaveTextAsync("fail (422)");

        await page.SelectOptionAsync("#kie-next-outcome", "");
        await page.FillAsync("#kie-next-slow", "30");
        await page.ClickAsync("#kie-next-apply");
        await Expect(page.Locator("#kie-knobs")).ToContainTextAsync("generatingMs: 30000");
        var slow = await host.CreateKieTaskAsync("google/nano-banana", "a slow fox");
        Assert.Equal(30_000, (await host.Kie.GetTaskAsync(slow))!.Behaviour.GeneratingMs);

        await page.FillAsync("#kie-balance-input", "42.5");
        await page.ClickAsync("#kie-balance-set");
        await Expect(page.Locator("#kie-balance")).ToHaveTextAsync("42.5");
        Assert.Equal(42.5m, await host.Kie.GetBalanceAsync());
        Assert.Empty(_browser.ExternalRequests);
    }

    /// <summary>Creates a user through the page's form and returns its id once its chat is open.</summary>
    private static async Task<string> CreateUserAsync(IPage page, string name, string language)
    {
        await page.FillAsync("#new-user-name", name);
        await page.SelectOptionAsync("#new-user-lang", language);
        await page.ClickAsync("#new-user-create");
        var active = page.Locator("#user-list li.active");
        await Expect(active.Locator(".user-name")).ToHaveTextAsync(name);
        await Expect(page.Locator("#start-button")).ToBeVisibleAsync();
        return (await active.GetAttributeAsync("data-user-id"))!;
    }

    private static async Task SendTextAsync(IPage page, string text)
    {
        await page.FillAsync("#composer-text", text);
        await page.PressAsync("#composer-text", "Enter");
    }
}
