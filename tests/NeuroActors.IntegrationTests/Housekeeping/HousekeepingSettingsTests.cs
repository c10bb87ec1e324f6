using NeuroActors.Host;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Housekeeping;

/// <summary>A bad housekeeping setting stops the node before anything starts, with one line naming the key and the fix.</summary>
public sealed class HousekeepingSettingsTests
{
    [Theory]
    [InlineData("Housekeeping:Every", "hourly")]
    [InlineData("Housekeeping:JobGrace", "7")]
    public async Task A_bad_value_stops_the_node_naming_the_key(string key, string value)
    {
        await using var database = TestDatabase.CreateSqlite();
        var errors = new StringWriter();
        string[] args =
        [
            "--Http:Urls=http://127.0.0.1:0", "--Cluster:Port=0",
            "--Persistence:Provider=sqlite", $"--Persistence:ConnectionString={database.Settings.ConnectionString}",
            $"--{key}={value}",
        ];

        var exit = await NodeProgram.RunAsync(args, errors).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(NodeProgram.ConfigurationErrorExitCode, exit);
        var line = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"NeuroActors cannot start: {key}: '{value}'", line, StringComparison.Ordinal);
        Assert.Contains("Fix: ", line, StringComparison.Ordinal);
    }
}
