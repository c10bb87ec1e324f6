using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroActors.IntegrationTests.ChatPage;

/// <summary>What a person does on the sandbox's chat page, shared by the browser tests.</summary>
internal static partial class ChatPageSteps
{
    /// <summary>Creates a user with the page's form and presses Start as them.</summary>
    public static async Task StartAsNewUserAsync(IPage page, string name, string language = "en")
    {
        await page.FillAsync("#new-user-name", name);
        await page.SelectOptionAsync("#new-user-lang", language);
        await page.ClickAsync("#new-user-create");
        await page.ClickAsync("#start-button");
    }

    public static ILocator LastBotText(IPage page) => page.Locator(".msg.from-bot .text").Last;

    /// <summary>The bot's inline buttons whose text contains <paramref name="text"/>.</summary>
    public static ILocator Buttons(IPage page, string text) =>
        page.Locator(".msg.from-bot .inline-button", new PageLocatorOptions { HasText = text });

    /// <summary>
    /// Clicks <paramref name="generate"/> (a ✅ Generate), then, when the terms take the confirmation's place (the user's
    /// first order), ✅ I agree; returns once the order's status shows.
    /// </summary>
    public static async Task GenerateAsync(IPage page, ILocator generate)
    {
        await generate.ClickAsync();
        var agree = page.Locator(".msg.from-bot .inline-button").Filter(new LocatorFilterOptions { HasTextRegex = AgreeButton() });
        var status = page.Locator(".msg.from-bot").Filter(new LocatorFilterOptions { HasTextRegex = OrderTag() });
        await Expect(agree.Or(status).First).ToBeVisibleAsync();
        if (await agree.CountAsync() > 0)
        {
            await agree.Last.ClickAsync();
            await Expect(agree).ToHaveCountAsync(0); // the terms became the order's status
        }
    }

    /// <summary>Clicks the newest bot button with <paramref name="text"/>, once it shows.</summary>
    public static async Task ClickButtonAsync(IPage page, string text)
    {
        await Expect(Buttons(page, text).Last).ToBeVisibleAsync();
        await Buttons(page, text).Last.ClickAsync();
    }

    [GeneratedRegex("I agree|Согласен")]
    private static partial Regex AgreeButton();

    [GeneratedRegex("#[A-Z0-9]{10}")]
    private static partial Regex OrderTag();
}
