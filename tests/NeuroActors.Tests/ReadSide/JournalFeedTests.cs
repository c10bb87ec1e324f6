using Akka.Actor;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Persistence;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Tests.Jobs;

namespace NeuroActors.Tests.ReadSide;

/// <summary>The read side's journal pages: only rows after the offset, and none past an ordering that may still appear.</summary>
public sealed class JournalFeedTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "neuroactors-unit", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = AggregateTestKit.Clock();
    private ActorSystem _system = null!;
    private JournalFeed _feed = null!;
    private string _journal = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _journal = $"Data Source={Path.Combine(_folder, "na.db")}";
        _system = ActorSystem.Create("feed", AggregateTestKit.Config);
        _feed = new JournalFeed(new ReadSideStore(new PersistenceSettings(PersistenceProvider.Sqlite, _journal)), _system.Serialization, _clock);
        await RunAsync("""
            CREATE TABLE journal (ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
              persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, message BLOB NOT NULL, manifest TEXT NULL, identifier INTEGER NULL);
            CREATE TABLE tags (ordering_id INTEGER NOT NULL, tag TEXT NOT NULL, sequence_nr INTEGER NOT NULL, persistence_id TEXT NOT NULL,
              PRIMARY KEY (ordering_id, tag));
            """);
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_page_holds_the_tagged_events_after_the_offset_in_order_and_the_untagged_ones_only_when_all_are_asked_for()
    {
        await WriteAsync(1, "user-1", "registered", tagged: true);
        await WriteAsync(2, "user-1", "an update", tagged: false);
        await WriteAsync(3, "job-A", "accepted", tagged: true);
        await WriteAsync(4, "user-1", "deleted", tagged: true, deleted: true);

        var tagged = await _feed.NextAsync(0, ReadSideTags.Tag, CancellationToken.None);
        var all = await _feed.NextAsync(1, tag: null, CancellationToken.None);
        var after = await _feed.NextAsync(4, ReadSideTags.Tag, CancellationToken.None);

        Assert.Equal([(1L, "registered"), (3L, "accepted")], tagged.Events.Select(e => (e.Ordering, (string)e.Event)));
        Assert.Equal("user-1", tagged.Events[0].PersistenceId);
        Assert.Equal([2L, 3L], all.Events.Select(e => e.Ordering));
        Assert.Empty(after.Events);
        Assert.True(after.End);
    }

    [Fact]
    public async Task An_event_after_a_missing_ordering_waits_until_the_missing_one_is_written()
    {
        await WriteAsync(1, "user-1", "first", tagged: true);
        await WriteAsync(3, "user-2", "third", tagged: true);

        var beforeTheHoleFills = await _feed.NextAsync(0, ReadSideTags.Tag, CancellationToken.None);
        await WriteAsync(2, "user-3", "second", tagged: true);
        var afterItFills = await _feed.NextAsync(1, ReadSideTags.Tag, CancellationToken.None);

        Assert.Equal([1L], beforeTheHoleFills.Events.Select(e => e.Ordering));
        Assert.False(beforeTheHoleFills.End);
        Assert.Equal([2L, 3L], afterItFills.Events.Select(e => e.Ordering));
    }

    [Fact]
    public async Task A_missing_ordering_that_never_comes_is_passed_over_after_the_patience()
    {
        await WriteAsync(2, "user-2", "second", tagged: true);

        var atOnce = await _feed.NextAsync(0, ReadSideTags.Tag, CancellationToken.None);
        _clock.Advance(JournalFeed.GapPatience - TimeSpan.FromSeconds(1));
        var justBefore = await _feed.NextAsync(0, ReadSideTags.Tag, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterThePatience = await _feed.NextAsync(0, ReadSideTags.Tag, CancellationToken.None);

        Assert.Empty(atOnce.Events);
        Assert.Empty(justBefore.Events);
        Assert.Equal([2L], afterThePatience.Events.Select(e => e.Ordering));
    }

    [Fact]
    public async Task Several_holes_in_one_page_are_passed_over_after_one_patience_not_one_each()
    {
        await WriteAsync(2, "user-2", "second", tagged: true);
        await WriteAsync(4, "user-4", "fourth", tagged: true);
        await WriteAsync(6, "user-6", "sixth", tagged: true);

        var atOnce = await _feed.NextAsync(0, ReadSideTags.Tag, CancellationToken.None);
        _clock.Advance(JournalFeed.GapPatience);
        var afterOnePatience = await _feed.NextAsync(0, ReadSideTags.Tag, CancellationToken.None);

        Assert.Empty(atOnce.Events);
        Assert.Equal(0, atOnce.ReadUpTo);
        Assert.Equal([2L, 4L, 6L], afterOnePatience.Events.Select(e => e.Ordering));
        Assert.Equal(6, afterOnePatience.ReadUpTo);
    }

    [Fact]
    public async Task A_page_of_only_deleted_events_moves_the_offset_past_them()
    {
        await WriteAsync(1, "user-1", "gone", tagged: true, deleted: true);
        await WriteAsync(2, "user-1", "gone too", tagged: true, deleted: true);

        var tagged = await _feed.NextAsync(0, ReadSideTags.Tag, CancellationToken.None);
        var all = await _feed.NextAsync(0, tag: null, CancellationToken.None);

        Assert.Empty(tagged.Events);
        Assert.Equal(2, tagged.ReadUpTo);
        Assert.Empty(all.Events);
        Assert.Equal(2, all.ReadUpTo);
    }

    [Fact]
    public async Task Following_the_pages_reads_every_tagged_event_once_across_untagged_rows_deleted_rows_and_a_late_one()
    {
        await WriteAsync(1, "user-1", "a", tagged: true);
        await WriteAsync(2, "user-1", "untagged", tagged: false);
        await WriteAsync(3, "user-1", "deleted", tagged: true, deleted: true);
        await WriteAsync(5, "user-2", "b", tagged: true);

        var read = new List<string>();
        var offset = 0L;
        for (var round = 0; round < 4; round++)
        {
            if (round == 1) await WriteAsync(4, "user-3", "late", tagged: true);
            var page = await _feed.NextAsync(offset, ReadSideTags.Tag, CancellationToken.None);
            read.AddRange(page.Events.Select(e => (string)e.Event));
            offset = page.ReadUpTo;
        }

        Assert.Equal(["a", "late", "b"], read);
        Assert.Equal(5, offset);
    }

    private async Task WriteAsync(long ordering, string persistenceId, string payload, bool tagged, bool deleted = false)
    {
        var serializer = _system.Serialization.FindSerializerFor(payload);
        await using var connection = new SqliteConnection(_journal);
        await connection.OpenAsync();
        var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO journal (ordering, created, deleted, persistence_id, sequence_number, message, manifest, identifier)
            VALUES ($ordering, $created, $deleted, $pid, $ordering, $message, $manifest, $identifier);
            """ + (tagged ? "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES ($ordering, 'readside', $ordering, $pid);" : string.Empty);
        insert.Parameters.AddWithValue("$ordering", ordering);
        insert.Parameters.AddWithValue("$created", _clock.GetUtcNow().UtcTicks);
        insert.Parameters.AddWithValue("$deleted", deleted ? 1 : 0);
        insert.Parameters.AddWithValue("$pid", persistenceId);
        insert.Parameters.AddWithValue("$message", serializer.ToBinary(payload));
        insert.Parameters.AddWithValue("$manifest", Akka.Serialization.Serialization.ManifestFor(serializer, payload));
        insert.Parameters.AddWithValue("$identifier", serializer.Identifier);
        await insert.ExecuteNonQueryAsync();
    }

    private async Task RunAsync(string sql)
    {
        await using var connection = new SqliteConnection(_journal);
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
