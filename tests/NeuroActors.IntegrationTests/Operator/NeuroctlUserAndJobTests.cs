using NeuroActors.Cli;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Operator;

/// <summary>neuroctl's users and jobs commands against a real node: what an operator types, sees, and the exit codes.</summary>
public sealed class NeuroctlUserAndJobTests
{
    [Fact]
    public async Task Users_and_jobs_commands_print_for_a_person_repeat_safely_with_an_id_and_refuse_bad_input_with_the_right_exit_code()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        var at = node.HttpAddress.ToString();
        var id = ann.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var first = await RunAsync("--node", at, "users", "grant", id, "25", "--reason", "outage", "--id", "op-1");
        var second = await RunAsync("--node", at, "users", "grant", id, "25", "--reason", "outage", "--id", "op-1");
        Assert.Equal(0, first.Code);
        Assert.Contains("done (action op-1)", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.Code);
        Assert.Contains("already done earlier", second.Out, StringComparison.Ordinal);
        Assert.Equal(75, (await ann.StateAsync(node)).Balance);

        var show = await RunAsync("--node", at, "users", "show", id);
        Assert.Equal(0, show.Code);
        Assert.Matches(@"balance:\s+75", show.Out);
        Assert.Matches(@"banned:\s+no", show.Out);

        var json = await RunAsync("--node", at, "--json", "users", "ban", id, "--reason", "spam");
        Assert.Equal(0, json.Code);
        Assert.Contains("\"banned\": true", json.Out, StringComparison.Ordinal);

        var debitTooMuch = await RunAsync("--node", at, "users", "debit", id, "1000", "--reason", "chargeback");
        Assert.Equal(1, debitTooMuch.Code);
        Assert.Contains("below zero", debitTooMuch.Error, StringComparison.Ordinal);

        var stranger = await RunAsync("--node", at, "users", "grant", "777000777", "5", "--reason", "hello");
        Assert.Equal((1, "neuroctl: user 777000777 has never started the bot"), (stranger.Code, stranger.Error.Trim()));

        Assert.Equal(2, (await RunAsync("--node", at, "users", "grant", id, "0", "--reason", "x")).Code);
        Assert.Equal(2, (await RunAsync("--node", at, "users", "grant", id, "5")).Code); // --reason is required
        Assert.Equal(2, (await RunAsync("--node", at, "users", "show", "abc")).Code);
        Assert.Equal(2, (await RunAsync("--node", at, "jobs", "list", "--state", "sleeping")).Code);

        var list = await RunAsync("--node", at, "jobs", "list");
        Assert.Equal((0, "(none)"), (list.Code, list.Out.Trim()));
        var unknown = await RunAsync("--node", at, "jobs", "show", "ZZZZZZZZZZ-1");
        Assert.Equal((1, "neuroctl: no job ZZZZZZZZZZ-1"), (unknown.Code, unknown.Error.Trim()));
        Assert.Equal(1, (await RunAsync("--node", at, "jobs", "cancel", "not-a-job")).Code);
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Neuroctl.RunAsync(args, new CliEnvironment(output, error, _ => null));
        return (code, output.ToString(), error.ToString());
    }
}
