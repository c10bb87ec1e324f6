using System.Data.Common;
using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Akka.Util;

namespace NeuroActors.Actors.ReadSide;

/// <summary>
/// The read side's view of the journal: pages of rows after an ordering, read with plain SQL. Akka.Persistence.Sql's
/// EventsByTag and AllEvents attach each row's tags with a subquery that linq2db 6.5 turns into an aggregate over the
/// whole tag table (SQLite's <c>GROUP_CONCAT(CASE WHEN ...)</c>, PostgreSQL's <c>STRING_AGG(...) FILTER (WHERE ...)</c>),
/// so every page cost a scan of every tag ever written: 0.5 s a page after a few minutes of load, growing without end
/// (traced in the node under <c>load</c>). These queries touch only the rows after the offset.
/// <para>
/// Orderings are handed out before their transactions commit, so a row can appear after a later one (two PostgreSQL
/// writers) or never (a rolled-back write, a deleted event). A page therefore stops at the first ordering missing from
/// the journal, and a hole still there after <see cref="GapPatience"/> is taken as never coming, as the plugin's own
/// journal sequence actor does.
/// </para>
/// </summary>
public sealed class JournalFeed(ReadSideStore store, Akka.Serialization.Serialization serialization, TimeProvider time)
{
    public const int PageSize = 500;

    public static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // One statement each, so the rows and the orderings checked for holes come from one snapshot: with a second query for
    // the orderings, a write committing between the two was present to the second, missing from the first, and skipped
    // for ever (a PostgreSQL run lost a user's registration so). Rows not asked for come without their message.
    private static readonly string TaggedWindow =
        "SELECT j.ordering, j.persistence_id, j.sequence_number, j.created, " +
        "CASE WHEN t.ordering_id IS NOT NULL AND NOT j.deleted THEN j.message END, j.manifest, j.identifier " +
        "FROM journal j LEFT JOIN tags t ON t.ordering_id = j.ordering AND t.tag = @tag " +
        "WHERE j.ordering > @offset AND j.ordering <= (SELECT MAX(p.ordering_id) FROM " +
        "(SELECT ordering_id FROM tags WHERE tag = @tag AND ordering_id > @offset ORDER BY ordering_id LIMIT @take) p) " +
        "ORDER BY j.ordering";

    private static readonly string AllWindow =
        "SELECT j.ordering, j.persistence_id, j.sequence_number, j.created, " +
        "CASE WHEN NOT j.deleted THEN j.message END, j.manifest, j.identifier " +
        "FROM journal j WHERE j.ordering > @offset ORDER BY j.ordering LIMIT @take";

    private readonly Dictionary<long, DateTimeOffset> _holesSeenAt = new();

    /// <summary>
    /// The next events after <paramref name="offset"/> (those with <paramref name="tag"/>, or every event when it is null),
    /// in ordering, and the ordering read up to (the next call's offset); no events when none is ready. <c>End</c> is true
    /// when the journal has no such row after the offset at all.
    /// </summary>
    public async Task<JournalPage> NextAsync(long offset, string? tag, CancellationToken cancellationToken)
    {
        foreach (var passed in _holesSeenAt.Keys.Where(o => o <= offset).ToList())
            _holesSeenAt.Remove(passed);
        await using var connection = await store.OpenJournalAsync(cancellationToken);
        var rows = await Sql.Command(connection, null, tag is null ? AllWindow : TaggedWindow)
            .WithLong("offset", offset).With("tag", tag ?? string.Empty).WithLong("take", PageSize)
            .ListAsync(Read, cancellationToken);
        if (rows.Count == 0)
            return new JournalPage([], offset, End: true);

        var readUpTo = ReadyUpTo(offset, rows.Select(r => r.Ordering));
        var events = rows.Where(r => r.Ordering <= readUpTo && r.Event is not null).Select(r => r.Event!).ToList();
        return new JournalPage(events, readUpTo, End: false);
    }

    /// <summary>
    /// The events after <paramref name="from"/>, page by page: through to the journal's end, or, when <paramref name="follow"/>,
    /// for ever (polling while nothing is new).
    /// </summary>
    public Source<ProjectedEvent, NotUsed> Pages(long from, string? tag, bool follow) =>
        Source.UnfoldAsync(from, async offset =>
            {
                while (true)
                {
                    var (events, readUpTo, end) = await NextAsync(offset, tag, CancellationToken.None);
                    if (readUpTo > offset)
                        return Option<(long, IReadOnlyList<ProjectedEvent>)>.Create((readUpTo, events));
                    if (end && !follow)
                        return Option<(long, IReadOnlyList<ProjectedEvent>)>.None;
                    await Task.Delay(PollInterval);
                }
            })
            .SelectMany(page => page);

    /// <summary>What the plugin's CurrentAllEvents / CurrentEventsByTag give, without their cost: the events after <paramref name="after"/> to the end.</summary>
    public Source<EventEnvelope, NotUsed> Current(long after, string? tag) =>
        Pages(after, tag, follow: false)
            .Select(e => new EventEnvelope(Offset.Sequence(e.Ordering), e.PersistenceId, e.SequenceNr, e.Event, e.WrittenAt == DateTimeOffset.MinValue ? 0 : e.WrittenAt.UtcTicks, tag is null ? [] : [tag]));

    /// <summary>
    /// The highest ordering up to which no row can still appear: the last before the first hole that is not yet old enough.
    /// Every hole in the window starts its patience at once, so holes left by deleted rows cost one wait, not one each.
    /// </summary>
    private long ReadyUpTo(long offset, IEnumerable<long> present)
    {
        var now = time.GetUtcNow();
        var readyUpTo = (long?)null;
        var expected = offset + 1;
        foreach (var ordering in present)
        {
            for (; expected < ordering; expected++)
            {
                if (!_holesSeenAt.TryGetValue(expected, out var seenAt))
                    _holesSeenAt[expected] = seenAt = now;
                if (now - seenAt < GapPatience)
                    readyUpTo ??= expected - 1;
            }

            expected = ordering + 1;
        }

        return readyUpTo ?? expected - 1;
    }

    /// <summary>A row of the window: its ordering, and the event when it is one asked for.</summary>
    private sealed record WindowRow(long Ordering, ProjectedEvent? Event);

    private WindowRow Read(DbDataReader row)
    {
        var ordering = row.GetInt64(0);
        if (row.IsDBNull(4))
            return new WindowRow(ordering, null);
        var writtenAt = Housekeeping.SettledJobRetention.WrittenAt(row.GetInt64(3));
        var manifest = row.IsDBNull(5) ? string.Empty : row.GetString(5);
        var serializerId = row.IsDBNull(6) ? 0 : Convert.ToInt32(row.GetValue(6), System.Globalization.CultureInfo.InvariantCulture);
        var payload = serialization.Deserialize((byte[])row.GetValue(4), serializerId, manifest);
        return new WindowRow(ordering, new ProjectedEvent(ordering, row.GetString(1), row.GetInt64(2), writtenAt, payload));
    }
}

/// <summary>A page of the journal: the events ready, the ordering read up to (the next page's offset), and whether the journal had nothing after the offset.</summary>
public sealed record JournalPage(IReadOnlyList<ProjectedEvent> Events, long ReadUpTo, bool End);
