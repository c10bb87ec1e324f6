namespace NeuroActors.Domain.Catalog;

/// <summary>
/// The node's current catalogue: one immutable snapshot swapped atomically when a newer version arrives, or when the
/// operators' model switches change (<see cref="TryAdoptOverrides"/>), which apply to every version until changed.
/// Menus and handlers read <see cref="Current"/> with no lock and no I/O.
/// </summary>
public sealed class CatalogHolder(CatalogSnapshot initial)
{
    private readonly Lock _writer = new();
    private CatalogSnapshot _base = initial;
    private IReadOnlyCollection<ModelOverride> _overrides = [];
    private CatalogSnapshot _current = initial;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    /// <summary>The revision of the switches in force: grows by one with every change on the catalogue singleton.</summary>
    public long OverridesRevision { get; private set; }

    /// <summary>
    /// Takes <paramref name="next"/> when its version is newer than the current one. The file read at start
    /// (version 0) gives way only to a version whose revision is at least its own, so an older persisted
    /// catalogue never replaces a newer file that a deploy just brought.
    /// </summary>
    public bool TryAdopt(CatalogSnapshot next)
    {
        lock (_writer)
        {
            if (next.Version <= _base.Version || (_base.Version == 0 && next.Revision < _base.Revision))
            {
                return false;
            }

            _base = next;
            Volatile.Write(ref _current, next.WithOverrides(_overrides));
            return true;
        }
    }

    /// <summary>Takes the switches of <paramref name="revision"/> when it is newer than the ones in force.</summary>
    public bool TryAdoptOverrides(long revision, IReadOnlyCollection<ModelOverride> overrides)
    {
        lock (_writer)
        {
            if (revision <= OverridesRevision)
            {
                return false;
            }

            OverridesRevision = revision;
            _overrides = overrides;
            Volatile.Write(ref _current, _base.WithOverrides(overrides));
            return true;
        }
    }
}
