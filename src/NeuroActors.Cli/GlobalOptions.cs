using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NeuroActors.Cli;

/// <summary>The options every command takes: which node, the token, machine output, how long to wait.</summary>
public sealed class GlobalOptions
{
    public const string DefaultNode = "http://127.0.0.1:8080";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public GlobalOptions(Func<string, string?> variable)
    {
        Node = new Option<Uri>("--node")
        {
            Description = "the node's HTTP address (env NEUROCTL_NODE)",
            Recursive = true,
            DefaultValueFactory = _ => new Uri(variable("NEUROCTL_NODE") is { Length: > 0 } node ? node : DefaultNode),
            CustomParser = ParseNode,
        };
        Token = new Option<string?>("--token")
        {
            Description = "the node's Operator:Token (env NEUROCTL_TOKEN)",
            Recursive = true,
            DefaultValueFactory = _ => variable("NEUROCTL_TOKEN") is { Length: > 0 } token ? token : null,
        };
        Json = new Option<bool>("--json") { Description = "print the node's JSON answer", Recursive = true };
        // No DefaultValueFactory: help would print the default as 00:00:10, not in the syntax the option takes.
        Timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "how long to wait for the node, e.g. 10s, 500ms, 2m (default 10s)",
            HelpName = "duration",
            Recursive = true,
            CustomParser = result => TryParseDuration(result.Tokens.Single().Value, out var duration) && duration > TimeSpan.Zero
                ? duration
                : Fail<TimeSpan?>(result, $"--timeout: '{result.Tokens.Single().Value}' is not a duration such as 10s, 500ms or 2m"),
        };
    }

    public Option<Uri> Node { get; }
    public Option<string?> Token { get; }
    public Option<bool> Json { get; }
    public Option<TimeSpan?> Timeout { get; }

    public void AddTo(Command root)
    {
        root.Options.Add(Node);
        root.Options.Add(Token);
        root.Options.Add(Json);
        root.Options.Add(Timeout);
    }

    /// <summary>A number with ms, s, m or h after it; a bare number is seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || value > 86_400)
            return false;
        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }

    private static Uri ParseNode(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : Fail<Uri>(result, $"--node: '{text}' is not an http(s) URL such as {DefaultNode}");
    }

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
