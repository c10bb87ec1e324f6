using System.Diagnostics;
using System.Text;
using NeuroActors.Host;

namespace NeuroActors.IntegrationTests.Support;

/// <summary>
/// A node in a child process, started as an operator starts one (the Host's dll and --Key=value flags), so that a
/// test can kill it (SIGKILL: nothing is finished) or stop it (SIGTERM: it leaves the cluster and hands off).
/// </summary>
public sealed class ChildNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildNode(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the node printed so far (its log), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<ChildNode> StartAsync(IDictionary<string, string?> settings, string name = "node")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("neuroactors-cwd-").FullName, // not /tmp: the node watches its content root
        };
        start.ArgumentList.Add(typeof(NodeProgram).Assembly.Location);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var node = new ChildNode(Process.Start(start)!, name);
        await node.WaitUntilReadyAsync();
        return node;
    }

    /// <summary>kill -9: the process ends at once, with whatever it had not written.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd stops a node: it leaves the cluster, hands its shards off, and exits.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.AppendLine(e.Data);
            if (e.Data.Contains("NeuroActors node ready at", StringComparison.Ordinal)) ready.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (_output) _output.AppendLine(e.Data);
        };
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{Name} exited:\n{Output}"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }
}
