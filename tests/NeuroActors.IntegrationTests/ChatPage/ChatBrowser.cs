using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace NeuroActors.IntegrationTests.ChatPage;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download), one per test class. Pages record every request that
/// leaves loopback and abort it: the chat page must fetch nothing from outside.
/// </summary>
public sealed class ChatBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ConcurrentQueue<string> ExternalRequests { get; } = new();

    /// <summary>Where screenshots go: $NEUROACTORS_TEST_ARTIFACTS, else artifacts/ next to the test assembly.</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("NEUROACTORS_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with `apt-get install -y chromium` (test.sh does)");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Opens <paramref name="url"/> in a fresh context and waits until the page has loaded its config and users.</summary>
    public async Task<IPage> OpenAsync(Uri url)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        await context.RouteAsync("**/*", async route =>
        {
            var host = new Uri(route.Request.Url).Host;
            if (host is "127.0.0.1" or "localhost")
            {
                await route.ContinueAsync();
            }
            else
            {
                ExternalRequests.Enqueue(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        await page.Locator("body[data-ready=true]").WaitForAsync();
        return page;
    }

    /// <summary>Saves a full-page screenshot as a test artifact and prints its path.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name, ITestOutputHelper output)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        var path = Path.Combine(ArtifactsDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine("screenshot: " + path);
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
