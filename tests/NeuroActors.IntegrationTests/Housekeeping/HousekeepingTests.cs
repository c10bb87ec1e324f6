using System.Net.Http.Json;
using System.Text.Json;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Housekeeping;

/// <summary>Retention through the operator API on real nodes: what is due goes, nothing else, and once per cluster.</summary>
public sealed class HousekeepingTests
{
    private const string ImageModel = HappyPathTests.ImageModel;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_settled_jobs_journal_goes_after_the_grace_an_open_job_is_untouched_and_still_finishes_and_a_second_run_removes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?>
        {
            ["Credits:Welcome"] = "50",
            ["Housekeeping:Every"] = "1h",
            ["Housekeeping:JobGrace"] = "2s",
        });
        using var http = new HttpClient { BaseAddress = node.HttpAddress, Timeout = TimeSpan.FromMinutes(3) };
        var price = node.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;

        // Ann's order is delivered and its job settles.
        var ann = await FlowUser.CreateAsync(sandbox, "Ann");
        await ann.StartAsync();
        var delivered = await ann.OrderAsync(MediaKind.Image, ImageModel, "a red fox", 1);
        await ann.WaitForClosingAsync(delivered);
        await FlowChecks.WaitForJobsSettledAsync(node, delivered, 1);
        var settledJob = "job-" + delivered + "-1";
        var settledEvents = await JournalRowsAsync(database, settledJob);
        Assert.True(settledEvents >= 3, $"a delivered job has written its events: {settledEvents}");
        // The scan stops at the first event written after the cutoff, by the journal's own write time: read it as the plugin stores it.
        var written = await PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
            .CurrentEventsByPersistenceId(settledJob, 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), node.System.Materializer());
        Assert.All(written, e => Assert.InRange(SettledJobRetention.WrittenAt(e), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1)));

        // Bob's order stays open: KIE holds its task.
        await sandbox.Kie.SetNextTaskBehaviourAsync(new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes));
        var bob = await FlowUser.CreateAsync(sandbox, "Bob");
        await bob.StartAsync();
        var open = await bob.OrderAsync(MediaKind.Image, ImageModel, "a blue owl", 1);
        await WaitForJobPhaseAsync(node, open + "-1", nameof(JobPhase.Generating));
        var openJob = "job-" + open + "-1";
        var openEvents = await JournalRowsAsync(database, openJob);

        // Runs until the settled job's grace has passed and it is removed.
        var removedJobs = 0L;
        var removedEvents = 0L;
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (await JournalRowsAsync(database, settledJob) > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the settled job's journal was never removed");
            var run = await RunAsync(http);
            removedJobs += Count(run, "removed");
            removedEvents += Count(run, "eventsRemoved");
            Assert.Null(Failure(run));
            await Task.Delay(200);
        }

        Assert.Equal(1, removedJobs);
        Assert.Equal(settledEvents, removedEvents);
        Assert.Equal(0, await SnapshotRowsAsync(database, settledJob));
        Assert.Equal(openEvents, await JournalRowsAsync(database, openJob));
        Assert.Equal(nameof(JobPhase.Generating), (await FlowChecks.JobAsync(node, open + "-1")).Phase);
        // The user's journal (the ledger) is not retention's business: Ann's credits are as they were.
        var annState = await FlowChecks.AssertLedgerSettledAsync(node, ann);
        Assert.Equal(50 - price, annState.Balance);

        // A second run finds nothing more to remove.
        var again = await RunAsync(http);
        Assert.Equal(0, again.GetProperty("totalRemoved").GetInt64());
        Assert.Equal(openEvents, await JournalRowsAsync(database, openJob));

        // The status shows the last run and the next one, an hour after it.
        var status = await http.GetFromJsonAsync<JsonElement>("/operator/v1/housekeeping");
        Assert.Equal(node.Cluster.SelfAddress.ToString(), status.GetProperty("node").GetString());
        var lastRun = status.GetProperty("lastRun");
        Assert.Equal(again.GetProperty("finishedAt").GetDateTimeOffset(), lastRun.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Equal(lastRun.GetProperty("finishedAt").GetDateTimeOffset() + TimeSpan.FromHours(1), status.GetProperty("nextRunAt").GetDateTimeOffset());
        Assert.Equal("1h", status.GetProperty("every").GetString());
        Assert.Contains(SettledJobRetention.TargetName, lastRun.GetProperty("removed").EnumerateArray().Select(r => r.GetProperty("target").GetString()));

        // The open job was never touched: it finishes and delivers, and after its own grace it goes too.
        var task = Assert.Single(await sandbox.Kie.GetTasksAsync(), t => t.CallBackUrl?.Contains(open, StringComparison.Ordinal) == true);
        await sandbox.Kie.FinishTaskAsync(task.TaskId);
        var messages = await bob.WaitForClosingAsync(open);
        Assert.Single(FlowChecks.ResultPhotos(messages, open));
        await FlowChecks.WaitForJobsSettledAsync(node, open, 1);
        var bobState = await FlowChecks.AssertLedgerSettledAsync(node, bob);
        Assert.Equal(50 - price, bobState.Balance);
        while (await JournalRowsAsync(database, openJob) > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline + FlowUser.Patience, "the job settled later was never removed");
            Assert.Null(Failure(await RunAsync(http)));
            await Task.Delay(200);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Housekeeping_runs_on_one_node_of_two_answers_from_either_and_moves_with_its_last_result_when_that_node_leaves(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var a = await TestNode.StartAsync(database);
        var b = await TestNode.StartAsync(database, seed: a);
        try
        {
            using var httpA = new HttpClient { BaseAddress = a.HttpAddress, Timeout = TimeSpan.FromMinutes(3) };
            using var httpB = new HttpClient { BaseAddress = b.HttpAddress, Timeout = TimeSpan.FromMinutes(3) };

            // Asked through B, the run happens on A, the oldest node, where the one singleton lives.
            var run = await RunAsync(httpB);
            Assert.Null(Failure(run));
            var statusA = await httpA.GetFromJsonAsync<JsonElement>("/operator/v1/housekeeping");
            var statusB = await httpB.GetFromJsonAsync<JsonElement>("/operator/v1/housekeeping");
            Assert.Equal(a.Cluster.SelfAddress.ToString(), statusA.GetProperty("node").GetString());
            Assert.Equal(a.Cluster.SelfAddress.ToString(), statusB.GetProperty("node").GetString());
            Assert.Equal(run.GetProperty("finishedAt").GetDateTimeOffset(), statusB.GetProperty("lastRun").GetProperty("finishedAt").GetDateTimeOffset());
            await a.WaitForLogAsync("Housekeeping run finished");
            Assert.DoesNotContain("Housekeeping run finished", b.Log.ToString(), StringComparison.Ordinal);

            // A leaves: the singleton starts on B with the last run it remembers.
            await a.StopAsync();
            var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
            JsonElement moved;
            while (true)
            {
                using var response = await httpB.GetAsync("/operator/v1/housekeeping");
                if (response.IsSuccessStatusCode)
                {
                    moved = await response.Content.ReadFromJsonAsync<JsonElement>();
                    if (moved.GetProperty("node").GetString() == b.Cluster.SelfAddress.ToString()) break;
                }

                Assert.True(DateTimeOffset.UtcNow < deadline, "housekeeping never moved to node B");
                await Task.Delay(200);
            }

            Assert.Equal(run.GetProperty("finishedAt").GetDateTimeOffset(), moved.GetProperty("lastRun").GetProperty("finishedAt").GetDateTimeOffset());
            var onB = await RunAsync(httpB);
            Assert.Null(Failure(onB));
            await b.WaitForLogAsync("Housekeeping run finished");
        }
        finally
        {
            await b.DisposeAsync();
        }
    }

    private static async Task<JsonElement> RunAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/operator/v1/housekeeping/run", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST housekeeping/run: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static long Count(JsonElement run, string property) =>
        run.GetProperty("removed").EnumerateArray().Where(r => r.GetProperty("target").GetString() == SettledJobRetention.TargetName).Sum(r => r.GetProperty(property).GetInt64());

    private static string? Failure(JsonElement run) =>
        run.GetProperty("removed").EnumerateArray().Select(r => r.TryGetProperty("failure", out var f) && f.ValueKind == JsonValueKind.String ? r.GetProperty("target").GetString() + ": " + f.GetString() : null)
            .FirstOrDefault(f => f is not null);

    private static async Task WaitForJobPhaseAsync(TestNode node, string requestId, string phase)
    {
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while ((await FlowChecks.JobAsync(node, requestId)).Phase != phase)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"job {requestId} never reached {phase}: {await FlowChecks.JobAsync(node, requestId)}");
            await Task.Delay(100);
        }
    }

    /// <summary>The job's live events in the journal table (the plugin may keep a deleted marker row for the highest sequence number).</summary>
    private static Task<long> JournalRowsAsync(TestDatabase database, string persistenceId) =>
        CountAsync(database, "SELECT COUNT(*) FROM journal WHERE persistence_id = @id AND deleted = @no", persistenceId);

    private static Task<long> SnapshotRowsAsync(TestDatabase database, string persistenceId) =>
        CountAsync(database, "SELECT COUNT(*) FROM snapshot WHERE persistence_id = @id", persistenceId);

    private static async Task<long> CountAsync(TestDatabase database, string sql, string persistenceId)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var id = command.CreateParameter();
        id.ParameterName = "id";
        id.Value = persistenceId;
        command.Parameters.Add(id);
        if (sql.Contains("@no", StringComparison.Ordinal))
        {
            var no = command.CreateParameter();
            no.ParameterName = "no";
            no.Value = false;
            command.Parameters.Add(no);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
