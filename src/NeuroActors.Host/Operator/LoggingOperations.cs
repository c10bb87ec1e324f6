using NeuroActors.Host.Logging;
using Serilog.Events;

namespace NeuroActors.Host.Operator;

/// <summary>
/// <c>GET log/level</c>: this node's default minimum level and each source's; <c>PUT log/level {"source"?, "level"}</c>:
/// change one at run time (this node only, until it restarts; Logging:Level and Logging:Levels:* are the start values).
/// </summary>
public static class LoggingOperations
{
    public sealed record LevelRequest(string? Source, string? Level);

    public static void MapLoggingOperations(RouteGroupBuilder api)
    {
        api.MapGet("/log/level", (LogLevels levels) => Results.Ok(Describe(levels)));

        api.MapPut("/log/level", (LogLevels levels, LevelRequest request, ILoggerFactory loggers) =>
        {
            if (request.Level is null || !LoggingSetup.IsLevelName(request.Level))
                return OperatorResults.BadRequest($"'{request.Level}' is not a level: {string.Join(", ", Enum.GetNames<LogEventLevel>())}");
            var level = LoggingSetup.ParseLevel(request.Level, LogEventLevel.Information);
            var log = loggers.CreateLogger(typeof(LoggingOperations));
            if (string.IsNullOrWhiteSpace(request.Source) || request.Source == "default")
            {
                levels.SetDefault(level);
                log.LogWarning("Operator set the default log level to {Level}", level);
            }
            else if (levels.SetSource(request.Source, level))
            {
                log.LogWarning("Operator set the log level of {Source} to {Level}", request.Source, level);
            }
            else
            {
                return OperatorResults.NotFound(
                    $"no switch for source '{request.Source}' (a source gets one from Logging:Levels:{request.Source} at start); these can change now: {string.Join(", ", levels.Describe().Select(s => s.Source))}");
            }

            return Results.Ok(Describe(levels));
        });
    }

    private static object Describe(LogLevels levels) => new
    {
        @default = levels.Default.MinimumLevel.ToString(),
        sources = levels.Describe().Select(s => new { source = s.Source, level = s.Level.ToString(), followsDefault = s.FollowsDefault }).ToArray(),
    };
}
