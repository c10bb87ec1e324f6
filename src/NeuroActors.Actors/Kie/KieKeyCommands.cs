using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Hosting;
using NeuroActors.Actors.Serialization;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Kie;

public static class KieKeyTopics
{
    /// <summary>The DistributedPubSub topic every node's <see cref="KieKeyCommandsActor"/> listens on: each node has its own key pool.</summary>
    public const string Commands = "kie-key-commands";

    /// <summary>
    /// When a request is published again: a node that joined a moment ago may not be known here as a subscriber yet (the
    /// mediator learns subscriptions by gossip), and would miss a single publish. Each node applies a request once.
    /// </summary>
    private static readonly TimeSpan[] Republish = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(15)];

    /// <summary>Puts <paramref name="keyId"/> back into rotation on every node, including one that joined just now.</summary>
    public static void EnableOnEveryNode(ActorSystem system, string keyId, string requestedBy)
    {
        var mediator = DistributedPubSub.Get(system).Mediator;
        var publish = new Publish(Commands, new EnableKieKey(keyId, requestedBy, Guid.NewGuid().ToString("N")));
        mediator.Tell(publish);
        foreach (var delay in Republish)
        {
            system.Scheduler.ScheduleTellOnce(delay, mediator, publish, ActorRefs.NoSender);
        }
    }
}

/// <summary>
/// Put a disabled KIE key back into rotation on every node (after a top-up or a fix): published on
/// <see cref="KieKeyTopics.Commands"/>. <paramref name="KeyId"/> is the key's safe id (<c>****c0de#3f9a1b</c>), never the key;
/// <paramref name="RequestId"/> lets a node apply a request published more than once only once.
/// </summary>
[Manifest("kie-key-enable.v1")]
public sealed record EnableKieKey(string KeyId, string RequestedBy, string? RequestId = null) : INeuroMessage;

/// <summary>One per node: applies key commands published to every node to this node's <see cref="KieKeyPool"/>.</summary>
public sealed class KieKeyCommandsActor : ReceiveActor
{
    private const int RememberedRequests = 1000;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);

    public KieKeyCommandsActor(KieKeyPool pool, IActorRef mediator)
    {
        mediator.Tell(new Subscribe(KieKeyTopics.Commands, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<EnableKieKey>(command =>
        {
            if (command.RequestId is { } requestId && !Remember(requestId))
                return;
            if (pool.Enable(new KieKeyId(command.KeyId)))
                _log.Info("KIE key {KeyId} re-enabled on this node at the request of {RequestedBy}", command.KeyId, command.RequestedBy);
            else
                _log.Warning("KIE key {KeyId} is not configured on this node; enable request of {RequestedBy} ignored", command.KeyId, command.RequestedBy);
        });
    }

    private bool Remember(string requestId)
    {
        if (_applied.Count >= RememberedRequests)
            _applied.Clear();
        return _applied.Add(requestId);
    }

    public static Props Props(KieKeyPool pool, IActorRef mediator) => Akka.Actor.Props.Create(() => new KieKeyCommandsActor(pool, mediator));
}

public static class KieKeyCommandsWiring
{
    public const string ActorName = "kie-key-commands";

    /// <summary>Starts this node's <see cref="KieKeyCommandsActor"/>. Needs the KIE client (<c>AddKieClient</c>) and clustering.</summary>
    public static AkkaConfigurationBuilder WithKieKeyCommands(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
            registry.Register<KieKeyCommandsActor>(system.ActorOf(
                KieKeyCommandsActor.Props(resolver.GetService<KieKeyPool>(), DistributedPubSub.Get(system).Mediator), ActorName)));
}
