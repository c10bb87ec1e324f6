using NeuroActors.Actors.ReadSide;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>GET /operator/v1/readside</c>: where the read side's projection stands: the journal ordering it has written through,
/// when that event was written and when the projection last wrote, how many tagged events wait, and how old the oldest of
/// them is (<c>lagSeconds</c>, 0 when caught up). 503 when its tables cannot be read.
/// </summary>
public static class ReadSideOperations
{
    public static void MapReadSideOperations(RouteGroupBuilder api)
    {
        api.MapGet("/readside", async (ReadSideStore store, ReadSideQueries queries, CancellationToken cancel) =>
        {
            try
            {
                var offset = await store.ReadOffsetAsync(cancel);
                var (behind, lag) = await queries.LagAsync(DateTimeOffset.UtcNow, cancel);
                return Results.Ok(new
                {
                    ordering = offset.Ordering,
                    eventWrittenAt = offset.EventWrittenAt,
                    updatedAt = offset.UpdatedAt,
                    eventsBehind = behind,
                    lagSeconds = Math.Round(lag.TotalSeconds, 1),
                });
            }
            catch (System.Data.Common.DbException e)
            {
                return OperatorResults.Unavailable("the read side's tables cannot be read: " + e.GetBaseException().Message);
            }
        });
    }
}
