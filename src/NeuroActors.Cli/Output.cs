using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary>
/// What a command prints on stdout: with <c>--json</c> the node's answer, indented and otherwise as it came; without it
/// tables and lines for a person (Spectre.Console; colour only on a terminal).
/// </summary>
public sealed class Output(TextWriter writer, bool json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Interactive = InteractionSupport.No,
    });

    /// <summary>Off a terminal (a pipe, a file, a test) tables are not squeezed into 80 columns.</summary>
    private const int UnboundedWidth = 240;

    public bool IsJson { get; } = json;

    private IAnsiConsole Console
    {
        get
        {
            if (!ReferenceEquals(writer, System.Console.Out) || System.Console.IsOutputRedirected)
                _console.Profile.Width = UnboundedWidth;
            return _console;
        }
    }

    public void Json(JsonElement answer) => writer.WriteLine(JsonSerializer.Serialize(answer, Indented));

    public void Line(string text) => Console.WriteLine(text);

    /// <summary>Name: value lines, the names aligned.</summary>
    public void Fields(params (string Name, string? Value)[] fields)
    {
        var width = fields.Max(f => f.Name.Length) + 1;
        foreach (var (name, value) in fields)
            writer.WriteLine($"{(name + ":").PadRight(width)} {(string.IsNullOrEmpty(value) ? "-" : value)}");
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell ?? "-")).ToArray());
        }

        if (any)
            Console.Write(table);
        else
            Console.WriteLine("(none)");
    }

    /// <summary>A duration as an operator reads it: 3d 4h, 2h 5m, 4m 10s, 12s, 250ms.</summary>
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays}d {span.Hours}h",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours}h {span.Minutes}m",
        { TotalMinutes: >= 1 } => $"{(int)span.TotalMinutes}m {span.Seconds}s",
        { TotalSeconds: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#}s"),
        _ => $"{(int)span.TotalMilliseconds}ms",
    };
}

/// <summary>Reading the node's JSON without ceremony: a missing or null property is null.</summary>
public static class JsonReading
{
    public static string? Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText())),
            _ => value.GetRawText(),
        } : null;

    public static bool Flag(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];
}
