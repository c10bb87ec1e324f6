using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuroActors.IntegrationTests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static NeuroActors.IntegrationTests.ChatPage.ChatPageSteps;

namespace NeuroActors.IntegrationTests.ChatPage;

/// <summary>
/// The README's first command, end to end: a node in sandbox mode (no Telegram:BotToken) serves the chat page; a person
/// starts the bot, walks the wizard to a generation, watches the status message update and the result arrive, then
/// injects a failure from the KIE panel and gets the refund message. Button texts follow UX.md.
/// </summary>
public sealed partial class SandboxChatJourneyTests : IClassFixture<ChatBrowser>
{
    private const string Prompt = "a red fox in snow, watercolor";

    private readonly ChatBrowser _browser;
    private readonly ITestOutputHelper _output;

    public SandboxChatJourneyTests(ChatBrowser browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task A_person_generates_an_image_in_the_sandbox_chat_and_gets_a_refund_after_an_injected_failure()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);
        var page = await _browser.OpenAsync(new Uri(node.HttpAddress, "/sandbox"));
        try
        {
            await ChatPageSteps.StartAsNewUserAsync(page, "Ann");

            // Main menu → 🖼 Image → Nano Banana → ✍️ Write my own prompt → prompt → (options) → ✅ Generate.
            await ClickButtonAsync(page, "Image");
            await ClickModelAsync(page, "Nano Banana");
            await ClickButtonAsync(page, "Write my own prompt");
            await Expect(LastBotText(page)).ToContainTextAsync("Describe what you want to see");
            await SendTextAsync(page, Prompt);
            await WalkToConfirmationAndGenerateAsync(page);

            // One status message, edited in place while KIE works, then the result.
            var status = page.Locator(".msg.from-bot").Filter(new LocatorFilterOptions { HasTextRegex = RequestId() }).First;
            await Expect(status.Locator(".edited")).ToBeVisibleAsync();
            await Expect(page.Locator(".msg.from-bot .photo img")).Not.ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 120_000 });
            await Expect(page.Locator(".msg.from-bot .inline-button", new PageLocatorOptions { HasText = "Make another" }).Last).ToBeVisibleAsync();

            // The next KIE task is refused for content policy: the bot says so and gives the credits back.
            await page.SelectOptionAsync("#kie-next-outcome", "content-policy");
            await page.ClickAsync("#kie-next-apply");
            await Expect(page.Locator("#kie-knobs")).ToContainTextAsync("content-policy");
            // 🔁 Make another keeps the prompt: a new message offers the variants for it straight away.
            var messagesBefore = await page.Locator(".msg.from-bot").CountAsync();
            await ClickButtonAsync(page, "Make another");
            await Expect(page.Locator(".msg.from-bot")).ToHaveCountAsync(messagesBefore + 1);
            var variants = page.Locator(".msg.from-bot").Last;
            await Expect(variants.Locator(".text")).ToContainTextAsync(Prompt);
            await Expect(variants.Locator(".inline-button").Filter(new LocatorFilterOptions { HasTextRegex = ContinueOrOneVariant() }).First).ToBeVisibleAsync();
            await WalkToConfirmationAndGenerateAsync(page);
            var refund = page.Locator(".msg.from-bot .text").Filter(new LocatorFilterOptions { HasText = "back on your balance" });
            await Expect(refund.Last).ToContainTextAsync("refused", new LocatorAssertionsToContainTextOptions { Timeout = 120_000 });
            await Expect(page.Locator("#kie-tasks tr[data-state='fail']")).ToHaveCountAsync(1);
        }
        finally
        {
            await ChatBrowser.SaveScreenshotAsync(page, "sandbox-journey", _output);
            var log = node.Log.ToString();
            _output.WriteLine("node log (tail):\n" + log[Math.Max(0, log.Length - 6000)..]);
        }

        Assert.Empty(_browser.ExternalRequests);
    }

    /// <summary>Picks a model by name, paging the list ("▶") when it is not on the first page.</summary>
    private static async Task ClickModelAsync(IPage page, string name)
    {
        for (var pageTurns = 0; pageTurns < 10; pageTurns++)
        {
            await Expect(page.Locator(".msg.from-bot .inline-button").Last).ToBeVisibleAsync();
            if (await Buttons(page, name).CountAsync() > 0)
            {
                await Buttons(page, name).First.ClickAsync();
                return;
            }

            await ClickButtonAsync(page, "▶");
        }

        Assert.Fail($"no model button \"{name}\" in the list");
    }

    /// <summary>Takes the defaults on the way (➡️ Continue, one variant) until the confirmation, then presses ✅ Generate (and ✅ I agree the first time).</summary>
    private static async Task WalkToConfirmationAndGenerateAsync(IPage page)
    {
        for (var step = 0; step < 6; step++)
        {
            var last = page.Locator(".msg.from-bot").Last;
            var generate = last.Locator(".inline-button", new LocatorLocatorOptions { HasText = "Generate" });
            var next = last.Locator(".inline-button").Filter(new LocatorFilterOptions { HasTextRegex = ContinueOrOneVariant() });
            await Expect(generate.Or(next).First).ToBeVisibleAsync();
            if (await generate.CountAsync() > 0)
            {
                await GenerateAsync(page, generate.Last);
                return;
            }

            // Wait for the bot to answer the press: the last bot message changes (edited) or a new one comes.
            var before = await page.Locator(".msg.from-bot").Last.InnerTextAsync();
            await next.First.ClickAsync();
            await page.WaitForFunctionAsync(
                "before => { const all = document.querySelectorAll('.msg.from-bot'); return all[all.length - 1].innerText !== before; }",
                before);
        }

        Assert.Fail("no ✅ Generate button after the prompt");
    }

    private static async Task SendTextAsync(IPage page, string text)
    {
        await page.FillAsync("#composer-text", text);
        await page.PressAsync("#composer-text", "Enter");
    }

    [GeneratedRegex("#[A-Z0-9]{6}")]
    private static partial Regex RequestId();

    [GeneratedRegex(@"^(➡️ Continue.*|1|1 .*)$")]
    private static partial Regex ContinueOrOneVariant();
}
