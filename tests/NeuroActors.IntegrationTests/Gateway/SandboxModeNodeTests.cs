using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Host.Configuration;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Kie;
using NeuroActors.Sandbox.Telegram;
using Telegram.Bot;

namespace NeuroActors.IntegrationTests.Gateway;

/// <summary>A node started with no bot token hosts the sandboxes itself and talks to them on its own origin.</summary>
public sealed class SandboxModeNodeTests
{
    private static TelegramBotClient BotFor(TestNode node) =>
        new(new TelegramBotClientOptions(SandboxSettings.BotToken, node.HttpAddress.ToString().TrimEnd('/')));

    [Fact]
    public async Task A_node_without_a_bot_token_answers_getMe_from_the_sandbox_on_its_own_origin_and_says_where()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);

        var me = await BotFor(node).GetMe();
        Assert.True(me.IsBot);
        Assert.Equal(7000000001, me.Id);

        var origin = node.HttpAddress.ToString().TrimEnd('/');
        Assert.Single(node.Log.ToString().Split('\n'), line => line.Contains("Sandbox mode is on", StringComparison.Ordinal) && line.Contains(origin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sandbox_mode_registers_the_command_menu_in_English_and_Russian_and_polls_without_a_webhook()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);
        using var control = new BotSandboxClient(node.HttpAddress);

        IReadOnlyList<BotCommandSet> sets = [];
        for (var attempt = 0; attempt < 200 && sets.Count < 2; attempt++)
        {
            sets = await control.GetCommandsAsync();
            if (sets.Count < 2) await Task.Delay(50);
        }

        var english = Assert.Single(sets, s => s.LanguageCode is null);
        var russian = Assert.Single(sets, s => s.LanguageCode == "ru");
        Assert.Equal("default", english.ScopeType);
        Assert.Equal(["menu", "models", "balance", "buy", "subscription", "history", "promo", "invite", "language", "help", "paysupport", "terms"], english.Commands.Select(c => c.Command));
        Assert.Equal(english.Commands.Select(c => c.Command), russian.Commands.Select(c => c.Command));
        Assert.Equal("Main menu", english.Commands[0].Description);
        Assert.Equal("Главное меню", russian.Commands[0].Description);
        Assert.True((await control.GetStatsAsync()).CallsByMethod.GetValueOrDefault("deletewebhook") >= 1);
    }

    [Fact]
    public async Task Sandbox_mode_points_the_KIE_client_at_the_simulator_and_it_answers_through_the_real_port()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);

        var credits = await node.App.Services.GetRequiredService<IKieGateway>().GetCreditsAsync();
        Assert.True(credits.IsSuccess, credits.ToString());
        Assert.True(credits.Value > 0);
    }

    [Fact]
    public async Task Explicit_settings_win_over_the_sandbox_defaults()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?>
        {
            ["Kie:BaseUrl"] = "http://127.0.0.1:9/kie",
            ["Llm:Model"] = "my-model",
        });

        var kie = node.App.Services.GetRequiredService<IOptions<KieOptions>>().Value;
        Assert.Equal(new Uri("http://127.0.0.1:9/kie"), kie.BaseUrl);
        var configuration = node.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        Assert.Equal("my-model", configuration["Llm:Model"]);
        Assert.Equal(SandboxSettings.LlmKey, configuration["Llm:ApiKey"]);
        Assert.Equal("http://127.0.0.1:0", configuration["Llm:BaseUrl"]);
    }

    [Fact]
    public async Task The_node_outbox_delivers_a_screen_through_the_sandbox()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);
        using var control = new BotSandboxClient(node.HttpAddress);
        var user = await control.CreateUserAsync("Ann", "en");
        await control.SendCommandAsync(user.Id, "start");

        var outbox = await node.Registry.GetAsync<OutboxActor>();
        var delivered = await outbox.Ask<Delivered>(
            new Deliver(user.Id, new OutboundMessage.SendScreen(new Screen("<b>Hello</b> from the outbox", null)), DeliveryId.Closing("d-1")), TimeSpan.FromSeconds(20));

        var sent = Assert.IsType<SendOutcome.Sent>(delivered.Outcome);
        Assert.Equal(DeliveryId.Closing("d-1"), delivered.DeliveryId);
        // The bot may greet the user's /start meanwhile: look for the outbox's message by its id.
        var message = await control.WaitForMessageAsync(user.Id, m => m.FromBot && m.MessageId == sent.MessageIds[0], TimeSpan.FromSeconds(10));
        Assert.Equal("Hello from the outbox", message.PlainText);
        Assert.Equal("HTML", message.ParseMode);
    }

    [Fact]
    public async Task Webhook_mode_in_the_sandbox_registers_the_node_endpoint_with_its_secret()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?> { ["Telegram:Mode"] = "webhook" });
        using var control = new BotSandboxClient(node.HttpAddress);

        string? url = null;
        for (var attempt = 0; attempt < 200 && url is null; attempt++)
        {
            url = (await control.GetStatsAsync()).WebhookUrl;
            if (url is null) await Task.Delay(50);
        }

        Assert.Equal(new Uri(node.HttpAddress, "/telegram/webhook"), new Uri(url!));
        var settings = node.App.Services.GetRequiredService<NodeSettings>();
        Assert.False(string.IsNullOrEmpty(settings.Telegram.WebhookSecret));
        using var http = new HttpClient { BaseAddress = node.HttpAddress };
        var forged = await http.PostAsync("/telegram/webhook", new StringContent("{}"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, forged.StatusCode);
    }
}
