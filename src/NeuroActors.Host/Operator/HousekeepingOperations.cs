using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Domain.Configuration;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>GET housekeeping</c>: the singleton's node, last run (what each target removed), next run; <c>POST housekeeping/run</c>:
/// runs it now and answers that run's result (a run under way is joined, not doubled).
/// </summary>
public static class HousekeepingOperations
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public static void MapHousekeepingOperations(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/housekeeping", async (IActorRegistry registry, CancellationToken cancellationToken) =>
        {
            try
            {
                var housekeeping = await registry.GetAsync<HousekeepingActor>(cancellationToken);
                var status = await housekeeping.Ask<HousekeepingStatus>(GetHousekeepingStatus.Instance, StatusTimeout, cancellationToken);
                return Results.Json(new
                {
                    node = status.Node,
                    running = status.Running,
                    every = DurationText.Format(status.Every),
                    jobGrace = DurationText.Format(status.JobGrace),
                    nextRunAt = status.NextRunAt,
                    lastRun = status.LastRun is { } last ? Describe(last) : null,
                });
            }
            catch (AskTimeoutException)
            {
                return OperatorResults.Unavailable($"housekeeping did not answer within {DurationText.Format(StatusTimeout)} (its singleton may be moving); try again");
            }
        });
        api.MapPost("/housekeeping/run", async (IActorRegistry registry, CancellationToken cancellationToken) =>
        {
            try
            {
                var housekeeping = await registry.GetAsync<HousekeepingActor>(cancellationToken);
                var report = await housekeeping.Ask<HousekeepingRunReport>(RunHousekeepingNow.Instance, RunTimeout, cancellationToken);
                return Results.Json(Describe(report));
            }
            catch (AskTimeoutException)
            {
                return OperatorResults.Unavailable($"the run did not end within {DurationText.Format(RunTimeout)}; it goes on, see GET housekeeping for its result");
            }
        });
    }

    private static object Describe(HousekeepingRunReport report) => new
    {
        startedAt = report.StartedAt,
        finishedAt = report.FinishedAt,
        totalRemoved = report.TotalRemoved,
        removed = report.Removed.Select(r => new { target = r.Target, removed = r.Removed, eventsRemoved = r.EventsRemoved, failure = r.Failure }),
    };
}
