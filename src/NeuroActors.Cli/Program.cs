using System.CommandLine;
using NeuroActors.Cli.Commands;

namespace NeuroActors.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => Neuroctl.RunAsync(args, CliEnvironment.FromProcess());

    /// <summary>The command tree: the global options, then one line per command group (Commands/&lt;Area&gt;Commands.cs).</summary>
    public static RootCommand CreateRoot(Cli cli)
    {
        var root = new RootCommand("neuroctl: operate a NeuroActors cluster through a node's operator API (/operator/v1)");
        cli.Global.AddTo(root);
        root.Subcommands.Add(HealthCommands.Create(cli));
        root.Subcommands.Add(ClusterCommands.Create(cli));
        root.Subcommands.Add(ShardingCommands.Create(cli));
        root.Subcommands.Add(ShardingCommands.CreateSingletons(cli));
        root.Subcommands.Add(CatalogCommands.Create(cli));
        root.Subcommands.Add(KeysCommands.Create(cli));
        root.Subcommands.Add(LogCommands.Create(cli));
        root.Subcommands.Add(UserCommands.Create(cli));
        root.Subcommands.Add(JobCommands.Create(cli));
        root.Subcommands.Add(HousekeepingCommands.Create(cli));
        return root;
    }
}
