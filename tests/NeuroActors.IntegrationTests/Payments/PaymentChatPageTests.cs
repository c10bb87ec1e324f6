using System.Globalization;
using Microsoft.Playwright;
using NeuroActors.IntegrationTests.ChatPage;
using NeuroActors.IntegrationTests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeuroActors.IntegrationTests.Payments;

/// <summary>The sandbox chat page pays the bot's invoice: /buy, a pack, the invoice with its Pay button, pre-checkout, payment, thank-you.</summary>
public sealed class PaymentChatPageTests : IClassFixture<ChatBrowser>
{
    private const long UserId = 777_000_222;

    private readonly ChatBrowser _browser;
    private readonly ITestOutputHelper _output;

    public PaymentChatPageTests(ChatBrowser browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task An_invoice_is_paid_on_the_chat_page_and_the_bot_thanks_with_the_new_balance()
    {
        await using var database = TestDatabase.CreateSqlite();
        // The page offers the configured admins as users; an admin is a user too, and /buy is the conversation's.
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?>
        {
            ["Admin:TelegramIds"] = UserId.ToString(CultureInfo.InvariantCulture),
            ["Credits:Welcome"] = "10",
        });
        var page = await _browser.OpenAsync(new Uri(node.HttpAddress, "/sandbox"));
        try
        {
            await page.ClickAsync($"#user-list li[data-admin-id='{UserId}']");
            await page.ClickAsync("#start-button");
            await Expect(page.Locator(".msg.from-bot .inline-button").Last).ToBeVisibleAsync();
            await page.FillAsync("#composer-text", "/buy");
            await page.PressAsync("#composer-text", "Enter");

            var packs = page.Locator(".msg.from-bot").Last;
            await packs.Locator(".inline-button[data-callback-data='1U:100:50']").ClickAsync();
            var invoice = page.Locator(".msg.from-bot .invoice");
            await Expect(invoice.Locator(".invoice-title")).ToContainTextAsync("100 credits");
            await invoice.Locator(".pay-button").ClickAsync();

            await Expect(page.Locator(".msg.from-bot .text").Filter(new LocatorFilterOptions { HasText = "Thank you for your payment" }))
                .ToContainTextAsync("Balance: 110 credits");
            await Expect(invoice.Locator(".invoice-paid")).ToContainTextAsync("Paid ⭐ 50");
        }
        finally
        {
            await ChatBrowser.SaveScreenshotAsync(page, "sandbox-invoice-paid", _output);
        }

        Assert.Empty(_browser.ExternalRequests);
    }
}
