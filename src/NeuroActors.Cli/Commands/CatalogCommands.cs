using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli.Commands;

/// <summary>
/// <c>neuroctl catalog show [--hidden]|sync|model &lt;id&gt; on|off</c>: the model catalogue as this node serves it, a
/// refresh now, and switching a model on or off for every node (kept over restarts, with who and why).
/// </summary>
public static class CatalogCommands
{
    public static Command Create(Cli cli)
    {
        var catalog = new Command("catalog", "the model catalogue: show, sync, model <id> on|off");

        var hidden = new Option<bool>("--hidden") { Description = "only the hidden models, with why" };
        var show = new Command("show", "models with their visibility and, for hidden ones, the reasons") { hidden };
        cli.Calls(show, (parse, client, cancel) => client.GetAsync(parse.GetValue(hidden) ? "catalog?hidden=true" : "catalog", cancel), (_, answer, output) =>
        {
            output.Table(["model", "kind", "kie model", "visible", "from", "why hidden"],
                answer.Items("models").Select(m => (IReadOnlyList<string?>)
                    [m.Text("id"), m.Text("kind"), m.Text("kieModel"), m.Text("visible"), m.Text("priceFrom"), m.Text("reasons")]));
            output.Line($"version {answer.Text("version")} (revision {answer.Text("revision")}, {answer.Text("source")}): {answer.Text("visible")} visible, {answer.Text("hidden")} hidden");
        });
        catalog.Subcommands.Add(show);

        var sync = new Command("sync", "refresh the catalogue from its sources now (on the singleton) and show what changed");
        cli.Calls(sync, (_, client, cancel) => client.PostAsync("catalog/sync", null, cancel), RenderSync);
        catalog.Subcommands.Add(sync);
        catalog.Subcommands.Add(CreateModelSwitch(cli));
        return catalog;
    }

    private static Command CreateModelSwitch(Cli cli)
    {
        var id = new Argument<string>("id") { Description = "the model's id as `catalog show` prints it" };
        var state = new Argument<string>("state") { Description = "on (show) or off (hide)" };
        state.AcceptOnlyFromAmong("on", "off");
        var reason = new Option<string?>("--reason") { Description = "why, for the audit (kept with who and when)" };
        var by = new Option<string?>("--by") { Description = "who, for the audit (default: user@host)" };
        var model = new Command("model", "switch a model on or off for every node at once; kept over restarts") { id, state, reason, by };
        cli.Calls(model, (parse, client, cancel) => client.PostAsync("catalog/model", new
        {
            modelId = parse.GetRequiredValue(id),
            visible = parse.GetRequiredValue(state) == "on",
            by = parse.GetValue(by) ?? $"{Environment.UserName}@{Environment.MachineName} (neuroctl)",
            reason = parse.GetValue(reason),
        }, cancel), (_, answer, output) => output.Line(answer.Text("result") ?? "done"));
        return model;
    }

    private static void RenderSync(ParseResult _, JsonElement answer, Output output)
    {
        output.Line(answer.Text("result") ?? "done");
        if (!answer.TryGetProperty("change", out var change) || change.ValueKind != JsonValueKind.Object)
            return;
        foreach (var part in new[] { "added", "removed", "enabled", "changed" })
        {
            if (change.Text(part) is { Length: > 0 } names)
                output.Line($"  {part}: {names}");
        }

        foreach (var repriced in change.Items("repriced"))
            output.Line($"  repriced: {repriced.Text("id")} {repriced.Text("oldPriceFrom")} -> {repriced.Text("newPriceFrom")}");
        foreach (var disabled in change.Items("disabled"))
            output.Line($"  disabled: {disabled.Text("id")} ({disabled.Text("reasons")})");
    }
}
