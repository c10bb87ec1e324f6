namespace NeuroActors.Domain.Limits;

/// <summary>
/// What the conversation needs to know of a user's limits for one decision: the free generations (<c>Credits:FreeDaily</c>
/// a day on free models) and the orders in progress (at most <c>Limits:OrdersInProgress</c>).
/// </summary>
/// <param name="FreeDaily">Free generations a day (0: no free quota).</param>
/// <param name="FreeLeftToday">Of those, left on today's UTC date.</param>
/// <param name="OrdersInProgress">The user's orders not yet delivered.</param>
/// <param name="MaxOrdersInProgress">The most a user may have at once.</param>
public sealed record GrowthLimits(int FreeDaily, int FreeLeftToday, int OrdersInProgress, int MaxOrdersInProgress)
{
    public static GrowthLimits None { get; } = new(0, 0, 0, int.MaxValue);

    /// <summary>Whether one more order may start now.</summary>
    public bool MayStartOrder => OrdersInProgress < MaxOrdersInProgress;
}
