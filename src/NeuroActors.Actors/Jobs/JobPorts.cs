using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Kie;
using NeuroActors.Domain.Telegram;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Jobs;

/// <summary>How jobs run (configuration: <c>Kie:Retry</c>, <c>Kie:Poll</c>, <c>Jobs:Timeout:*</c>, <c>Jobs:AdoptWindow</c>).</summary>
/// <param name="Retry">Delays before each retry of a temporary failure.</param>
/// <param name="Poll">How often to ask KIE about a running task.</param>
/// <param name="Timeouts">A job not finished this long after it was accepted fails as timed out and is released.</param>
/// <param name="AdoptWindow">After a create whose answer was lost: how long to wait for the task's callback before a new attempt.</param>
/// <param name="ReportEvery">The first wait before an unacknowledged outcome is reported to the user again; each next wait doubles, up to <see cref="ReportSchedule.DefaultCeiling"/>.</param>
public sealed record JobSettings(
    RetrySchedule Retry,
    PollSchedule Poll,
    IReadOnlyDictionary<MediaKind, TimeSpan> Timeouts,
    TimeSpan AdoptWindow,
    TimeSpan ReportEvery)
{
    public static JobSettings Default { get; } = new(
        RetrySchedule.Default,
        PollSchedule.Default,
        new Dictionary<MediaKind, TimeSpan>
        {
            [MediaKind.Image] = TimeSpan.FromMinutes(10),
            [MediaKind.Video] = TimeSpan.FromMinutes(40),
            [MediaKind.Music] = TimeSpan.FromMinutes(20),
            [MediaKind.Speech] = TimeSpan.FromMinutes(10),
        },
        TimeSpan.FromMinutes(2),
        ReportSchedule.Default.First);

    /// <summary>When a finished job repeats its outcome: <see cref="ReportEvery"/> doubling up to 5 minutes.</summary>
    public ReportSchedule Reports => ReportSchedule.Starting(ReportEvery);

    public TimeSpan TimeoutFor(MediaKind kind) => Timeouts.TryGetValue(kind, out var timeout) ? timeout : TimeSpan.FromMinutes(30);
}

/// <summary>What a job actor needs from its node.</summary>
/// <param name="CallbackUrl">The callback URL of one attempt (family, job key), or null when callbacks are off.</param>
public sealed record JobPorts(
    IKieGateway Kie,
    MenuSource Menu,
    ITelegramFileSource Files,
    Func<Domain.Catalog.ApiFamily, string, string?> CallbackUrl,
    JobSettings Settings,
    TimeProvider Time);
