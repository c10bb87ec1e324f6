using System.Net;
using System.Text.Json;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Foundation;

public sealed class HealthTests
{
    [Fact]
    public async Task Ready_reports_an_up_member_and_a_database_that_answers()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Up", body.RootElement.GetProperty("member").GetString());
        Assert.Equal("ok", body.RootElement.GetProperty("database").GetString());
    }

    [Fact]
    public async Task The_ready_line_is_logged_once_with_the_url_and_the_bot_token_never_appears_in_the_log()
    {
        const string token = "123456789:AAFakeTokenThatMustNeverBeLogged_xyz";
        await using var database = TestDatabase.CreateSqlite();
        var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?> { ["Telegram:BotToken"] = token });
        var log = node.App.Services.GetService(typeof(Microsoft.Extensions.Logging.ILoggerFactory)) as Microsoft.Extensions.Logging.ILoggerFactory;
        log!.CreateLogger("test").LogSecretForTest(token);
        await node.DisposeAsync();

        var text = node.Log.ToString();
        Assert.Single(text.Split('\n'), line => line.Contains("NeuroActors node ready at", StringComparison.Ordinal));
        Assert.DoesNotContain(token, text);
        Assert.Contains("***_xyz", text);
    }
}

internal static class SecretLogging
{
    public static void LogSecretForTest(this Microsoft.Extensions.Logging.ILogger logger, string token) =>
        Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, "Calling https://api.telegram.org/bot{Token}/getMe", token);
}
