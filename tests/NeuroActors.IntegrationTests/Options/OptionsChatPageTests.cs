using Microsoft.Playwright;
using NeuroActors.IntegrationTests.ChatPage;
using NeuroActors.IntegrationTests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static NeuroActors.IntegrationTests.ChatPage.ChatPageSteps;

namespace NeuroActors.IntegrationTests.Options;

/// <summary>The options step on the sandbox's chat page, in a real browser: the option buttons, the values with their price differences, the new price.</summary>
public sealed class OptionsChatPageTests : IClassFixture<ChatBrowser>
{
    private readonly ChatBrowser _browser;
    private readonly ITestOutputHelper _output;

    public OptionsChatPageTests(ChatBrowser browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task A_person_sees_the_options_screen_picks_4K_and_the_price_follows_to_the_confirmation()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);
        var page = await _browser.OpenAsync(new Uri(node.HttpAddress, "/sandbox"));
        try
        {
            await ChatPageSteps.StartAsNewUserAsync(page, "Ann");

            await ClickButtonAsync(page, "Image");
            // The text-to-image model comes first; an edit model of the same name may follow it.
            await Expect(Buttons(page, "Nano Banana Pro").First).ToBeVisibleAsync();
            await Buttons(page, "Nano Banana Pro").First.ClickAsync();
            await ClickButtonAsync(page, "Write my own prompt");
            await page.FillAsync("#composer-text", "a lighthouse in a storm");
            await page.PressAsync("#composer-text", "Enter");

            // The variant choice carries the options step: each option's current value, the defaults' price.
            await Expect(Buttons(page, "Resolution: 1K").Last).ToBeVisibleAsync();
            await Expect(Buttons(page, "Aspect ratio: 1:1").Last).ToBeVisibleAsync();
            await Expect(Buttons(page, "1 · 4 cr").Last).ToBeVisibleAsync();
            await ChatBrowser.SaveScreenshotAsync(page, "options-step", _output);

            await ClickButtonAsync(page, "Resolution: 1K");
            await Expect(Buttons(page, "✓ 1K").Last).ToBeVisibleAsync();
            await Expect(Buttons(page, "4K · +1").Last).ToBeVisibleAsync();
            await ChatBrowser.SaveScreenshotAsync(page, "options-values", _output);

            await ClickButtonAsync(page, "4K · +1");
            await Expect(Buttons(page, "Resolution: 4K").Last).ToBeVisibleAsync();
            await Expect(Buttons(page, "1 · 5 cr").Last).ToBeVisibleAsync();
            await ClickButtonAsync(page, "1 · 5 cr");
            await Expect(page.Locator(".msg.from-bot .text").Last).ToContainTextAsync("Nano Banana Pro · 1:1 · 4K");
            await Expect(Buttons(page, "Generate · 5 cr").Last).ToBeVisibleAsync();
        }
        finally
        {
            await ChatBrowser.SaveScreenshotAsync(page, "options-confirmation", _output);
        }

        Assert.Empty(_browser.ExternalRequests);
    }
}
