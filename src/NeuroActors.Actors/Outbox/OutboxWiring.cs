using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Outbox;

public static class OutboxWiring
{
    public const string ActorName = "outbox";

    /// <summary>
    /// One <see cref="OutboxActor"/> per node, sending through the <see cref="ITelegramSendPort"/> from DI, registered as
    /// <see cref="OutboxActor"/>: <c>ActorRegistry.For(system).Get&lt;OutboxActor&gt;()</c>. In a cluster it follows the Up
    /// members, so that each node's outbox takes its share of the cluster's bulk budget (<see cref="OutboxSettings.BulkPerSecond"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithOutbox(this AkkaConfigurationBuilder builder, OutboxSettings? settings = null)
    {
        var outboxSettings = settings ?? OutboxSettings.Default;
        if (!(outboxSettings.BulkPerSecond > 0))
            throw new ArgumentOutOfRangeException(nameof(settings), outboxSettings.BulkPerSecond, "Telegram:BulkPerSecond must be above zero.");
        return builder.WithActors((system, registry, resolver) =>
        {
            var port = resolver.GetService<ITelegramSendPort>();
            registry.Register<OutboxActor>(system.ActorOf(Props.Create(() => new OutboxActor(port, outboxSettings, TimeProvider.System)), ActorName));
        });
    }
}
