using Akka.Hosting;
using NeuroActors.Actors.Gateway;
using NeuroActors.Actors.Users;
using NeuroActors.Host.Configuration;
using NeuroActors.Telegram;

namespace NeuroActors.Host.Gateway;

/// <summary>
/// Webhook mode's way in, on every node: <c>POST /telegram/webhook</c>. Telegram redelivers anything not answered 2xx,
/// so the answer is 200 only once the update's user (or admin) actor has persisted it (or known it already).
/// </summary>
public static class TelegramWebhookEndpoint
{
    public const string SecretHeader = TelegramWebhook.SecretHeader;

    /// <param name="secret">Telegram:WebhookSecret; a call without exactly this header gets 401 and goes no further.</param>
    /// <param name="acceptTimeout">How long the user actor may take to accept; after that 500 makes Telegram send it again.</param>
    public static IEndpointConventionBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints, string secret, TimeSpan? acceptTimeout = null)
    {
        var webhook = new TelegramWebhook(secret);
        var adminIds = endpoints.ServiceProvider.GetService<UserSettings>()?.AdminIds;
        UpdateRoutes? routes = null; // found once the actor system runs, then kept: a non-admin's update costs one set lookup
        var timeout = acceptTimeout ?? UpdateRouter.AcceptTimeout;
        return endpoints.MapPost(NodeSettings.WebhookPath, async (HttpContext http, IActorRegistry registry, ILoggerFactory logs) =>
        {
            if (!webhook.SecretMatches(http.Request.Headers[SecretHeader].ToString())) return Results.StatusCode(StatusCodes.Status401Unauthorized);

            switch (await TelegramWebhook.ReadAsync(http.Request.Body, http.RequestAborted))
            {
                case WebhookUpdate.Malformed:
                    return Results.BadRequest();
                case WebhookUpdate.ForUser(var incoming):
                    try
                    {
                        var current = routes ?? UpdateRoutes.From(registry, await registry.GetAsync<UserRegion>(http.RequestAborted), adminIds);
                        if (current.Complete) routes = current;
                        await UpdateRouter.AcceptAllAsync(current, [incoming], timeout);
                        return Results.Ok();
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
                    {
                        logs.CreateLogger(typeof(TelegramWebhookEndpoint).FullName!)
                            .LogWarning("Update {UpdateId} of user {UserId} was not accepted in time ({Error}); answering 500 so Telegram sends it again",
                                incoming.UpdateId, incoming.UserId, e.GetBaseException().Message);
                        return Results.StatusCode(StatusCodes.Status500InternalServerError);
                    }

                default:
                    return Results.Ok();
            }
        });
    }
}
