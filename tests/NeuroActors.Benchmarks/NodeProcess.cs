using System.Diagnostics;
using System.Globalization;
using NeuroActors.Host;

namespace NeuroActors.Benchmarks;

/// <summary>
/// A node (NeuroActors.Host) in a child process, as an operator runs it: its CPU time and peak RSS are read from
/// /proc, and it can be killed with SIGKILL (kill -9) to measure recovery.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    private NodeProcess(Process process, Uri origin)
    {
        Process = process;
        Origin = origin;
    }

    public Process Process { get; }

    public Uri Origin { get; }

    public int Id => Process.Id;

    /// <summary>Starts the node with <paramref name="settings"/> as command-line flags; returns once /health/ready answers.</summary>
    public static async Task<NodeProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellation, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = BenchmarkKit.EmptyWorkingDirectory() };
        start.ArgumentList.Add(typeof(NodeProgram).Assembly.Location);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Echo(e.Data);
        process.ErrorDataReceived += (_, e) => Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, new Uri(settings["Http:Urls"]!.TrimEnd('/') + "/"));
        await BenchmarkKit.WaitUntilAnswersAsync(node.Origin, "health/ready", process, cancellation, TimeSpan.FromSeconds(120));
        return node;
    }

    private static void Echo(string? line)
    {
        if (BenchmarkKit.Verbose && line is not null)
        {
            Console.Error.WriteLine("node> " + line);
        }
    }

    /// <summary>User plus system CPU time the node has used so far.</summary>
    public TimeSpan CpuTime()
    {
        // /proc/PID/stat: the second field is "(name)", which may hold spaces; utime and stime are fields 14 and 15.
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>Peak resident set size (VmHWM) since the node started.</summary>
    public long PeakRssBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>Resident set size now (VmRSS).</summary>
    public long RssBytes() => StatusKilobytes("VmRSS:") * 1024;

    private long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>kill -9: no shutdown, no flush, exactly a crash.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }
}
