using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli.Commands;

/// <summary><c>neuroctl housekeeping status|run</c>: the retention singleton's schedule and last result, and a run now.</summary>
public static class HousekeepingCommands
{
    public static Command Create(Cli cli)
    {
        var housekeeping = new Command("housekeeping", "retention (settled jobs' journals after their grace): status, run");

        var status = new Command("status", "where the housekeeping singleton runs, its schedule, the last run and what it removed, the next run");
        cli.Calls(status, (_, client, cancel) => client.GetAsync("housekeeping", cancel), RenderStatus);
        housekeeping.Subcommands.Add(status);

        var run = new Command("run", "run retention now and print what it removed (a large backlog may need --timeout 2m; the run goes on if neuroctl stops waiting)");
        cli.Calls(run, (_, client, cancel) => client.PostAsync("housekeeping/run", null, cancel), (_, answer, output) => RenderRun(answer, output));
        housekeeping.Subcommands.Add(run);
        return housekeeping;
    }

    private static void RenderStatus(ParseResult _, JsonElement answer, Output output)
    {
        output.Fields(
            ("node", answer.Text("node")),
            ("running", answer.Text("running")),
            ("every", answer.Text("every")),
            ("job grace", answer.Text("jobGrace")),
            ("next run", Moment(answer, "nextRunAt")));
        if (answer.TryGetProperty("lastRun", out var last) && last.ValueKind == JsonValueKind.Object)
            RenderRun(last, output);
        else
            output.Line("last run: never");
    }

    /// <summary>A moment as an operator reads it: UTC to the second.</summary>
    private static string? Moment(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var moment)
            ? moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static void RenderRun(JsonElement run, Output output)
    {
        var took = run.TryGetProperty("startedAt", out var started) && run.TryGetProperty("finishedAt", out var finished)
            ? " (" + Output.Duration(finished.GetDateTimeOffset() - started.GetDateTimeOffset()) + ")"
            : string.Empty;
        output.Fields(("last run", Moment(run, "finishedAt") + took), ("removed", run.Text("totalRemoved")));
        output.Table(["target", "removed", "journal events", "failure"],
            run.Items("removed").Select(r => (IReadOnlyList<string?>)[r.Text("target"), r.Text("removed"), r.Text("eventsRemoved"), r.Text("failure") ?? ""]));
    }
}
