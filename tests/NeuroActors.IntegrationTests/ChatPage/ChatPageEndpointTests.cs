using System.Net;
using System.Text.Json;
using NeuroActors.Sandbox.Telegram;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace NeuroActors.IntegrationTests.ChatPage;

/// <summary>The chat page's HTTP surface: embedded assets, its config, and the transcript entities it renders from.</summary>
public sealed class ChatPageEndpointTests
{
    [Theory]
    [InlineData("sandbox", "text/html; charset=utf-8", "/sandbox/ui/app.js")]
    [InlineData("sandbox/ui/app.css", "text/css; charset=utf-8", ".inline-keyboard")]
    [InlineData("sandbox/ui/app.js", "text/javascript; charset=utf-8", "EventSource")]
    public async Task Page_and_assets_are_served_from_the_assembly_with_their_content_types(string path, string contentType, string expectedContent)
    {
        await using var host = await ChatPageHost.StartAsync();

        using var response = await host.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Contains(expectedContent, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_references_only_its_own_origin_for_scripts_styles_and_data()
    {
        await using var host = await ChatPageHost.StartAsync();

        var html = await host.Http.GetStringAsync(new Uri("sandbox", UriKind.Relative));
        var css = await host.Http.GetStringAsync(new Uri("sandbox/ui/app.css", UriKind.Relative));
        var js = await host.Http.GetStringAsync(new Uri("sandbox/ui/app.js", UriKind.Relative));

        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", css, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", css, StringComparison.Ordinal);
        Assert.DoesNotContain("fetch('http", js, StringComparison.Ordinal);
        Assert.DoesNotContain("fetch(\"http", js, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_asset_answers_404()
    {
        await using var host = await ChatPageHost.StartAsync();

        using var response = await host.Http.GetAsync(new Uri("sandbox/ui/secrets.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Config_names_the_bot_the_admins_from_Admin_TelegramIds_and_the_simulated_KIE()
    {
        await using var host = await ChatPageHost.StartAsync(new Dictionary<string, string?> { ["Admin:TelegramIds"] = "111, 222,x" });

        using var config = JsonDocument.Parse(await host.Http.GetStringAsync(new Uri("sandbox/ui/config", UriKind.Relative)));

        Assert.Equal("Test Studio", config.RootElement.GetProperty("bot_name").GetString());
        Assert.Equal([111L, 222L], config.RootElement.GetProperty("admin_ids").EnumerateArray().Select(e => e.GetInt64()));
        Assert.True(config.RootElement.GetProperty("kie_simulator").GetBoolean());
    }

    [Fact]
    public async Task Transcript_messages_carry_the_entities_of_their_formatted_text()
    {
        await using var host = await ChatPageHost.StartAsync();
        var user = await host.Control.CreateUserAsync("Ann", "en");
        await host.Control.SendCommandAsync(user.Id, "start");
        var bot = host.CreateBot();

        await bot.SendMessage(user.Id, "<b>Bold</b> and <a href=\"https://example.org\">link</a> 🎨 <code>x</code>", parseMode: ParseMode.Html);
        var message = (await host.Control.GetBotMessagesAsync(user.Id)).Single();

        Assert.Equal("Bold and link 🎨 x", message.PlainText);
        Assert.Equal(
            [new TranscriptEntity("bold", 0, 4), new TranscriptEntity("text_link", 9, 4, "https://example.org"), new TranscriptEntity("code", 17, 1)],
            message.Entities!);
    }
}
