using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Limits;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Referrals;
using NeuroActors.Domain.Telegram;
using NeuroActors.Tests.Jobs;
using NeuroActors.Tests.Limits;

namespace NeuroActors.Tests.Referrals;

/// <summary>Invite links through user actors: attribution once, never oneself, and the bonus only on the first paid top-up.</summary>
public sealed class ReferralTests : TestKit
{
    private const long Inviter = 7101;
    private const long Friend = 7102;
    private const long Other = 7103;
    private const long Welcome = 10;
    private const long Bonus = 25;

    private readonly GrowthUsers _users;

    public ReferralTests() : base(AggregateTestKit.Config)
    {
        _users = new GrowthUsers(this, AggregateTestKit.Clock(), UserSettings.Default with { WelcomeCredits = Welcome, Growth = GrowthSettings.Default with { ReferralBonus = Bonus } });
    }

    private static string Link(long inviter) => "/start " + StartLink.ReferralPrefix + ReferralCodes.Of(inviter);

    [Fact]
    public void Invite_gives_the_users_deep_link()
    {
        var invite = GrowthUsers.Texts(_users.Say(_users.Text(Inviter, "/invite")));
        Assert.Contains(invite, t => t.Contains("https://t.me/neuro_test_bot?start=ref_" + ReferralCodes.Of(Inviter), StringComparison.Ordinal));
    }

    [Fact]
    public void The_inviter_earns_the_bonus_on_the_friends_first_paid_top_up_only_and_only_once()
    {
        _users.Say(_users.Text(Inviter, "/start"));
        _users.Send(_users.Text(Friend, Link(Inviter)));
        _users.WaitForText(Friend, "You joined by a friend's invitation");

        // Signing up earns nothing.
        Assert.Equal(Welcome, _users.State(Inviter).Balance);

        Pay(Friend, "charge-1");
        _users.WaitForText(Inviter, "made their first top-up: +25 credits");
        Assert.Equal(Welcome + Bonus, _users.State(Inviter).Balance);

        // The same payment again, and a second payment: nothing more for the inviter.
        Pay(Friend, "charge-1");
        Pay(Friend, "charge-2");
        _users.State(Friend);
        Assert.Equal(Welcome + Bonus, _users.State(Inviter).Balance);
        Assert.Equal(Welcome + 200, _users.State(Friend).Balance);
    }

    [Fact]
    public void A_second_link_never_changes_who_invited_a_user()
    {
        _users.Say(_users.Text(Inviter, "/start"));
        _users.Say(_users.Text(Other, "/start"));
        _users.Send(_users.Text(Friend, Link(Inviter)));
        _users.WaitForText(Friend, "friend's invitation");

        _users.Send(_users.Text(Friend, Link(Other)));
        _users.State(Friend);
        Pay(Friend, "charge-1");
        _users.WaitForText(Inviter, "first top-up");
        Assert.Equal(Welcome, _users.State(Other).Balance);
    }

    [Fact]
    public void An_existing_user_following_a_link_is_not_attributed()
    {
        _users.Say(_users.Text(Inviter, "/start"));
        _users.Say(_users.Text(Friend, "/start"));
        var answer = _users.Say(_users.Text(Friend, Link(Inviter)));
        Assert.Contains(GrowthUsers.Texts(answer), t => t.Contains("for new users only", StringComparison.Ordinal));

        Pay(Friend, "charge-1");
        Assert.Equal(Welcome, _users.State(Inviter).Balance);
    }

    [Fact]
    public void A_users_own_link_is_refused_and_earns_nothing()
    {
        var answer = _users.Say(_users.Text(Inviter, Link(Inviter)));
        Assert.Contains(GrowthUsers.Texts(answer), t => t.Contains("cannot invite yourself", StringComparison.Ordinal));
        Pay(Inviter, "charge-1");
        Assert.Equal(Welcome + 100, _users.State(Inviter).Balance);
    }

    [Theory]
    [InlineData("/start ref_!!")]
    [InlineData("/start ref_")]
    public void A_link_that_is_no_code_leads_to_nobody(string text)
    {
        var answer = _users.Say(_users.Text(Friend, text));
        Assert.Contains(GrowthUsers.Texts(answer), t => t.Contains("leads to nobody", StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_to_someone_who_never_started_the_bot_leads_to_nobody_and_later_payments_earn_nothing()
    {
        _users.Send(_users.Text(Friend, Link(Other)));
        _users.WaitForText(Friend, "leads to nobody");
        Pay(Friend, "charge-1");
        Assert.False(_users.State(Other).Registered);
        Assert.Equal(0, _users.State(Other).Balance);
    }

    /// <summary>A successful_payment of the default 100-credit pack.</summary>
    private void Pay(long userId, string chargeId)
    {
        var pack = TopUpPacks.Default.All[0];
        var update = new IncomingUpdate(
            Random.Shared.NextInt64(1_000_000, long.MaxValue), userId, userId, PrivateChat: true, UpdateKind.SuccessfulPayment, "User", "en",
            Payment: new IncomingPayment("XTR", pack.Stars, InvoicePayload.ForTopUp(pack), ChargeId: chargeId));
        _users.Send(update);
    }
}
