using System.Text.Json;
using NeuroActors.Cli;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Operator;

/// <summary>neuroctl, in process, against real nodes: what an operator types and what comes back.</summary>
public sealed class NeuroctlAgainstANodeTests
{
    private static Task<NeuroctlRun> NeuroctlAsync(TestNode node, params string[] args) => InProcessNeuroctl.RunAsync(node, args);

    [Fact]
    public async Task Cluster_show_lists_both_members_and_bad_addresses_are_refused_with_a_reason()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var a = await TestNode.StartAsync(database);
        await using var b = await TestNode.StartAsync(database, seed: a);
        // B's own view may still show it joining for a moment after it was told it is up.
        await WaitUntilAsync(() => b.Cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 2, "B to see both members up");

        var show = await NeuroctlAsync(b, "cluster", "show", "--json");
        Assert.Equal(ExitCodes.Done, show.ExitCode);
        using (var answer = JsonDocument.Parse(show.Output))
        {
            var members = answer.RootElement.GetProperty("members").EnumerateArray().ToArray();
            Assert.Equal(2, members.Length);
            Assert.All(members, m => Assert.Equal("up", m.GetProperty("status").GetString()));
            Assert.Equal(b.Cluster.SelfAddress.ToString(), answer.RootElement.GetProperty("self").GetString());
            Assert.Equal(a.Cluster.SelfAddress.ToString(), answer.RootElement.GetProperty("oldest").GetString());
        }

        var downSelf = await NeuroctlAsync(b, "cluster", "down", b.Cluster.SelfAddress.ToString());
        Assert.Equal(ExitCodes.Failed, downSelf.ExitCode);
        Assert.Contains("use leave, or ask another node", downSelf.Error, StringComparison.Ordinal);

        var stranger = await NeuroctlAsync(b, "cluster", "leave", "akka.tcp://neuroactors@127.0.0.1:1");
        Assert.Equal(ExitCodes.Failed, stranger.ExitCode);
        Assert.Contains("is not a member of this cluster", stranger.Error, StringComparison.Ordinal);

        var malformed = await NeuroctlAsync(b, "cluster", "down", "not an address");
        Assert.Equal(ExitCodes.Failed, malformed.ExitCode);
        Assert.Contains("is not a member address", malformed.Error, StringComparison.Ordinal);

