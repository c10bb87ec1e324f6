using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Tests.Catalog;
using NeuroActors.Tests.Jobs;

namespace NeuroActors.Tests.Users;

public sealed class UserActorTests : TestKit
{
    private const long UserId = 4242;
    private const long WelcomeCredits = 10;
    private const string Model = "google/nano-banana";
    private const string Prompt = "a red fox in snow, watercolor";
    private const long StatusMessageId = 500;

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly long UnitPrice = ShippedCatalogTests.Snapshot.Quote(Model).Quote!.CreditsPerVariant;

    private readonly FakeTimeProvider _clock = AggregateTestKit.Clock();
    private readonly TestProbe _outbox;
    private readonly TestProbe _jobs;
    private readonly UserPorts _ports;
    private long _nextUpdateId;

    public UserActorTests() : base(AggregateTestKit.Config)
    {
        _outbox = CreateTestProbe("outbox");
        _jobs = CreateTestProbe("jobs");
        _ports = new UserPorts(UserSettings.Default with { WelcomeCredits = WelcomeCredits }, AggregateTestKit.Menu(), _clock);
    }

    [Fact]
    public void The_same_update_id_twice_is_answered_duplicate_and_sends_nothing_the_second_time()
    {
        var user = StartUser();
        var start = TextUpdate("/start");

        var (first, firstDeliveries) = Send(user, start);
        var (second, secondDeliveries) = Send(user, start);

        Assert.Equal(new UpdateAccepted(start.UpdateId, Duplicate: false), first);
        Assert.NotEmpty(firstDeliveries);
        Assert.Equal(new UpdateAccepted(start.UpdateId, Duplicate: true), second);
        Assert.Empty(secondDeliveries);
        Assert.Equal(WelcomeCredits, State(user).Balance);
    }

    [Fact]
    public void Start_grants_the_welcome_credits_once_even_after_a_restart()
    {
        var user = StartUser();
        Send(user, TextUpdate("/start"));
        Assert.Equal(WelcomeCredits, State(user).Balance);

        user = Restart(user);
        var recovered = State(user);
        Assert.True(recovered.Registered);
        Assert.Equal(WelcomeCredits, recovered.Balance);

        Send(user, TextUpdate("/start"));
        Assert.Equal(WelcomeCredits, State(user).Balance);
    }

