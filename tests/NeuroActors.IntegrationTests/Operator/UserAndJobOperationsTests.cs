using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.IntegrationTests.Operator;

/// <summary>The operator API's users and jobs, on real nodes with sandbox users: what neuroctl's users and jobs commands call.</summary>
public sealed class UserAndJobOperationsTests
{
    private const string ImageModel = HappyPathTests.ImageModel;
    private const long Welcome = 50;

    [Fact]
    public async Task A_grant_sent_three_times_counts_once_a_debit_below_zero_is_refused_and_bad_input_gets_400_or_404()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50", ["Admin:MaxGrant"] = "1000" });
        using var http = Operator(node);
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var answers = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await OkAsync(await http.PostAsJsonAsync($"users/{ann.Id}/grant", new { credits = 70, reason = "sorry for the outage", id = "grant-1" })));
        }

        Assert.Equal(["applied", "already-applied", "already-applied"], answers.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal(Welcome + 70, answers[^1].GetProperty("user").GetProperty("balance").GetInt64());
        await ann.PassMarkerAsync();
        var notices = (await sandbox.Telegram.GetBotMessagesAsync(ann.Id)).Count(m => m.PlainText?.Contains("You received 70 credits", StringComparison.Ordinal) == true);
        Assert.Equal(1, notices);

        var refused = await http.PostAsJsonAsync($"users/{ann.Id}/debit", new { credits = Welcome + 71, reason = "chargeback" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"has {Welcome + 70} available credits", await ErrorAsync(refused), StringComparison.Ordinal);
        var debited = await OkAsync(await http.PostAsJsonAsync($"users/{ann.Id}/debit", new { credits = 20, reason = "chargeback" }));
        Assert.Equal(Welcome + 50, debited.GetProperty("user").GetProperty("balance").GetInt64());

        var shown = await OkAsync(await http.GetAsync($"users/{ann.Id}"));
        Assert.Equal((Welcome + 50, false, "en"), (shown.GetProperty("balance").GetInt64(), shown.GetProperty("banned").GetBoolean(), shown.GetProperty("language").GetString()));
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("lastSeen").ValueKind);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("users/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("users/-5/grant", new { credits = 5, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync($"users/{ann.Id}/grant", new { credits = 0, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync($"users/{ann.Id}/grant", new { credits = -3, reason = "x" })).StatusCode);
        var tooMuch = await http.PostAsJsonAsync($"users/{ann.Id}/grant", new { credits = 1001, reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("Admin:MaxGrant", await ErrorAsync(tooMuch), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync($"users/{ann.Id}/grant", new StringContent("{\"credits\": \"lots\"}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        var stranger = await http.PostAsJsonAsync("users/777000777/grant", new { credits = 5, reason = "hello" });
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal("user 777000777 has never started the bot", await ErrorAsync(stranger));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("users/777000777")).StatusCode);
        Assert.False((await node.AskRegionAsync<UserRegion, UserStateReply>(new GetUserState(777000777))).Registered);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("jobs/not-a-request")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("jobs/ZZZZZZZZZZ-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("jobs/ZZZZZZZZZZ-1/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("jobs?state=sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("jobs?user=x")).StatusCode);
        Assert.Equal((Welcome + 50, 0L), await BalanceAndReservedAsync(node, ann));
    }

    [Fact]
    public async Task A_bad_Admin_MaxGrant_stops_the_node_with_exit_code_2_naming_the_key()
    {
        var errors = new StringWriter();

        var exit = await Host.NodeProgram.RunAsync(["--Http:Urls=http://127.0.0.1:0", "--Cluster:Port=0", "--Admin:MaxGrant=lots"], errors).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Host.NodeProgram.ConfigurationErrorExitCode, exit);
        Assert.StartsWith("NeuroActors cannot start: Admin:MaxGrant", errors.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_ban_stops_ordering_with_the_restricted_message_while_a_running_job_still_delivers_and_an_unban_restores(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await sandbox.Kie.SetModelBehaviourAsync(ImageModel, new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes));
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        using var http = Operator(node);
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var orderId = await ann.OrderAsync(MediaKind.Image, ImageModel, "a fox on a roof", 1);
        var task = await SingleTaskAsync(sandbox);

        await OkAsync(await http.PostAsJsonAsync($"users/{ann.Id}/ban", new { reason = "spam", id = "ban-1" }));
        var restricted = AccountTexts.Restricted(Language.English);
        await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.StartsWith(restricted, StringComparison.Ordinal) == true), what: "the ban notice");
        await ann.SendTextAsync("/start");
        await ann.SendTextAsync("another fox");
        var messages = await ann.WaitUntilAsync(m => m.Count(x => x.PlainText == restricted) == 2, what: "the restricted answer to each update");
        var afterBan = messages.SkipWhile(m => m.PlainText?.StartsWith(restricted, StringComparison.Ordinal) != true).ToArray();
        Assert.All(afterBan, m => Assert.StartsWith(restricted, m.PlainText ?? string.Empty, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync($"users/{ann.Id}/ban", new { reason = "again" })).StatusCode);

        await sandbox.Kie.FinishTaskAsync(task.TaskId);
        var delivered = await ann.WaitForClosingAsync(orderId);
        Assert.Single(FlowChecks.ResultPhotos(delivered, orderId));
        var banned = await OkAsync(await http.GetAsync($"users/{ann.Id}"));
        Assert.True(banned.GetProperty("banned").GetBoolean());
        Assert.Equal("spam", banned.GetProperty("banReason").GetString());
        Assert.Equal(1, banned.GetProperty("orders").GetInt32());

        await OkAsync(await http.PostAsJsonAsync($"users/{ann.Id}/unban", new { id = "unban-1" }));
        var seen = (await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("no longer restricted", StringComparison.Ordinal) == true), what: "the unban notice")).Count;
        await ann.SendTextAsync("/start");
        await ann.WaitUntilAsync(m => m.Skip(seen).Any(x => x.Buttons.Any(b => b.CallbackData is not null && FlowUser.Action(b) is CallbackAction.OpenKind)), what: "the main menu after the unban");
        Assert.False((await ann.StateAsync(node)).Banned);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Jobs_list_shows_the_running_jobs_of_both_nodes_and_a_cancel_releases_the_reservation(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await sandbox.Kie.SetModelBehaviourAsync(ImageModel, new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes));
        var settings = new Dictionary<string, string?> { ["Credits:Welcome"] = "50" };
        await using var a = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), settings);
        await using var b = await TestNode.StartAsync(database, seed: a, extra: sandbox.NodeSettings(FlowSandbox.FreePort(), settings));
        using var http = Operator(a);
        var price = a.App.Services.GetRequiredService<MenuSource>().Current.FindById(ImageModel)!.Price;

        var orders = new Dictionary<string, FlowUser>();
        for (var i = 0; i < 6; i++)
        {
            var user = await FlowUser.CreateAsync(sandbox, "User" + i);
            await user.StartAsync();
            orders[OrderIds.RequestId(await user.OrderAsync(MediaKind.Image, ImageModel, "fox " + i, 1), 1)] = user;
        }

        var running = await WaitForJobsAsync(http, "jobs?state=running", list => orders.Keys.All(id => list.Any(j => j.GetProperty("requestId").GetString() == id)));
        var onB = await JobsHostedByAsync(b);
        Assert.True(onB.Overlaps(orders.Keys), "node B should host some of the six jobs");
        Assert.All(running.Where(j => orders.ContainsKey(j.GetProperty("requestId").GetString()!)), j =>
            Assert.Equal(orders[j.GetProperty("requestId").GetString()!].Id, j.GetProperty("userId").GetInt64()));

        var (requestId, owner) = orders.First(o => onB.Contains(o.Key));
        var mine = await OkAsync(await http.GetAsync($"jobs?user={owner.Id}"));
        Assert.Equal([requestId], mine.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("requestId").GetString()));
        var story = await OkAsync(await http.GetAsync($"jobs/{requestId}"));
        Assert.Equal("Open", story.GetProperty("credits").GetProperty("reservation").GetString());
        Assert.Equal(price, story.GetProperty("credits").GetProperty("amount").GetInt64());
        Assert.False(string.IsNullOrEmpty(story.GetProperty("attempts")[0].GetProperty("taskId").GetString()));
        Assert.Equal(price, (await owner.StateAsync(a)).Reserved);

        var cancelled = await OkAsync(await http.PostAsync($"jobs/{requestId}/cancel", null));
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        var released = await owner.SettledStateAsync(a);
        Assert.Equal((Welcome, 0L), (released.Balance, released.Reserved));
        var again = await http.PostAsync($"jobs/{requestId}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already finished", await ErrorAsync(again), StringComparison.Ordinal);
        var others = orders.Where(o => o.Key != requestId).Select(o => o.Value);
        foreach (var other in others)
        {
            Assert.Equal(price, (await other.StateAsync(a)).Reserved);
        }
    }

    private static HttpClient Operator(TestNode node) =>
        new() { BaseAddress = new Uri(node.HttpAddress, "/operator/v1/"), Timeout = TimeSpan.FromSeconds(60) };

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;

    private static async Task<(long Balance, long Reserved)> BalanceAndReservedAsync(TestNode node, FlowUser user)
    {
        var state = await user.StateAsync(node);
        return (state.Balance, state.Reserved);
    }

    private static async Task<KieTaskView> SingleTaskAsync(FlowSandbox sandbox)
    {
        for (var deadline = DateTimeOffset.UtcNow + FlowUser.Patience; DateTimeOffset.UtcNow < deadline; await Task.Delay(100))
        {
            if (await sandbox.Kie.GetTasksAsync() is { Count: > 0 } tasks)
            {
                return Assert.Single(tasks);
            }
        }

        throw new TimeoutException("no KIE task was created");
    }

    private static async Task<IReadOnlyList<JsonElement>> WaitForJobsAsync(HttpClient http, string query, Func<IReadOnlyList<JsonElement>, bool> done)
    {
        IReadOnlyList<JsonElement> jobs = [];
        for (var deadline = DateTimeOffset.UtcNow + FlowUser.Patience; DateTimeOffset.UtcNow < deadline; await Task.Delay(200))
        {
            jobs = (await OkAsync(await http.GetAsync(query))).GetProperty("jobs").EnumerateArray().ToArray();
            if (done(jobs))
            {
                return jobs;
            }
        }

        throw new TimeoutException($"{query} never listed what was expected; last: {string.Join(", ", jobs.Select(j => j.GetProperty("requestId").GetString() + "=" + j.GetProperty("state").GetString()))}");
    }

    private static async Task<HashSet<string>> JobsHostedByAsync(TestNode node)
    {
        var region = await node.Registry.GetAsync<JobRegion>();
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet(StringComparer.Ordinal);
    }
}
