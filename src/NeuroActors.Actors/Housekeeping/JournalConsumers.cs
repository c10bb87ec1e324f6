namespace NeuroActors.Actors.Housekeeping;

/// <summary>
/// How far the journal's readers (the read side's projection) have consumed it. Deleting events hides them from
/// Persistence.Query, so retention deletes nothing written after this point: a reader behind would never see them.
/// Registered as a service when a reader exists; without one, retention is not held back.
/// </summary>
public interface IJournalConsumers
{
    /// <summary>The journal ordering through which every reader has consumed the events it needs (0: nothing yet).</summary>
    Task<long> ConsumedThroughAsync(CancellationToken cancellationToken);
}
