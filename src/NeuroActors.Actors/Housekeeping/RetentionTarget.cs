using Akka.Actor;
using NeuroActors.Domain.Housekeeping;

namespace NeuroActors.Actors.Housekeeping;

/// <summary>
/// One kind of data that housekeeping removes when it is due. A new kind (the read side's old rows, say) is one more
/// implementation registered as a service: <c>services.AddSingleton&lt;IRetentionTarget, ...&gt;()</c>.
/// </summary>
public interface IRetentionTarget
{
    /// <summary>Stable: the checkpoint is stored under it, and the report names it.</summary>
    string Name { get; }

    /// <summary>Removes what is due; never throws for a failure of its storage (reports it in <see cref="RetentionRun.Count"/> instead).</summary>
    Task<RetentionRun> RunAsync(RetentionContext context, CancellationToken cancellationToken);
}

/// <param name="Checkpoint">Where this target's last run stopped (0 the first time).</param>
public sealed record RetentionContext(ActorSystem System, HousekeepingSettings Settings, DateTimeOffset Now, long Checkpoint);

/// <param name="Checkpoint">Where the next run starts.</param>
public sealed record RetentionRun(RetentionCount Count, long Checkpoint);
