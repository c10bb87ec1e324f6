using Akka.Actor;
using NeuroActors.Actors.Observability;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Gateway;

/// <summary>Hands updates to their users' actors and completes when every one of them is persisted.</summary>
public static class UpdateRouter
{
    public static readonly TimeSpan AcceptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Sends in order (a user's updates reach their actor in the order Telegram gave them) and waits for all.
    /// Throws if any is not accepted in time, so the caller does not confirm the batch and Telegram sends it again.
    /// </summary>
    public static async Task AcceptAllAsync(IActorRef userRegion, IEnumerable<IncomingUpdate> updates, TimeSpan? timeout = null)
    {
        var wait = timeout ?? AcceptTimeout;
        var pending = updates.Select(u =>
        {
            ActorMetrics.UpdateReceived(u.Kind);
            return userRegion.Ask<UpdateAccepted>(new HandleUpdate(u.UserId, u), wait);
        }).ToList();
        await Task.WhenAll(pending);
    }
}
