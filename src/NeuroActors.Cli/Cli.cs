using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli;

/// <summary>
/// What a command group needs to make its commands: the global options and one way to turn "call the node, then
/// print the answer" into a command action. A group file adds its commands with <see cref="Calls"/> and nothing else.
/// </summary>
public sealed class Cli(GlobalOptions global, CliEnvironment environment)
{
    public GlobalOptions Global => global;

    /// <summary>The command calls the node, then prints the answer: as JSON with --json, else through <paramref name="render"/>.</summary>
    public void Calls(Command command, Func<ParseResult, OperatorClient, CancellationToken, Task<JsonElement>> call, Action<ParseResult, JsonElement, Output> render)
    {
        command.SetAction(async (parse, cancel) =>
        {
            using var client = OperatorClient.Create(
                parse.GetRequiredValue(global.Node), parse.GetValue(global.Token), parse.GetValue(global.Timeout) ?? GlobalOptions.DefaultTimeout, environment.Handler);
            var answer = await call(parse, client, cancel);
            var output = new Output(environment.Output, parse.GetValue(global.Json));
            if (output.IsJson)
                output.Json(answer);
            else
                render(parse, answer, output);
            return ExitCodes.Done;
        });
    }
}
