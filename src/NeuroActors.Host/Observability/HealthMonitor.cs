using System.Diagnostics;
using Microsoft.Data.Sqlite;
using NeuroActors.Actors.Persistence;
using NeuroActors.Host.Configuration;
using NeuroActors.Kie.Observability;
using NeuroActors.Telegram.Observability;

namespace NeuroActors.Host.Observability;

/// <summary>The outcome of one part of a check.</summary>
public sealed record HealthProbe(bool Ok, string Detail, double Milliseconds);

/// <summary>Free space of the file system that holds <see cref="Path"/>.</summary>
public sealed record DiskSpace(string Purpose, string Path, long FreeBytes, long TotalBytes);

/// <summary>One round of checks: the database, KIE and Telegram, and the disks, at <see cref="At"/>.</summary>
public sealed record HealthCheck(DateTimeOffset At, HealthProbe Database, HealthProbe Kie, HealthProbe Telegram, IReadOnlyList<DiskSpace> Disks)
{
    public bool Ok => Database.Ok && Kie.Ok && Telegram.Ok;
}

/// <summary>
/// Checks the node's dependencies on a timer (<see cref="HealthSettings.CheckInterval"/>), never per request: a /health
/// call, or a load balancer polling it, costs no database, KIE or Telegram call. Keeps the last
/// <see cref="HistoryLength"/> checks for /health and the metrics.
/// </summary>
public sealed class HealthMonitor(
    NodeSettings node,
    HealthSettings settings,
    KieReachability kie,
    TelegramReachability telegram,
    TimeProvider time,
    ILogger<HealthMonitor> log) : BackgroundService
{
    public const int HistoryLength = 10;

    /// <summary>One probe may take this long; a slower answer counts as a failure.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly Queue<HealthCheck> _history = new();
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public DateTimeOffset StartedAt => _startedAt;

    public TimeSpan Uptime => time.GetUtcNow() - _startedAt;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<HealthCheck> History
    {
        get
        {
            lock (_gate) return _history.Reverse().ToArray();
        }
    }

    public HealthCheck? Latest
    {
        get
        {
            lock (_gate) return _history.Count == 0 ? null : _history.Last();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        do
        {
            var check = await CheckOnceAsync(stoppingToken);
            var previous = Latest;
            lock (_gate)
            {
                _history.Enqueue(check);
                while (_history.Count > HistoryLength) _history.Dequeue();
            }

            if (previous?.Ok != false && !check.Ok)
            {
                log.LogWarning("Health check failed: database {DatabaseOk} ({Database}), KIE {KieOk} ({Kie}), Telegram {TelegramOk} ({Telegram})",
                    check.Database.Ok, check.Database.Detail, check.Kie.Ok, check.Kie.Detail, check.Telegram.Ok, check.Telegram.Detail);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<HealthCheck> CheckOnceAsync(CancellationToken stopping)
    {
        var database = ProbeAsync(PingDatabaseAsync, stopping);
        var kieProbe = ProbeAsync(kie.CheckAsync, stopping);
        var telegramProbe = ProbeAsync(telegram.CheckAsync, stopping);
        await Task.WhenAll(database, kieProbe, telegramProbe);
        return new HealthCheck(time.GetUtcNow(), database.Result, kieProbe.Result, telegramProbe.Result, Disks());
    }

    private static async Task<HealthProbe> ProbeAsync(Func<CancellationToken, Task<(bool Ok, string Detail)>> probe, CancellationToken stopping)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            var (ok, detail) = await probe(timeout.Token);
            return new HealthProbe(ok, detail, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new HealthProbe(false, $"no answer within {ProbeTimeout.TotalSeconds:0} s", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            return new HealthProbe(false, e.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task<(bool Ok, string Detail)> PingDatabaseAsync(CancellationToken cancel)
    {
        try
        {
            await using var connection = await Task.Run(() => node.Persistence.OpenConnection(), cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancel);
            return (true, node.Persistence.Provider.ToString().ToLowerInvariant());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Preflight.FirstLine keeps the provider's first line, which names the problem and never the password.
            return (false, Preflight.FirstLine(e));
        }
    }

    /// <summary>The SQLite file's disk (when the journal is SQLite) and the working directory's (logs, data/).</summary>
    private IReadOnlyList<DiskSpace> Disks()
    {
        var disks = new List<DiskSpace>();
        if (node.Persistence.Provider == PersistenceProvider.Sqlite && SqliteFolder() is { } folder) Add(disks, "database", folder);
        Add(disks, "working-directory", Environment.CurrentDirectory);
        return disks;
    }

    private string? SqliteFolder()
    {
        try
        {
            var source = new SqliteConnectionStringBuilder(node.Persistence.ConnectionString).DataSource;
            if (string.IsNullOrEmpty(source) || source.Contains("memory", StringComparison.OrdinalIgnoreCase)) return null;
            return Path.GetDirectoryName(Path.GetFullPath(source));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void Add(List<DiskSpace> disks, string purpose, string folder)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(folder));
            disks.Add(new DiskSpace(purpose, folder, drive.AvailableFreeSpace, drive.TotalSize));
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            disks.Add(new DiskSpace(purpose, folder, -1, -1));
        }
    }
}
