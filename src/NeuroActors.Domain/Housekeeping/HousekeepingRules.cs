using NeuroActors.Domain.Configuration;

namespace NeuroActors.Domain.Housekeeping;

/// <summary>
/// The housekeeping singleton's settings (section <c>Housekeeping</c>), in the one duration syntax:
/// <c>Housekeeping:Every</c> (how often retention runs) and <c>Housekeeping:JobGrace</c> (how long a settled job's
/// journal is kept after its order was delivered, for the admin's lookups and the read side).
/// </summary>
public sealed record HousekeepingSettings(TimeSpan Every, TimeSpan JobGrace)
{
    public static HousekeepingSettings Default { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromDays(7));

    /// <summary>Reads and checks the section; a bad value throws <see cref="BadSettingException"/> naming the key.</summary>
    public static HousekeepingSettings From(SettingReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new HousekeepingSettings(
            settings.Duration("Housekeeping:Every", Default.Every),
            settings.Duration("Housekeeping:JobGrace", Default.JobGrace));
    }
}

/// <summary>When housekeeping runs next: <see cref="HousekeepingSettings.Every"/> after the last run ended, or after the singleton started when it never ran.</summary>
public static class HousekeepingSchedule
{
    public static DateTimeOffset NextRunAt(DateTimeOffset? lastRunFinishedAt, DateTimeOffset startedAt, TimeSpan every) =>
        (lastRunFinishedAt ?? startedAt) + every;

    /// <summary>How long to wait from <paramref name="now"/>; a run that is overdue (the cluster was down) starts at once.</summary>
    public static TimeSpan DelayUntil(DateTimeOffset nextRunAt, DateTimeOffset now) =>
        nextRunAt > now ? nextRunAt - now : TimeSpan.Zero;
}

/// <summary>
/// Which settled jobs' journals may go: a job is settled once its user acknowledged the outcome, which the user does only
/// after the order's results and closing message reached the chat (the job's <c>JobReported</c> event); it is due once
/// <see cref="HousekeepingSettings.JobGrace"/> has passed since then. A job without that event (open, or finished but not
/// yet delivered) is never due.
/// </summary>
public static class SettledJobRetentionRule
{
    /// <summary>Everything settled at or before this moment is due.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now, TimeSpan grace) => now - grace;

    public static bool IsDue(DateTimeOffset settledAt, DateTimeOffset now, TimeSpan grace) => settledAt <= Cutoff(now, grace);
}

/// <summary>What one retention target removed in one run; <see cref="Failure"/> says why it stopped early, if it did.</summary>
public sealed record RetentionCount(string Target, long Removed, long EventsRemoved, string? Failure);
