using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Limits;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Referrals;
using NeuroActors.Domain.Telegram;
using NeuroActors.Tests.Jobs;
using NeuroActors.Tests.Limits;

namespace NeuroActors.Tests.Payments;

/// <summary>A referral's bonus is earned by the invitee's first payment of either kind: here a subscription's first period.</summary>
public sealed class SubscriptionReferralTests : TestKit
{
    private const long Inviter = 7201;
    private const long Friend = 7202;
    private const long Welcome = 10;
    private const long Bonus = 25;

    private readonly GrowthUsers _users;

    public SubscriptionReferralTests() : base(AggregateTestKit.Config)
    {
        _users = new GrowthUsers(this, AggregateTestKit.Clock(), UserSettings.Default with { WelcomeCredits = Welcome, Growth = GrowthSettings.Default with { ReferralBonus = Bonus } });
    }

    [Fact]
    public void The_friends_first_subscription_payment_earns_the_inviter_the_bonus_once_and_a_later_top_up_nothing_more()
    {
        _users.Say(_users.Text(Inviter, "/start"));
        _users.Send(_users.Text(Friend, "/start " + StartLink.ReferralPrefix + ReferralCodes.Of(Inviter)));
        _users.WaitForText(Friend, "You joined by a friend's invitation");

        Subscribe(Friend, "sub-charge-1", first: true);
        _users.WaitForText(Inviter, "+25 credits");
        Assert.Equal(Welcome + Bonus, _users.State(Inviter).Balance);

        // A renewal, the same payment again and a pack bought later: nothing more for the inviter.
        Subscribe(Friend, "sub-charge-2", first: false);
        Subscribe(Friend, "sub-charge-1", first: true);
        var pack = TopUpPacks.Default.All[0];
        _users.Send(Payment(Friend, new IncomingPayment("XTR", pack.Stars, InvoicePayload.ForTopUp(pack), ChargeId: "pack-charge-1")));
        _users.State(Friend);
        Assert.Equal(Welcome + Bonus, _users.State(Inviter).Balance);
        Assert.Equal(Welcome + 300 + 300 + pack.Credits, _users.State(Friend).Balance);
    }

    private void Subscribe(long userId, string chargeId, bool first) =>
        _users.Send(Payment(userId, new IncomingPayment("XTR", 125, "sub:300:125", chargeId, IsRecurring: true,
            SubscriptionExpiresAt: _users.Clock.GetUtcNow() + SubscriptionPlan.Period, IsFirstRecurring: first)));

    private static IncomingUpdate Payment(long userId, IncomingPayment payment) =>
        new(Random.Shared.NextInt64(1_000_000, long.MaxValue), userId, userId, PrivateChat: true, UpdateKind.SuccessfulPayment, "User", "en", Payment: payment);
}
