using System.CommandLine;
using System.Text.Json;

namespace NeuroActors.Cli.Commands;

/// <summary>
/// <c>neuroctl log level [&lt;source&gt;] [&lt;level&gt;]</c>: no argument shows the levels; one level name sets the
/// default; a source alone shows that source; a source and a level set that source. On the node you talk to, until it restarts.
/// </summary>
public static class LogCommands
{
    private static readonly string[] Levels = ["Verbose", "Debug", "Information", "Warning", "Error", "Fatal"];

    public static Command Create(Cli cli)
    {
        var log = new Command("log", "this node's logging: level");
        var first = new Argument<string?>("source") { Description = "a log source (e.g. Akka, NeuroActors.Actors.Jobs), or a level to set the default", Arity = ArgumentArity.ZeroOrOne };
        var second = new Argument<string?>("level") { Description = $"the new minimum level: {string.Join(", ", Levels)}", Arity = ArgumentArity.ZeroOrOne };
        var level = new Command("level", "show or change the minimum log level, by default or per source, at run time") { first, second };
        cli.Calls(level, (parse, client, cancel) =>
        {
            var (source, newLevel) = Interpret(parse.GetValue(first), parse.GetValue(second));
            return newLevel is null
                ? client.GetAsync("log/level", cancel)
                : client.PutAsync("log/level", new { source, level = newLevel }, cancel);
        }, (parse, answer, output) => Render(Interpret(parse.GetValue(first), parse.GetValue(second)).Source, answer, output));
        log.Subcommands.Add(level);
        return log;
    }

    /// <summary>One argument that is a level name sets the default; otherwise the first is the source.</summary>
    public static (string? Source, string? Level) Interpret(string? first, string? second) =>
        second is not null ? (first, (string?)second)
        : first is not null && Levels.Contains(first, StringComparer.OrdinalIgnoreCase) ? ((string?)null, (string?)first)
        : (first, (string?)null);

    private static void Render(string? source, JsonElement answer, Output output)
    {
        var sources = answer.Items("sources").Where(s => source is null || string.Equals(s.Text("source"), source, StringComparison.Ordinal)).ToArray();
        if (source is not null && sources.Length == 0)
            throw new CommandFailedException(ExitCodes.Failed, $"no switch for source '{source}'; these have one: {string.Join(", ", answer.Items("sources").Select(s => s.Text("source")))}");
        output.Line($"default: {answer.Text("default")}");
        output.Table(["source", "level", "follows default"],
            sources.Select(s => (IReadOnlyList<string?>)[s.Text("source"), s.Text("level"), s.Text("followsDefault")]));
    }
}
