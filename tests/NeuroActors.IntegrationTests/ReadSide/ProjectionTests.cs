using System.Data.Common;
using System.Text;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.ReadSide;

/// <summary>The read side's projection on real nodes: built from a real journey, resumed after a restart, replayed without double counting.</summary>
public sealed class ProjectionTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_projection_builds_the_tables_from_a_journey_answers_the_queries_resumes_after_a_restart_and_a_replay_changes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        var settings = new Dictionary<string, string?> { ["Credits:Welcome"] = "50" };
        var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), settings);
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;

        // Ann (English, @Ann_Fox) gets her picture; Bob (Russian) hits the content policy; Carl starts and blocks the bot.
        var ann = await FlowUser.CreateAsync(sandbox, "Ann", "en", username: "Ann_Fox");
        await ann.StartAsync();
        var delivered = await ann.OrderAsync(MediaKind.Image, ImageModel, "a red fox", 1);
        await ann.WaitForClosingAsync(delivered);
        await FlowChecks.WaitForJobsSettledAsync(node, delivered, 1);
        var bob = await FlowUser.CreateAsync(sandbox, "Bob", "ru");
        await bob.StartAsync();
        await sandbox.Kie.SetNextTaskBehaviourAsync(new KieBehaviour(Outcome: KieTaskOutcome.ContentPolicy));
        var failed = await bob.OrderAsync(MediaKind.Image, ImageModel, "a blue owl", 1);
        var carl = await FlowUser.CreateAsync(sandbox, "Carl", "en");
        await carl.StartAsync();
        await sandbox.Telegram.BlockAsync(carl.Id);

        var queries = node.App.Services.GetRequiredService<ReadSideQueries>();
        IReadSideQueries seam = node.App.Services.GetRequiredService<IReadSideQueries>();
        await EventuallyAsync(async () => (await queries.AudienceAsync(BroadcastAudience.All, DateTimeOffset.UtcNow, CancellationToken.None)).SequenceEqual(new[] { ann.Id, bob.Id }.Order())
            && await OutcomeAsync(database, failed + "-1") == "failed"
            && await ScalarAsync(database, $"SELECT blocked FROM rs_users WHERE user_id = {carl.Id}") == 1, "the projection shows the journey");

        var annTask = Assert.Single(await sandbox.Kie.GetTasksAsync(), t => t.CallBackUrl?.Contains(delivered, StringComparison.Ordinal) == true).TaskId;
        Assert.Equal(ann.Id, await seam.UserIdByUsernameAsync("@ann_fox", CancellationToken.None));
        Assert.Equal(ann.Id, await seam.UserIdByUsernameAsync("ANN_FOX", CancellationToken.None));
        Assert.Null(await seam.UserIdByUsernameAsync("nobody", CancellationToken.None));
        Assert.Equal(delivered + "-1", await seam.RequestIdByKieTaskIdAsync(annTask, CancellationToken.None));
        Assert.Null(await seam.RequestIdByKieTaskIdAsync("no-such-task", CancellationToken.None));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal([bob.Id], await seam.AudienceAsync(BroadcastAudience.Russian, now, CancellationToken.None));
        Assert.Equal([ann.Id], await seam.AudienceAsync(BroadcastAudience.English, now, CancellationToken.None));
        Assert.Equal(new[] { ann.Id, bob.Id }.Order(), await seam.AudienceAsync(BroadcastAudience.ActiveLastWeek, now, CancellationToken.None));
        Assert.Empty(await seam.AudienceAsync(BroadcastAudience.ActiveLastWeek, now.AddDays(8), CancellationToken.None));

        var day = await queries.WindowAsync(now.AddDays(-1), CancellationToken.None);
        Assert.Equal(3, day.NewUsers);
        Assert.Equal(3, day.ActiveUsers);
        Assert.Equal(2, day.Orders.Placed);
        Assert.Equal(1, day.Orders.Done);
        Assert.Equal(1, day.Orders.NotDone);
        Assert.Equal(new Domain.Stats.OutcomeCounts(1, 1, 0), day.Generations);
        Assert.Equal(price, day.CreditsSpent);
        Assert.Equal(price, day.CreditsRefunded);
        Assert.Equal(ImageModel, Assert.Single(day.TopModels).Name);
        Assert.Equal("UserViolation", Assert.Single(day.TopFailureClasses).Name);
        Assert.Equal(50 - price, await BalanceAsync(database, ann.Id));
        Assert.Equal(50, await BalanceAsync(database, bob.Id));

        // A restart of the node: the projection resumes from its stored offset and counts nothing twice.
        await node.DisposeAsync();
        var before = await DumpAsync(database);
        node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), settings);
        try
        {
            queries = node.App.Services.GetRequiredService<ReadSideQueries>();
            await ann.StartAsync();
            var second = await ann.OrderAsync(MediaKind.Image, ImageModel, "a grey wolf", 1);
            await ann.WaitForClosingAsync(second);
            await EventuallyAsync(async () => await OutcomeAsync(database, second + "-1") == "done", "the order after the restart is projected");
            var after = await queries.WindowAsync(now.AddDays(-1), CancellationToken.None);
            Assert.Equal(3, after.Orders.Placed);
            Assert.Equal(new Domain.Stats.OutcomeCounts(2, 1, 0), after.Generations);
            Assert.Equal(2 * price, after.CreditsSpent);
            Assert.Equal(3, after.NewUsers);
            await EventuallyAsync(async () => await BalanceAsync(database, ann.Id) == 50 - (2 * price), "Ann's balance counts both orders once");
            var annState = await ann.SettledStateAsync(node);
            Assert.Equal(annState.Balance, await BalanceAsync(database, ann.Id));

            // Everything projected once more from the journal's beginning (a lost offset): the tables stay as they are.
            await FlowChecks.WaitForJobsSettledAsync(node, second, 1);
            await EventuallyAsync(async () => (await queries.LagAsync(DateTimeOffset.UtcNow, CancellationToken.None)).EventsBehind == 0, "the projection caught up");
            var whole = await DumpAsync(database);
            using (var http = new HttpClient { BaseAddress = node.HttpAddress })
            {
                var status = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(http, "/operator/v1/readside");
                Assert.Equal(0, status.GetProperty("eventsBehind").GetInt64());
                Assert.Equal(0, status.GetProperty("lagSeconds").GetDouble());
                Assert.True(status.GetProperty("ordering").GetInt64() > 0);
            }

            var store = node.App.Services.GetRequiredService<ReadSideStore>();
            await store.ResetOffsetAsync(CancellationToken.None);
            var events = await PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
                .CurrentEventsByTag(ReadSideTags.Tag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), node.System.Materializer());
            Assert.NotEmpty(events);
            await store.WriteAsync(
                events.Select(e => new ProjectedEvent(((Sequence)e.Offset).Value, e.PersistenceId, e.SequenceNr, SettledJobRetention.WrittenAt(e), e.Event)).ToList(),
                DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.Equal(whole, await DumpAsync(database));
            Assert.NotEqual(before, whole);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    internal static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "never happened: " + what);
            await Task.Delay(200);
        }
    }

    internal static async Task<string?> OutcomeAsync(TestDatabase database, string requestId)
    {
        await using var connection = await database.OpenReadSideAsync();
        if (!await TableExistsAsync(connection, "rs_jobs")) return null;
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT outcome FROM rs_jobs WHERE request_id = '{requestId}'";
        return await command.ExecuteScalarAsync() as string;
    }

    internal static Task<long?> BalanceAsync(TestDatabase database, long userId) => ScalarAsync(database, $"SELECT balance FROM rs_users WHERE user_id = {userId}");

    /// <summary>A figure of the read side's tables.</summary>
    internal static Task<long?> ScalarAsync(TestDatabase database, string sql) => ScalarAsync(database.OpenReadSideAsync(), sql);

    /// <summary>A figure of the journal's tables.</summary>
    internal static Task<long?> JournalScalarAsync(TestDatabase database, string sql) => ScalarAsync(database.OpenAsync(), sql);

    private static async Task<long?> ScalarAsync(Task<DbConnection> opening, string sql)
    {
        await using var connection = await opening;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static async Task<bool> TableExistsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = connection is Microsoft.Data.Sqlite.SqliteConnection
            ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
            : $"SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '{table}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Every row of the read side's tables (the offset's own row left out), in a stable order.</summary>
    internal static async Task<string> DumpAsync(TestDatabase database)
    {
        var text = new StringBuilder();
        await using var connection = await database.OpenReadSideAsync();
        foreach (var (table, order) in new[]
                 {
                     ("rs_users", "user_id"), ("rs_orders", "order_id"), ("rs_jobs", "request_id"), ("rs_attempts", "request_id, attempt"),
                     ("rs_ledger", "user_id, seq_nr"), ("rs_account_actions", "user_id, action_id"), ("rs_daily", "day, figure, dimension"),
                 })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY {order}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
