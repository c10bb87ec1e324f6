using Akka.Actor;
using Akka.Cluster.Sharding;
using NeuroActors.Actors.Users;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Foundation;

public sealed class TwoNodeClusterTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task When_a_node_leaves_its_user_entities_hand_off_and_recover_on_the_other_node_with_their_state(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var a = await TestNode.StartAsync(database);
        var b = await TestNode.StartAsync(database, seed: a);

        var users = Enumerable.Range(1, 40).Select(i => (long)(5000 + i)).ToArray();
        foreach (var id in users)
        {
            await b.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(id, "welcome", 10, "welcome"));
            await b.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(id, "g", (int)(id % 7) + 1, "test"));
        }

        var regionOnB = await b.Registry.GetAsync<UserRegion>();
        var stats = await regionOnB.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(15));
        Assert.Equal(2, stats.Regions.Count);
        var shardsOnB = stats.Regions[b.Cluster.SelfAddress].Stats.Count;
        Assert.True(shardsOnB > 0, "node B should host some of the 40 users' shards before it leaves");

        await b.StopAsync();
        await b.App.DisposeAsync();

        foreach (var id in users)
        {
            var state = await a.AskRegionAsync<UserRegion, UserStateReply>(new GetUserState(id));
            Assert.Equal(10 + (int)(id % 7) + 1, state.Balance);
        }

        var after = await (await a.Registry.GetAsync<UserRegion>()).Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(15));
        Assert.Equal([a.Cluster.SelfAddress], after.Regions.Keys.ToArray());
    }
}
