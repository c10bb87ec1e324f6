using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli.Commands;

/// <summary>
/// <c>neuroctl users show|grant|debit|ban|unban</c>: a user's account, and the audited account actions. Each action
/// sends a fresh action id (or the one given with <c>--id</c>): sending the same id again counts once, so a retry after
/// a timeout is safe with <c>--id</c>.
/// </summary>
public static class UserCommands
{
    public static Command Create(Cli cli)
    {
        var users = new Command("users", "a user's account: show, grant, debit, ban, unban");

        var showId = UserId();
        var show = new Command("show", "balance, reserved, orders, last seen, language, banned, the last 5 orders") { showId };
        cli.Calls(show, (parse, client, cancel) => client.GetAsync($"users/{parse.GetRequiredValue(showId)}", cancel), (_, answer, output) => RenderUser(answer, output));
        users.Subcommands.Add(show);

        users.Subcommands.Add(CreditsCommand(cli, "grant", "add credits to a user's balance (the user is told, in their language)"));
        users.Subcommands.Add(CreditsCommand(cli, "debit", "take credits off a user's balance; refused if it would go below zero"));
        users.Subcommands.Add(StandingCommand(cli, "ban", "restrict a user: every update gets one restricted message; running jobs still deliver"));
        users.Subcommands.Add(StandingCommand(cli, "unban", "lift a ban: menus and ordering come back"));
        return users;
    }

    private static Command CreditsCommand(Cli cli, string name, string description)
    {
        var id = UserId();
        var credits = new Argument<long>("credits")
        {
            Description = "a positive whole number of credits (at most the node's Admin:MaxGrant)",
            CustomParser = result => Positive(result, "credits must be a positive whole number"),
        };
        var reason = new Option<string>("--reason") { Description = "why: shown to the user and kept in the audit record", Required = true };
        var actionId = ActionId();
        var command = new Command(name, description) { id, credits, reason, actionId };
        cli.Calls(command,
            (parse, client, cancel) => client.PostAsync($"users/{parse.GetRequiredValue(id)}/{name}",
                new { credits = parse.GetRequiredValue(credits), reason = parse.GetRequiredValue(reason), id = parse.GetValue(actionId) ?? NewActionId() }, cancel),
            (_, answer, output) => RenderAction(answer, output));
        return command;
    }

    private static Command StandingCommand(Cli cli, string name, string description)
    {
        var id = UserId();
        var reason = new Option<string?>("--reason") { Description = "why (a ban's reason is shown to the user)" };
        var actionId = ActionId();
        var command = new Command(name, description) { id, reason, actionId };
        cli.Calls(command,
            (parse, client, cancel) => client.PostAsync($"users/{parse.GetRequiredValue(id)}/{name}",
                new { reason = parse.GetValue(reason), id = parse.GetValue(actionId) ?? NewActionId() }, cancel),
            (_, answer, output) => RenderAction(answer, output));
        return command;
    }

    private static Argument<long> UserId()
    {
        return new Argument<long>("id")
        {
            Description = "the user's Telegram id",
            CustomParser = result => Positive(result, "the user id must be a positive whole number"),
        };
    }

    /// <summary>A positive whole number, or a parse error that says what was expected (exit code 2).</summary>
    private static long Positive(System.CommandLine.Parsing.ArgumentResult result, string expected)
    {
        var text = result.Tokens.Single().Value;
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0)
            return value;
        result.AddError($"{expected}, not '{text}'");
        return 0;
    }

    private static Option<string?> ActionId() =>
        new("--id") { Description = "the action's id; the same id sent again counts once (default: a fresh one per run)" };

    private static string NewActionId() => "neuroctl-" + Guid.NewGuid().ToString("N");

    private static void RenderAction(JsonElement answer, Output output)
    {
        output.Line(answer.Text("outcome") == "already-applied"
            ? $"already done earlier (action {answer.Text("actionId")}): nothing changed"
            : $"done (action {answer.Text("actionId")})");
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("user", out var user))
            RenderUser(user, output);
    }

    private static void RenderUser(JsonElement user, Output output)
    {
        output.Fields(
            ("user", $"{user.Text("userId")} {user.Text("firstName")}".Trim()),
            ("language", user.Text("language")),
            ("balance", user.Text("balance")),
            ("reserved", user.Text("reserved")),
            ("available", user.Text("available")),
            ("orders", user.Text("orders")),
            ("last seen", user.Text("lastSeen")),
            ("banned", user.Flag("banned") ? $"yes ({user.Text("banReason") ?? "no reason given"})" : "no"),
            ("blocked the bot", user.Text("blockedTheBot")));
        output.Table(["order", "model", "variants", "price each", "state", "placed"],
            user.Items("lastOrders").Select(o => (IReadOnlyList<string?>)
                [o.Text("orderId"), o.Text("model"), o.Text("variants"), o.Text("unitPrice"), o.Text("state"), o.Text("placedAt")]));
    }
}
