using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Actors.Observability;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;

namespace NeuroActors.Host.Observability;

/// <summary>
/// This node's gauges, read when Prometheus scrapes: cluster members by status, entities per shard region (sampled by
/// <see cref="ShardSampler"/>), the KIE key pool per masked key, the last health check, uptime. The meter is scoped to
/// this node (<see cref="Scope"/>), so two nodes in one process (tests) each export their own.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    private readonly Meter _meter;

    /// <param name="system">Resolved at the first scrape: the actor system exists only once the host has started.</param>
    public NodeMetrics(Func<ActorSystem> system, KieKeyPool keys, ShardSampler shards, HealthMonitor health)
    {
        _meter = new Meter(new MeterOptions(ActorMetrics.MeterName) { Scope = this });
        _meter.CreateObservableGauge("cluster_members", () => ClusterMembers(system), "{member}",
            "Cluster members this node sees, by status (up, joining, leaving, exiting, down, removed, weakly_up) and reachability");
        _meter.CreateObservableGauge("shard_region_entities", () => shards.Entities.Select(r =>
                new Measurement<int>(r.Value, new KeyValuePair<string, object?>("region", r.Key))), "{entity}",
            "Entities hosted on this node per shard region, sampled every 15 s");
        _meter.CreateObservableGauge("kie_key_state", () => KeyStates(keys), "{key}",
            "1 for each KIE key (masked id: last 4 characters and a fingerprint) in its current condition");
        _meter.CreateObservableGauge("kie_waiting", () => Waiting(keys), "{request}",
            "Work waiting for a KIE key, by kind (create, query)");
        _meter.CreateObservableGauge("health_check_ok", () => HealthParts(health), "{check}",
            "1 when the last background check of the part (database, kie, telegram) passed, 0 when it failed");
        _meter.CreateObservableGauge("uptime_seconds", () => health.Uptime.TotalSeconds, "s", "Seconds since this node started");
    }

    /// <summary>What a listener checks to tell this node's instruments from another node's in the same process.</summary>
    public object Scope => this;

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<int>> ClusterMembers(Func<ActorSystem> system)
    {
        var cluster = Cluster.Get(system());
        var state = cluster.State;
        var unreachable = state.Unreachable;
        return state.Members
            .GroupBy(m => (Status: m.Status, Reachable: !unreachable.Contains(m)))
            .Select(g => new Measurement<int>(g.Count(),
                new KeyValuePair<string, object?>("status", StatusName(g.Key.Status)),
                new KeyValuePair<string, object?>("reachable", g.Key.Reachable ? "true" : "false")));
    }

    private static string StatusName(MemberStatus status) => status switch
    {
        MemberStatus.Up => "up",
        MemberStatus.Joining => "joining",
        MemberStatus.WeaklyUp => "weakly_up",
        MemberStatus.Leaving => "leaving",
        MemberStatus.Exiting => "exiting",
        MemberStatus.Down => "down",
        MemberStatus.Removed => "removed",
        _ => "other",
    };

    /// <summary>Every condition of every key, 1 for the current one: a series set to 1 once must go back to 0, not linger.</summary>
    private static IEnumerable<Measurement<int>> KeyStates(KieKeyPool keys) =>
        keys.GetReport().Keys.SelectMany(k => Conditions.Select(c => new Measurement<int>(k.Condition == c.Condition ? 1 : 0,
            new KeyValuePair<string, object?>("key", k.KeyId.Value),
            new KeyValuePair<string, object?>("state", c.Name))));

    private static readonly (KieKeyCondition Condition, string Name)[] Conditions =
        Enum.GetValues<KieKeyCondition>().Select(c => (c, c.ToString().ToLowerInvariant())).ToArray();

    private static IEnumerable<Measurement<int>> Waiting(KieKeyPool keys)
    {
        var report = keys.GetReport();
        return
        [
            new Measurement<int>(report.WaitingCreates, new KeyValuePair<string, object?>("kind", "create")),
            new Measurement<int>(report.WaitingQueries, new KeyValuePair<string, object?>("kind", "query")),
        ];
    }

    private static IEnumerable<Measurement<int>> HealthParts(HealthMonitor health)
    {
        if (health.Latest is not { } check) return [];
        return
        [
            new Measurement<int>(check.Database.Ok ? 1 : 0, new KeyValuePair<string, object?>("check", "database")),
            new Measurement<int>(check.Kie.Ok ? 1 : 0, new KeyValuePair<string, object?>("check", "kie")),
            new Measurement<int>(check.Telegram.Ok ? 1 : 0, new KeyValuePair<string, object?>("check", "telegram")),
        ];
    }
}
