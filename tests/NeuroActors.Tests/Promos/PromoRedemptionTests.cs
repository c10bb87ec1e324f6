using Akka.Actor;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Promos;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Limits;
using NeuroActors.Domain.Promos;
using NeuroActors.Tests.Jobs;
using NeuroActors.Tests.Limits;

namespace NeuroActors.Tests.Promos;

/// <summary>Users redeeming codes through real promo actors: every answer, once per user, the use limit exact.</summary>
public sealed class PromoRedemptionTests : TestKit
{
    private const long Ann = 6101;
    private const long Bob = 6102;
    private const long Welcome = 10;

    private readonly GrowthUsers _users;

    public PromoRedemptionTests() : base(AggregateTestKit.Config)
    {
        _users = new GrowthUsers(this, AggregateTestKit.Clock(), UserSettings.Default with { WelcomeCredits = Welcome, Growth = GrowthSettings.Default with { FreeDaily = 0 } });
    }

    [Fact]
    public void A_code_grants_its_credits_once_and_the_same_user_typing_it_again_is_told_it_is_used()
    {
        Create("SPRING", credits: 50, uses: 10);
        _users.Say(_users.Text(Ann, "/start"));

        _users.Send(_users.Text(Ann, "/promo spring"));
        Assert.Contains("+50 credits. Balance: <b>60 credits</b>", _users.WaitForText(Ann, "SPRING"), StringComparison.Ordinal);

        _users.Send(_users.Text(Ann, "/promo SPRING"));
        Assert.Contains("used promo code <b>SPRING</b> already", _users.WaitForText(Ann, "already"), StringComparison.Ordinal);
        Assert.Equal(Welcome + 50, _users.State(Ann).Balance);
        Assert.Equal(1, Status("SPRING").Used);
    }

    [Fact]
    public void A_deep_link_redeems_a_code_for_a_new_user_with_the_welcome_credits()
    {
        Create("HELLO", credits: 5, uses: 3);
        _users.Send(_users.Text(Bob, "/start promo_hello"));
        _users.WaitForText(Bob, "HELLO</b> accepted");
        Assert.Equal(Welcome + 5, _users.State(Bob).Balance);
    }

    [Theory]
    [InlineData("/promo NOSUCH", "There is no promo code <b>NOSUCH</b>")]
    [InlineData("/promo", "Type the code after the command")]
    [InlineData("/promo промокод", "only Latin letters, digits, _ and -")]
    [InlineData("/promo <b>x</b>", "only Latin letters, digits, _ and -")]
    public void Unknown_and_odd_codes_get_a_clear_answer_and_change_no_balance(string typed, string answer)
    {
        _users.Say(_users.Text(Ann, "/start"));
        _users.Send(_users.Text(Ann, typed));
        _users.WaitForText(Ann, answer);
        Assert.Equal(Welcome, _users.State(Ann).Balance);
    }

    [Fact]
    public void A_200_character_code_is_refused_without_asking_any_code()
    {
        _users.Say(_users.Text(Ann, "/start"));
        var answer = _users.Say(_users.Text(Ann, "/promo " + new string('A', 200)));
        Assert.Contains(GrowthUsers.Texts(answer), t => t.Contains("too long for a promo code", StringComparison.Ordinal));
        Assert.Equal(Welcome, _users.State(Ann).Balance);
    }

    [Fact]
    public void An_expired_code_a_used_up_code_and_a_switched_off_code_are_each_told_apart()
    {
        var now = _users.Clock.GetUtcNow();
        _users.Promos.Tell(new CreatePromo("OLD", new PromoTerms(5, 10, now.AddDays(1)), "admin:1"), TestActor);
        ExpectMsg<PromoStatus>();
        Create("ONCE", credits: 5, uses: 1);
        Create("OFF", credits: 5, uses: 10);
        _users.Promos.Tell(new SwitchOffPromo("OFF", "admin:1"), TestActor);
        Assert.True(ExpectMsg<PromoStatus>().Disabled);

        _users.Say(_users.Text(Ann, "/start"));
        _users.Say(_users.Text(Bob, "/start"));
        _users.Send(_users.Text(Ann, "/promo ONCE"));
        _users.WaitForText(Ann, "ONCE</b> accepted");

        _users.Send(_users.Text(Bob, "/promo ONCE"));
        _users.WaitForText(Bob, "is used up");
        _users.Send(_users.Text(Bob, "/promo OFF"));
        _users.WaitForText(Bob, "OFF</b> is no longer active");
        _users.Clock.Advance(TimeSpan.FromDays(2));
        _users.Send(_users.Text(Bob, "/promo OLD"));
        _users.WaitForText(Bob, "OLD</b> has expired");
        Assert.Equal(Welcome, _users.State(Bob).Balance);
    }

    [Fact]
    public void Two_users_redeeming_a_one_use_code_at_once_exactly_one_gets_it()
    {
        Create("SOLO", credits: 40, uses: 1);
        _users.Say(_users.Text(Ann, "/start"));
        _users.Say(_users.Text(Bob, "/start"));

        // Both sent before either is answered: the code's one actor decides in the order it gets them.
        _users.Send(_users.Text(Ann, "/promo SOLO"));
        _users.Send(_users.Text(Bob, "/promo SOLO"));
        _users.WaitForEachText("SOLO", Ann, Bob);

        var balances = new[] { _users.State(Ann).Balance, _users.State(Bob).Balance };
        Assert.Single(balances, b => b == Welcome + 40);
        Assert.Single(balances, b => b == Welcome);
        Assert.Equal(1, Status("SOLO").Used);
    }

    [Fact]
    public void Creating_a_code_again_with_the_same_terms_is_harmless_and_with_other_terms_is_refused()
    {
        Create("TWICE", credits: 5, uses: 2);
        _users.Promos.Tell(new CreatePromo("TWICE", new PromoTerms(5, 2, null), "admin:1"), TestActor);
        Assert.True(ExpectMsg<PromoStatus>().Accepted);
        _users.Promos.Tell(new CreatePromo("TWICE", new PromoTerms(500, 2, null), "admin:2"), TestActor);
        var refused = ExpectMsg<PromoStatus>();
        Assert.False(refused.Accepted);
        Assert.Equal(5, refused.Terms!.Credits);
    }

    private void Create(string code, long credits, int uses)
    {
        _users.Promos.Tell(new CreatePromo(code, new PromoTerms(credits, uses, null), "admin:1"), TestActor);
        Assert.True(ExpectMsg<PromoStatus>().Accepted);
    }

    private PromoStatus Status(string code)
    {
        _users.Promos.Tell(new GetPromoStatus(code), TestActor);
        return ExpectMsg<PromoStatus>();
    }
}
