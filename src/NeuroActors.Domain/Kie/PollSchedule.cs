namespace NeuroActors.Domain.Kie;

/// <summary>
/// When to ask KIE about a task again, by how long it has been running: often at first (most images finish in
/// under a minute), then backing off to every 30 s, as KIE's polling guidance says; and when to stop asking.
/// </summary>
public sealed record PollSchedule
{
    /// <param name="steps">From each elapsed time on, poll every interval; the first step must start at zero.</param>
    /// <param name="giveUpAfter">Stop polling (the task is presumed lost) after this long.</param>
    public PollSchedule(IReadOnlyList<(TimeSpan From, TimeSpan Every)> steps, TimeSpan giveUpAfter)
    {
        if (steps.Count == 0 || steps[0].From != TimeSpan.Zero)
        {
            throw new ArgumentException("The first step must start at zero.", nameof(steps));
        }

        if (steps.Any(s => s.Every <= TimeSpan.Zero))
        {
            throw new ArgumentException("A poll interval must be positive.", nameof(steps));
        }

        Steps = steps.OrderBy(s => s.From).ToArray();
        GiveUpAfter = giveUpAfter;
    }

    /// <summary>2 s for 20 s, 3 s up to 30 s, 5 s up to 1 min, 10 s up to 2 min, 15 s up to 5 min, then 30 s; give up after 30 min.</summary>
    public static PollSchedule Default { get; } = new(
        [
            (TimeSpan.Zero, TimeSpan.FromSeconds(2)),
            (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3)),
            (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)),
            (TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)),
            (TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15)),
            (TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)),
        ],
        TimeSpan.FromMinutes(30));

    public IReadOnlyList<(TimeSpan From, TimeSpan Every)> Steps { get; }

    public TimeSpan GiveUpAfter { get; }

    /// <summary>The wait before the next status query, for a task created <paramref name="elapsed"/> ago; null once it is time to give up.</summary>
    public TimeSpan? NextDelay(TimeSpan elapsed)
    {
        if (elapsed >= GiveUpAfter)
        {
            return null;
        }

        var every = Steps.Last(s => s.From <= (elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed)).Every;
        var remaining = GiveUpAfter - elapsed;
        return every < remaining ? every : remaining;
    }

    public PollSchedule WithGiveUpAfter(TimeSpan giveUpAfter) => new(Steps, giveUpAfter);

    public bool Equals(PollSchedule? other) =>
        other is not null && GiveUpAfter == other.GiveUpAfter && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => HashCode.Combine(GiveUpAfter, Steps.Count);
}
