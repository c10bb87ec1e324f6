using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Jobs;

namespace NeuroActors.Tests.Users;

/// <summary>Admin and operator account actions on a real user actor: idempotent, audited, told to the user; bans restrict.</summary>
public sealed class UserAccountActionTests : TestKit
{
    private const long UserId = 4343;
    private const long WelcomeCredits = 10;
    private const string Model = "google/nano-banana";

    private readonly FakeTimeProvider _clock = AggregateTestKit.Clock();
    private readonly TestProbe _outbox;
    private readonly TestProbe _jobs;
    private readonly UserPorts _ports;
    private long _nextUpdateId;

    public UserAccountActionTests() : base(AggregateTestKit.Config)
    {
        _outbox = CreateTestProbe("outbox");
        _jobs = CreateTestProbe("jobs");
        _ports = new UserPorts(UserSettings.Default with { WelcomeCredits = WelcomeCredits }, AggregateTestKit.Menu(), _clock);
    }

    [Fact]
    public void A_grant_delivered_three_times_counts_once_tells_the_user_once_and_survives_a_restart()
    {
        var user = StartUser();
        Send(user, TextUpdate("/start"));

        var replies = Enumerable.Range(0, 3).Select(_ => Act(user, new AccountRequest("grant-1", AccountActionKind.Grant, 50, "operator:127.0.0.1", "sorry"))).ToArray();
        var notices = Drain();

        Assert.Equal([AccountOutcome.Applied, AccountOutcome.AlreadyApplied, AccountOutcome.AlreadyApplied], replies.Select(r => r.Outcome));
        Assert.All(replies, r => Assert.Equal(WelcomeCredits + 50, r.State.Balance));
        var notice = Assert.IsType<OutboundMessage.SendScreen>(Assert.Single(notices).Message);
        Assert.Equal(AccountTexts.Notice(Language.English, new AccountAction("grant-1", AccountActionKind.Grant, 50, "operator:127.0.0.1", "sorry", _clock.GetUtcNow()), WelcomeCredits + 50), notice.Screen.Html);

        user = Restart(user);
        Assert.Equal(AccountOutcome.AlreadyApplied, Act(user, new AccountRequest("grant-1", AccountActionKind.Grant, 50, "operator:127.0.0.1", "sorry")).Outcome);
        Assert.Equal(WelcomeCredits + 50, State(user).Balance);
    }

    [Fact]
    public void A_debit_below_zero_is_refused_and_changes_nothing_and_one_within_the_balance_is_applied()
    {
        var user = StartUser();
        Send(user, TextUpdate("/start"));

        var refused = Act(user, new AccountRequest("debit-1", AccountActionKind.Debit, WelcomeCredits + 1, "operator:127.0.0.1", "chargeback"));
        Assert.Equal(AccountOutcome.InsufficientCredits, refused.Outcome);
        Assert.Equal(WelcomeCredits, refused.State.Balance);
        Assert.Empty(Drain());

        var applied = Act(user, new AccountRequest("debit-2", AccountActionKind.Debit, 4, "operator:127.0.0.1", "chargeback"));
        Assert.Equal(AccountOutcome.Applied, applied.Outcome);
        Assert.Equal(WelcomeCredits - 4, applied.State.Balance);
        Assert.Single(Drain());
        Assert.Equal(WelcomeCredits - 4, State(Restart(user)).Balance);
    }

    [Fact]
    public void A_user_who_never_started_the_bot_is_refused_and_nothing_is_written()
    {
        var user = StartUser();

        var reply = Act(user, new AccountRequest("grant-1", AccountActionKind.Grant, 50, "operator:127.0.0.1", "hello"));

        Assert.Equal(AccountOutcome.NeverStarted, reply.Outcome);
        Assert.Empty(Drain());
        var recovered = State(Restart(user));
        Assert.False(recovered.Registered);
        Assert.Equal(0, recovered.Balance);
    }

