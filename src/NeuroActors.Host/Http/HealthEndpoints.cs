using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Host.Configuration;
using NeuroActors.Host.Observability;

namespace NeuroActors.Host.Http;

public static class HealthEndpoints
{
    /// <summary>
    /// /health/live: the process answers. /health/ready: this node is an Up member and its database answers.
    /// /health: the node's picture from the background checks (<see cref="HealthMonitor"/>; a request checks nothing).
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", (ActorSystem system, HealthMonitor monitor) =>
        {
            var cluster = Cluster.Get(system);
            var latest = monitor.Latest;
            return Results.Ok(new
            {
                status = latest is null ? "starting" : latest.Ok ? "ok" : "degraded",
                member = cluster.SelfMember.Status.ToString(),
                address = cluster.SelfAddress.ToString(),
                startedAt = monitor.StartedAt,
                uptimeSeconds = Math.Round(monitor.Uptime.TotalSeconds),
                checkedAt = latest?.At,
                database = latest is null ? null : Probe(latest.Database),
                kie = latest is null ? null : Probe(latest.Kie),
                telegram = latest is null ? null : Probe(latest.Telegram),
                disks = latest?.Disks.Select(d => new { d.Purpose, d.Path, d.FreeBytes, d.TotalBytes }),
                checks = monitor.History.Select(c => new
                {
                    at = c.At,
                    ok = c.Ok,
                    database = Probe(c.Database),
                    kie = Probe(c.Kie),
                    telegram = Probe(c.Telegram),
                }),
            });
        });
        endpoints.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        endpoints.MapGet("/health/ready", async (ActorSystem system, NodeSettings settings, CancellationToken cancel) =>
        {
            var member = Cluster.Get(system).SelfMember;
            var memberUp = member.Status == MemberStatus.Up;
            var (databaseOk, databaseError) = await PingDatabaseAsync(settings, cancel);
            var body = new
            {
                status = memberUp && databaseOk ? "ready" : "not-ready",
                member = member.Status.ToString(),
                address = Cluster.Get(system).SelfAddress.ToString(),
                database = databaseOk ? "ok" : databaseError,
            };
            return memberUp && databaseOk ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }

    private static object Probe(HealthProbe probe) => new { ok = probe.Ok, detail = probe.Detail, milliseconds = Math.Round(probe.Milliseconds, 1) };

    internal static async Task<(bool Ok, string? Error)> PingDatabaseAsync(NodeSettings settings, CancellationToken cancel)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = await Task.Run(() => settings.Persistence.OpenConnection(), timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return (true, null);
        }
        catch (Exception e)
        {
            return (false, Preflight.FirstLine(e));
        }
    }
}