        var singletons = await NeuroctlAsync(b, "singletons", "--json");
        Assert.Equal(ExitCodes.Done, singletons.ExitCode);
        using (var answer = JsonDocument.Parse(singletons.Output))
        {
            var catalog = answer.RootElement.GetProperty("singletons").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "catalog-sync");
            Assert.Equal(a.Cluster.SelfAddress.ToString(), catalog.GetProperty("node").GetString());
        }

        var leave = await NeuroctlAsync(a, "cluster", "leave", b.Cluster.SelfAddress.ToString());
        Assert.Equal(ExitCodes.Done, leave.ExitCode);
        await WaitUntilAsync(() => a.Cluster.State.Members.Count == 1, "B to leave");
    }

    [Fact]
    public async Task A_wrong_token_exits_3_with_one_line()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database, extra: new Dictionary<string, string?> { ["Operator:Token"] = "operator-token-for-tests-0123456789" });

        var run = await NeuroctlAsync(node, "health", "--token", "not-the-token-0123456789");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Contains("unauthorised", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_level_changes_the_level_on_the_node_at_run_time()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);

        var set = await NeuroctlAsync(node, "log", "level", "Akka", "Debug", "--json");
        Assert.Equal(ExitCodes.Done, set.ExitCode);
        var shown = await NeuroctlAsync(node, "log", "level", "Akka");
        Assert.Contains(shown.Output.Split('\n'), l => l.Contains("Akka", StringComparison.Ordinal) && l.Contains("Debug", StringComparison.Ordinal));

        var unknown = await NeuroctlAsync(node, "log", "level", "No.Such.Source", "Debug");
        Assert.Equal(ExitCodes.Failed, unknown.ExitCode);
        var badLevel = await NeuroctlAsync(node, "log", "level", "Akka", "Loud");
        Assert.Equal(ExitCodes.Failed, badLevel.ExitCode);
        Assert.Contains("is not a level", badLevel.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Catalog_model_off_hides_the_model_on_another_node_and_after_a_restart_of_the_cluster(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var a = await TestNode.StartAsync(database);
        var b = await TestNode.StartAsync(database, seed: a);
        var model = b.Holder().Current.AdminListing().First(m => m.Visible);

        var off = await NeuroctlAsync(a, "catalog", "model", model.ModelId, "off", "--reason", "KIE outage", "--by", "ops-anna");
        Assert.Equal(ExitCodes.Done, off.ExitCode);

        await WaitUntilAsync(() => !b.Holder().Current.IsVisible(model.ModelId), "node B to hide the model");
        Assert.DoesNotContain(b.Holder().Current.Menu(model.Kind), m => m.ModelId == model.ModelId);
        var hidden = await NeuroctlAsync(b, "catalog", "show", "--hidden", "--json");
        using (var answer = JsonDocument.Parse(hidden.Output))
        {
            var entry = answer.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == model.ModelId);
            var reason = entry.GetProperty("reasons").EnumerateArray().Single().GetString()!;
            Assert.StartsWith("HIDDEN_BY_OPERATOR: by ops-anna", reason, StringComparison.Ordinal);
            Assert.EndsWith("KIE outage", reason, StringComparison.Ordinal);
        }

        await b.DisposeAsync();
        await a.DisposeAsync();
        await using var restarted = await TestNode.StartAsync(database);
        await WaitUntilAsync(() => !restarted.Holder().Current.IsVisible(model.ModelId), "the restarted node to hide the model");

        var on = await NeuroctlAsync(restarted, "catalog", "model", model.ModelId, "on");
        Assert.Equal(ExitCodes.Done, on.ExitCode);
        await WaitUntilAsync(() => restarted.Holder().Current.IsVisible(model.ModelId), "the model to show again");
    }

    [Fact]
    public async Task Keys_list_masks_the_keys_and_keys_enable_puts_a_disabled_key_back_on_every_node()
    {
        const string secret = "kie-secret-key-for-tests-9f8e7d6c";
        var keys = new Dictionary<string, string?> { ["Kie:ApiKeys"] = secret };
        await using var database = TestDatabase.CreateSqlite();
        await using var a = await TestNode.StartAsync(database, extra: keys);
        await using var b = await TestNode.StartAsync(database, seed: a, extra: keys);
        var poolA = a.KeyPool();
        var poolB = b.KeyPool();
        var id = Assert.Single(poolA.KeyIds);
        poolA.Report(id, KieWorkKind.Create, KieKeyEffect.DisableNoCredits, kieMessage: "credits exhausted");
        poolB.Report(id, KieWorkKind.Create, KieKeyEffect.DisableNoCredits, kieMessage: "credits exhausted");
        Assert.False(poolA.HasUsableKey(KieWorkKind.Create) || poolB.HasUsableKey(KieWorkKind.Create));

        var list = await NeuroctlAsync(a, "keys", "list");
        Assert.Equal(ExitCodes.Done, list.ExitCode);
        Assert.Contains(id.Value, list.Output, StringComparison.Ordinal);
        Assert.Contains("disabled", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Output + (await NeuroctlAsync(a, "keys", "list", "--json")).Output, StringComparison.Ordinal);

        var enable = await NeuroctlAsync(a, "keys", "enable", id.Value.Split('#')[1]);
        Assert.Equal(ExitCodes.Done, enable.ExitCode);
        await WaitUntilAsync(() => poolA.HasUsableKey(KieWorkKind.Create) && poolB.HasUsableKey(KieWorkKind.Create), "the key to be back on both nodes");
    }

    [Fact]
    public async Task Catalog_model_of_an_unknown_model_exits_1_and_names_it()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var node = await TestNode.StartAsync(database);

        var run = await NeuroctlAsync(node, "catalog", "model", "no/such-model", "off");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("no model 'no/such-model'", run.Error, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
                Assert.Fail($"waited 60 s for {what}");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}

internal static class TestNodeCatalog
{
    public static CatalogHolder Holder(this TestNode node) => (CatalogHolder)node.App.Services.GetService(typeof(CatalogHolder))!;

    public static KieKeyPool KeyPool(this TestNode node) => (KieKeyPool)node.App.Services.GetService(typeof(KieKeyPool))!;
}
