using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram;
using NeuroActors.Tests.Jobs;

namespace NeuroActors.Tests.Payments;

/// <summary>
/// The user actor's subscription part on a fake clock: the end at the expiration date (told once), cancel and resume
/// through Telegram's editUserStarSubscription, and the thank-you sent again after a restart until it reached the chat.
/// </summary>
public sealed class SubscriptionUserTests : TestKit
{
    private const long UserId = 5151;
    private readonly FakeTimeProvider _clock = AggregateTestKit.Clock();
    private readonly TestProbe _outbox;
    private readonly TestProbe _jobs;
    private readonly RecordingSubscriptions _telegram = new();
    private readonly UserPorts _ports;
    private long _nextUpdateId;

    public SubscriptionUserTests() : base(AggregateTestKit.Config)
    {
        _outbox = CreateTestProbe("outbox");
        _jobs = CreateTestProbe("jobs");
        _ports = new UserPorts(UserSettings.Default with { WelcomeCredits = 10 }, AggregateTestKit.Menu(), _clock, Subscriptions: _telegram);
    }

    [Fact]
    public void A_subscription_not_renewed_ends_at_its_expiration_date_and_the_user_is_told_once()
    {
        var user = StartUser();
        Send(user, Text("/start"));
        var expires = _clock.GetUtcNow() + SubscriptionPlan.Period;
        var thanks = Send(user, Payment("charge-1", first: true, expires));
        Assert.Contains(Texts(thanks), t => t.Contains("Thank you for subscribing! 300 credits added. Balance: <b>310 credits</b>. Next renewal: 2026-05-31", StringComparison.Ordinal));
        Assert.Equal(310, State(user).Balance);

        // Housekeeping asks before the date: nothing ends, nothing is said.
        _clock.Advance(SubscriptionPlan.Period - TimeSpan.FromMinutes(1));
        Assert.Equal(new SubscriptionExpiryChecked(UserId, "charge-1", Expired: false, StillRunning: true), Expire(user, "charge-1"));
        Assert.Empty(Drain());

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new SubscriptionExpiryChecked(UserId, "charge-1", Expired: true, StillRunning: false), Expire(user, "charge-1"));
        var notice = Drain().Single();
        Assert.Contains("Your subscription ended on 2026-05-31", Texts([notice]).Single(), StringComparison.Ordinal);
        Assert.Equal(DeliveryId.SubscriptionEnd("charge-1"), notice.DeliveryId);
        user.Tell(new Delivered(notice.DeliveryId, UserId, new SendOutcome.Sent([1])));

        // Asked again (a second run, or a retry after a lost answer), and after a restart: ended already, nobody is told twice.
        Assert.Equal(new SubscriptionExpiryChecked(UserId, "charge-1", Expired: false, StillRunning: false), Expire(user, "charge-1"));
        user = Restart(user);
        Assert.Equal(new SubscriptionExpiryChecked(UserId, "charge-1", Expired: false, StillRunning: false), Expire(user, "charge-1"));
        Assert.DoesNotContain(Texts(Drain()), t => t.Contains("ended", StringComparison.Ordinal));
        Assert.Equal(310, State(user).Balance); // the credits stay

