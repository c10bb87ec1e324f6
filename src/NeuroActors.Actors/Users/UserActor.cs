using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Users;

/// <summary>What a user actor needs from its node.</summary>
/// <param name="ImprovePrompt">Rewrites a prompt with the LLM (null result: it could not); null when no LLM is configured.</param>
public sealed record UserPorts(
    UserSettings Settings,
    MenuSource Menu,
    TimeProvider Time,
    Func<ConversationEffect.ImprovePrompt, CancellationToken, Task<string?>>? ImprovePrompt = null);

/// <summary>
/// One Telegram user, sharded by user id and persistent: the conversation (menus and the draft order), the credit
/// ledger, the orders and their one status message each, and the update ids already handled. Every update is decided by
/// the pure <see cref="ConversationMachine"/>; its events, the ledger's and the update's id are written in one atomic
/// write before anything is sent, so a redelivered update, a crash or a double tap never doubles or loses anything.
/// </summary>
public sealed class UserActor : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 200;
    private const string FinalDeliverySuffix = ":end";
    private const string ResultDeliveryMark = ":r";

    /// <summary>KIE's result URLs "typically expire after 24 hours" (contracts/kie-api.md): a link is promised for that long.</summary>
    private static readonly TimeSpan ResultLinksValidFor = TimeSpan.FromHours(24);
    private static readonly TimeSpan ChatActionEvery = TimeSpan.FromSeconds(5);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly UserPorts _ports;
    private readonly long _userId;
    private readonly Dictionary<(string OrderId, int Index), VariantProgress> _live = [];
    private readonly Dictionary<string, StatusEditGate> _statusGates = [];
    private readonly HashSet<string> _deliveriesInFlight = [];
    private readonly Dictionary<string, (string OrderId, int Part, IReadOnlyList<MediaItem> Items)> _resultDeliveries = [];
    private UserState _state;
    private IActorRef _outbox = ActorRefs.Nobody;
    private IActorRef _jobs = ActorRefs.Nobody;
    private int _eventsSinceSnapshot;

    public UserActor(string entityId, UserPorts ports)
    {
        _ports = ports;
        _userId = long.Parse(entityId, CultureInfo.InvariantCulture);
        PersistenceId = "user-" + entityId;
        _state = UserState.Empty(_userId);

        Recover<SnapshotOffer>(offer => _state = (UserState)offer.Snapshot);
        Recover<IUserEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<HandleUpdate>(OnUpdate);
        Command<ReportJobProgress>(OnJobProgress);
        Command<ReportJobFinished>(OnJobFinished);
        Command<Delivered>(OnDelivered);
        Command<StatusEditDue>(due => RefreshStatus(due.OrderId));
        Command<ChatActionDue>(OnChatActionDue);
        Command<PromptImprovementAnswered>(OnImprovementAnswered);
        Command<GrantCredits>(OnGrant);
        Command<ResumeOrder>(OnResume);
        Command<GetUserState>(_ => Sender.Tell(_state.ToReply()));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _ports.Time.GetUtcNow();

    private long ChatId => _userId; // a private chat's id is the user's id

    protected override void PreStart()
    {
        var registry = ActorRegistry.For(Context.System);
        _outbox = registry.Get<OutboxActor>();
        _jobs = registry.Get<JobRegion>();
        base.PreStart();
    }

    // ---------- updates ----------
    private void OnUpdate(HandleUpdate command)
    {
        var update = command.Update;
        var now = Now;
        if (_state.Handled.IsHandled(update.UpdateId, now))
        {
            Sender.Tell(new UpdateAccepted(update.UpdateId, Duplicate: true));
            return;
        }

        var events = new List<IUserEvent> { new UpdateRecorded(update.UpdateId, now) };
        if ((update.FirstName is not null && update.FirstName != _state.FirstName) || (update.LanguageCode is not null && update.LanguageCode != _state.LanguageCode))
        {
            events.Add(new ProfileSeen(update.FirstName, update.LanguageCode));
        }

        var effects = new List<ConversationEffect>();
        string? groupReply = null;
        if (!update.PrivateChat)
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
        else if (ToInput(update) is { } input)
        {
            if (_state.Blocked)
            {
                events.Add(new BlockedChanged(false, now)); // writing to the bot again means it is unblocked
            }

            var decision = Decide(input, update.LanguageCode, now);
            events.AddRange(decision.Events.Select(e => (IUserEvent)new ConversationRecorded(e)));
            events.AddRange(LedgerAndOrderEvents(decision.Effects, now));
            effects.AddRange(decision.Effects);
        }

        var sender = Sender;
        PersistAllThen(events, () =>
        {
            sender.Tell(new UpdateAccepted(update.UpdateId, Duplicate: false));
            if (groupReply is not null)
            {
                Deliver(new OutboundMessage.SendScreen(new Screen(groupReply, null)), update.ChatId);
            }

            Perform(effects);
        });
    }

    private ConversationDecision Decide(ConversationInput input, string? languageCode, DateTimeOffset now)
    {
        var context = new ConversationContext(
            Setup(),
            now,
            languageCode ?? _state.LanguageCode,
            _state.Ledger.Available,
            _state.Ledger.Reserved,
            _ports.Settings.AdminIds.Contains(_userId));
        return ConversationMachine.Decide(_state.Conversation, input, context);
    }

    private ConversationSetup Setup() => new(
        _ports.Menu.Current,
        _ports.Settings.DefaultLanguage,
        PromptImprovementEnabled: _ports.ImprovePrompt is not null,
        WelcomeCredits: _ports.Settings.WelcomeCredits);

    /// <summary>Effects that change credits or orders become events of the same write as the decision.</summary>
    private IEnumerable<IUserEvent> LedgerAndOrderEvents(IEnumerable<ConversationEffect> effects, DateTimeOffset now)
    {
        var ledger = _state.Ledger;
        foreach (var effect in effects)
        {
            LedgerResult? result = effect switch
            {
                ConversationEffect.GrantWelcomeCredits grant => ledger.Grant(grant.GrantId, grant.Amount, "welcome", now),
                ConversationEffect.PlaceOrder order => ledger.ReserveAll(order.RequestIds.Select(id => (id, order.UnitPrice)).ToArray(), now),
                _ => null,
            };
            if (result is null)
            {
                continue;
            }

            foreach (var ledgerEvent in result.Events)
            {
                ledger = ledger.Apply(ledgerEvent);
                yield return new LedgerRecorded(ledgerEvent);
            }

            if (effect is ConversationEffect.PlaceOrder placed && result.Outcome == LedgerOutcome.Applied)
            {
                var model = _ports.Menu.Current.FindById(placed.ModelId);
                yield return new OrderRecorded(new OrderOpened(
                    placed.OrderId, placed.ModelId, model?.DisplayName ?? placed.ModelId, model?.Kind ?? MediaKind.Image, placed.Prompt,
                    placed.Variants, placed.UnitPrice, placed.StatusMessageId, placed.Language, now, placed.ImageFileId));
            }
        }
    }

    private static ConversationInput? ToInput(IncomingUpdate update) => update.Kind switch
    {
        UpdateKind.Text when update.Text is not null => ConversationInput.FromMessageText(update.Text),
        UpdateKind.Photo when update.FileId is not null => new ConversationInput.Photo(update.FileId, update.FileSize, update.Text),
        UpdateKind.Document when update.FileId is not null => new ConversationInput.Document(update.FileId, update.FileSize, update.MimeType, update.Text),
        UpdateKind.OtherMessage => new ConversationInput.OtherMessage(OtherMediaOf(update.OtherMedia)),
        UpdateKind.CallbackQuery when update.CallbackQueryId is not null =>
            new ConversationInput.ButtonTapped(update.CallbackQueryId, update.MessageId ?? 0, CallbackCodec.Decode(update.CallbackData)),
        _ => null,
    };

    private static OtherMedia OtherMediaOf(string? name) => name switch
    {
        "sticker" => OtherMedia.Sticker,
        "voice" => OtherMedia.Voice,
        "audio" => OtherMedia.Audio,
        "video" => OtherMedia.Video,
        "video_note" => OtherMedia.VideoNote,
        "animation" => OtherMedia.Animation,
        "location" => OtherMedia.Location,
        "contact" => OtherMedia.Contact,
        "poll" => OtherMedia.Poll,
        _ => OtherMedia.Other,
    };

    // ---------- effects ----------
    private void Perform(IEnumerable<ConversationEffect> effects)
    {
        var edited = new Dictionary<long, Screen>();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case ConversationEffect.AnswerCallback answer:
                    Deliver(new OutboundMessage.AnswerCallback(answer.CallbackQueryId, answer.Toast, answer.ShowAlert));
                    break;
                case ConversationEffect.SendMessage send:
                    Deliver(new OutboundMessage.SendScreen(send.Screen));
                    break;
                case ConversationEffect.EditMessage edit:
                    edited[edit.MessageId] = edit.Screen;
                    Deliver(new OutboundMessage.EditScreen(edit.MessageId, edit.Screen));
                    break;
                case ConversationEffect.PlaceOrder order when _state.Orders.Open.TryGetValue(order.OrderId, out var placed):
                    if (edited.TryGetValue(order.StatusMessageId, out var shown))
                    {
                        // The confirmation became the status message: the gate knows what it shows, so no identical edit follows.
                        _statusGates[order.OrderId] = StatusEditGate.SentInitially(shown, OrderStatusView.Milestone(StatusOf(placed)), Now);
                    }

                    StartJobs(placed);
                    break;
                case ConversationEffect.ImprovePrompt improve:
                    StartImprovement(improve);
                    break;
                case ConversationEffect.CancelQueuedOrder cancel:
                    CancelQueued(cancel.OrderId);
                    break;
                case ConversationEffect.ShowHistory history:
                    ShowHistory(history);
                    break;
                case ConversationEffect.ShowOrderStatus status:
                    ShowOrderStatus(status);
                    break;
                case ConversationEffect.AdminRequested admin:
                    Deliver(new OutboundMessage.SendScreen(new Screen(UiTexts.For(admin.Language).AdminPanel + "\n\n" + UiTexts.For(admin.Language).AdminActionPending, null)));
                    break;
            }
        }
    }

    private void Deliver(OutboundMessage message, long? chatId = null, string? deliveryId = null)
    {
        if (_state.Blocked && message is not OutboundMessage.AnswerCallback)
        {
            return; // a blocked bot cannot write to the chat; a tap's answer is still due (the user unblocked meanwhile)
        }

        _outbox.Tell(new Deliver(chatId ?? ChatId, message, deliveryId ?? string.Empty));
    }

    private void StartJobs(TrackedOrder order)
    {
        foreach (var index in order.OpenIndexes)
        {
            _jobs.Tell(new StartJob(new JobSpec(
                order.RequestId(index), order.OrderId, index, _userId, order.Opened.ModelId, order.Opened.Kind, order.Opened.Prompt,
                order.Opened.ImageFileId, order.Opened.Language)));
        }
    }

    private void CancelQueued(string orderId)
    {
        if (_state.Orders.Open.TryGetValue(orderId, out var order))
        {
            foreach (var index in order.OpenIndexes)
            {
                _jobs.Tell(new CancelJobIfQueued(order.RequestId(index)));
            }
        }
    }

    private void StartImprovement(ConversationEffect.ImprovePrompt improve)
    {
        if (_ports.ImprovePrompt is not { } improvePrompt)
        {
            Self.Tell(new PromptImprovementAnswered(improve, null));
            return;
        }

        improvePrompt(improve, CancellationToken.None).PipeTo(Self,
            success: text => new PromptImprovementAnswered(improve, text),
            failure: _ => new PromptImprovementAnswered(improve, null));
    }

    private void OnImprovementAnswered(PromptImprovementAnswered answered)
    {
        ConversationInput input = answered.Improved is { } text
            ? new ConversationInput.PromptImprovementReady(answered.Request.DraftNumber, answered.Request.Prompt, text)
            : new ConversationInput.PromptImprovementFailed(answered.Request.DraftNumber, answered.Request.Prompt);
        var decision = Decide(input, null, Now);
        PersistAllThen(decision.Events.Select(e => (IUserEvent)new ConversationRecorded(e)).ToList(), () => Perform(decision.Effects));
    }

    private void ShowHistory(ConversationEffect.ShowHistory history)
    {
        var t = UiTexts.For(history.Language);
        var all = _state.Orders.Newest();
        var pageSize = HistoryView.PageSize;
        var page = Keyboards.ClampPage(history.Page, all.Count, pageSize);
        var entries = all.Skip(page * pageSize).Take(pageSize).Select(o => o.ToHistoryEntry()).ToArray();
        var offset = history.Language == Language.Russian ? _ports.Settings.HistoryUtcOffsetRussian : TimeSpan.Zero;
        var screen = HistoryView.Page(t, entries, page, all.Count, offset);
        Deliver(history.EditMessageId is { } messageId ? new OutboundMessage.EditScreen(messageId, screen) : new OutboundMessage.SendScreen(screen));
    }

    private void ShowOrderStatus(ConversationEffect.ShowOrderStatus request)
    {
        var t = UiTexts.For(request.Language);
        var screen = _state.Orders.Find(request.OrderId) is { } order
            ? OrderStatusView.Render(StatusOf(order), Now, t)
            : new Screen(t.StatusNotFound(request.OrderId), Keyboards.MenuOnly(t));
        Deliver(new OutboundMessage.SendScreen(screen));
    }

    // ---------- jobs ----------
    private void OnJobProgress(ReportJobProgress progress)
    {
        if (!_state.Orders.Open.TryGetValue(progress.OrderId, out var order) || order.Outcomes.ContainsKey(progress.Index))
        {
            return;
        }

        _live[(progress.OrderId, progress.Index)] = new VariantProgress(progress.Index, progress.Stage, progress.QueuePosition, progress.Percent, progress.StartedAt);
        RefreshStatus(progress.OrderId);
    }

    private void OnJobFinished(ReportJobFinished finished)
    {
        var job = Sender;
        var requestId = OrderIds.RequestId(finished.OrderId, finished.Index);
        if (!_state.Orders.Open.TryGetValue(finished.OrderId, out var order))
        {
            if (_state.Orders.Find(finished.OrderId) is null)
            {
                _log.Warning("Job {0} reported to user {1}, who has no such order; acknowledged so it stops", requestId, _userId);
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

        var now = Now;
        var settle = finished.Outcome.Stage == VariantStage.Done
            ? _state.Ledger.Capture(requestId, now)
            : _state.Ledger.Release(requestId, finished.Outcome.FailureTextKey ?? finished.Outcome.Stage.ToString(), now);
        var events = settle.Events.Select(e => (IUserEvent)new LedgerRecorded(e)).ToList();
        events.Add(new OrderRecorded(new VariantSettled(finished.OrderId, finished.Index, finished.Outcome, now)));
        PersistAllThen(events, () =>
        {
            _live.Remove((finished.OrderId, finished.Index));
            if (finished.AlertAdmins && finished.Outcome.FailureClass is { } failureClass)
            {
                AlertAdmins(failureClass, requestId, finished.ModelId, finished.Detail);
            }

            RefreshStatus(finished.OrderId);
            DeliverIfSettled(finished.OrderId);
        });
    }

    private void AlertAdmins(Domain.Failures.FailureClass failureClass, string requestId, string modelId, string? detail)
    {
        foreach (var admin in _ports.Settings.AdminIds)
        {
            var text = OrderMessages.AdminAlert(UiTexts.For(_ports.Settings.DefaultLanguage), failureClass, requestId, _userId, modelId, detail);
            _outbox.Tell(new Deliver(admin, new OutboundMessage.SendScreen(new Screen(text, null)), string.Empty));
        }
    }

    private OrderStatus StatusOf(TrackedOrder order) =>
        order.Status(i => _live.GetValueOrDefault((order.OrderId, i))) with { TypicalDuration = UserSettings.TypicalDuration(order.Opened.Kind) };

    /// <summary>Edits the order's one status message if what it shows changed (progress-only changes at most every few seconds).</summary>
    private void RefreshStatus(string orderId)
    {
        if (!_state.Orders.Open.TryGetValue(orderId, out var order) || order.Delivered)
        {
            return;
        }

        var now = Now;
        var status = StatusOf(order);
        var screen = OrderStatusView.Render(status, now, UiTexts.For(order.Opened.Language));
        var gate = _statusGates.GetValueOrDefault(orderId) ?? StatusEditGate.Nothing;
        if (status.Variants.Any(v => v.Stage == VariantStage.Generating) && !Timers.IsTimerActive("action-" + orderId))
        {
            // While the work runs the chat shows "sending a photo..." (a chat action lasts about 5 s in Telegram).
            Deliver(new OutboundMessage.ChatAction(ChatActionOf(order.Opened.Kind)));
            Timers.StartPeriodicTimer("action-" + orderId, new ChatActionDue(orderId), ChatActionEvery);
        }

        var decision = gate.Consider(screen, OrderStatusView.Milestone(status), now, _ports.Settings.StatusEditInterval);
        _statusGates[orderId] = decision.Gate;
        if (decision.Send)
        {
            Deliver(new OutboundMessage.EditScreen(order.Opened.StatusMessageId, screen));
        }
        else if (decision.DueAt is { } due)
        {
            Timers.StartSingleTimer("status-" + orderId, new StatusEditDue(orderId), due - now > TimeSpan.Zero ? due - now : TimeSpan.Zero);
        }
    }

    // ---------- results ----------
    /// <summary>
    /// Once every variant ended: the results (one item or albums); when Telegram has taken them all (a file too large for
    /// it becomes a link), "Ready" with what next, or the failure notice.
    /// </summary>
    private void DeliverIfSettled(string orderId)
    {
        if (!_state.Orders.Open.TryGetValue(orderId, out var order) || !order.AllSettled || order.Delivered || !_deliveriesInFlight.Add(orderId))
        {
            return;
        }

        if (_state.Blocked || order.Outcomes.Values.All(o => o.Stage == VariantStage.Cancelled))
        {
            MarkDelivered(orderId); // nobody to send to, or the status message already shows the cancellation and the refund
            return;
        }

        var parts = ResultItems(order, UiTexts.For(order.Opened.Language)).Chunk(10).ToList();
        if (parts.Count <= order.PartsDelivered)
        {
            SendClosing(order);
            return;
        }

        Deliver(new OutboundMessage.ChatAction(ChatActionOf(order.Opened.Kind)));

        // After a crash, the parts the chat has are not sent again (only one whose send was under way may be).
        for (var part = order.PartsDelivered + 1; part <= parts.Count; part++)
        {
            DeliverResults(orderId, part, $"{orderId}{ResultDeliveryMark}{part}", parts[part - 1]);
        }
    }

    private void DeliverResults(string orderId, int part, string deliveryId, IReadOnlyList<MediaItem> items)
    {
        _resultDeliveries[deliveryId] = (orderId, part, items);
        OutboundMessage message = items.Count == 1 ? new OutboundMessage.SendMedia(items[0]) : new OutboundMessage.SendAlbum(items);
        Deliver(message, deliveryId: deliveryId);
    }

    private void OnResultDelivered(Delivered delivered)
    {
        if (!_resultDeliveries.Remove(delivered.DeliveryId, out var sent))
        {
            return;
        }

        var (orderId, part, items) = sent;
        switch (delivered.Outcome)
        {
            case SendOutcome.TooLarge when items.Count > 1:
                // One file of the album is over Telegram's limit: send them one by one, so only that one becomes a link.
                for (var i = 0; i < items.Count; i++)
                {
                    DeliverResults(orderId, part, $"{delivered.DeliveryId}.{i + 1}", [items[i]]);
                }

                return;
            case SendOutcome.TooLarge tooLarge when _state.Orders.Open.TryGetValue(orderId, out var order):
                var t = UiTexts.For(order.Opened.Language);
                Deliver(new OutboundMessage.SendScreen(OrderMessages.AsLink(t, tooLarge.Url, tooLarge.SizeBytes, ResultLinksValidFor)));
                break;
            case SendOutcome.Sent:
                break;
            default:
                _log.Warning("Result {0} to user {1} ended {2}", delivered.DeliveryId, _userId, delivered.Outcome);
                break;
        }

        var partDone = !_resultDeliveries.Values.Any(d => d.OrderId == orderId && d.Part == part)
            && _state.Orders.Open.TryGetValue(orderId, out var open) && part > open.PartsDelivered;
        PersistAllThen(partDone ? [new OrderRecorded(new OrderPartDelivered(orderId, part, Now))] : [], () =>
        {
            if (!_resultDeliveries.Values.Any(d => d.OrderId == orderId) && _state.Orders.Open.TryGetValue(orderId, out var settled))
            {
                SendClosing(settled);
            }
        });
    }

    /// <summary>"Ready" with 🔁 Make another, or, when nothing succeeded, the failure notice of the first failed variant.</summary>
    private void SendClosing(TrackedOrder order)
    {
        var t = UiTexts.For(order.Opened.Language);
        var done = order.DoneCount;
        Screen closing;
        if (done > 0)
        {
            closing = OrderMessages.Ready(t, order.OrderId, done, order.Opened.Variants);
        }
        else
        {
            var failed = order.Outcomes.OrderBy(o => o.Key).Select(o => o.Value).First(o => o.Stage == VariantStage.Failed);
            var back = order.Opened.UnitPrice * order.Outcomes.Values.Count(o => o.Stage != VariantStage.Done);
            closing = OrderMessages.Failure(t, order.OrderId, failed.FailureTextKey ?? Domain.Failures.FailureTextKeys.Unknown, new FailureNoticeArgs(order.OrderId, back, failed.Attempts));
        }

        Deliver(new OutboundMessage.SendScreen(closing), deliveryId: order.OrderId + FinalDeliverySuffix);
    }

    private static List<MediaItem> ResultItems(TrackedOrder order, UiTexts t)
    {
        var type = order.Opened.Kind switch
        {
            MediaKind.Image => OutboundMediaType.Photo,
            MediaKind.Video => OutboundMediaType.Video,
            _ => OutboundMediaType.Audio,
        };
        var results = order.Outcomes.Where(o => o.Value.Stage == VariantStage.Done).OrderBy(o => o.Key)
            .SelectMany(o => o.Value.ResultUrls.Select(url => (Index: o.Key, Url: url)))
            .ToList();

        // An album shows one caption (the first item's); audio albums show each file's own.
        return results.Select((r, n) => new MediaItem(
            type,
            r.Url,
            n == 0 || type == OutboundMediaType.Audio
                ? OrderMessages.Caption(t, order.Opened.ModelName, order.Opened.Prompt, order.RequestId(r.Index), r.Index, order.Opened.Variants)
                : null)).ToList();
    }

    private static string ChatActionOf(MediaKind kind) => kind switch
    {
        MediaKind.Image => "upload_photo",
        MediaKind.Video => "upload_video",
        _ => "upload_voice",
    };

    private void OnChatActionDue(ChatActionDue due)
    {
        if (_state.Orders.Open.TryGetValue(due.OrderId, out var order) && !order.AllSettled
            && order.OpenIndexes.Any(i => _live.TryGetValue((due.OrderId, i), out var live) && live.Stage == VariantStage.Generating))
        {
            Deliver(new OutboundMessage.ChatAction(ChatActionOf(order.Opened.Kind)));
        }
        else
        {
            Timers.Cancel("action-" + due.OrderId);
        }
    }

    private void OnDelivered(Delivered delivered)
    {
        if (delivered.Outcome is SendOutcome.Blocked && !_state.Blocked)
        {
            PersistAllThen([new BlockedChanged(true, Now)], () => { });
        }

        if (delivered.DeliveryId.EndsWith(FinalDeliverySuffix, StringComparison.Ordinal))
        {
            var orderId = delivered.DeliveryId[..^FinalDeliverySuffix.Length];
            if (delivered.Outcome is not SendOutcome.Sent)
            {
                _log.Warning("Closing message of order {0} to user {1} ended {2}", orderId, _userId, delivered.Outcome);
            }

            MarkDelivered(orderId);
        }
        else if (delivered.DeliveryId.Contains(ResultDeliveryMark, StringComparison.Ordinal))
        {
            OnResultDelivered(delivered);
        }
    }

    private void MarkDelivered(string orderId)
    {
        if (!_state.Orders.Open.TryGetValue(orderId, out var order))
        {
            return;
        }

        var requestIds = order.Indexes.Select(i => OrderIds.RequestId(orderId, i)).ToList();
        PersistAllThen([new OrderRecorded(new OrderDelivered(orderId, Now))], () =>
        {
            foreach (var requestId in requestIds)
            {
                _jobs.Tell(new JobFinishedAck(requestId)); // the outcome reached the chat: the job is settled
            }

            _deliveriesInFlight.Remove(orderId);
            _statusGates.Remove(orderId);
            Timers.Cancel("status-" + orderId);
            Timers.Cancel("action-" + orderId);
        });
    }

    // ---------- admin grants ----------
    private void OnGrant(GrantCredits grant)
    {
        var result = _state.Ledger.Grant(grant.GrantId, grant.Amount, grant.Reason, Now);
        var sender = Sender;
        PersistAllThen(result.Events.Select(e => (IUserEvent)new LedgerRecorded(e)).ToList(), () => sender.Tell(_state.ToReply()));
    }

    // ---------- recovery ----------
    /// <summary>
    /// After a restart: jobs of open orders are started again (a job that exists ignores it; one whose start was lost in
    /// the crash begins now), and settled orders whose results had not reached the chat are delivered.
    /// </summary>
    private void OnRecovered()
    {
        foreach (var order in _state.Orders.Open.Values)
        {
            Self.Tell(new ResumeOrder(order.OrderId));
        }
    }

    private void OnResume(ResumeOrder resume)
    {
        if (!_state.Orders.Open.TryGetValue(resume.OrderId, out var order))
        {
            return;
        }

        if (order.AllSettled)
        {
            DeliverIfSettled(order.OrderId);
        }
        else
        {
            StartJobs(order);
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
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            if (--remaining > 0)
            {
                return;
            }

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

    private sealed record ChatActionDue(string OrderId);

    private sealed record StatusEditDue(string OrderId);

    private sealed record PromptImprovementAnswered(ConversationEffect.ImprovePrompt Request, string? Improved);
}
