namespace NeuroActors.Domain.Kie;

/// <summary>
/// When a finished job repeats its outcome to its user, who has not acknowledged it yet: after <see cref="First"/>,
/// then twice as long each time, never longer than <see cref="Ceiling"/>. The first repeats wake a user actor that died
/// mid-delivery quickly; a variant that waits for the slowest one of its order is not re-reported every few seconds
/// for half an hour.
/// </summary>
public sealed record ReportSchedule
{
    /// <summary>The longest wait between two reports unless <see cref="First"/> is longer still.</summary>
    public static readonly TimeSpan DefaultCeiling = TimeSpan.FromMinutes(5);

    public ReportSchedule(TimeSpan first, TimeSpan ceiling)
    {
        if (first <= TimeSpan.Zero)
        {
            throw new ArgumentException("The first report interval must be positive.", nameof(first));
        }

        First = first;
        Ceiling = ceiling > first ? ceiling : first;
    }

    /// <summary>5 s doubling up to 5 min (<c>Jobs:ReportEvery</c> sets the first).</summary>
    public static ReportSchedule Default { get; } = Starting(TimeSpan.FromSeconds(5));

    public TimeSpan First { get; }

    public TimeSpan Ceiling { get; }

    /// <summary>Starts at <paramref name="first"/> and doubles up to <see cref="DefaultCeiling"/>.</summary>
    public static ReportSchedule Starting(TimeSpan first) => new(first, DefaultCeiling);

    /// <summary>The wait after the <paramref name="reportsSent"/>-th report (1 after the first) before the next one.</summary>
    public TimeSpan DelayAfter(int reportsSent)
    {
        var doublings = Math.Clamp(reportsSent - 1, 0, 62);
        var ticks = First.Ticks;
        for (var i = 0; i < doublings && ticks < Ceiling.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, Ceiling.Ticks));
    }
}
