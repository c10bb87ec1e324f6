using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Gateway;

public static class TelegramPollerWiring
{
    public const string SingletonName = "telegram-poller";

    /// <summary>
    /// Polling mode: one <see cref="TelegramPollerActor"/> in the cluster (Telegram allows one getUpdates per token),
    /// fetching through the <see cref="IUpdateSource"/> from DI and handing updates to the region registered as
    /// <see cref="UserRegion"/> (an admin's to the admin region, when wired). Call after the user and admin shards are wired.
    /// </summary>
    public static AkkaConfigurationBuilder WithTelegramPoller(this AkkaConfigurationBuilder builder, PollerOptions? options = null, string? role = null) =>
        builder.WithSingleton<TelegramPollerActor>(
            SingletonName,
            (_, registry, resolver) =>
            {
                var routes = UpdateRoutes.From(registry, registry.Get<UserRegion>(), resolver.GetService<UserSettings>()?.AdminIds);
                var source = resolver.GetService<IUpdateSource>();
                return Akka.Actor.Props.Create(() => new TelegramPollerActor(source, routes, options ?? PollerOptions.Default));
            },
            new ClusterSingletonOptions { Role = role },
            createProxyToo: false);

    public static Props Props(IUpdateSource source, IActorRef userRegion, PollerOptions options) =>
        Akka.Actor.Props.Create(() => new TelegramPollerActor(source, UpdateRoutes.UsersOnly(userRegion), options));
}
