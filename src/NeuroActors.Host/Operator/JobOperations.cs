using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>jobs list|show|cancel</c> over the live job entities of the whole cluster (<see cref="JobDirectory"/>). A cancel
/// ends the job cancelled, and its user releases the credits as for a user's own cancel.
/// </summary>
public static class JobOperations
{
    /// <summary>The states <c>jobs list --state</c> accepts (see <see cref="JobStory.OperatorState"/>).</summary>
    public static readonly IReadOnlySet<string> States = new HashSet<string>(StringComparer.Ordinal)
    {
        "queued", "running", "waiting-for-key", "failed", "cancelled", "delivering", "settled",
    };

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static void MapJobOperations(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);

        api.MapGet("/jobs", async (string? state, string? user, ActorSystem system, IActorRegistry registry, CancellationToken cancel) =>
        {
            if (state is not null && !States.Contains(state))
            {
                return OperatorResults.BadRequest($"unknown state '{state}'; one of: {string.Join(", ", States)}");
            }

            long? userId = null;
            if (user is not null)
            {
                if (!long.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
                {
                    return OperatorResults.BadRequest($"'{user}' is not a Telegram user id (a positive whole number)");
                }

                userId = parsed;
            }

            var jobs = await registry.GetAsync<JobRegion>(cancel);
            var listing = await JobDirectory.ListAsync(system, jobs, AskTimeout, cancel);
            var shown = listing.Jobs.Where(j => (state is null || j.State == state) && (userId is null || j.UserId == userId));
            return Results.Ok(new { jobs = shown.Select(SummaryView), silentMembers = listing.SilentMembers });
        });

        api.MapGet("/jobs/{requestId}", async (string requestId, IActorRegistry registry, CancellationToken cancel) =>
        {
            if (ParseRequestId(requestId) is not { } id) return BadRequestId(requestId);
            try
            {
                var jobs = await registry.GetAsync<JobRegion>(cancel);
                var story = await jobs.Ask<JobStoryReply>(new GetJobStory(id), AskTimeout, cancel);
                if (!story.Summary.Exists) return UnknownJob(id);
                var users = await registry.GetAsync<UserRegion>(cancel);
                var credits = await users.Ask<ReservationReply>(new GetReservation(story.Summary.UserId, id), AskTimeout, cancel);
                return Results.Ok(new
                {
                    job = SummaryView(story.Summary),
                    attempts = story.Attempts.Select(a => new
                    {
                        attempt = a.Attempt,
                        startedAt = a.StartedAt,
                        taskId = a.TaskId,
                        key = a.KeyId,
                        submittedAt = a.SubmittedAt,
                        failureClass = a.FailureClass?.ToString(),
                        failureTextKey = a.FailureTextKey,
                        kieSaid = a.Detail,
                        failedAt = a.FailedAt,
                        retryAt = a.RetryAt,
                    }),
                    outcome = story.Outcome is { } outcome ? new
                    {
                        stage = outcome.Stage.ToString(),
                        failureClass = outcome.FailureClass?.ToString(),
                        failureTextKey = outcome.FailureTextKey,
                        results = outcome.ResultUrls.Count,
                        attempts = outcome.Attempts,
                    } : null,
                    detail = story.Detail,
                    finishedAt = story.FinishedAt,
                    settledAt = story.SettledAt,
                    credits = new { reservation = credits.State.ToString(), amount = credits.Amount },
                });
            }
            catch (AskTimeoutException)
            {
                return OperatorResults.Unavailable($"job {id} did not answer within {AskTimeout.TotalSeconds:F0} s (it may be moving between nodes); try again");
            }
        });

        api.MapPost("/jobs/{requestId}/cancel", async (string requestId, HttpContext http, IActorRegistry registry) =>
        {
            if (ParseRequestId(requestId) is not { } id) return BadRequestId(requestId);
            try
            {
                var jobs = await registry.GetAsync<JobRegion>(http.RequestAborted);
                var by = "operator:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                var reply = await jobs.Ask<JobCancelReply>(new CancelJob(id, by), AskTimeout, http.RequestAborted);
                return reply.Outcome switch
                {
                    JobCancelOutcome.Cancelled => Results.Ok(new { requestId = id, state = reply.State, credits = "released by the user as the job reports its end" }),
                    JobCancelOutcome.AlreadyFinished => OperatorResults.Conflict($"job {id} has already finished ({reply.State}); its outcome stands"),
                    _ => UnknownJob(id),
                };
            }
            catch (AskTimeoutException)
            {
                return OperatorResults.Unavailable($"job {id} did not answer within {AskTimeout.TotalSeconds:F0} s; send the cancel again (a second cancel changes nothing)");
            }
        });
    }

    /// <summary>"G7K2QXMNPA-2" (any case, an optional '#'): the order id and the variant's number; null for anything else.</summary>
    public static string? ParseRequestId(string? text) => Domain.Admin.AdminLookup.ParseRequestId(text);

    private static IResult BadRequestId(string text) =>
        OperatorResults.BadRequest($"'{text}' is not a request id (an order id and the variant's number, e.g. G7K2QXMNPA-2)");

    private static IResult UnknownJob(string id) => OperatorResults.NotFound($"no job {id}");

    private static object SummaryView(JobSummary job) => new
    {
        requestId = job.RequestId,
        userId = job.UserId,
        orderId = job.OrderId,
        model = job.ModelId,
        state = job.State,
        attempts = job.Attempts,
        waitingForKey = job.WaitingForKey,
        keyQueuePosition = job.KeyQueuePosition,
        acceptedAt = job.AcceptedAt,
        since = job.Since,
    };
}
