using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Akka.Hosting;
using NeuroActors.Actors.Gateway;
using NeuroActors.Actors.Users;
using NeuroActors.Host.Configuration;
using NeuroActors.Telegram;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace NeuroActors.Host.Gateway;

/// <summary>
/// Webhook mode's way in, on every node: <c>POST /telegram/webhook</c>. Telegram redelivers anything not answered 2xx,
/// so the answer is 200 only once the update's user actor has persisted it (or known it already).
/// </summary>
public static class TelegramWebhookEndpoint
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <param name="secret">Telegram:WebhookSecret; a call without exactly this header gets 401 and goes no further.</param>
    /// <param name="acceptTimeout">How long the user actor may take to accept; after that 500 makes Telegram send it again.</param>
    public static IEndpointConventionBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints, string secret, TimeSpan? acceptTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var timeout = acceptTimeout ?? UpdateRouter.AcceptTimeout;
        return endpoints.MapPost(NodeSettings.WebhookPath, async (HttpContext http, IActorRegistry registry, ILoggerFactory logs) =>
        {
            if (!SecretMatches(expected, http.Request.Headers[SecretHeader].ToString())) return Results.StatusCode(StatusCodes.Status401Unauthorized);

            Update? update;
            try
            {
                update = await JsonSerializer.DeserializeAsync<Update>(http.Request.Body, JsonBotAPI.Options, http.RequestAborted);
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }

            if (update is null) return Results.BadRequest();
            if (UpdateMapper.Map(update) is not { } incoming) return Results.Ok();

            try
            {
                var region = await registry.GetAsync<UserRegion>(http.RequestAborted);
                await UpdateRouter.AcceptAllAsync(region, [incoming], timeout);
                return Results.Ok();
            }
            catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
            {
                logs.CreateLogger(typeof(TelegramWebhookEndpoint).FullName!)
                    .LogWarning("Update {UpdateId} of user {UserId} was not accepted in time ({Error}); answering 500 so Telegram sends it again",
                        incoming.UpdateId, incoming.UserId, e.GetBaseException().Message);
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }
        });
    }

    /// <summary>Compares hashes in constant time, so neither the content nor the length of the secret leaks through timing.</summary>
    private static bool SecretMatches(byte[] expectedHash, string given) =>
        given.Length > 0 && CryptographicOperations.FixedTimeEquals(expectedHash, SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
