using System.CommandLine;

namespace NeuroActors.Cli.Commands;

/// <summary><c>neuroctl health</c>: the node's member status, address, database and uptime.</summary>
public static class HealthCommands
{
    public static Command Create(Cli cli)
    {
        var health = new Command("health", "this node: member status, address, database, uptime");
        cli.Calls(health,
            (_, client, cancel) => client.GetAsync("health", cancel),
            (_, answer, output) => output.Fields(
                ("status", answer.Text("status")),
                ("member", answer.Text("member")),
                ("address", answer.Text("address")),
                ("roles", answer.Text("roles")),
                ("database", answer.Text("database")),
                ("uptime", answer.Text("uptime")),
                ("version", answer.Text("version"))));
        return health;
    }
}
