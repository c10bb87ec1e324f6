using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Admin;
using NeuroActors.Actors.Observability;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Gateway;

/// <summary>
/// Where updates go: an admin's (a user id of <c>Admin:TelegramIds</c>) to the admin region, everyone else's to the user
/// region. Both answer <see cref="UpdateAccepted"/> once the update is persisted.
/// </summary>
public sealed class UpdateRoutes(IActorRef users, IActorRef? admins, IReadOnlySet<long> adminIds)
{
    private static readonly IReadOnlySet<long> NoAdmins = new HashSet<long>();

    /// <summary>Everything to the user region (no admin region on this node).</summary>
    public static UpdateRoutes UsersOnly(IActorRef users) => new(users, null, NoAdmins);

    /// <summary>The routes of a node from its registry: to the admin region when it is wired and <paramref name="adminIds"/> names anyone.</summary>
    public static UpdateRoutes From(IActorRegistry registry, IActorRef users, IReadOnlySet<long>? adminIds) =>
        adminIds is { Count: > 0 } && registry.TryGet<AdminRegion>(out var admins)
            ? new UpdateRoutes(users, admins, adminIds)
            : UsersOnly(users);

    /// <summary>True when nothing more can be found: admins have their region, or there are none.</summary>
    public bool Complete => admins is not null || adminIds.Count == 0;

    /// <summary>Asks the update's region to accept it; for a non-admin this is one set lookup more than before admins existed.</summary>
    public Task<UpdateAccepted> AcceptAsync(IncomingUpdate update, TimeSpan timeout) =>
        admins is not null && adminIds.Contains(update.UserId)
            ? admins.Ask<UpdateAccepted>(new HandleAdminUpdate(update.UserId, update), timeout)
            : users.Ask<UpdateAccepted>(new HandleUpdate(update.UserId, update), timeout);
}

/// <summary>Hands updates to their users' (or admins') actors and completes when every one of them is persisted.</summary>
public static class UpdateRouter
{
    public static readonly TimeSpan AcceptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Sends in order (a user's updates reach their actor in the order Telegram gave them) and waits for all.
    /// Throws if any is not accepted in time, so the caller does not confirm the batch and Telegram sends it again.
    /// </summary>
    public static async Task AcceptAllAsync(UpdateRoutes routes, IEnumerable<IncomingUpdate> updates, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var wait = timeout ?? AcceptTimeout;
        var pending = updates.Select(u =>
        {
            ActorMetrics.UpdateReceived(u.Kind);
            return routes.AcceptAsync(u, wait);
        }).ToList();
        await Task.WhenAll(pending);
    }

    /// <summary>Every update to the user region (a node, or a test, without admins).</summary>
    public static Task AcceptAllAsync(IActorRef userRegion, IEnumerable<IncomingUpdate> updates, TimeSpan? timeout = null) =>
        AcceptAllAsync(UpdateRoutes.UsersOnly(userRegion), updates, timeout);
}
