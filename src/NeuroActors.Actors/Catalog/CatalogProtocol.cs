using Akka.Actor;
using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Actors.Catalog;

public static class CatalogTopics
{
    /// <summary>The DistributedPubSub topic every node listens on for new catalogue versions.</summary>
    public const string Catalog = "catalog";
}

/// <summary>
/// A catalogue version as it is stored and sent between nodes: the adopted file text (gzip, so a ~90 KB catalogue
/// stays far below Akka's remoting frame size) and the models KIE said it does not serve.
/// </summary>
/// <param name="Number">Increases by one with every adopted version.</param>
/// <param name="Hash">The content hash (file text and availability), see <see cref="CatalogSnapshot.Hash"/>.</param>
/// <param name="Revision">The file's own revision number.</param>
/// <param name="Source">Where the text came from (file path or URL without its query).</param>
public sealed record CatalogVersion(
    long Number,
    string Hash,
    long Revision,
    string Source,
    DateTimeOffset AdoptedAt,
    byte[] YamlGzip,
    UnavailableModel[] Unavailable);

public sealed record UnavailableModel(string ModelId, string Reason, DateTimeOffset CheckedAt);

public sealed record RepricedRecord(string ModelId, int? OldPriceFrom, int? NewPriceFrom, string[] Changes);

public sealed record DisabledRecord(string ModelId, string Reasons);

/// <summary>What one adopted version changed, kept for admins.</summary>
public sealed record CatalogChange(
    long Version,
    DateTimeOffset At,
    string Source,
    string RequestedBy,
    string[] Added,
    string[] Removed,
    RepricedRecord[] Repriced,
    string[] Enabled,
    DisabledRecord[] Disabled,
    string[] Changed)
{
    public static CatalogChange From(long version, DateTimeOffset at, string source, string requestedBy, CatalogDiff diff) =>
        new(
            version,
            at,
            source,
            requestedBy,
            diff.Added.ToArray(),
            diff.Removed.ToArray(),
            diff.Repriced.Select(r => new RepricedRecord(r.ModelId, r.OldPriceFrom, r.NewPriceFrom, r.Changes.ToArray())).ToArray(),
            diff.Enabled.ToArray(),
            diff.Disabled.Select(d => new DisabledRecord(d.ModelId, d.Reasons)).ToArray(),
            diff.Changed.ToArray());

    public CatalogDiff ToDiff() =>
        new(
            Added,
            Removed,
            Repriced.Select(r => new RepricedModel(r.ModelId, r.OldPriceFrom, r.NewPriceFrom, r.Changes)).ToArray(),
            Enabled,
            Disabled.Select(d => new DisabledModel(d.ModelId, d.Reasons)).ToArray(),
            Changed);
}

// ---- commands and replies ------------------------------------------------------------------------------------

/// <summary>Refresh the catalogue from its sources now; answered with <see cref="CatalogSyncResult"/>.</summary>
[Manifest("catalog-sync-now.v1")]
public sealed record SyncCatalogNow(string RequestedBy) : INeuroMessage;

/// <summary>
/// The outcome of a sync. A failed one changed nothing and says why ("file:line: problem", an HTTP status ...);
/// a successful one either adopted a new version (<see cref="Changed"/>) or found the content unchanged.
/// </summary>
[Manifest("catalog-sync-result.v1")]
public sealed record CatalogSyncResult(bool Succeeded, bool Changed, long Version, string? Hash, string? Problem, CatalogChange? Change)
    : INeuroMessage;

[Manifest("catalog-get-sync-status.v1")]
public sealed record GetCatalogSyncStatus : INeuroMessage
{
    public static GetCatalogSyncStatus Instance { get; } = new();
}

/// <summary>For admins and operators: the current version, the last attempt, and the recent changes (newest first).</summary>
[Manifest("catalog-sync-status.v1")]
public sealed record CatalogSyncStatus(
    long Version,
    string? Hash,
    long? Revision,
    string? Source,
    DateTimeOffset? AdoptedAt,
    DateTimeOffset? LastAttemptAt,
    bool? LastAttemptSucceeded,
    string? LastProblem,
    bool Syncing,
    CatalogChange[] RecentChanges) : INeuroMessage;

