using Microsoft.Extensions.Configuration;
using NeuroActors.Domain.Configuration;
using NeuroActors.Host.Configuration;

namespace NeuroActors.Tests.Gateway;

/// <summary>The Telegram section of NodeSettings: sandbox defaults, and one clear error per bad value, never echoing a secret.</summary>
public sealed class TelegramSettingsTests
{
    private const string Token = "123456789:AAHrealLookingToken_abcdefghijklmno";

    private static NodeSettings Read(params (string Key, string? Value)[] values)
    {
        var all = new Dictionary<string, string?> { ["Http:Urls"] = "http://127.0.0.1:8080" };
        foreach (var (key, value) in values) all[key] = value;
        return NodeSettings.From(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
    }

    private static BadSettingException Bad(params (string Key, string? Value)[] values) => Assert.Throws<BadSettingException>(() => Read(values));

    [Fact]
    public void A_token_with_defaults_polls_the_real_Bot_API()
    {
        var settings = Read(("Telegram:BotToken", Token));
        Assert.False(settings.IsSandbox);
        Assert.Equal(Token, settings.Telegram.BotToken);
        Assert.Equal("https://api.telegram.org", settings.Telegram.ApiBaseUrl);
        Assert.False(settings.Telegram.IsWebhook);
        Assert.Contains(Token, settings.Secrets);
    }

    [Fact]
    public void No_token_means_sandbox_mode_on_the_nodes_own_origin()
    {
        var settings = Read(("Http:Urls", "http://0.0.0.0:8090"));
        Assert.True(settings.IsSandbox);
        Assert.Equal(new Uri("http://127.0.0.1:8090"), settings.Sandbox!.Origin);
        Assert.False(settings.Sandbox.ResolvedAfterStart);
        Assert.Equal("http://127.0.0.1:8090", settings.Telegram.ApiBaseUrl);
        Assert.Equal(SandboxSettings.BotToken, settings.Telegram.BotToken);
    }

    [Fact]
    public void Sandbox_mode_on_port_0_resolves_its_origin_after_start()
    {
        var settings = Read(("Http:Urls", "http://127.0.0.1:0"));
        Assert.True(settings.Sandbox!.ResolvedAfterStart);
    }

    [Fact]
    public void An_explicit_api_base_wins_in_sandbox_mode()
    {
        var settings = Read(("Telegram:ApiBaseUrl", "http://127.0.0.1:8081"));
        Assert.True(settings.IsSandbox);
        Assert.Equal("http://127.0.0.1:8081", settings.Telegram.ApiBaseUrl);
    }

    [Fact]
    public void Webhook_mode_in_the_sandbox_gets_the_nodes_endpoint_and_a_valid_secret_of_its_own()
    {
        var settings = Read(("Telegram:Mode", "Webhook"));
        Assert.True(settings.Telegram.IsWebhook);
        Assert.Equal("http://127.0.0.1:8080/telegram/webhook", settings.Telegram.WebhookUrl);
        Assert.True(NodeSettings.IsValidWebhookSecret(settings.Telegram.WebhookSecret!));
    }

    [Fact]
    public void Webhook_mode_with_a_token_needs_a_webhook_url()
    {
        var problem = Bad(("Telegram:BotToken", Token), ("Telegram:Mode", "webhook"), ("Telegram:WebhookSecret", "abc"));
        Assert.Equal("Telegram:WebhookUrl", problem.Setting);
        Assert.Contains("Fix: ", problem.Message);
    }

    [Fact]
    public void Webhook_mode_with_a_token_needs_a_secret()
    {
        var problem = Bad(("Telegram:BotToken", Token), ("Telegram:Mode", "webhook"), ("Telegram:WebhookUrl", "https://bot.example.com/telegram/webhook"));
        Assert.Equal("Telegram:WebhookSecret", problem.Setting);
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("semi;colon")]
    [InlineData("ünïcode")]
    public void A_webhook_secret_Telegram_refuses_is_named_without_being_printed(string secret)
    {
        var problem = Bad(("Telegram:BotToken", Token), ("Telegram:WebhookSecret", secret));
        Assert.Equal("Telegram:WebhookSecret", problem.Setting);
        Assert.Contains("A-Z a-z 0-9 _ -", problem.Message);
        Assert.DoesNotContain(secret, problem.Message);
    }

    [Fact]
    public void A_webhook_secret_longer_than_256_characters_is_refused()
    {
        Assert.Equal("Telegram:WebhookSecret", Bad(("Telegram:BotToken", Token), ("Telegram:WebhookSecret", new string('a', 257))).Setting);
        Assert.True(NodeSettings.IsValidWebhookSecret(new string('a', 256)));
        Assert.True(NodeSettings.IsValidWebhookSecret("A-z_09"));
    }

    [Theory]
    [InlineData("api.telegram.org")]
    [InlineData("ftp://api.telegram.org")]
    [InlineData("not a url")]
    public void A_malformed_api_base_url_is_named(string url)
    {
        var problem = Bad(("Telegram:BotToken", Token), ("Telegram:ApiBaseUrl", url));
        Assert.Equal("Telegram:ApiBaseUrl", problem.Setting);
        Assert.Contains("https://api.telegram.org", problem.Message);
    }

    [Fact]
    public void A_malformed_webhook_url_is_named()
    {
        var problem = Bad(("Telegram:BotToken", Token), ("Telegram:Mode", "webhook"), ("Telegram:WebhookSecret", "s"), ("Telegram:WebhookUrl", "/telegram/webhook"));
        Assert.Equal("Telegram:WebhookUrl", problem.Setting);
    }

    [Fact]
    public void An_unknown_mode_lists_the_choices()
    {
        var problem = Bad(("Telegram:BotToken", Token), ("Telegram:Mode", "push"));
        Assert.Equal("Telegram:Mode", problem.Setting);
        Assert.Contains("polling or webhook", problem.Message);
    }

    [Theory]
    [InlineData("no-colon-here")]
    [InlineData("abc:def")]
    [InlineData("123456:")]
    public void A_token_that_cannot_be_a_bot_token_is_named_without_being_printed(string token)
    {
        var problem = Bad(("Telegram:BotToken", token));
        Assert.Equal("Telegram:BotToken", problem.Setting);
        Assert.DoesNotContain(token, problem.Message);
    }
}
