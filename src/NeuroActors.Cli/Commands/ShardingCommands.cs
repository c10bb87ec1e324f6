using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli.Commands;

/// <summary><c>neuroctl sharding regions|stats &lt;type&gt;</c> and <c>neuroctl singletons</c>: where the entities and singletons live.</summary>
public static class ShardingCommands
{
    public static Command Create(Cli cli)
    {
        var sharding = new Command("sharding", "shard regions: regions, stats <user|job>");

        var regions = new Command("regions", "each shard region type and, per node, its shards and entities");
        cli.Calls(regions, (_, client, cancel) => client.GetAsync("sharding/regions", cancel), (_, answer, output) =>
            output.Table(["type", "node", "shards", "entities"],
                answer.Items("regions").SelectMany(r => r.Text("problem") is { } problem
                    ? [(IReadOnlyList<string?>)[r.Text("type"), problem, null, null]]
                    : r.Items("nodes").Select(n => (IReadOnlyList<string?>)[r.Text("type"), n.Text("address"), n.Text("shards"), n.Text("entities")]))));
        sharding.Subcommands.Add(regions);

        var type = new Argument<string>("type") { Description = "the region type: user or job" };
        var stats = new Command("stats", "one region type: shards and entities per node, shard by shard") { type };
        cli.Calls(stats, (parse, client, cancel) => client.GetAsync($"sharding/stats/{Uri.EscapeDataString(parse.GetRequiredValue(type))}", cancel), RenderStats);
        sharding.Subcommands.Add(stats);
        return sharding;
    }

    public static Command CreateSingletons(Cli cli)
    {
        var singletons = new Command("singletons", "each cluster singleton and the node it runs on (the oldest Up member)");
        cli.Calls(singletons, (_, client, cancel) => client.GetAsync("singletons", cancel), (_, answer, output) =>
            output.Table(["singleton", "node", "what it does"],
                answer.Items("singletons").Select(s => (IReadOnlyList<string?>)[s.Text("name"), s.Text("node") ?? "(no Up member)", s.Text("what")])));
        return singletons;
    }

    private static void RenderStats(ParseResult _, JsonElement answer, Output output)
    {
        output.Table(["node", "shards", "entities", "entities per shard"],
            answer.Items("nodes").Select(n => (IReadOnlyList<string?>)
            [
                n.Text("address"), n.Text("shards"), n.Text("entities"),
                n.TryGetProperty("shardEntities", out var shards) && shards.ValueKind == JsonValueKind.Object
                    ? string.Join(" ", shards.EnumerateObject().Select(s => $"{s.Name}:{s.Value}"))
                    : null,
            ]));
        var failed = answer.Text("failed");
        if (!string.IsNullOrEmpty(failed))
            output.Line($"shards that did not answer: {failed}");
    }
}