/// <summary>Asked by each node's subscriber at start, so a node that joins late gets the current version.</summary>
[Manifest("catalog-get-current.v1")]
public sealed record GetCurrentCatalog : INeuroMessage
{
    public static GetCurrentCatalog Instance { get; } = new();
}

[Manifest("catalog-current.v1")]
public sealed record CurrentCatalog(CatalogVersion? Version) : INeuroMessage;

/// <summary>Published on <see cref="CatalogTopics.Catalog"/> for every adopted version (and again after the singleton moves).</summary>
[Manifest("catalog-version-published.v1")]
public sealed record CatalogVersionPublished(CatalogVersion Version) : INeuroMessage;

/// <summary>
/// Switch a model on or off for every node, kept over catalogue versions and restarts (the operator's
/// <c>neuroctl catalog model</c> and the admins' command use this). Answered with <see cref="ModelVisibilitySetResult"/>.
/// </summary>
[Manifest("catalog-set-model-visibility.v1")]
public sealed record SetModelVisibility(string ModelId, bool Visible, string By, string Reason) : INeuroMessage;

[Manifest("catalog-model-visibility-set-result.v1")]
public sealed record ModelVisibilitySetResult(bool Succeeded, string? Problem, long Revision, ModelVisibilityOverride? Override) : INeuroMessage;

/// <summary>One model's switch, with who set it, why and when (the audit).</summary>
public sealed record ModelVisibilityOverride(string ModelId, bool Visible, string By, string Reason, DateTimeOffset At)
{
    public ModelOverride ToDomain() => new(ModelId, Visible, By, Reason, At);
}

/// <summary>Asked by each node's subscriber with the current version; answered with <see cref="CatalogOverrides"/>.</summary>
[Manifest("catalog-get-overrides.v1")]
public sealed record GetCatalogOverrides : INeuroMessage
{
    public static GetCatalogOverrides Instance { get; } = new();
}

/// <summary>Every model switch in force, at <paramref name="Revision"/>; also published on <see cref="CatalogTopics.Catalog"/> after each change.</summary>
[Manifest("catalog-overrides.v1")]
public sealed record CatalogOverrides(long Revision, ModelVisibilityOverride[] Overrides) : INeuroMessage
{
    public IReadOnlyCollection<ModelOverride> ToDomain() => Overrides.Select(o => o.ToDomain()).ToArray();
}

// ---- events and snapshot state ---------------------------------------------------------------------------------

/// <summary>A model switched on or off by an operator or admin; <paramref name="Revision"/> is the switches' new revision.</summary>
[Manifest("catalog-model-visibility-overridden.v1")]
public sealed record ModelVisibilityOverridden(ModelVisibilityOverride Override, long Revision) : ICatalogEvent;

/// <summary>The sync's snapshot with the model switches (v1 had no switches and still recovers).</summary>
[Manifest("catalog-sync-state-with-overrides.v1")]
public sealed record CatalogSyncStateWithOverrides(CatalogVersion? Current, CatalogChange[] History, long OverridesRevision, ModelVisibilityOverride[] Overrides)
    : ISnapshotState;

[Manifest("catalog-version-adopted.v1")]
public sealed record CatalogVersionAdopted(CatalogVersion Version, CatalogChange Change) : ICatalogEvent;

[Manifest("catalog-sync-state.v1")]
public sealed record CatalogSyncState(CatalogVersion? Current, CatalogChange[] History) : ISnapshotState;

// ---- local only ------------------------------------------------------------------------------------------------

internal sealed class SyncTick : INoSerializationVerificationNeeded
{
    public static SyncTick Instance { get; } = new();
}

/// <summary>What a sync run found, before the actor decides whether it is a new version.</summary>
internal sealed record SyncOutcome(
    string? Problem,
    string? Text,
    string? Source,
    CatalogDocument? Document,
    IReadOnlyList<UnavailableModel> Unavailable) : INoSerializationVerificationNeeded
{
    public static SyncOutcome Failed(string problem) => new(problem, null, null, null, []);
}

/// <summary>What CatalogSync writes to its journal.</summary>
public interface ICatalogEvent : INeuroMessage;
