using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Domain.Broadcasts;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>GET /broadcasts/{id}</c>: where an admin's broadcast stands; <c>POST /broadcasts/{id}/pause|resume|stop</c>: the
/// progress message's buttons, for an operator (recorded as done by user 0). Idempotent, as the buttons are.
/// </summary>
public static class BroadcastOperations
{
    /// <summary>Who the broadcast's events record as having switched it when an operator did.</summary>
    public const long OperatorId = 0;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static void MapBroadcastOperations(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);

        api.MapGet("/broadcasts/{broadcastId}", (string broadcastId, IActorRegistry registry, CancellationToken cancel) =>
            AskAsync(broadcastId, id => new GetBroadcastStatus(id), registry, cancel));

        api.MapPost("/broadcasts/{broadcastId}/{change}", (string broadcastId, string change, IActorRegistry registry, CancellationToken cancel) =>
        {
            BroadcastSwitch? which = change switch
            {
                "pause" => BroadcastSwitch.Pause,
                "resume" => BroadcastSwitch.Resume,
                "stop" => BroadcastSwitch.Stop,
                _ => null,
            };
            return which is { } known
                ? AskAsync(broadcastId, id => new ControlBroadcast(id, OperatorId, known), registry, cancel)
                : Task.FromResult(OperatorResults.BadRequest($"unknown change '{change}'; one of: pause, resume, stop"));
        });
    }

    private static async Task<IResult> AskAsync(string broadcastId, Func<long, IBroadcastCommand> command, IActorRegistry registry, CancellationToken cancel)
    {
        if (!long.TryParse(broadcastId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return OperatorResults.BadRequest($"'{broadcastId}' is not a broadcast id (a positive whole number)");
        if (!registry.TryGet<BroadcastRegion>(out var broadcasts))
            return OperatorResults.Unavailable("this node runs no broadcasts");
        try
        {
            var status = await broadcasts.Ask<BroadcastStatus>(command(id), AskTimeout, cancel);
            return status.Exists ? Results.Ok(View(status)) : OperatorResults.NotFound($"no broadcast {id}");
        }
        catch (AskTimeoutException)
        {
            return OperatorResults.Unavailable($"broadcast {id} did not answer in {AskTimeout.TotalSeconds:F0} s (it may be moving to another node); try again");
        }
    }

    private static object View(BroadcastStatus status) => new
    {
        broadcastId = status.BroadcastId,
        phase = status.Phase.ToString().ToLowerInvariant(),
        total = status.Tally.Total,
        sent = status.Tally.Sent,
        failed = status.Tally.Failed,
        blocked = status.Tally.Blocked,
        left = status.Tally.Left,
        done = status.Tally.Done,
        progressMessageId = status.ProgressMessageId,
    };
}
