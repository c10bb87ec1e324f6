using System.Text;
using NeuroActors.Domain.Telegram;
using NeuroActors.Telegram;

namespace NeuroActors.Tests.Telegram;

public sealed class TelegramWebhookTests
{
    private static Task<WebhookUpdate> Read(string json) => TelegramWebhook.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

    [Fact]
    public async Task A_message_becomes_the_users_incoming_update()
    {
        var result = await Read("""
            {"update_id":501,"message":{"message_id":7,"date":1700000000,"text":"/start",
             "from":{"id":42,"is_bot":false,"first_name":"Ann","language_code":"ru"},"chat":{"id":42,"type":"private"}}}
            """);

        var update = Assert.IsType<WebhookUpdate.ForUser>(result).Update;
        Assert.Equal((501L, 42L, 42L, UpdateKind.Text, "/start", "ru"), (update.UpdateId, update.UserId, update.ChatId, update.Kind, update.Text, update.LanguageCode));
    }

    [Fact]
    public async Task An_update_the_bot_does_not_handle_is_ignored_and_a_body_that_is_not_json_is_malformed()
    {
        Assert.IsType<WebhookUpdate.Ignored>(await Read("""{"update_id":502,"poll":{"id":"1","question":"q","options":[],"total_voter_count":0,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}}"""));
        Assert.IsType<WebhookUpdate.Malformed>(await Read("{not json"));
        Assert.IsType<WebhookUpdate.Malformed>(await Read("null"));
    }

    [Fact]
    public void Only_the_exact_secret_matches()
    {
        var webhook = new TelegramWebhook("s3cret_value");
        Assert.True(webhook.SecretMatches("s3cret_value"));
        Assert.False(webhook.SecretMatches("s3cret_valu"));
        Assert.False(webhook.SecretMatches("s3cret_value2"));
        Assert.False(webhook.SecretMatches(""));
    }
}
