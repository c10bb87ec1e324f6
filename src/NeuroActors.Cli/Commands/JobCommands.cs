using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli.Commands;

/// <summary><c>neuroctl jobs list|show|cancel</c>: the live generation jobs of the whole cluster, one job's story, and cancelling one.</summary>
public static class JobCommands
{
    private static readonly string[] States = ["queued", "running", "waiting-for-key", "failed", "cancelled", "delivering", "settled"];

    public static Command Create(Cli cli)
    {
        var jobs = new Command("jobs", "generation jobs in flight: list, show, cancel");

        var state = new Option<string?>("--state") { Description = "only jobs in this state: " + string.Join(", ", States) };
        state.AcceptOnlyFromAmong(States);
        var user = new Option<long?>("--user") { Description = "only this user's jobs (Telegram id)" };
        var list = new Command("list", "the live jobs of every member: request id, user, model, state, attempts, key wait, since") { state, user };
        cli.Calls(list, (parse, client, cancel) => client.GetAsync(ListQuery(parse.GetValue(state), parse.GetValue(user)), cancel), (_, answer, output) =>
        {
            output.Table(["request", "user", "model", "state", "attempts", "key wait", "since"],
                answer.Items("jobs").Select(j => (IReadOnlyList<string?>)
                [
                    j.Text("requestId"), j.Text("userId"), j.Text("model"), j.Text("state"), j.Text("attempts"),
                    j.Flag("waitingForKey") ? $"yes (#{j.Text("keyQueuePosition") ?? "?"})" : "no", j.Text("since"),
                ]));
            if (answer.Items("silentMembers").Any())
                output.Line("not answering (their jobs are missing above): " + answer.Text("silentMembers"));
        });
        jobs.Subcommands.Add(list);

        var showId = RequestId();
        var show = new Command("show", "a job's story: attempts with KIE task ids and masked keys, failures in KIE's words, retries, timings, credits") { showId };
        cli.Calls(show, (parse, client, cancel) => client.GetAsync($"jobs/{Uri.EscapeDataString(parse.GetRequiredValue(showId))}", cancel), (_, answer, output) => RenderStory(answer, output));
        jobs.Subcommands.Add(show);

        var cancelId = RequestId();
        var cancelJob = new Command("cancel", "end a job cancelled; its credits go back to the user as for the user's own cancel") { cancelId };
        cli.Calls(cancelJob, (parse, client, cancel) => client.PostAsync($"jobs/{Uri.EscapeDataString(parse.GetRequiredValue(cancelId))}/cancel", null, cancel),
            (_, answer, output) => output.Line($"job {answer.Text("requestId")} {answer.Text("state")}; {answer.Text("credits")}"));
        jobs.Subcommands.Add(cancelJob);
        return jobs;
    }

    private static string ListQuery(string? state, long? user)
    {
        var query = new List<string>();
        if (state is not null) query.Add("state=" + Uri.EscapeDataString(state));
        if (user is not null) query.Add("user=" + user.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return query.Count == 0 ? "jobs" : "jobs?" + string.Join('&', query);
    }

    private static Argument<string> RequestId() =>
        new("request-id") { Description = "the job's request id: the order id and the variant's number, e.g. G7K2QXMNPA-2" };

    private static void RenderStory(JsonElement answer, Output output)
    {
        var job = answer.TryGetProperty("job", out var j) ? j : default;
        var credits = answer.TryGetProperty("credits", out var c) ? c : default;
        output.Fields(
            ("job", job.Text("requestId")),
            ("user", job.Text("userId")),
            ("model", job.Text("model")),
            ("state", job.Text("state")),
            ("accepted", job.Text("acceptedAt")),
            ("finished", answer.Text("finishedAt")),
            ("settled", answer.Text("settledAt")),
            ("detail", answer.Text("detail")),
            ("credits", $"{credits.Text("amount")} ({credits.Text("reservation")})"));
        output.Table(["attempt", "started", "KIE task", "key", "submitted", "failure", "KIE said", "retry at"],
            answer.Items("attempts").Select(a => (IReadOnlyList<string?>)
            [
                a.Text("attempt"), a.Text("startedAt"), a.Text("taskId"), a.Text("key"), a.Text("submittedAt"),
                a.Text("failureClass") is { } failure ? $"{failure} ({a.Text("failureTextKey")})" : null, a.Text("kieSaid"), a.Text("retryAt"),
            ]));
    }
}
