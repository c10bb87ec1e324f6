using Akka.Actor;
using Akka.Hosting;
using Microsoft.Playwright;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Domain.Texts;
using NeuroActors.IntegrationTests.ChatPage;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeuroActors.IntegrationTests.ReadSide;

/// <summary>The metrics chart as a person sees it on the sandbox chat page: a photo with the figures, edited in place by a refresh.</summary>
public sealed class StatsChatPageTests(ChatBrowser browser, ITestOutputHelper output) : IClassFixture<ChatBrowser>
{
    [Fact]
    public async Task The_sandbox_chat_page_shows_the_metrics_chart_photo_and_its_refresh_in_place()
    {
        SetDefaultExpectTimeout(30_000);
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);
        var page = await browser.OpenAsync(new Uri(node.HttpAddress, "/sandbox"));
        try
        {
            await ChatPageSteps.StartAsNewUserAsync(page, "Boss");
            using var control = new BotSandboxClient(node.HttpAddress);
            var boss = Assert.Single(await control.GetUsersAsync(), u => u.FirstName == "Boss");
            await control.WaitForMessageAsync(boss.Id, timeout: TimeSpan.FromSeconds(60));

            var reporter = await node.Registry.GetAsync<StatsReporterKey>();
            reporter.Tell(new ShowStats(boss.Id, Language.English, null));
            var chart = page.Locator(".msg.from-bot").Filter(new LocatorFilterOptions { HasText = "Metrics" });
            await Expect(chart.Locator(".photo img")).ToHaveCountAsync(1);
            await Expect(chart).ToContainTextAsync("jobs in flight: 0");
            await Expect(chart.Locator(".inline-button", new LocatorLocatorOptions { HasText = "Refresh" })).ToBeVisibleAsync();
            // The browser decoded the uploaded PNG: its natural size is the chart's.
            await Expect(chart.Locator(".photo img")).ToHaveJSPropertyAsync("naturalWidth", StatsChart.Width);

            var photo = await control.WaitForMessageAsync(boss.Id, m => m.Media?.Kind == "photo", TimeSpan.FromSeconds(30));
            reporter.Tell(new ShowStats(boss.Id, Language.Russian, photo.MessageId));
            var refreshed = page.Locator(".msg.from-bot").Filter(new LocatorFilterOptions { HasText = "Метрики" });
            await Expect(refreshed.Locator(".edited")).ToBeVisibleAsync();
            await Expect(refreshed.Locator(".photo img")).ToHaveCountAsync(1);
            await Expect(page.Locator(".msg.from-bot .photo img")).ToHaveCountAsync(1);
            await ChatBrowser.SaveScreenshotAsync(page, "stats-chart", output);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
