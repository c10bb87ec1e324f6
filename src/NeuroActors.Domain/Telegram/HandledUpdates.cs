using System.Collections.Immutable;

namespace NeuroActors.Domain.Telegram;

/// <summary>The event a user's actor persists with the effects of an update, so a redelivered update is ignored.</summary>
public sealed record UpdateHandled(long UpdateId, DateTimeOffset At);

/// <summary>
/// The update ids a user's actor has handled: the last <see cref="Capacity"/> ids, plus a floor (the highest id
/// forgotten) below which an id counts as handled too. Telegram numbers updates in sequence but starts at a random
/// number after a week without updates, so the floor only holds while the last update is less than
/// <see cref="SequenceResetAfter"/> old, and an id below it after that starts the window afresh.
/// </summary>
public sealed record HandledUpdates(ImmutableQueue<long> Order, ImmutableHashSet<long> Ids, long? Floor, DateTimeOffset? LastAt, int Capacity)
{
    public const int DefaultCapacity = 1000;

    public static readonly TimeSpan SequenceResetAfter = TimeSpan.FromDays(7);

    public static HandledUpdates Empty { get; } = new(ImmutableQueue<long>.Empty, ImmutableHashSet<long>.Empty, null, null, DefaultCapacity);

    public static HandledUpdates WithCapacity(int capacity) =>
        capacity > 0 ? Empty with { Capacity = capacity } : throw new ArgumentOutOfRangeException(nameof(capacity));

    public bool IsHandled(long updateId, DateTimeOffset now) =>
        Ids.Contains(updateId) || (updateId <= Floor && !SequenceMayHaveRestarted(now));

    /// <summary>Records an update as handled (idempotent).</summary>
    public HandledUpdates Mark(long updateId, DateTimeOffset now)
    {
        if (IsHandled(updateId, now))
        {
            return this with { LastAt = Max(LastAt, now) };
        }

        var start = updateId <= Floor ? Empty with { Capacity = Capacity } : this;
        var order = start.Order.Enqueue(updateId);
        var ids = start.Ids.Add(updateId);
        var floor = start.Floor;
        while (ids.Count > Capacity)
        {
            order = order.Dequeue(out var oldest);
            ids = ids.Remove(oldest);
            floor = floor is { } f ? Math.Max(f, oldest) : oldest;
        }

        return new HandledUpdates(order, ids, floor, Max(start.LastAt, now), Capacity);
    }

    public HandledUpdates Apply(UpdateHandled handled) => Mark(handled.UpdateId, handled.At);

    private bool SequenceMayHaveRestarted(DateTimeOffset now) => LastAt is null || now - LastAt.Value >= SequenceResetAfter;

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