    [Fact]
    public void A_banned_user_gets_only_the_restricted_message_cannot_order_and_an_unban_restores_the_menus()
    {
        var user = StartUser();
        Send(user, TextUpdate("/start"));
        Assert.Equal(AccountOutcome.Applied, Act(user, new AccountRequest("ban-1", AccountActionKind.Ban, 0, "admin:1", "spam")).Outcome);
        Drain();

        var text = Send(user, TextUpdate("a fox in the snow"));
        var tap = Send(user, Tap(new CallbackAction.PickModel(ModelKey.Of(Model))));

        Assert.Equal(AccountTexts.Restricted(Language.English), Assert.IsType<OutboundMessage.SendScreen>(Assert.Single(text).Message).Screen.Html);
        var answer = Assert.IsType<OutboundMessage.AnswerCallback>(Assert.Single(tap).Message);
        Assert.Equal((AccountTexts.Restricted(Language.English), true), (answer.Text, answer.ShowAlert));
        var banned = State(user);
        Assert.True(banned.Banned);
        Assert.Equal("spam", banned.BanReason);
        Assert.Empty(banned.OpenOrders);
        Assert.False(_jobs.HasMessages);

        Assert.Equal(AccountOutcome.Applied, Act(user, new AccountRequest("unban-1", AccountActionKind.Unban, 0, "admin:1", "")).Outcome);
        Drain();
        var menu = Send(user, TextUpdate("/start"));
        Assert.Contains(menu, d => d.Message is OutboundMessage.SendScreen { Screen.Keyboard: not null });
        Assert.False(State(user).Banned);
    }

    [Fact]
    public void A_job_running_when_the_user_is_banned_still_delivers_its_result()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user);
        Act(user, new AccountRequest("ban-1", AccountActionKind.Ban, 0, "admin:1", "spam"));
        Drain();

        user.Tell(new ReportJobFinished(UserId, orderId, 1, Model, VariantOutcome.Done(["http://kie.test/r/1.png"]), false, null), CreateTestProbe().Ref);
        State(user);

        var media = Assert.Single(Drain(), d => d.Message is OutboundMessage.SendMedia);
        Assert.Equal("http://kie.test/r/1.png", ((OutboundMessage.SendMedia)media.Message).Item.Url);
    }

    private AccountActionReply Act(IActorRef user, AccountRequest request)
    {
        user.Tell(new ApplyAccountAction(UserId, request), TestActor);
        var reply = ExpectMsg<AccountActionReply>();
        State(user);
        return reply;
    }

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

    private IncomingUpdate TextUpdate(string text) =>
        new(++_nextUpdateId, UserId, UserId, PrivateChat: true, UpdateKind.Text, "Ann", "en", Text: text);

    private IncomingUpdate Tap(CallbackAction action) =>
        new(++_nextUpdateId, UserId, UserId, PrivateChat: true, UpdateKind.CallbackQuery, "Ann", "en",
            CallbackQueryId: "cq" + _nextUpdateId, CallbackData: CallbackCodec.Encode(action), MessageId: 500);

    private List<Deliver> Send(IActorRef user, IncomingUpdate update)
    {
        user.Tell(new HandleUpdate(UserId, update), TestActor);
        ExpectMsg<UpdateAccepted>();
        State(user);
        return Drain();
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

    /// <summary>/start, the model, a prompt, one variant, Generate: returns the order's id.</summary>
    private string PlaceOrder(IActorRef user)
    {
        Send(user, TextUpdate("/start"));
        Send(user, Tap(new CallbackAction.PickModel(ModelKey.Of(Model))));
        var choose = Actions(Send(user, TextUpdate("a red fox"))).OfType<CallbackAction.ChooseVariants>().First(c => c.Variants == 1);
        var confirm = Actions(Send(user, Tap(choose))).OfType<CallbackAction.Confirm>().Single();
        if (Actions(Send(user, Tap(confirm))).OfType<CallbackAction.AcceptTerms>().SingleOrDefault() is { } agree)
        {
            Send(user, Tap(agree)); // the first order: the terms first
        }

        return Assert.Single(State(user).OpenOrders);
    }

    private static IEnumerable<CallbackAction> Actions(IEnumerable<Deliver> deliveries) =>
        deliveries.Select(d => d.Message switch
            {
                OutboundMessage.SendScreen send => send.Screen.Keyboard,
                OutboundMessage.EditScreen edit => edit.Screen.Keyboard,
                _ => null,
            })
            .OfType<InlineKeyboard>()
            .SelectMany(k => k.Buttons)
            .Where(b => b.CallbackData is not null)
            .Select(b => CallbackCodec.Decode(b.CallbackData));

    private sealed class Given<TActor>(IActorRef actor) : IRequiredActor<TActor>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }
}
