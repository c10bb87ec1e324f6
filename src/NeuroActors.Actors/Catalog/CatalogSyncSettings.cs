namespace NeuroActors.Actors.Catalog;

/// <summary>How CatalogSync runs (configuration section <c>Catalog</c>).</summary>
public sealed record CatalogSyncSettings
{
    /// <summary><c>Catalog:SyncInterval</c>: how often the sources are read again.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromHours(24);

    /// <summary><c>Catalog:SyncOnStart</c>: sync as soon as the singleton starts, so a deployed file takes effect at once.</summary>
    public bool SyncOnStart { get; init; } = true;

    /// <summary><c>Catalog:SyncTimeout</c>: a sync that takes longer fails and changes nothing.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>Catalog:NodeRefreshInterval</c>: how often each node asks the singleton for the current version besides listening.</summary>
    public TimeSpan NodeRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many past changes the admin view keeps.</summary>
    public int HistorySize { get; init; } = 20;

    /// <summary>A snapshot of the sync state every this many adopted versions, so recovery reads little.</summary>
    public int SnapshotEvery { get; init; } = 10;
}
