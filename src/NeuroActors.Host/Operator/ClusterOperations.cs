using Akka.Actor;
using Akka.Cluster;

namespace NeuroActors.Host.Operator;

/// <summary>
/// Membership as this node sees it, and changing it: <c>GET cluster</c>, <c>POST cluster/leave|down|join</c> with
/// <c>{"address": "..."}</c>, <c>POST cluster/down-unreachable</c>. This node refuses to down itself: a node that can
/// still answer should leave, and a gone node is downed from another one.
/// </summary>
public static class ClusterOperations
{
    public sealed record AddressRequest(string? Address);

    public static void MapClusterOperations(RouteGroupBuilder api)
    {
        api.MapGet("/cluster", (ActorSystem system) => Results.Ok(Describe(Cluster.Get(system))));

        api.MapPost("/cluster/leave", (ActorSystem system, AddressRequest request) =>
            WithMember(Cluster.Get(system), request, (cluster, member) =>
            {
                cluster.Leave(member.Address);
                return Done($"{member.Address} is leaving (was {StatusName(member.Status)})");
            }));

        api.MapPost("/cluster/down", (ActorSystem system, AddressRequest request) =>
            WithMember(Cluster.Get(system), request, (cluster, member) =>
            {
                if (member.Address == cluster.SelfAddress)
                    return OperatorResults.Conflict($"{member.Address} is the node you are talking to: it will not down itself; use leave, or ask another node");
                cluster.Down(member.Address);
                return Done($"{member.Address} is marked down (was {StatusName(member.Status)})");
            }));

        api.MapPost("/cluster/down-unreachable", (ActorSystem system) =>
        {
            var cluster = Cluster.Get(system);
            var unreachable = cluster.State.Unreachable.Where(m => m.Address != cluster.SelfAddress).Select(m => m.Address).ToArray();
            foreach (var address in unreachable)
                cluster.Down(address);
            return Results.Ok(new
            {
                result = unreachable.Length == 0 ? "no member is unreachable" : $"marked down: {string.Join(", ", unreachable.Select(a => a.ToString()))}",
                downed = unreachable.Select(a => a.ToString()).ToArray(),
            });
        });

        api.MapPost("/cluster/join", (ActorSystem system, AddressRequest request) =>
        {
            if (!TryParseAddress(request.Address, out var seed, out var problem))
                return OperatorResults.BadRequest(problem);
            var cluster = Cluster.Get(system);
            if (seed.System != cluster.SelfAddress.System)
                return OperatorResults.BadRequest($"{seed} belongs to actor system '{seed.System}', this node is '{cluster.SelfAddress.System}'");
            cluster.Join(seed);
            return Done($"{cluster.SelfAddress} is joining {seed}");
        });
    }

    /// <summary>Members, leader, oldest and this node; the oldest Up member is where the cluster singletons run.</summary>
    public static object Describe(Cluster cluster)
    {
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var oldest = OldestUp(state);
        return new
        {
            self = cluster.SelfAddress.ToString(),
            leader = state.Leader?.ToString(),
            oldest = oldest?.Address.ToString(),
            members = state.Members
                .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
                .Select(m => new
                {
                    address = m.Address.ToString(),
                    status = StatusName(m.Status),
                    roles = m.Roles.OrderBy(r => r, StringComparer.Ordinal).ToArray(),
                    reachable = !unreachable.Contains(m.Address),
                    leader = m.Address == state.Leader,
                    oldest = oldest is not null && m.Address == oldest.Address,
                    self = m.Address == cluster.SelfAddress,
                })
                .ToArray(),
        };
    }

    /// <summary>The oldest Up (or WeaklyUp/Leaving) member with the role, the one a cluster singleton runs on.</summary>
    public static Member? OldestUp(ClusterEvent.CurrentClusterState state, string? role = null) =>
        state.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving && (role is null || m.HasRole(role)))
            .Aggregate((Member?)null, (oldest, m) => oldest is null || m.IsOlderThan(oldest) ? m : oldest);

    public static string StatusName(MemberStatus status) => status.ToString().ToLowerInvariant() switch
    {
        "weaklyup" => "weakly-up",
        "preparingforshutdown" => "preparing-for-shutdown",
        "readyforshutdown" => "ready-for-shutdown",
        var name => name,
    };

    public static bool TryParseAddress(string? text, out Address address, out string problem)
    {
        address = Address.AllSystems;
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "give a member's address, e.g. akka.tcp://neuroactors@127.0.0.1:4053 (as `neuroctl cluster show` prints it)";
            return false;
        }

        try
        {
            address = Address.Parse(text.Trim());
            if (address.Host is null || address.Port is null)
                throw new UriFormatException("no host and port");
            return true;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            problem = $"'{text}' is not a member address such as akka.tcp://neuroactors@127.0.0.1:4053";
            return false;
        }
    }

    private static IResult WithMember(Cluster cluster, AddressRequest request, Func<Cluster, Member, IResult> act)
    {
        if (!TryParseAddress(request.Address, out var address, out var problem))
            return OperatorResults.BadRequest(problem);
        var member = cluster.State.Members.FirstOrDefault(m => m.Address == address);
        return member is null
            ? OperatorResults.NotFound($"{address} is not a member of this cluster (see `neuroctl cluster show`)")
            : act(cluster, member);
    }

    private static IResult Done(string result) => Results.Ok(new { result });
}
