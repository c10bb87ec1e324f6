using System.Data.Common;
using NeuroActors.Actors.Users;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Foundation;

/// <summary>
/// A user actor snapshots its state every 200 events and keeps only its newest snapshot; after a restart it recovers
/// from that snapshot and the events after it (Akka.Persistence.Sql's default tables: <c>journal</c>, <c>snapshot</c>).
/// </summary>
public sealed class UserSnapshotTests
{
    private const long UserId = 4242;
    private const int Grants = 450;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_user_with_hundreds_of_events_keeps_one_snapshot_and_recovers_from_it_after_a_restart(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long snapshotAt;
        await using (var first = await TestNode.StartAsync(database))
        {
            // One ledger event each: snapshots after about 200 and 400 events.
            for (var n = 1; n <= Grants; n++)
            {
                await first.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(UserId, $"grant-{n}", 1, "admin"));
            }

            // Once the second snapshot is saved the first is deleted.
            snapshotAt = await WaitForOneSnapshotFromAsync(database, 400);
        }

        // Take away the events the snapshot covers: recovery that ignored the snapshot would find only the later grants.
        var removed = await ExecuteAsync(database, $"DELETE FROM journal WHERE persistence_id = 'user-{UserId}' AND sequence_number <= {snapshotAt}");
        Assert.Equal(snapshotAt, removed);

        await using var second = await TestNode.StartAsync(database);
        var recovered = await second.AskRegionAsync<UserRegion, UserStateReply>(new GetUserState(UserId));
        Assert.Equal(Grants, recovered.Balance);
        // A grant from before the snapshot is still known as applied.
        var again = await second.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(UserId, "grant-7", 1, "admin"));
        Assert.Equal(Grants, again.Balance);
    }

    /// <summary>Waits until the user has exactly one snapshot, taken at or after <paramref name="minimum"/>; returns its sequence number.</summary>
    private static async Task<long> WaitForOneSnapshotFromAsync(TestDatabase database, long minimum)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var taken = await SnapshotsAsync(database);
            if (taken.Count == 1 && taken[0] >= minimum)
            {
                return taken[0];
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"user-{UserId} has snapshots at [{string.Join(", ", taken)}], not one from {minimum} on");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<IReadOnlyList<long>> SnapshotsAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT sequence_number FROM snapshot WHERE persistence_id = 'user-{UserId}' ORDER BY sequence_number";
        var found = new List<long>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return found;
    }

    private static async Task<int> ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
