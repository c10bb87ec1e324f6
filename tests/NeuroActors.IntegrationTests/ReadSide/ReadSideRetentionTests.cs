using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Housekeeping;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Texts;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.ReadSide;

/// <summary>Housekeeping and the read side: its old detail goes (summed into days), and a job's journal waits for the projection.</summary>
public sealed class ReadSideRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Order_detail_older_than_the_setting_goes_whole_days_at_a_time_into_the_daily_figures_and_the_recent_and_the_open_stay(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = new ReadSideStore(database.Settings);
        var ordering = 0L;
        var events = new List<ProjectedEvent>();
        void User(long seq, object e) => events.Add(new ProjectedEvent(++ordering, "user-7", seq, Now, e));
        void Job(string requestId, object e) => events.Add(new ProjectedEvent(++ordering, "job-" + requestId, ordering, Now, e));
        var old = Now.AddDays(-40);
        var recent = Now.AddDays(-2);
        User(1, new ConversationRecorded(new Domain.Conversation.UserRegistered(old)));
        var seq = 1L;
        foreach (var (orderId, at, delivered) in new[] { ("OLDORDER01", old, true), ("OLDORDER02", old.AddHours(1), false), ("NEWORDER01", recent, true) })
        {
            User(++seq, new LedgerRecorded(new CreditsReserved(orderId + "-1", 3, at)));
            User(++seq, new OrderRecorded(new OrderOpened(orderId, "model-a", "Model A", MediaKind.Image, "a fox", 1, 3, 10, Language.English, at)));
            Job(orderId + "-1", new JobAccepted(new JobSpec(orderId + "-1", orderId, 1, 7, "model-a", MediaKind.Image, "a fox", null, Language.English), at));
            Job(orderId + "-1", new JobAttemptStarted(1, at));
            if (!delivered) continue;
            Job(orderId + "-1", new JobFinished(VariantOutcome.Done(["https://r/1.png"]), false, null, at.AddMinutes(1)));
            User(++seq, new LedgerRecorded(new CreditsCaptured(orderId + "-1", 3, at.AddMinutes(1))));
            User(++seq, new OrderRecorded(new OrderDelivered(orderId, at.AddMinutes(2))));
        }

        await store.WriteAsync(events, Now, CancellationToken.None);
        var retention = new ReadSideRetention(store, new ReadSideRetentionSettings(30));
        using var system = ActorSystem.Create("retention-test");
        var context = new RetentionContext(system, HousekeepingSettings.Default, Now, 0);

        var run = await retention.RunAsync(context, CancellationToken.None);

        Assert.Null(run.Count.Failure);
        // The delivered old order, its job and attempt, and the old order's two ledger entries; the undelivered one's reservation too.
        Assert.Equal(ReadSideRetention.TargetName, run.Count.Target);
        Assert.Equal(1 + 1 + 1 + 3, run.Count.Removed);
        Assert.Equal(["NEWORDER01", "OLDORDER02"], await ColumnAsync(database, "SELECT order_id FROM rs_orders ORDER BY order_id"));
        Assert.Equal(["NEWORDER01-1", "OLDORDER02-1"], await ColumnAsync(database, "SELECT request_id FROM rs_jobs ORDER BY request_id"));
        Assert.Equal(["NEWORDER01-1", "NEWORDER01-1"], await ColumnAsync(database, "SELECT ref_id FROM rs_ledger ORDER BY seq_nr"));
        Assert.Equal(["7"], await ColumnAsync(database, "SELECT user_id FROM rs_users"));
        var oldDay = new DateTimeOffset(old.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal(
            [$"{oldDay}|credits|captured|3", $"{oldDay}|credits|reserved|6", $"{oldDay}|generations|done|1", $"{oldDay}|orders|placed|1"],
            await ColumnAsync(database, "SELECT day || '|' || figure || '|' || dimension || '|' || value FROM rs_daily ORDER BY figure, dimension"));

        // A second run removes nothing and counts nothing twice.
        var again = await retention.RunAsync(context, CancellationToken.None);
        Assert.Equal(0, again.Count.Removed);
        Assert.Equal(4, (await ColumnAsync(database, "SELECT value FROM rs_daily")).Count);
        Assert.Equal("1", Assert.Single(await ColumnAsync(database, "SELECT value FROM rs_daily WHERE figure = 'generations'")));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_charge_older_than_the_ledger_retention_still_names_its_payer_for_a_refund(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var old = Now.AddDays(-40);
        var ordering = 0L;
        ProjectedEvent User(long userId, long seq, object e) => new(++ordering, "user-" + userId, seq, old, e);

        // A charge paid before rs_payments existed: an older build projected only its ledger grant.
        var before = new ReadSideStore(database.Settings);
        await before.WriteAsync([User(8, 1, new LedgerRecorded(new Domain.Credits.CreditsGranted(PaymentBook.GrantIdOf("ch-legacy"), 100, "top-up", old)))], Now, CancellationToken.None);

        // This build: the payment itself is projected, and the next start carries the legacy charge over from the ledger.
        var store = new ReadSideStore(database.Settings);
        await store.WriteAsync(
        [
            User(7, 1, new LedgerRecorded(new Domain.Credits.CreditsGranted(PaymentBook.GrantIdOf("ch-old"), 550, "top-up", old))),
            User(7, 2, new PaymentRecorded(new TopUpPaid("ch-old", 550, 250, true, old))),
            User(7, 3, new PaymentRecorded(new PaymentRefunded("ch-old", 550, 0, "asked", "admin:1", old.AddDays(1)))),
        ], Now, CancellationToken.None);
        using var system = ActorSystem.Create("payments-retention-test");
        var run = await new ReadSideRetention(store, new ReadSideRetentionSettings(30)).RunAsync(new RetentionContext(system, HousekeepingSettings.Default, Now, 0), CancellationToken.None);

        Assert.Null(run.Count.Failure);
        Assert.Empty(await ColumnAsync(database, "SELECT ref_id FROM rs_ledger")); // the ledger's detail is gone
        var queries = new ReadSideQueries(store);
        Assert.Equal(7, await queries.UserIdByChargeIdAsync("ch-old", CancellationToken.None));
        Assert.Equal(8, await queries.UserIdByChargeIdAsync(" ch-legacy ", CancellationToken.None));
        Assert.Null(await queries.UserIdByChargeIdAsync("ch-nobody", CancellationToken.None));
        Assert.Equal(["ch-legacy|8|100||0", "ch-old|7|550|250|1"], await ColumnAsync(database,
            "SELECT charge_id || '|' || user_id || '|' || credits || '|' || COALESCE(CAST(stars AS TEXT), '') || '|' || (CASE WHEN refunded_at IS NULL THEN 0 ELSE 1 END) FROM rs_payments ORDER BY charge_id"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_settled_jobs_journal_is_not_deleted_before_the_projection_has_consumed_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var ann = await FlowUser.CreateAsync(sandbox, "Ann");
        await ann.StartAsync();
        var order = await ann.OrderAsync(MediaKind.Image, HappyPathTests.ImageModel, "a red fox", 1);
        await ann.WaitForClosingAsync(order);
        await FlowChecks.WaitForJobsSettledAsync(node, order, 1);
        var settledJob = "job-" + order + "-1";
        var context = new RetentionContext(node.System, HousekeepingSettings.Default with { JobGrace = TimeSpan.FromSeconds(1) }, DateTimeOffset.UtcNow.AddMinutes(5), 0);

        // A projection that has consumed nothing holds the deletion back: nothing goes, and the scan stops before the job.
        var behind = await new SettledJobRetention(new ConsumedThrough(0), node.App.Services.GetRequiredService<ReadSideStore>()).RunAsync(context, CancellationToken.None);
        Assert.Null(behind.Count.Failure);
        Assert.Equal(0, behind.Count.Removed);
        Assert.Equal(0, behind.Checkpoint);
        Assert.True(await ProjectionTests.JournalScalarAsync(database, $"SELECT COUNT(*) FROM journal WHERE persistence_id = '{settledJob}' AND NOT deleted") > 0);

        // Once the read side has the job's last event (its settlement), the journal goes.
        await ProjectionTests.EventuallyAsync(
            async () => await ProjectionTests.ScalarAsync(database, $"SELECT COUNT(*) FROM rs_jobs WHERE request_id = '{order}-1' AND reported_at IS NOT NULL") == 1,
            "the projection has the job's settlement");
        var caughtUp = await new SettledJobRetention(node.App.Services.GetRequiredService<IJournalConsumers>(), node.App.Services.GetRequiredService<ReadSideStore>()).RunAsync(context, CancellationToken.None);
        Assert.Null(caughtUp.Count.Failure);
        Assert.Equal(1, caughtUp.Count.Removed);
        Assert.Equal(0, await ProjectionTests.JournalScalarAsync(database, $"SELECT COUNT(*) FROM journal WHERE persistence_id = '{settledJob}' AND NOT deleted"));
        // The read side keeps what it projected of the job.
        Assert.Equal("done", await ProjectionTests.OutcomeAsync(database, order + "-1"));
    }

    private static async Task<List<string>> ColumnAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenReadSideAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    private sealed class ConsumedThrough(long ordering) : IJournalConsumers
    {
        public Task<long> ConsumedThroughAsync(CancellationToken cancellationToken) => Task.FromResult(ordering);
    }
}
