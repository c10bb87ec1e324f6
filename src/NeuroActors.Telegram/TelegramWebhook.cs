using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NeuroActors.Domain.Telegram;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace NeuroActors.Telegram;

/// <summary>What a webhook call carried: an update for a user, one the bot ignores, or something that is not an update.</summary>
public abstract record WebhookUpdate
{
    private WebhookUpdate()
    {
    }

    /// <summary>An update to hand to its user's actor.</summary>
    public sealed record ForUser(IncomingUpdate Update) : WebhookUpdate;

    /// <summary>A well-formed update the bot does not handle: answered 200 so Telegram moves on.</summary>
    public sealed record Ignored : WebhookUpdate;

    /// <summary>Not an update (bad JSON): answered 400.</summary>
    public sealed record Malformed : WebhookUpdate;
}

/// <summary>
/// The Telegram side of webhook mode: the secret token check and the body's parsing into an <see cref="IncomingUpdate"/>.
/// The node maps the endpoint and hands the update to its user's actor.
/// </summary>
public sealed class TelegramWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly byte[] _expectedSecretHash;

    /// <param name="secret">Telegram:WebhookSecret, as given to setWebhook.</param>
    public TelegramWebhook(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _expectedSecretHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Compares hashes in constant time, so neither the content nor the length of the secret leaks through timing.</summary>
    public bool SecretMatches(string given) =>
        given.Length > 0 && CryptographicOperations.FixedTimeEquals(_expectedSecretHash, SHA256.HashData(Encoding.UTF8.GetBytes(given)));

    public static async Task<WebhookUpdate> ReadAsync(Stream body, CancellationToken cancel)
    {
        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(body, JsonBotAPI.Options, cancel);
        }
        catch (JsonException)
        {
            return new WebhookUpdate.Malformed();
        }

        if (update is null) return new WebhookUpdate.Malformed();
        return UpdateMapper.Map(update) is { } incoming ? new WebhookUpdate.ForUser(incoming) : new WebhookUpdate.Ignored();
    }
}
