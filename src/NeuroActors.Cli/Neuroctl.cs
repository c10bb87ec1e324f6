using System.CommandLine;
using NeuroActors.Cli.Commands;

namespace NeuroActors.Cli;

/// <summary>The command tree and one run of it: parse, call, print, and every failure as one line and an exit code.</summary>
public static class Neuroctl
{
    public static RootCommand CreateRoot(Cli cli)
    {
        var root = new RootCommand("neuroctl: operate a NeuroActors cluster through a node's operator API (/operator/v1)");
        cli.Global.AddTo(root);
        // One line per command group; each lives in Commands/<Area>Commands.cs.
        root.Subcommands.Add(HealthCommands.Create(cli));
        root.Subcommands.Add(ClusterCommands.Create(cli));
        root.Subcommands.Add(ShardingCommands.Create(cli));
        root.Subcommands.Add(ShardingCommands.CreateSingletons(cli));
        root.Subcommands.Add(CatalogCommands.Create(cli));
        root.Subcommands.Add(KeysCommands.Create(cli));
        root.Subcommands.Add(LogCommands.Create(cli));
        root.Subcommands.Add(HousekeepingCommands.Create(cli));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancel = default)
    {
        var cli = new Cli(new GlobalOptions(environment.Variable), environment);
        var parse = CreateRoot(cli).Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = environment.Output,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            var code = await parse.InvokeAsync(invocation, cancel);
            return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
        }
        catch (CommandFailedException e)
        {
            await environment.Error.WriteLineAsync($"neuroctl: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("neuroctl: cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            // Never a stack trace: one line that names what went wrong.
            await environment.Error.WriteLineAsync($"neuroctl: {e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}");
            return ExitCodes.Failed;
        }
    }
}
