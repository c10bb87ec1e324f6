namespace NeuroActors.Domain.Catalog;

/// <summary>
/// The node's current catalogue: one immutable snapshot swapped atomically when a newer version arrives.
/// Menus and handlers read <see cref="Current"/> with no lock and no I/O.
/// </summary>
public sealed class CatalogHolder(CatalogSnapshot initial)
{
    private CatalogSnapshot _current = initial;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// Takes <paramref name="next"/> when its version is newer than the current one. The file read at start
    /// (version 0) gives way only to a version whose revision is at least its own, so an older persisted
    /// catalogue never replaces a newer file that a deploy just brought.
    /// </summary>
    public bool TryAdopt(CatalogSnapshot next)
    {
        while (true)
        {
            var current = Current;
            if (next.Version <= current.Version || (current.Version == 0 && next.Revision < current.Revision))
            {
                return false;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, next, current), current))
            {
                return true;
            }
        }
    }
}
