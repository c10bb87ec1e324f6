using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli.Commands;

/// <summary><c>neuroctl catalog show [--hidden]|sync</c>: the model catalogue as this node serves it, and a refresh now.</summary>
public static class CatalogCommands
{
    public static Command Create(Cli cli)
    {
        var catalog = new Command("catalog", "the model catalogue: show, sync");

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
        return catalog;
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
