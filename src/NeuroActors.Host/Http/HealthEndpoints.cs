using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Host.Configuration;

namespace NeuroActors.Host.Http;

public static class HealthEndpoints
{
    /// <summary>/health/live: the process answers. /health/ready: this node is an Up member and its database answers.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
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
