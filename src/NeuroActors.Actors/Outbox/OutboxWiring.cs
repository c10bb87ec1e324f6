using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using NeuroActors.Domain.Telegram;

namespace NeuroActors.Actors.Outbox;

public static class OutboxWiring
{
    public const string ActorName = "outbox";

    /// <summary>How long a stopping node waits for its outbox; within the phase's timeout in cluster.conf.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

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
            var outbox = system.ActorOf(Props.Create(() => new OutboxActor(port, outboxSettings, TimeProvider.System)), ActorName);
            registry.Register<OutboxActor>(outbox);
            // After the shards have handed off (their actors stopped, having handed the outbox their last sends), and
            // before the actor system ends: what a user was answered must reach the chat even when the node stops.
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "drain-outbox", async () =>
            {
                try
                {
                    await outbox.Ask<OutboxDrained>(DrainOutbox.Instance, DrainTimeout);
                }
                catch (AskTimeoutException)
                {
                    system.Log.Warning("The outbox still had sends after {DrainTimeout}; the node stops without them", DrainTimeout);
                }

                return Done.Instance;
            });
        });
    }
}
