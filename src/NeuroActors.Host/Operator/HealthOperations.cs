using System.Diagnostics;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Host.Configuration;
using NeuroActors.Host.Http;

namespace NeuroActors.Host.Operator;

/// <summary><c>GET /operator/v1/health</c>: this node's member status, address, roles, database and uptime (neuroctl health).</summary>
public static class HealthOperations
{
    private static readonly DateTimeOffset ProcessStarted = new(Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public static void MapHealthOperations(RouteGroupBuilder api)
    {
        api.MapGet("/health", async (ActorSystem system, NodeSettings settings, CancellationToken cancel) =>
        {
            var cluster = Cluster.Get(system);
            var member = cluster.SelfMember;
            var (databaseOk, databaseError) = await HealthEndpoints.PingDatabaseAsync(settings, cancel);
            var uptime = DateTimeOffset.UtcNow - ProcessStarted;
            return Results.Ok(new
            {
                status = member.Status == MemberStatus.Up && databaseOk ? "ready" : "not-ready",
                member = ClusterOperations.StatusName(member.Status),
                address = cluster.SelfAddress.ToString(),
                roles = member.Roles.OrderBy(r => r, StringComparer.Ordinal).ToArray(),
                database = databaseOk ? "ok" : databaseError,
                uptime = FormatUptime(uptime),
                uptimeSeconds = (long)uptime.TotalSeconds,
                version = typeof(HealthOperations).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            });
        });
    }

    private static string FormatUptime(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes}m"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
        : $"{(int)span.TotalMinutes}m {span.Seconds}s";
}
