using System.Globalization;
using Microsoft.Playwright;
using NeuroActors.IntegrationTests.ChatPage;
using NeuroActors.IntegrationTests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeuroActors.IntegrationTests.Payments;

/// <summary>The sandbox chat page pays the subscription's invoice link: /subscription, ⭐ Subscribe, pre-checkout, payment, thank-you.</summary>
public sealed class SubscriptionChatPageTests : IClassFixture<ChatBrowser>
{
    private const long UserId = 777_000_333;

    private readonly ChatBrowser _browser;
    private readonly ITestOutputHelper _output;

    public SubscriptionChatPageTests(ChatBrowser browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task The_subscribe_link_is_paid_on_the_chat_page_and_the_bot_thanks_with_the_balance_and_the_renewal_date()
    {
        await using var database = TestDatabase.CreateSqlite();
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
            await page.FillAsync("#composer-text", "/subscription");
            await page.PressAsync("#composer-text", "Enter");

            var subscribe = page.Locator(".msg.from-bot .inline-button.url-button").Filter(new LocatorFilterOptions { HasText = "Subscribe" });
            await Expect(subscribe).ToContainTextAsync("⭐125 a month");
            await subscribe.ClickAsync();

            var renewsOn = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await Expect(page.Locator(".msg.from-bot .text").Filter(new LocatorFilterOptions { HasText = "Thank you for subscribing" }))
                .ToContainTextAsync("Balance: 310 credits");
            await Expect(page.Locator(".msg").Filter(new LocatorFilterOptions { HasText = "subscription until" }).Last).ToContainTextAsync(renewsOn);
        }
        finally
        {
            await ChatBrowser.SaveScreenshotAsync(page, "sandbox-subscription-paid", _output);
        }

        Assert.Empty(_browser.ExternalRequests);
    }
}
