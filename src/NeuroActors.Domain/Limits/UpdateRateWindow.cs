namespace NeuroActors.Domain.Limits;

/// <summary>What to do with one update under the per-user limit.</summary>
public enum RateVerdict
{
    /// <summary>Within the limit: handle it.</summary>
    Handle,

    /// <summary>The first update over the limit: drop it and tell the user, once, to slow down.</summary>
    DropWithNotice,

    /// <summary>Over the limit and told already: drop it silently.</summary>
    Drop,
}

/// <summary>
/// A user's update rate over a sliding minute: more than <see cref="Limit"/> updates in any 60 s are dropped until the
/// user slows down. Every arrival counts, the dropped ones too, so a user who keeps flooding stays limited; one notice
/// per flood. Holds the last <see cref="Limit"/> arrival times only (a ring), so a flood costs no memory and each check
/// is O(1). Not persisted: a restart forgets the window, which only ever lets a few more through.
/// </summary>
public sealed class UpdateRateWindow
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly long[] _arrivals;
    private int _next;
    private int _count;
    private bool _noticed;

    public UpdateRateWindow(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
        _arrivals = new long[limit];
    }

    public int Limit { get; }

    public RateVerdict Admit(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;

        // The oldest of the last Limit arrivals still inside the minute means this one is arrival Limit + 1 in it.
        var over = _count == Limit && ticks - _arrivals[_next] < Window.Ticks;
        _arrivals[_next] = ticks;
        _next = (_next + 1) % Limit;
        _count = Math.Min(_count + 1, Limit);

        if (!over)
        {
            _noticed = false;
            return RateVerdict.Handle;
        }

        if (_noticed)
        {
            return RateVerdict.Drop;
        }

        _noticed = true;
        return RateVerdict.DropWithNotice;
    }
}