    [Fact]
    public void An_order_reserves_its_credits_and_starts_one_job_per_variant()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user, variants: 3);

        var state = State(user);
        Assert.Equal([orderId], state.OpenOrders);
        Assert.Equal(WelcomeCredits, state.Balance);
        Assert.Equal(3 * UnitPrice, state.Reserved);
        Assert.Equal(WelcomeCredits - (3 * UnitPrice), state.Available);

        var starts = new[] { _jobs.ExpectMsg<StartJob>(), _jobs.ExpectMsg<StartJob>(), _jobs.ExpectMsg<StartJob>() };
        Assert.Equal(
            [OrderIds.RequestId(orderId, 1), OrderIds.RequestId(orderId, 2), OrderIds.RequestId(orderId, 3)],
            starts.Select(s => s.RequestId).Order(StringComparer.Ordinal));
        Assert.All(starts, s => Assert.Equal((UserId, orderId, Model, Prompt), (s.Spec.UserId, s.Spec.OrderId, s.Spec.ModelId, s.Spec.Prompt)));
        _jobs.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_done_report_captures_acknowledges_and_delivers_and_the_same_report_again_is_only_acknowledged()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user, variants: 1);
        var requestId = OrderIds.RequestId(orderId, 1);
        var job = CreateTestProbe("job");
        var done = Report(orderId, 1, VariantOutcome.Done(["http://kie.test/r/1.png"]));

        var deliveries = Report(user, job, done);
        var media = Assert.Single(deliveries, d => d.Message is OutboundMessage.SendMedia);
        Assert.Equal("http://kie.test/r/1.png", ((OutboundMessage.SendMedia)media.Message).Item.Url);
        Assert.DoesNotContain(deliveries, d => d.DeliveryId == DeliveryId.Closing(orderId)); // "Ready" waits until Telegram took the result
        var afterCapture = State(user);
        Assert.Equal((WelcomeCredits - UnitPrice, 0L), (afterCapture.Balance, afterCapture.Reserved));

        // The job is settled once its order reached the chat, so it keeps reporting (and waking its user) until then.
        Assert.Empty(Report(user, job, done));
        job.ExpectNoMsg(Quiet);
        AcknowledgeDeliveries(user, orderId, media);
        Assert.Equal(requestId, _jobs.FishForMessage<JobFinishedAck>(_ => true).RequestId);

        var again = Report(user, job, done);
        Assert.Equal(requestId, job.ExpectMsg<JobFinishedAck>().RequestId);
        Assert.Empty(again);
        var afterRepeat = State(user);
        Assert.Equal((WelcomeCredits - UnitPrice, 0L), (afterRepeat.Balance, afterRepeat.Reserved));
    }

    [Fact]
    public void A_failed_report_releases_the_reservation_and_sends_the_failure_notice()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user, variants: 1);
        var job = CreateTestProbe("job");

        var deliveries = Report(user, job, Report(orderId, 1, VariantOutcome.Failed(FailureClass.UserViolation, FailureTextKeys.ContentPolicy, 1)));

        var state = State(user);
        Assert.Equal((WelcomeCredits, 0L, WelcomeCredits), (state.Balance, state.Reserved, state.Available));
        var notice = Assert.Single(deliveries, d => d.DeliveryId == DeliveryId.Closing(orderId));
        Assert.DoesNotContain(deliveries, d => d.Message is OutboundMessage.SendMedia or OutboundMessage.SendAlbum);
        user.Tell(new Delivered(notice.DeliveryId, UserId, new SendOutcome.Sent([900])), _outbox.Ref);
        Assert.Equal(OrderIds.RequestId(orderId, 1), _jobs.FishForMessage<JobFinishedAck>(_ => true).RequestId);
    }

    [Fact]
    public void The_balance_always_equals_grants_minus_captures_while_variants_settle()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user, variants: 3);
        var job = CreateTestProbe("job");
        Outcomes(user, orderId, 3, 0);

        Report(user, job, Report(orderId, 1, VariantOutcome.Done(["http://kie.test/r/1.png"])));
        Outcomes(user, orderId, 2, 1);
        Report(user, job, Report(orderId, 2, VariantOutcome.Failed(FailureClass.Temporary, FailureTextKeys.TimedOut, 3)));
        Outcomes(user, orderId, 1, 1);
        Report(user, job, Report(orderId, 2, VariantOutcome.Done(["http://kie.test/r/2-late.png"]))); // settled already: changes nothing
        Outcomes(user, orderId, 1, 1);
        Report(user, job, Report(orderId, 3, VariantOutcome.Done(["http://kie.test/r/3.png"])));
        Outcomes(user, orderId, 0, 2);

        user = Restart(user);
        Outcomes(user, orderId, 0, 2);
    }

    [Fact]
    public void Cancelling_an_order_asks_each_open_job_to_cancel_and_cancelled_reports_release_everything()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user, variants: 3);
        for (var i = 0; i < 3; i++) _jobs.ExpectMsg<StartJob>();

        Send(user, Tap(new CallbackAction.CancelOrder(orderId)));

        var cancels = new[] { _jobs.ExpectMsg<CancelJobIfQueued>(), _jobs.ExpectMsg<CancelJobIfQueued>(), _jobs.ExpectMsg<CancelJobIfQueued>() };
        Assert.Equal(
            [OrderIds.RequestId(orderId, 1), OrderIds.RequestId(orderId, 2), OrderIds.RequestId(orderId, 3)],
            cancels.Select(c => c.RequestId).Order(StringComparer.Ordinal));
        var job = CreateTestProbe("job");
        for (var index = 1; index <= 3; index++)
        {
            var deliveries = Report(user, job, Report(orderId, index, VariantOutcome.Cancelled));
            Assert.DoesNotContain(deliveries, d => d.Message is OutboundMessage.SendMedia or OutboundMessage.SendAlbum);
        }

        // Nothing to deliver for a cancelled order (its status message says so): every job is settled at once.
        var acks = new[] { _jobs.FishForMessage<JobFinishedAck>(_ => true), _jobs.FishForMessage<JobFinishedAck>(_ => true), _jobs.FishForMessage<JobFinishedAck>(_ => true) };
        Assert.Equal(cancels.Select(c => c.RequestId).Order(StringComparer.Ordinal), acks.Select(a => a.RequestId).Order(StringComparer.Ordinal));

        var state = State(user);
        Assert.Equal((WelcomeCredits, 0L, WelcomeCredits), (state.Balance, state.Reserved, state.Available));
        Assert.Empty(state.OpenOrders);
        Assert.Contains(orderId, state.RecentOrders);
    }

    [Fact]
    public void A_report_for_an_order_the_user_does_not_have_is_acknowledged_and_changes_nothing()
    {
        var user = StartUser();
        Send(user, TextUpdate("/start"));
        var job = CreateTestProbe("job");

        var deliveries = Report(user, job, Report("UNKNOWN123", 1, VariantOutcome.Done(["http://kie.test/r/x.png"])));

        Assert.Equal(OrderIds.RequestId("UNKNOWN123", 1), job.ExpectMsg<JobFinishedAck>().RequestId);
        Assert.Empty(deliveries);
        var state = State(user);
        Assert.Equal((WelcomeCredits, 0L), (state.Balance, state.Reserved));
    }

    [Fact]
    public void After_a_restart_the_user_starts_the_jobs_of_open_variants_again()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user, variants: 3);
        _jobs.ExpectMsg<StartJob>();
        _jobs.ExpectMsg<StartJob>();
        _jobs.ExpectMsg<StartJob>();
        Report(user, CreateTestProbe("job"), Report(orderId, 2, VariantOutcome.Done(["http://kie.test/r/2.png"])));

        user = Restart(user);

        var again = new[] { _jobs.ExpectMsg<StartJob>(), _jobs.ExpectMsg<StartJob>() };
        Assert.Equal([OrderIds.RequestId(orderId, 1), OrderIds.RequestId(orderId, 3)], again.Select(s => s.RequestId).Order(StringComparer.Ordinal));
        State(user);
        _jobs.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void After_a_restart_a_settled_order_whose_results_did_not_reach_the_chat_is_delivered_once()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user, variants: 1);
        _jobs.ExpectMsg<StartJob>();
        var firstTry = Report(user, CreateTestProbe("job"), Report(orderId, 1, VariantOutcome.Done(["http://kie.test/r/1.png"])));
        Assert.Single(firstTry, d => d.Message is OutboundMessage.SendMedia); // the node dies before Telegram answers

        user = Restart(user);
        State(user);
        State(user); // the first answer may come before the recovered user resumed its orders
        var media = Assert.Single(Drain(), d => d.Message is OutboundMessage.SendMedia);
        Assert.Equal("http://kie.test/r/1.png", ((OutboundMessage.SendMedia)media.Message).Item.Url);

        user.Tell(new Delivered(media.DeliveryId, UserId, new SendOutcome.Sent([901])), _outbox.Ref);
        State(user);
        var closing = Assert.Single(Drain(), d => d.DeliveryId == DeliveryId.Closing(orderId));
        user.Tell(new Delivered(closing.DeliveryId, UserId, new SendOutcome.Sent([902])), _outbox.Ref);
        var delivered = State(user);
        Assert.Empty(delivered.OpenOrders);
        Assert.Contains(orderId, delivered.RecentOrders);
        Assert.Equal(OrderIds.RequestId(orderId, 1), _jobs.FishForMessage<JobFinishedAck>(_ => true).RequestId);

        user = Restart(user);
        State(user);
        Assert.Empty(Drain());
        _jobs.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_chat_blocked_while_the_results_are_sent_ends_the_delivery_and_settles_the_jobs()
    {
        var user = StartUser();
        var orderId = PlaceOrder(user, variants: 1);
        var media = Assert.Single(Report(user, CreateTestProbe("job"), Report(orderId, 1, VariantOutcome.Done(["http://kie.test/r/1.png"]))),
            d => d.Message is OutboundMessage.SendMedia);

        user.Tell(new Delivered(media.DeliveryId, UserId, new SendOutcome.Blocked("Forbidden: bot was blocked by the user")), _outbox.Ref);

        Assert.Equal(OrderIds.RequestId(orderId, 1), _jobs.FishForMessage<JobFinishedAck>(_ => true).RequestId);
        var state = State(user);
        Assert.True(state.Blocked);
        Assert.Empty(state.OpenOrders);
        Assert.Empty(Drain()); // nothing more is written to a chat that blocked the bot
    }

    [Fact]
    public void The_terms_come_before_the_first_order_only_and_agreeing_places_it_where_generate_would_have()
    {
        var user = StartUser();
        var confirm = ToConfirmation(user);

        var asked = Send(user, Tap(confirm)).Deliveries;
        var terms = Assert.Single(asked.Select(d => d.Message).OfType<OutboundMessage.EditScreen>());
        Assert.Equal(StatusMessageId, terms.MessageId); // the confirmation turns into the terms
        var agree = Assert.Single(Actions(asked).OfType<CallbackAction.AcceptTerms>());
        Assert.Empty(State(user).OpenOrders);

        // A restart between the question and the answer loses nothing: the draft is still there to be confirmed.
        user = Restart(user);
        var agreed = Send(user, Tap(agree)).Deliveries;
        var orderId = Assert.Single(State(user).OpenOrders);
        Assert.Contains(agreed, d => d.Message is OutboundMessage.EditScreen { MessageId: StatusMessageId } status && status.Screen.Html.Contains(orderId, StringComparison.Ordinal));
        Assert.Equal(UnitPrice, State(user).Reserved);

        // Recorded: after a restart the next order's Generate places it at once.
        user = Restart(user);
        var second = Send(user, Tap(ToConfirmation(user))).Deliveries;
        Assert.DoesNotContain(Actions(second), a => a is CallbackAction.AcceptTerms);
        Assert.Equal(2, State(user).OpenOrders.Count);
    }

    [Fact]
    public void A_user_who_never_agrees_to_the_terms_is_never_charged()
    {
        var user = StartUser();
        var confirm = ToConfirmation(user);

        Send(user, Tap(confirm));
        var doubleTap = Send(user, Tap(confirm)).Deliveries; // answered, and the terms on that message stay as they are
        Assert.Single(doubleTap, d => d.Message is OutboundMessage.AnswerCallback { Text: not null });
        Assert.DoesNotContain(doubleTap, d => d.Message is OutboundMessage.EditScreen);
        user = Restart(user);
        var again = Send(user, Tap(confirm)).Deliveries;
        Assert.Contains(Actions(again), a => a is CallbackAction.AcceptTerms);
        var back = Send(user, Tap(new CallbackAction.BackToVariants(confirm.Draft))).Deliveries;
        Assert.Contains(Actions(back), a => a is CallbackAction.ChooseVariants);

        var state = State(user);
        Assert.Empty(state.OpenOrders);
        Assert.Equal((WelcomeCredits, 0L), (state.Balance, state.Reserved));
        Assert.False(_jobs.HasMessages); // no job was started: the state's answer came after anything the taps sent
    }

    // ---------- helpers ----------
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

        // A question sent during recovery is answered before what the user tells itself on recovery (it is unstashed
        // first); the second question comes after that, so the recovery's own work is done when it is answered.
        State(restarted);
        State(restarted);
        return restarted;
    }

    private IncomingUpdate TextUpdate(string text) =>
        new(++_nextUpdateId, UserId, UserId, PrivateChat: true, UpdateKind.Text, "Ann", "en", Text: text);

    private IncomingUpdate Tap(CallbackAction action) =>
        new(++_nextUpdateId, UserId, UserId, PrivateChat: true, UpdateKind.CallbackQuery, "Ann", "en",
            CallbackQueryId: "cq" + _nextUpdateId, CallbackData: CallbackCodec.Encode(action), MessageId: StatusMessageId);

    /// <summary>Sends an update; returns its answer and everything the user sent to the outbox for it.</summary>
    private (UpdateAccepted Accepted, List<Deliver> Deliveries) Send(IActorRef user, IncomingUpdate update)
    {
        user.Tell(new HandleUpdate(UserId, update), TestActor);
        var accepted = ExpectMsg<UpdateAccepted>();
        State(user);
        return (accepted, Drain());
    }

    /// <summary>Reports a job's end as the job would (from <paramref name="job"/>); returns what went to the outbox.</summary>
    private List<Deliver> Report(IActorRef user, TestProbe job, ReportJobFinished report)
    {
        user.Tell(report, job.Ref);
        State(user);
        return Drain();
    }

    private static ReportJobFinished Report(string orderId, int index, VariantOutcome outcome) =>
        new(UserId, orderId, index, Model, outcome, AlertAdmins: false, null);

    /// <summary>The outbox reports the results sent; the user then sends the closing message, reported sent too.</summary>
    private void AcknowledgeDeliveries(IActorRef user, string orderId, Deliver results)
    {
        user.Tell(new Delivered(results.DeliveryId, UserId, new SendOutcome.Sent([901])), _outbox.Ref);
        State(user);
        var closing = Assert.Single(Drain(), d => d.DeliveryId == DeliveryId.Closing(orderId));
        user.Tell(new Delivered(closing.DeliveryId, UserId, new SendOutcome.Sent([902])), _outbox.Ref);
        State(user);
    }

    /// <summary>Asks for the state; the answer also proves the user handled (and sent) everything before it.</summary>
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

    /// <summary>/start, the model, a prompt, the number of variants, Generate: returns the order's id.</summary>
    private string PlaceOrder(IActorRef user, int variants)
    {
        var confirm = ToConfirmation(user, variants);
        var confirmed = Send(user, Tap(confirm)).Deliveries;
        if (Actions(confirmed).OfType<CallbackAction.AcceptTerms>().SingleOrDefault() is { } agree)
        {
            Send(user, Tap(agree)); // the first order: the terms first
        }

        return Assert.Single(State(user).OpenOrders);
    }

    /// <summary>/start, the model, a prompt, the number of variants: returns the confirmation's Generate (not tapped).</summary>
    private CallbackAction.Confirm ToConfirmation(IActorRef user, int variants = 1)
    {
        Send(user, TextUpdate("/start"));
        Send(user, Tap(new CallbackAction.PickModel(ModelKey.Of(Model))));
        var choose = Actions(Send(user, TextUpdate(Prompt)).Deliveries).OfType<CallbackAction.ChooseVariants>().First(c => c.Variants == variants);
        return Actions(Send(user, Tap(choose)).Deliveries).OfType<CallbackAction.Confirm>().Single();
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

    /// <summary>A collaborator handed to the actor as Akka.Hosting hands it: here a test probe.</summary>
    private sealed class Given<TActor>(IActorRef actor) : IRequiredActor<TActor>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }

    /// <summary>Grants minus captures is the balance; what is still open is reserved.</summary>
    private void Outcomes(IActorRef user, string orderId, int open, int captured)
    {
        var state = State(user);
        Assert.Equal(WelcomeCredits - (captured * UnitPrice), state.Balance);
        Assert.Equal(open * UnitPrice, state.Reserved);
        Assert.Equal(state.Balance - state.Reserved, state.Available);
        Assert.Contains(orderId, state.OpenOrders); // settled is not yet delivered: the results wait for Telegram's answer
    }
}