        // /subscription offers the plan again, with the link Telegram made for it.
        Post(user, Text("/subscription"));
        var offer = FishScreen(s => s.Html.Contains("every 30 days for ⭐125", StringComparison.Ordinal));
        Assert.Contains(offer.Keyboard!.Buttons, b => b.Url == RecordingSubscriptions.Link);
        Assert.Equal("sub:300:125", Assert.Single(_telegram.Invoices).Payload);
    }

    [Fact]
    public void Cancel_asks_to_confirm_goes_through_Telegram_then_shows_the_end_date_and_resume_undoes_it()
    {
        var user = StartUser();
        Send(user, Text("/start"));
        Send(user, Payment("charge-1", first: true, _clock.GetUtcNow() + SubscriptionPlan.Period));

        var state = Screens(Send(user, Text("/subscription"))).Single();
        Assert.Contains("Next renewal: <b>2026-05-31</b>", state.Html, StringComparison.Ordinal);
        var confirm = Screens(Send(user, Tap(SubscriptionTap.Cancel))).Single();
        Assert.Contains("Cancel the subscription?", confirm.Html, StringComparison.Ordinal);
        Assert.Empty(_telegram.Edits); // nothing is cancelled before the confirmation

        Post(user, Tap(SubscriptionTap.ConfirmCancel));
        var ended = FishScreen(s => s.Html.Contains("It ends on <b>2026-05-31</b>", StringComparison.Ordinal));
        Assert.Contains(ended.Keyboard!.Buttons, b => b.CallbackData == CallbackCodec.Encode(new CallbackAction.Subscription(SubscriptionTap.Resume)));
        Assert.Equal((UserId, "charge-1", true), Assert.Single(_telegram.Edits));

        Post(user, Tap(SubscriptionTap.Resume));
        FishScreen(s => s.Html.Contains("Subscription active", StringComparison.Ordinal));
        Assert.Equal((UserId, "charge-1", false), _telegram.Edits.Last());

        // Telegram refuses: nothing is recorded, the user is asked to try again.
        _telegram.Refuse = true;
        Send(user, Tap(SubscriptionTap.Cancel));
        Post(user, Tap(SubscriptionTap.ConfirmCancel));
        FishScreen(s => s.Html.Contains("Telegram did not answer", StringComparison.Ordinal));
        user = Restart(user);
        Assert.Contains("Subscription active", Screens(Send(user, Text("/subscription"))).Last().Html, StringComparison.Ordinal); // after the thank-you sent again
    }

    [Fact]
    public void A_thank_you_that_never_reached_the_chat_is_sent_again_after_a_restart_and_not_once_it_did()
    {
        var user = StartUser();
        Send(user, Text("/start"));
        var first = Send(user, Payment("charge-1", first: true, _clock.GetUtcNow() + SubscriptionPlan.Period)).Single(d => d.DeliveryId.Kind == DeliveryKind.PaymentThanks);

        user = Restart(user);
        var again = Drain().Single(d => d.DeliveryId.Kind == DeliveryKind.PaymentThanks);
        Assert.Equal(first.DeliveryId, again.DeliveryId);
        user.Tell(new Delivered(again.DeliveryId, UserId, new SendOutcome.Sent([1])));

        var renewal = Send(user, Payment("charge-2", first: false, _clock.GetUtcNow() + (2 * SubscriptionPlan.Period)));
        Assert.Contains(Texts(renewal), t => t.Contains("Your subscription renewed: 300 credits added. Balance: <b>610 credits</b>. Next renewal: 2026-06-30", StringComparison.Ordinal));
        user.Tell(new Delivered(DeliveryId.PaymentThanks("charge-2"), UserId, new SendOutcome.Sent([1])));

        user = Restart(user);
        Assert.DoesNotContain(Drain(), d => d.DeliveryId.Kind == DeliveryKind.PaymentThanks);
        Assert.Equal(610, State(user).Balance);
    }

    [Fact]
    public void An_end_notice_that_never_reached_the_chat_is_sent_again_after_a_restart_and_not_once_it_did()
    {
        var user = StartUser();
        Send(user, Text("/start"));
        var thanks = Send(user, Payment("charge-1", first: true, _clock.GetUtcNow() + SubscriptionPlan.Period)).Single(d => d.DeliveryId.Kind == DeliveryKind.PaymentThanks);
        user.Tell(new Delivered(thanks.DeliveryId, UserId, new SendOutcome.Sent([1])));
        _clock.Advance(SubscriptionPlan.Period);
        Expire(user, "charge-1");
        var notice = Drain().Single(d => d.DeliveryId.Kind == DeliveryKind.SubscriptionEnd);

        // The node dies before the notice went out: the restarted user sends it again, once.
        user = Restart(user);
        var again = Drain().Single(d => d.DeliveryId.Kind == DeliveryKind.SubscriptionEnd);
        Assert.Equal(notice.DeliveryId, again.DeliveryId);
        Assert.Contains("Your subscription ended on 2026-05-31", Texts([again]).Single(), StringComparison.Ordinal);
        user.Tell(new Delivered(again.DeliveryId, UserId, new SendOutcome.Sent([1])));

        user = Restart(user);
        Assert.DoesNotContain(Drain(), d => d.DeliveryId.Kind == DeliveryKind.SubscriptionEnd);
    }

    [Fact]
    public void An_admins_refund_of_a_paid_period_takes_its_credits_back_once_and_tells_the_user()
    {
        var user = StartUser();
        Send(user, Text("/start"));
        Send(user, Payment("charge-1", first: true, _clock.GetUtcNow() + SubscriptionPlan.Period));

        user.Tell(new CheckStarRefund(UserId, "charge-1"), TestActor);
        Assert.Equal(new RefundCheck(RefundStanding.Ready, 300, 125, 300, 0), ExpectMsg<StarRefundCheckReply>().Check);
        user.Tell(new RecordStarRefund(UserId, "charge-1", "asked", "admin:1"), TestActor);
        var first = ExpectMsg<StarRefundRecordedReply>();
        Assert.Equal((true, 300L, 10L), (first.Changed, first.CreditsTaken, first.Balance));
        Assert.Contains(Texts(Drain()), t => t.Contains("⭐125", StringComparison.Ordinal));

        user.Tell(new RecordStarRefund(UserId, "charge-1", "asked", "admin:1"), TestActor);
        Assert.False(ExpectMsg<StarRefundRecordedReply>().Changed);
        Assert.Equal(10, State(user).Balance);
    }

    private IncomingUpdate Text(string text) =>
        new(++_nextUpdateId, UserId, UserId, PrivateChat: true, UpdateKind.Text, "Ann", "en", Text: text);

    private IncomingUpdate Tap(SubscriptionTap tap) =>
        new(++_nextUpdateId, UserId, UserId, PrivateChat: true, UpdateKind.CallbackQuery, "Ann", "en",
            CallbackQueryId: "cq" + _nextUpdateId, CallbackData: CallbackCodec.Encode(new CallbackAction.Subscription(tap)), MessageId: 700);

    private IncomingUpdate Payment(string chargeId, bool first, DateTimeOffset expires) =>
        new(++_nextUpdateId, UserId, UserId, PrivateChat: true, UpdateKind.SuccessfulPayment, "Ann", "en",
            Payment: new IncomingPayment("XTR", 125, "sub:300:125", chargeId, IsRecurring: true, SubscriptionExpiresAt: expires, IsFirstRecurring: first));

    private IActorRef StartUser() =>
        Sys.ActorOf(Props.Create(() => new UserActor(
            UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), _ports, new Given<OutboxActor>(_outbox.Ref), new Given<JobRegion>(_jobs.Ref))));

    private IActorRef Restart(IActorRef user)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(user);
        Sys.Stop(user);
        watcher.ExpectTerminated(user);
        var restarted = StartUser();
        State(restarted);
        State(restarted);
        return restarted;
    }

    private List<Deliver> Send(IActorRef user, IncomingUpdate update)
    {
        user.Tell(new HandleUpdate(UserId, update), TestActor);
        ExpectMsg<UpdateAccepted>();
        State(user);
        return Drain();
    }

    /// <summary>Sends an update without draining the outbox: what a Bot API call's answer shows comes a moment later.</summary>
    private void Post(IActorRef user, IncomingUpdate update)
    {
        user.Tell(new HandleUpdate(UserId, update), TestActor);
        ExpectMsg<UpdateAccepted>();
    }

    private SubscriptionExpiryChecked Expire(IActorRef user, string subscriptionId)
    {
        user.Tell(new ExpireSubscription(UserId, subscriptionId), TestActor);
        return ExpectMsg<SubscriptionExpiryChecked>();
    }

    private UserStateReply State(IActorRef user)
    {
        user.Tell(new GetUserState(UserId), TestActor);
        return ExpectMsg<UserStateReply>();
    }

    private List<Deliver> Drain()
    {
        var deliveries = new List<Deliver>();
        while (_outbox.HasMessages)
        {
            deliveries.Add((Deliver)_outbox.ReceiveOne(TimeSpan.Zero)!);
        }

        return deliveries;
    }

    /// <summary>The answer of a Bot API call comes a moment after the update: waits for the screen it shows.</summary>
    private Screen FishScreen(Func<Screen, bool> which)
    {
        var deliver = _outbox.FishForMessage<Deliver>(d => ScreenOf(d) is { } screen && which(screen));
        return ScreenOf(deliver)!;
    }

    private static Screen? ScreenOf(Deliver deliver) => deliver.Message switch
    {
        OutboundMessage.SendScreen send => send.Screen,
        OutboundMessage.EditScreen edit => edit.Screen,
        _ => null,
    };

    private static IEnumerable<Screen> Screens(IEnumerable<Deliver> deliveries) => deliveries.Select(ScreenOf).OfType<Screen>();

    private static List<string> Texts(IEnumerable<Deliver> deliveries) => Screens(deliveries).Select(s => s.Html).ToList();

    private sealed class Given<TActor>(IActorRef actor) : IRequiredActor<TActor>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }

    /// <summary>Telegram's subscription methods as a test sees them: the invoices asked for and the edits made.</summary>
    private sealed class RecordingSubscriptions : IStarSubscriptions
    {
        public const string Link = "https://t.me/$sub-test";

        public ConcurrentQueue<SubscriptionInvoice> Invoices { get; } = new();

        public ConcurrentQueue<(long UserId, string SubscriptionId, bool Canceled)> Edits { get; } = new();

        public volatile bool Refuse;

        public Task<string?> CreateLinkAsync(SubscriptionInvoice invoice, CancellationToken cancel)
        {
            Invoices.Enqueue(invoice);
            return Task.FromResult<string?>(Link);
        }

        public Task<bool> SetCanceledAsync(long userId, string subscriptionId, bool canceled, CancellationToken cancel)
        {
            if (Refuse)
            {
                return Task.FromResult(false);
            }

            Edits.Enqueue((userId, subscriptionId, canceled));
            return Task.FromResult(true);
        }
    }
}
