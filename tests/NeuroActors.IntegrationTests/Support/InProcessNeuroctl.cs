using NeuroActors.Cli;

namespace NeuroActors.IntegrationTests.Support;

/// <summary>What neuroctl printed and returned.</summary>
public sealed record NeuroctlRun(int ExitCode, string Output, string Error);

/// <summary>neuroctl run in this process against a node (its --node from NEUROCTL_NODE), as an operator types it.</summary>
public static class InProcessNeuroctl
{
    public static async Task<NeuroctlRun> RunAsync(TestNode node, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment(output, error, name => name == "NEUROCTL_NODE" ? node.HttpAddress.ToString() : null);
        var code = await Neuroctl.RunAsync(args, environment);
        return new NeuroctlRun(code, output.ToString(), error.ToString());
    }
}
