using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli.Commands;

/// <summary><c>neuroctl cluster show|leave|down|down-unreachable|join</c>: membership as the node sees it, and changing it.</summary>
public static class ClusterCommands
{
    public static Command Create(Cli cli)
    {
        var cluster = new Command("cluster", "cluster membership: show, leave, down, down-unreachable, join");

        var show = new Command("show", "members (address, status, roles, reachability), the leader, the oldest, and which one is this node");
        cli.Calls(show, (_, client, cancel) => client.GetAsync("cluster", cancel), RenderMembers);
        cluster.Subcommands.Add(show);

        cluster.Subcommands.Add(AddressCommand(cli, "leave", "ask a member to leave gracefully (its shards and singletons hand over first)"));
        cluster.Subcommands.Add(AddressCommand(cli, "down", "mark a member down (for a node that is gone; the node you talk to refuses to down itself)"));

        var downUnreachable = new Command("down-unreachable", "mark every unreachable member down");
        cli.Calls(downUnreachable, (_, client, cancel) => client.PostAsync("cluster/down-unreachable", null, cancel), RenderChange);
        cluster.Subcommands.Add(downUnreachable);

        var seed = new Argument<string>("seed") { Description = "a member's address, e.g. akka.tcp://neuroactors@10.0.0.5:4053" };
        var join = new Command("join", "make this node join the cluster that the seed belongs to") { seed };
        cli.Calls(join, (parse, client, cancel) => client.PostAsync("cluster/join", new { address = parse.GetRequiredValue(seed) }, cancel), RenderChange);
        cluster.Subcommands.Add(join);
        return cluster;
    }

    private static Command AddressCommand(Cli cli, string name, string description)
    {
        var address = new Argument<string>("address") { Description = "the member's address as `cluster show` prints it" };
        var command = new Command(name, description) { address };
        cli.Calls(command, (parse, client, cancel) => client.PostAsync($"cluster/{name}", new { address = parse.GetRequiredValue(address) }, cancel), RenderChange);
        return command;
    }

    private static void RenderMembers(ParseResult _, JsonElement answer, Output output)
    {
        output.Table(["address", "status", "roles", "reachable", "leader", "oldest", "this node"],
            answer.Items("members").Select(m => (IReadOnlyList<string?>)
            [
                m.Text("address"), m.Text("status"), m.Text("roles"), m.Text("reachable"),
                m.Flag("leader") ? "*" : "", m.Flag("oldest") ? "*" : "", m.Flag("self") ? "*" : "",
            ]));
        output.Fields(("leader", answer.Text("leader")), ("oldest", answer.Text("oldest")), ("this node", answer.Text("self")));
    }

    private static void RenderChange(ParseResult _, JsonElement answer, Output output) => output.Line(answer.Text("result") ?? "done");
}
