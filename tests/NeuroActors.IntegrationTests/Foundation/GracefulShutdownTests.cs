using System.Diagnostics;
using NeuroActors.Host;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Foundation;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_makes_the_node_leave_the_cluster_and_exit_zero()
    {
        await using var database = TestDatabase.CreateSqlite();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("neuroactors-cwd-").FullName, // not /tmp: the node watches its content root
        };
        start.ArgumentList.Add(typeof(NodeProgram).Assembly.Location);
        start.ArgumentList.Add("--Http:Urls=http://127.0.0.1:0");
        start.ArgumentList.Add("--Cluster:Port=0");
        start.ArgumentList.Add("--Persistence:ConnectionString=" + database.Settings.ConnectionString);

        using var node = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains("NeuroActors node ready at", StringComparison.Ordinal)) ready.TrySetResult();
        };
        node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (output) output.AppendLine(e.Data);
        };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using (var kill = Process.Start("kill", ["-TERM", node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }

        string log;
        lock (output) log = output.ToString();
        Assert.True(node.ExitCode == 0, $"exit code {node.ExitCode}; output:\n{log}");
        Assert.Contains("Leaving", log);
        Assert.Contains("Exiting completed", log);
    }
}
