using System.CommandLine;

namespace NeuroActors.Cli.Commands;

/// <summary><c>neuroctl keys list|enable &lt;id&gt;</c>: the node's KIE keys by safe id (never a key), and re-enabling one everywhere.</summary>
public static class KeysCommands
{
    public static Command Create(Cli cli)
    {
        var keys = new Command("keys", "KIE API keys: list, enable <id>");

        var list = new Command("list", "this node's keys (masked): active, cooling until when, disabled and why");
        cli.Calls(list, (_, client, cancel) => client.GetAsync("keys", cancel), (_, answer, output) =>
        {
            output.Table(["key", "state", "cooling until", "disabled", "creates/min", "queries/min", "balance"],
                answer.Items("keys").Select(k => (IReadOnlyList<string?>)
                [
                    k.Text("id"), k.Text("state"),
                    k.Text("createCoolingUntil") ?? k.Text("queryCoolingUntil"),
                    k.Text("disabledReason") is { } reason ? $"{reason} at {k.Text("disabledAt")}: {k.Text("disabledDetail")}" : null,
                    k.Text("createsLastMinute"), k.Text("queriesLastMinute"), k.Text("balance") ?? "unknown",
                ]));
            output.Line($"waiting: {answer.Text("waitingCreates")} creates, {answer.Text("waitingQueries")} queries");
        });
        keys.Subcommands.Add(list);

        var id = new Argument<string>("id") { Description = "the key's id as `keys list` shows it (****c0de#3f9a1b), or its fingerprint (3f9a1b)" };
        var enable = new Command("enable", "put a disabled key back into rotation on every node") { id };
        cli.Calls(enable, (parse, client, cancel) => client.PostAsync("keys/enable", new { keyId = parse.GetRequiredValue(id) }, cancel),
            (_, answer, output) => output.Line(answer.Text("result") ?? "done"));
        keys.Subcommands.Add(enable);
        return keys;
    }
}
