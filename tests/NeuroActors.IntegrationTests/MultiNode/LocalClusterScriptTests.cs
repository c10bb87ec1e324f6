using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuroActors.Host;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.MultiNode;

/// <summary>deploy/local-cluster.sh as an operator runs it, and neuroctl (the built tool) against what it started.</summary>
public sealed class LocalClusterScriptTests
{
    [Fact]
    public async Task The_local_cluster_script_starts_three_Up_members_and_neuroctl_makes_one_leave()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var http = Enumerable.Range(0, 3).Select(_ => FlowSandbox.FreePort()).ToArray();
        var remoting = Enumerable.Range(0, 3).Select(_ => FlowSandbox.FreePort()).ToArray();
        var root = RepositoryRoot();
        var script = new ProcessStartInfo("bash", [Path.Combine(root, "deploy", "local-cluster.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PG"] = database.Settings.ConnectionString,
                ["HTTP_PORTS"] = string.Join(' ', http),
                ["REMOTING_PORTS"] = string.Join(' ', remoting),
                ["NEUROACTORS_HOST_DLL"] = typeof(NodeProgram).Assembly.Location,
            },
        };
        using var cluster = Process.Start(script)!;
        cluster.OutputDataReceived += (_, _) => { };
        cluster.ErrorDataReceived += (_, _) => { };
        cluster.BeginOutputReadLine();
        cluster.BeginErrorReadLine();
        try
        {
            var node = $"http://127.0.0.1:{http[0]}";
            var members = await WaitForAsync(async () =>
            {
                var (code, output, _) = await NeuroctlAsync(root, "--node", node, "--json", "cluster", "show");
                var shown = code == 0 ? JsonNode.Parse(output)!["members"]!.AsArray() : null;
                return shown is not null && shown.Count(m => (string?)m!["status"] == "up") == 3 ? shown : null;
            });
            Assert.Equal(3, members.Count);

            var (table, tableOutput, _) = await NeuroctlAsync(root, "--node", node, "cluster", "show");
            Assert.Equal(0, table);
            Assert.Equal(3, remoting.Count(port => tableOutput.Contains(":" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));

            var third = (string)members.Single(m => ((string)m!["address"]!).EndsWith(":" + remoting[2].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))!["address"]!;
            var (leave, _, leaveErrors) = await NeuroctlAsync(root, "--node", node, "cluster", "leave", third);
            Assert.True(leave == 0, "neuroctl cluster leave: " + leaveErrors);
            await WaitForAsync(async () =>
            {
                var (code, output, _) = await NeuroctlAsync(root, "--node", node, "--json", "cluster", "show");
                return code == 0 && JsonNode.Parse(output)!["members"]!.AsArray().Count == 2 ? output : null;
            });
        }
        finally
        {
            // The script's trap stops its nodes gracefully; whatever is left after that is killed.
            using (var term = Process.Start("kill", ["-TERM", cluster.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await cluster.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                cluster.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Runs the built neuroctl (src/NeuroActors.Cli's output, as `dotnet run` would) and returns its exit code and output.</summary>
    private static async Task<(int Code, string Output, string Errors)> NeuroctlAsync(string root, params string[] args)
    {
        var dll = Directory.GetFiles(Path.Combine(root, "src", "NeuroActors.Cli", "bin"), "neuroctl.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> attempt)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (await attempt() is { } done) return done;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("the local cluster did not get there in time");
            await Task.Delay(500);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NeuroActors.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("the repository root (NeuroActors.sln) is not above " + AppContext.BaseDirectory);
    }
}
