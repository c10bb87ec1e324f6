using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.ReadSide;

/// <summary>
/// Questions admins ask that no single actor can answer, answered from the read side's tables (fed by the projection
/// of tagged events). Never the source of truth for credits: the actors are.
/// </summary>
public interface IReadSideQueries
{
    /// <summary>The user ids of an audience, in a stable order, without users who blocked the bot.</summary>
    Task<IReadOnlyList<long>> AudienceAsync(BroadcastAudience audience, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The Telegram user id of an @username (without the @, any case), or null when no user had it.</summary>
    Task<long?> UserIdByUsernameAsync(string username, CancellationToken cancellationToken);

    /// <summary>The request id of the job that submitted a KIE task, or null when no job did.</summary>
    Task<string?> RequestIdByKieTaskIdAsync(string kieTaskId, CancellationToken cancellationToken);

    /// <summary>The user who paid a Stars charge, however long ago (rs_payments is never trimmed), or null when none did.</summary>
    Task<long?> UserIdByChargeIdAsync(string chargeId, CancellationToken cancellationToken) => Task.FromResult<long?>(null);
}

/// <summary>
/// Shows the metrics screen to an admin: a chart photo captioned with the figures and a refresh button; with
/// <see cref="EditMessageId"/>, the same message is edited in place (the refresh). Sent to the stats reporter actor
/// (registry key <see cref="StatsReporterKey"/>) on the admin's node.
/// </summary>
[Manifest("readside-show-stats.v1")]
public sealed record ShowStats(long ChatId, Language Language, long? EditMessageId) : INeuroMessage;

/// <summary>The Akka.Hosting registry key of the actor that answers <see cref="ShowStats"/>.</summary>
public sealed class StatsReporterKey;
