using System.CommandLine;

namespace NeuroActors.Cli;

/// <summary>One run of neuroctl (the tree is <see cref="Program.CreateRoot"/>): parse, call, print, and every failure as one line and an exit code.</summary>
public static class Neuroctl
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancel = default)
    {
        var cli = new Cli(new GlobalOptions(environment.Variable), environment);
        var parse = Program.CreateRoot(cli).Parse(args);
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
