using Microsoft.Playwright;
using NeuroActors.IntegrationTests.ChatPage;
using NeuroActors.IntegrationTests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeuroActors.IntegrationTests.Admin;

/// <summary>The sandbox chat page as an admin sees it: a node in sandbox mode, the admin user offered by the page, /admin and 📈 Metrics.</summary>
public sealed class AdminChatPageTests : IClassFixture<ChatBrowser>
{
    private const long AdminId = 777_000_111;

    private readonly ChatBrowser _browser;
    private readonly ITestOutputHelper _output;

    public AdminChatPageTests(ChatBrowser browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task The_admin_user_of_the_sandbox_chat_gets_the_panel_and_the_metrics_chart()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?> { ["Admin:TelegramIds"] = AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var page = await _browser.OpenAsync(new Uri(node.HttpAddress, "/sandbox"));
        try
        {
            await page.ClickAsync($"#user-list li[data-admin-id='{AdminId}']");
            await Expect(page.Locator("#user-list li.active")).ToHaveAttributeAsync("data-user-id", AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // An admin is a user too: START opens the main menu (the admin actor hands /start to the conversation).
            await page.ClickAsync("#start-button");
            await Expect(page.Locator(".msg.from-bot .inline-button").Last).ToBeVisibleAsync();
            await page.FillAsync("#composer-text", "/admin");
            await page.PressAsync("#composer-text", "Enter");

            var panel = page.Locator(".msg.from-bot").Last;
            await Expect(panel.Locator(".text")).ToContainTextAsync("Housekeeping");
            foreach (var button in new[] { "📈", "🔍", "👤", "🎨", "🔑", "📣" })
            {
                await Expect(panel.Locator(".inline-button", new LocatorLocatorOptions { HasText = button })).ToHaveCountAsync(1);
            }

            await panel.Locator(".inline-button", new LocatorLocatorOptions { HasText = "📈" }).ClickAsync();
            await Expect(page.Locator(".msg.from-bot .photo img")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
            await Expect(page.Locator(".msg.from-bot").Last.Locator(".inline-button", new LocatorLocatorOptions { HasText = "🔄" })).ToBeVisibleAsync();
        }
        finally
        {
            await ChatBrowser.SaveScreenshotAsync(page, "sandbox-admin-panel", _output);
        }

        Assert.Empty(_browser.ExternalRequests);
    }
}
