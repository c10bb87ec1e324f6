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
/// writers) or never (a rolled-back write). A page therefore stops at the first ordering missing from the journal, and
/// a hole still there after <see cref="GapPatience"/> is taken as never coming, as the plugin's own journal sequence
/// actor does.
/// </para>
/// </summary>
public sealed class JournalFeed(ReadSideStore store, Akka.Serialization.Serialization serialization, TimeProvider time)
{
    public const int PageSize = 500;

    public static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private const string Columns = "j.ordering, j.persistence_id, j.sequence_number, j.created, j.message, j.manifest, j.identifier";

    private static readonly string TaggedPage =
        $"SELECT {Columns} FROM tags t JOIN journal j ON j.ordering = t.ordering_id " +
        "WHERE t.ordering_id > @offset AND t.tag = @tag AND NOT j.deleted ORDER BY t.ordering_id LIMIT @take";

    private static readonly string AllPage =
        $"SELECT {Columns} FROM journal j WHERE j.ordering > @offset AND NOT j.deleted ORDER BY j.ordering LIMIT @take";

    private const string OrderingsBetween = "SELECT ordering FROM journal WHERE ordering > @offset AND ordering <= @last ORDER BY ordering";

    private readonly Dictionary<long, DateTimeOffset> _holesSeenAt = new();

    /// <summary>
    /// The next events after <paramref name="offset"/> (those with <paramref name="tag"/>, or every event when it is null),
    /// in ordering; empty when none is ready. <c>End</c> is true when the journal has no such row after the offset at all.
    /// </summary>
    public async Task<(IReadOnlyList<ProjectedEvent> Events, bool End)> NextAsync(long offset, string? tag, CancellationToken cancellationToken)
    {
        foreach (var passed in _holesSeenAt.Keys.Where(o => o <= offset).ToList())
            _holesSeenAt.Remove(passed);
        await using var connection = await store.OpenJournalAsync(cancellationToken);
        var rows = await Sql.Command(connection, null, tag is null ? AllPage : TaggedPage)
            .WithLong("offset", offset).With("tag", tag ?? string.Empty).WithLong("take", PageSize)
            .ListAsync(Read, cancellationToken);
        if (rows.Count == 0)
            return ([], true);

        var present = await Sql.Command(connection, null, OrderingsBetween)
            .WithLong("offset", offset).WithLong("last", rows[^1].Ordering)
            .ListAsync(r => r.GetInt64(0), cancellationToken);
        var readyUpTo = ReadyUpTo(offset, present);
        return (rows.TakeWhile(r => r.Ordering <= readyUpTo).ToList(), false);
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
                    var (events, end) = await NextAsync(offset, tag, CancellationToken.None);
                    if (events.Count > 0)
                        return Option<(long, IReadOnlyList<ProjectedEvent>)>.Create((events[^1].Ordering, events));
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

    /// <summary>The highest ordering up to which no row can still appear: the last before the first hole that is not yet old enough.</summary>
    private long ReadyUpTo(long offset, IReadOnlyList<long> present)
    {
        var expected = offset + 1;
        foreach (var ordering in present)
        {
            while (ordering > expected)
            {
                if (!HoleIsOld(expected))
                    return expected - 1;
                expected++;
            }

            expected = ordering + 1;
        }

        return expected - 1;
    }

    private bool HoleIsOld(long ordering)
    {
        var now = time.GetUtcNow();
        if (_holesSeenAt.TryGetValue(ordering, out var seenAt))
            return now - seenAt >= GapPatience;
        _holesSeenAt[ordering] = now;
        return false;
    }

    private ProjectedEvent Read(DbDataReader row)
    {
        var writtenAt = Housekeeping.SettledJobRetention.WrittenAt(row.GetInt64(3));
        var manifest = row.IsDBNull(5) ? string.Empty : row.GetString(5);
        var serializerId = row.IsDBNull(6) ? 0 : Convert.ToInt32(row.GetValue(6), System.Globalization.CultureInfo.InvariantCulture);
        var payload = serialization.Deserialize((byte[])row.GetValue(4), serializerId, manifest);
        return new ProjectedEvent(row.GetInt64(0), row.GetString(1), row.GetInt64(2), writtenAt, payload);
    }
}
