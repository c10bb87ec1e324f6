using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Observability;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Users;

/// <summary>
/// One Telegram user, sharded by user id and persistent: the conversation (menus and the draft order), the credit
/// ledger, the orders and their one status message each, and the update ids already handled. Every update is decided by
/// the pure <see cref="ConversationMachine"/>; its events, the ledger's and the update's id are written in one atomic
/// write before anything is sent, so a redelivered update, a crash or a double tap never doubles or loses anything.
/// Settled orders reach the chat through the pure <see cref="OrderDelivery"/>; the status messages through
/// <see cref="OrderStatusBoard"/>.
/// </summary>
public sealed partial class UserActor : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 200;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly UserPorts _ports;
    private readonly long _userId;
    private readonly IRequiredActor<OutboxActor> _outbox;
    private readonly IRequiredActor<JobRegion> _jobs;
    private readonly PromptImprover _improver;
    private readonly FirstReplyClock _firstReply = new();

    /// <summary>Live progress and what each status message shows; lost in a crash, re-reported by the jobs (see its remarks).</summary>
    private readonly OrderStatusBoard _statusBoard;

    /// <summary>Deliveries under way; lost in a crash, begun again on recovery after the parts recorded as delivered.</summary>
    private readonly Dictionary<string, OrderDelivery> _deliveries = [];

    private UserState _state;

    /// <summary>Sharding asked this actor to stop (<see cref="StopUser"/>); it does once no delivery runs.</summary>
    private bool _stopping;

    /// <summary>Jobs asked to start that have not said anything yet; lost with the actor, whose recovery asks them all again.</summary>
    private readonly Dictionary<string, StartJob> _unheardJobs = [];

    private static readonly TimeSpan UnheardJobRetry = TimeSpan.FromSeconds(5);

    /// <summary>Events written since the last snapshot; lost in a crash, the next snapshot only comes a little later.</summary>
    private int _eventsSinceSnapshot;

    public UserActor(string entityId, UserPorts ports, IRequiredActor<OutboxActor> outbox, IRequiredActor<JobRegion> jobs)
    {
        _ports = ports;
        _outbox = outbox;
        _jobs = jobs;
        _userId = long.Parse(entityId, CultureInfo.InvariantCulture);
        PersistenceId = "user-" + entityId;
        _state = UserState.Empty(_userId);
        _statusBoard = new OrderStatusBoard(this, ports.Settings, EditStatus, ShowActivity);
        _improver = new PromptImprover(ports.ImprovePrompt);

        Recover<SnapshotOffer>(offer => _state = (UserState)offer.Snapshot);
        Recover<IUserEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<HandleUpdate>(OnUpdate);
        Command<ReportJobProgress>(OnJobProgress);
        Command<ReportJobFinished>(OnJobFinished);
        Command<Delivered>(OnDelivered);
        Command<RecordBotBlocked>(_ => PersistAllThen(_state.Blocked ? [] : [new BlockedChanged(true, Now)], () => { }));
        Command<OrderStatusBoard.EditDue>(due => RefreshStatus(due.OrderId));
        Command<OrderStatusBoard.ChatActionDue>(due => _statusBoard.OnChatActionDue(_state.Orders.Open.GetValueOrDefault(due.OrderId), due.OrderId));
        Command<PromptImprover.Answered>(OnImprovementAnswered);
        Command<GrantCredits>(OnGrant);
        Command<ApplyAccountAction>(OnAccountAction);
        Command<GetReservation>(asked => Sender.Tell(_state.ReservationOf(asked.RequestId)));
        Command<ResumeOrder>(OnResume);
        Command<GetUserState>(_ => Sender.Tell(_state.ToReply()));
        Command<StopUser>(_ => OnStop());
        Command<StopNow>(_ => Context.Stop(Self));
        Command<AskUnheardJobsAgain>(_ => OnAskUnheardJobsAgain());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of user {UserId} failed", _userId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        ReceivePaymentCommands();
        ReceiveGrowth();
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _ports.Time.GetUtcNow();

    private long ChatId => _userId; // a private chat's id is the user's id

    // ---------- updates ----------
    private void OnUpdate(HandleUpdate command)
    {
        var update = command.Update;
        var now = Now;
        if (_state.Handled.IsHandled(update.UpdateId, now))
        {
            ActorMetrics.UpdateHandled(update.Kind, duplicate: true);
            Sender.Tell(new UpdateAccepted(update.UpdateId, Duplicate: true));
            return;
        }

        if (DroppedAsFlood(update, now))
        {
            return;
        }

        _firstReply.UpdateTaken(update.Kind);

        var events = new List<IUserEvent> { new UpdateRecorded(update.UpdateId, now) };
        events.AddRange(_state.SeenMarkAt(now));
        events.AddRange(_state.ProfileChangeIn(update));

        var effects = new List<ConversationEffect>();
        string? groupReply = null;
        var restricted = false;
        Action? afterPayment = null;
        IReadOnlyList<OutboundMessage> deskReplies = [];
        if (update.IsPayment)
        {
            afterPayment = DecidePaymentUpdate(update, events, now);
            afterPayment += PlanReferralBonus(events, now);
        }
        else if (!update.PrivateChat)
        {
            var addressed = update.Kind == UpdateKind.Text && update.Text?.TrimStart().StartsWith('/') == true;
            groupReply = GroupChats.Reply(_ports.Settings.GroupPolicy, LanguageFor(update.LanguageCode), addressed);
        }
        else if (update.Kind is UpdateKind.BotBlocked or UpdateKind.BotUnblocked)
        {
            var blocked = update.Kind == UpdateKind.BotBlocked;
            if (blocked != _state.Blocked)
            {
                events.Add(new BlockedChanged(blocked, now));
            }
        }
        else if (_state.Banned)
        {
            // A banned user's update is recorded (so a redelivery stays silent) and answered with one restricted message.
            if (_state.Blocked && update.ToConversationInput() is not null)
            {
                events.Add(new BlockedChanged(false, now));
            }

            restricted = update.ToConversationInput() is not null;
        }
        else if (update.ToConversationInput() is { } input)
        {
            if (_state.Blocked)
            {
                events.Add(new BlockedChanged(false, now)); // writing to the bot again means it is unblocked
            }

            var desk = DecidePaymentDesk(input, update.LanguageCode, now);
            if (desk is not null)
            {
                events.AddRange(desk.Events.Select(e => (IUserEvent)new PaymentRecorded(e)));
                deskReplies = desk.Replies;
            }

            if (desk is null || desk.ThenConfirm is not null)
            {
                var decision = Decide(desk?.ThenConfirm ?? input, update.LanguageCode, now);
                events.AddRange(decision.Events.Select(e => (IUserEvent)new ConversationRecorded(e)));
                events.AddRange(_state.LedgerAndOrderEvents(decision.Effects, _ports.Menu.Current, now));
                events.AddRange(PlanGrowth(decision.Effects, events, now));
                effects.AddRange(decision.Effects);
            }
        }

        var sender = Sender;
        PersistAllThen(events, () =>
        {
            sender.Tell(new UpdateAccepted(update.UpdateId, Duplicate: false));
            ActorMetrics.UpdateHandled(update.Kind, duplicate: false);
            if (groupReply is not null)
            {
                Reply(new OutboundMessage.SendScreen(new Screen(groupReply, null)), update.ChatId);
            }

            if (restricted)
            {
                AnswerRestricted(update);
            }

            afterPayment?.Invoke();
            foreach (var reply in deskReplies)
            {
                Reply(reply);
            }

            Perform(effects);
        });
    }

    private void AnswerRestricted(IncomingUpdate update)
    {
        var text = AccountTexts.Restricted(LanguageFor(update.LanguageCode));
        Reply(update.CallbackQueryId is { } callbackQueryId
            ? new OutboundMessage.AnswerCallback(callbackQueryId, text, ShowAlert: true)
            : new OutboundMessage.SendScreen(new Screen(text, null)));
    }

    private ConversationDecision Decide(ConversationInput input, string? languageCode, DateTimeOffset now)
    {
        var setup = new ConversationSetup(_ports.Menu.Current, _ports.Settings.DefaultLanguage, _improver.Enabled, _ports.Settings.WelcomeCredits,
            Packs: _ports.Settings.Payments.Packs, SubscriptionPlan: _ports.Settings.Payments.Subscription);
        var context = new ConversationContext(
            setup, now, languageCode ?? _state.LanguageCode, _state.Ledger.Available, _state.Ledger.Reserved, Limits: GrowthLimitsAt(now), LookupOrder: LookupOrder,
            Subscription: Subscriptions.Running);
        return ConversationMachine.Decide(_state.Conversation, input, context);
    }

    // ---------- effects ----------
    private void Perform(IEnumerable<ConversationEffect> effects)
    {
        var edited = new Dictionary<long, Screen>();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case ConversationEffect.AnswerCallback answer:
                    Reply(new OutboundMessage.AnswerCallback(answer.CallbackQueryId, answer.Toast, answer.ShowAlert));
                    break;
                case ConversationEffect.SendMessage send:
                    Reply(new OutboundMessage.SendScreen(send.Screen));
                    break;
                case ConversationEffect.EditMessage edit:
                    edited[edit.MessageId] = edit.Screen;
                    Reply(new OutboundMessage.EditScreen(edit.MessageId, edit.Screen));
                    break;
                case ConversationEffect.PlaceOrder order when _state.Orders.Open.TryGetValue(order.OrderId, out var placed):
                    if (edited.TryGetValue(order.StatusMessageId, out var shown))
                    {
                        _statusBoard.Placed(placed, shown, Now);
                    }

                    StartJobs(placed);
                    break;
                case ConversationEffect.ImprovePrompt improve:
                    _improver.Ask(improve, Self);
                    break;
                case ConversationEffect.CancelQueuedOrder cancel when _state.Orders.Open.TryGetValue(cancel.OrderId, out var queued):
                    foreach (var index in queued.OpenIndexes)
                    {
                        _jobs.ActorRef.Tell(new CancelJobIfQueued(queued.RequestId(index)));
                    }

                    break;
                case ConversationEffect.ShowHistory history:
                    var entries = _state.Orders.Newest().Select(o => o.ToHistoryEntry()).ToArray();
                    var page = HistoryView.PageOfAll(UiTexts.For(history.Language), entries, history.Page, _ports.Settings.HistoryUtcOffset(history.Language));
                    Reply(history.EditMessageId is { } messageId ? new OutboundMessage.EditScreen(messageId, page) : new OutboundMessage.SendScreen(page));
                    break;
                case ConversationEffect.ShowHistoryEntry entry:
                    ShowHistoryEntry(entry);
                    break;
                case ConversationEffect.ResendResults resend:
                    ResendResults(resend);
                    break;
                case ConversationEffect.ShowOrderStatus request:
                    var t = UiTexts.For(request.Language);
                    Reply(new OutboundMessage.SendScreen(_state.Orders.Find(request.OrderId) is { } asked
                        ? OrderStatusView.Render(_statusBoard.StatusOf(asked), Now, t)
                        : new Screen(t.StatusNotFound(request.OrderId), Keyboards.MenuOnly(t))));
                    break;
                default:
                    PerformGrowth(effect);
                    break;
            }
        }
    }

    private void StartJobs(TrackedOrder order)
    {
        foreach (var index in order.OpenIndexes)
        {
            var start = new StartJob(new JobSpec(
                order.RequestId(index), order.OrderId, index, _userId, order.Opened.ModelId, order.Opened.Kind, order.Opened.Prompt,
                order.Opened.ImageFileId, order.Opened.Language, order.Opened.Media)
            {
                Options = order.Opened.Options,
            });
            _unheardJobs[start.RequestId] = start;
            _jobs.ActorRef.Tell(start);
        }

        Timers.StartPeriodicTimer(nameof(AskUnheardJobsAgain), AskUnheardJobsAgain.Instance, UnheardJobRetry);
    }

    /// <summary>
    /// A StartJob sent while the job's shard moves (a node leaving, a rebalance) can be lost, and then nothing would ever
    /// start the job while this actor lives; so each is sent again until its job has said anything.
    /// </summary>
    private void OnAskUnheardJobsAgain()
    {
        if (_unheardJobs.Count == 0)
        {
            Timers.Cancel(nameof(AskUnheardJobsAgain));
            return;
        }

        foreach (var start in _unheardJobs.Values)
        {
            _jobs.ActorRef.Tell(start);
        }
    }

    private void HeardFrom(string orderId, int index) => _unheardJobs.Remove(OrderIds.RequestId(orderId, index));

    private sealed class AskUnheardJobsAgain
    {
        public static readonly AskUnheardJobsAgain Instance = new();
    }

    private void OnImprovementAnswered(PromptImprover.Answered answered)
    {
        var decision = Decide(PromptImprover.InputFor(answered), null, Now);
        PersistAllThen(decision.Events.Select(e => (IUserEvent)new ConversationRecorded(e)).ToList(), () => Perform(decision.Effects));
    }

    // ---------- jobs ----------
    private void OnJobProgress(ReportJobProgress progress)
    {
        HeardFrom(progress.OrderId, progress.Index);
        if (_state.Orders.Open.TryGetValue(progress.OrderId, out var order) && !order.Outcomes.ContainsKey(progress.Index))
        {
            _statusBoard.Progressed(order, new VariantProgress(progress.Index, progress.Stage, progress.QueuePosition, progress.Percent, progress.StartedAt), Now);
        }
    }

    private void OnJobFinished(ReportJobFinished finished)
    {
        HeardFrom(finished.OrderId, finished.Index);
        var job = Sender;
        var requestId = OrderIds.RequestId(finished.OrderId, finished.Index);
        if (!_state.Orders.Open.TryGetValue(finished.OrderId, out var order))
        {
            if (_state.Orders.Find(finished.OrderId) is null)
            {
                _log.Warning("Job {RequestId} reported to user {UserId}, who has no such order; acknowledged so it stops", requestId, _userId);
            }

            job.Tell(new JobFinishedAck(requestId));
            return;
        }

        if (order.Outcomes.ContainsKey(finished.Index))
        {
            // Settled, not delivered yet: the job keeps reporting until it is, so that a user actor that died with the
            // delivery unfinished is woken up (users are not remembered entities; jobs are) and delivers after recovery.
            DeliverIfSettled(finished.OrderId);
            return;
        }

        PersistAllThen(_state.SettleVariant(finished.OrderId, finished.Index, finished.Outcome, Now), () =>
        {
            _statusBoard.Settled(finished.OrderId, finished.Index);
            if (finished.AlertAdmins && finished.Outcome.FailureClass is { } failureClass)
            {
                var text = OrderMessages.AdminAlert(UiTexts.For(_ports.Settings.DefaultLanguage), failureClass, requestId, _userId, finished.ModelId, finished.Detail);
                foreach (var admin in _ports.Settings.AdminIds)
                {
                    AlertAdmin(admin, text);
                }
            }

            RefreshStatus(finished.OrderId);
            DeliverIfSettled(finished.OrderId);
        });
    }

    private void RefreshStatus(string orderId)
    {
        if (_state.Orders.Open.TryGetValue(orderId, out var order) && !order.Delivered)
        {
            _statusBoard.Refresh(order, Now);
        }
    }

    // ---------- results ----------
    private void DeliverIfSettled(string orderId)
    {
        if (_state.Orders.Open.TryGetValue(orderId, out var order) && order.AllSettled && !_deliveries.ContainsKey(orderId))
        {
            Run(OrderDelivery.Begin(order, _state.Blocked, Now));
        }
    }

    private void OnDelivered(Delivered delivered)
    {
        _firstReply.DeliveryReported();
        if (delivered.DeliveryId.Kind == DeliveryKind.PaymentThanks)
        {
            OnThanksDelivered(delivered);
            return;
        }

        if (delivered.DeliveryId.Kind == DeliveryKind.SubscriptionEnd)
        {
            OnSubscriptionEndDelivered(delivered);
            return;
        }

        var id = delivered.DeliveryId;
        if (id.Kind != DeliveryKind.None && delivered.Outcome is not (SendOutcome.Sent or SendOutcome.TooLarge))
        {
            _log.Warning("{DeliveryKind} of order {OrderId} to user {UserId} ended {Outcome}", id.Kind, id.OrderId, _userId, delivered.Outcome);
        }

        var blocked = delivered.Outcome is SendOutcome.Blocked && !_state.Blocked;
        PersistAllThen(blocked ? [new BlockedChanged(true, Now)] : [], () =>
        {
            if (_deliveries.TryGetValue(id.OrderId, out var delivery) && _state.Orders.Open.TryGetValue(id.OrderId, out var order))
            {
                Run(delivery.OnReported(order, id, delivered.Outcome, _state.Blocked, Now));
            }
        });
    }

    /// <summary>Persists what the delivery decided, then sends; once the order is delivered, its jobs are settled.</summary>
    private void Run(DeliveryStep step)
    {
        var orderId = step.Delivery.OrderId;
        _deliveries[orderId] = step.Delivery;
        PersistAllThen(step.Events.Select(e => (IUserEvent)new OrderRecorded(e)).ToList(), () =>
        {
            foreach (var send in step.Sends)
            {
                SendResult(send.Message, send.Id);
            }

            if (step.Completes && _state.Orders.Find(orderId) is { } delivered)
            {
                foreach (var index in delivered.Indexes)
                {
                    _jobs.ActorRef.Tell(new JobFinishedAck(delivered.RequestId(index))); // the outcome reached the chat: the job is settled
                }

                _deliveries.Remove(orderId);
                _statusBoard.Forget(orderId);
                if (_stopping && _deliveries.Count == 0)
                {
                    Context.Stop(Self);
                }
            }
        });
    }

    private void OnStop()
    {
        if (_deliveries.Count == 0)
        {
            Context.Stop(Self);
            return;
        }

        // Results are on their way to the chat: their outcomes come back here, and only this actor knows what was sent.
        _stopping = true;
        Timers.StartSingleTimer(nameof(StopNow), StopNow.Instance, StopUser.DeliveryGrace);
    }

    private sealed class StopNow
    {
        public static readonly StopNow Instance = new();
    }

    // ---------- sends: every message leaves through one of these, named for what it is ----------

    /// <summary>An answer to what the user did: a screen, an edit of one, a tap's answer (also to a group chat).</summary>
    private void Reply(OutboundMessage message, long? chatId = null)
    {
        _firstReply.ReplyHanded();
        Deliver(chatId ?? ChatId, message, DeliveryId.None, TrafficClass.Reply);
    }

    /// <summary>An edit of an order's status message.</summary>
    private void EditStatus(long messageId, Screen screen) =>
        Deliver(ChatId, new OutboundMessage.EditScreen(messageId, screen), DeliveryId.None, TrafficClass.StatusEdit);

    /// <summary>A chat action ("sending a photo...") while an order is made or its results are sent.</summary>
    private void ShowActivity(string action) => Deliver(ChatId, new OutboundMessage.ChatAction(action), DeliveryId.None, TrafficClass.StatusEdit);

    /// <summary>A result of an order, a link for one too large, or its closing message.</summary>
    private void SendResult(OutboundMessage message, DeliveryId id) => Deliver(ChatId, message, id, TrafficClass.Result);

    /// <summary>A failure alert to an admin's chat (sent even when this user blocked the bot), within the bulk budget.</summary>
    private void AlertAdmin(long adminId, string text) =>
        _outbox.ActorRef.Tell(new Deliver(adminId, new OutboundMessage.SendScreen(new Screen(text, null)), DeliveryId.None, TrafficClass.Bulk));

    private void Deliver(long chatId, OutboundMessage message, DeliveryId id, TrafficClass traffic)
    {
        if (_state.Blocked && message is not (OutboundMessage.AnswerCallback or OutboundMessage.AnswerPreCheckout))
        {
            return; // a blocked bot cannot write to the chat; a tap's answer is still due (the user unblocked meanwhile)
        }

        _outbox.ActorRef.Tell(new Deliver(chatId, message, id, traffic));
    }

    // ---------- admin grants ----------
    private void OnGrant(GrantCredits grant)
    {
        var result = _state.Ledger.Grant(grant.GrantId, grant.Amount, grant.Reason, Now);
        var sender = Sender;
        PersistAllThen(result.Events.Select(e => (IUserEvent)new LedgerRecorded(e)).ToList(), () => sender.Tell(_state.ToReply()));
    }

    // ---------- admin and operator actions ----------
    private void OnAccountAction(ApplyAccountAction command)
    {
        var decision = _state.DecideAccount(command.Request, Now);
        var sender = Sender;
        if (decision.Action is not { } action)
        {
            sender.Tell(new AccountActionReply(decision.Outcome, _state.ToReply()));
            return;
        }

        var events = new List<IUserEvent>(decision.LedgerEvents.Select(e => (IUserEvent)new LedgerRecorded(e))) { new AccountActionRecorded(action) };
        PersistAllThen(events, () =>
        {
            _log.Info("Account action {ActionId} on user {UserId}: {Kind} {Amount} by {By}", action.ActionId, _userId, action.Kind, action.Amount, action.By);
            sender.Tell(new AccountActionReply(AccountOutcome.Applied, _state.ToReply()));
            Reply(new OutboundMessage.SendScreen(new Screen(AccountTexts.Notice(LanguageFor(null), action, _state.Ledger.Balance), null)));
        });
    }

    // ---------- recovery ----------
    /// <summary>
    /// After a restart: jobs of open orders are started again (a job that exists ignores it; one whose start was lost in
    /// the crash begins now), and settled orders whose results had not reached the chat are delivered.
    /// </summary>
    private void OnRecovered()
    {
        ThankAgain();
        ResumeGrowth();
        foreach (var order in _state.Orders.Open.Values)
        {
            Self.Tell(new ResumeOrder(order.OrderId));
        }
    }

    private void OnResume(ResumeOrder resume)
    {
        if (_state.Orders.Open.TryGetValue(resume.OrderId, out var order))
        {
            if (order.AllSettled) DeliverIfSettled(order.OrderId);
            else StartJobs(order);
        }
    }

    private Language LanguageFor(string? languageCode) =>
        ConversationMachine.LanguageOf(_state.Conversation, languageCode ?? _state.LanguageCode, _ports.Settings.DefaultLanguage);

    /// <summary>Persists the events atomically (one write), folds them into the state, then runs <paramref name="after"/>.</summary>
    private void PersistAllThen(IReadOnlyList<IUserEvent> events, Action after)
    {
        if (events.Count == 0)
        {
            after();
            return;
        }

        var remaining = events.Count;
        var persistStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            if (--remaining > 0)
            {
                return;
            }

            ActorMetrics.Persisted("user", persistStarted);
            after();
            _eventsSinceSnapshot += events.Count;
            if (_eventsSinceSnapshot >= SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state);
            }
        });
    }

    private sealed record ResumeOrder(string OrderId);
}
