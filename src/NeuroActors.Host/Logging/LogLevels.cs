using Serilog.Core;
using Serilog.Events;

namespace NeuroActors.Host.Logging;

/// <summary>
/// The node's minimum log levels as switches an operator can turn at run time (neuroctl log level): the default
/// (Logging:Level) and one per source (Logging:Levels:{Source}, the built-in quiet ones, and the sources an operator is
/// likely to want: Akka, NeuroActors, Microsoft, System). A source nobody set follows the default, as it would without a switch.
/// </summary>
public sealed class LogLevels
{
    private static readonly (string Source, LogEventLevel Level)[] Quiet =
    [
        ("Microsoft.AspNetCore", LogEventLevel.Warning),
        ("Microsoft.Extensions.Http", LogEventLevel.Warning),
        ("System.Net.Http", LogEventLevel.Warning),
    ];

    private static readonly string[] Following = ["Akka", "NeuroActors", "Microsoft", "System"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (LoggingLevelSwitch Switch, bool Set)> _sources = new(StringComparer.Ordinal);

    public LogLevels(IConfiguration configuration)
    {
        Default = new LoggingLevelSwitch(LoggingSetup.ParseLevel(configuration["Logging:Level"], LogEventLevel.Information));
        foreach (var source in Following)
            _sources[source] = (new LoggingLevelSwitch(Default.MinimumLevel), false);
        foreach (var (source, level) in Quiet)
            _sources[source] = (new LoggingLevelSwitch(level), true);
        foreach (var level in configuration.GetSection("Logging:Levels").GetChildren())
            _sources[level.Key] = (new LoggingLevelSwitch(LoggingSetup.ParseLevel(level.Value, LogEventLevel.Information)), true);
    }

    public LoggingLevelSwitch Default { get; }

    /// <summary>Every source with a switch, for the logger's overrides.</summary>
    public IEnumerable<(string Source, LoggingLevelSwitch Switch)> Sources
    {
        get
        {
            lock (_gate)
                return _sources.Select(s => (s.Key, s.Value.Switch)).ToArray();
        }
    }

    public sealed record SourceLevel(string Source, LogEventLevel Level, bool FollowsDefault);

    public IReadOnlyList<SourceLevel> Describe()
    {
        lock (_gate)
            return _sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SourceLevel(s.Key, s.Value.Switch.MinimumLevel, !s.Value.Set)).ToArray();
    }

    public bool Knows(string source)
    {
        lock (_gate)
            return _sources.ContainsKey(source);
    }

    /// <summary>Changes the default; the sources nobody set follow it.</summary>
    public void SetDefault(LogEventLevel level)
    {
        lock (_gate)
        {
            Default.MinimumLevel = level;
            foreach (var (_, entry) in _sources.Where(s => !s.Value.Set))
                entry.Switch.MinimumLevel = level;
        }
    }

    /// <summary>Changes a source that has a switch; false for one the logger was built without (Serilog fixes its overrides at start).</summary>
    public bool SetSource(string source, LogEventLevel level)
    {
        lock (_gate)
        {
            if (!_sources.TryGetValue(source, out var entry))
                return false;
            entry.Switch.MinimumLevel = level;
            _sources[source] = (entry.Switch, true);
            return true;
        }
    }
}
