using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace NeuroActors.Host.Logging;

/// <summary>
/// The last line of defence for secrets: renders each event, blanks every configured secret value, then writes it.
/// Code masks secrets itself; this sink makes a slip harmless.
/// </summary>
public sealed class SecretScrubbingSink(ITextFormatter formatter, TextWriter output, IReadOnlyList<string> secrets) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        using var buffer = new StringWriter();
        formatter.Format(logEvent, buffer);
        var text = Scrub(buffer.ToString(), secrets);
        lock (_gate)
        {
            output.Write(text);
            output.Flush();
        }
    }

    public static string Scrub(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
            if (text.Contains(secret, StringComparison.Ordinal))
                text = text.Replace(secret, Mask(secret), StringComparison.Ordinal);
        return text;
    }

    /// <summary>Keeps the last four characters so an operator can tell keys apart.</summary>
    public static string Mask(string secret) => secret.Length <= 8 ? "***" : "***" + secret[^4..];
}
