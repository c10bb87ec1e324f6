using System.Text.Json;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Cli;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Housekeeping;

/// <summary>neuroctl housekeeping status|run and the singletons list, in process, against a real node.</summary>
public sealed class NeuroctlHousekeepingTests
{
    private static Task<NeuroctlRun> NeuroctlAsync(TestNode node, params string[] args) => InProcessNeuroctl.RunAsync(node, args);

    [Fact]
    public async Task Status_shows_the_schedule_run_answers_what_it_removed_and_singletons_lists_housekeeping()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?> { ["Housekeeping:Every"] = "6h" });
        var self = node.Cluster.SelfAddress.ToString();

        var before = await NeuroctlAsync(node, "housekeeping", "status");
        Assert.Equal(ExitCodes.Done, before.ExitCode);
        Assert.Contains(self, before.Output, StringComparison.Ordinal);
        Assert.Contains("6h", before.Output, StringComparison.Ordinal);
        Assert.Contains("last run: never", before.Output, StringComparison.Ordinal);

        var run = await NeuroctlAsync(node, "housekeeping", "run", "--timeout", "2m", "--json");
        Assert.Equal(ExitCodes.Done, run.ExitCode);
        using (var answer = JsonDocument.Parse(run.Output))
        {
            var removed = answer.RootElement.GetProperty("removed").EnumerateArray().ToArray();
            Assert.Equal([SettledJobRetention.TargetName, SubscriptionExpiry.TargetName, ReadSideRetention.TargetName], removed.Select(r => r.GetProperty("target").GetString()));
            Assert.All(removed, r => Assert.Equal(0, r.GetProperty("removed").GetInt64()));
        }

        var after = await NeuroctlAsync(node, "housekeeping", "status");
        Assert.Equal(ExitCodes.Done, after.ExitCode);
        Assert.DoesNotContain("last run: never", after.Output, StringComparison.Ordinal);
        Assert.Contains(SettledJobRetention.TargetName, after.Output, StringComparison.Ordinal);

        var singletons = await NeuroctlAsync(node, "singletons", "--json");
        Assert.Equal(ExitCodes.Done, singletons.ExitCode);
        using (var answer = JsonDocument.Parse(singletons.Output))
        {
            var housekeeping = answer.RootElement.GetProperty("singletons").EnumerateArray().Single(s => s.GetProperty("name").GetString() == HousekeepingWiring.SingletonName);
            Assert.Equal(self, housekeeping.GetProperty("node").GetString());
            var projection = answer.RootElement.GetProperty("singletons").EnumerateArray().Single(s => s.GetProperty("name").GetString() == ReadSideWiring.ProjectionSingletonName);
            Assert.Equal(self, projection.GetProperty("node").GetString());
        }

        var typo = await NeuroctlAsync(node, "housekeeping", "rnu");
        Assert.Equal(ExitCodes.Usage, typo.ExitCode);
    }
}
