using NeuroActors.Actors.Users;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Foundation;

public sealed class UserRecoveryTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_user_entity_recovers_its_state_after_the_whole_actor_system_restarts(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await using (var first = await TestNode.StartAsync(database))
        {
            await first.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(1001, "welcome", 10, "welcome"));
            var granted = await first.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(1001, "grant-1", 25, "admin"));
            Assert.Equal(35, granted.Balance);
        }

        await using var second = await TestNode.StartAsync(database);
        var recovered = await second.AskRegionAsync<UserRegion, UserStateReply>(new GetUserState(1001));

        Assert.Equal(35, recovered.Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_grant_repeated_with_the_same_id_is_applied_once_even_across_a_restart(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var first = await TestNode.StartAsync(database))
        {
            await first.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(7, "welcome", 10, "welcome"));
            await first.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(7, "topup-42", 5, "admin"));
            await first.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(7, "topup-42", 5, "admin"));
        }

        await using var second = await TestNode.StartAsync(database);
        var again = await second.AskRegionAsync<UserRegion, UserStateReply>(new GrantCredits(7, "topup-42", 5, "admin"));
        Assert.Equal(15, again.Balance);
    }
}
