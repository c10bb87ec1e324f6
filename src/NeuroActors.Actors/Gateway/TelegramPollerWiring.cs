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
    /// <see cref="UserRegion"/>. Call after the user shards are wired.
    /// </summary>
    public static AkkaConfigurationBuilder WithTelegramPoller(this AkkaConfigurationBuilder builder, PollerOptions? options = null, string? role = null) =>
        builder.WithSingleton<TelegramPollerActor>(
            SingletonName,
            (_, registry, resolver) => Props(resolver.GetService<IUpdateSource>(), registry.Get<UserRegion>(), options ?? PollerOptions.Default),
            new ClusterSingletonOptions { Role = role },
            createProxyToo: false);

    public static Props Props(IUpdateSource source, IActorRef userRegion, PollerOptions options) =>
        Akka.Actor.Props.Create(() => new TelegramPollerActor(source, userRegion, options));
}
