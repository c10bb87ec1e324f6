using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace NeuroActors.Host.Logging;

public static class LoggingSetup
{
    /// <summary>Serilog from configuration: Logging:Format (text | json), Logging:Level (default Information), Logging:Levels:{Source}; the levels stay changeable through <paramref name="levels"/>.</summary>
    public static Serilog.Core.Logger Create(IConfiguration configuration, IReadOnlyList<string> secrets, TextWriter? output = null, LogLevels? levels = null)
    {
        levels ??= new LogLevels(configuration);
        ITextFormatter formatter = string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase)
            ? new CompactJsonFormatter()
            : new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        var logger = new LoggerConfiguration()
            .MinimumLevel.ControlledBy(levels.Default)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new SecretScrubbingSink(formatter, output ?? Console.Out, secrets));
        // Switches, so neuroctl can change the levels at run time (LogLevels: the defaults and Logging:Levels:* as before).
        foreach (var (source, levelSwitch) in levels.Sources)
            logger.MinimumLevel.Override(source, levelSwitch);
        return logger.CreateLogger();
    }

    /// <summary>A level by name (a number is refused, though Enum.TryParse would take it).</summary>
    public static bool IsLevelName(string text) => Enum.GetNames<LogEventLevel>().Contains(text, StringComparer.OrdinalIgnoreCase);

    public static LogEventLevel ParseLevel(string? text, LogEventLevel fallback) =>
        Enum.TryParse<LogEventLevel>(text, ignoreCase: true, out var level) ? level : fallback;
}
