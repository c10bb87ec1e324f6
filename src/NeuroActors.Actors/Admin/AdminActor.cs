using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Actors.Catalog;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Kie;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;
using NeuroActors.Domain.Texts;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Admin;

/// <summary>
/// One admin, sharded by Telegram user id and persistent. Every update of an admin arrives here: admin commands and
/// admin buttons are handled here, everything else goes on unchanged to the admin's own user actor (who answers the
/// gateway), so an admin still uses the bot as a user. An action that changes anything is written as an audit event with
/// the update's id before its effect, and its effect is done again after a restart until recorded as completed; every
/// effect is idempotent (account actions by the update's id, a broadcast by its id), so a redelivered update or a crash
/// never doubles anything. Answers come from the other actors, asked without blocking and piped back here.
/// </summary>
public sealed partial class AdminActor : ReceivePersistentActor
{
    private const int SnapshotEvery = 200;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PanelTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The most variants an order has (1, 3 or 5): /find of an order looks no further.</summary>
    private const int MaxVariants = 5;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly AdminPorts _ports;
    private readonly long _adminId;
    private AdminState _state;
    private int _eventsSinceSnapshot;

    public AdminActor(string entityId, AdminPorts ports)
    {
        _ports = ports;
        _adminId = long.Parse(entityId, CultureInfo.InvariantCulture);
        PersistenceId = "admin-" + entityId;
        _state = AdminState.Empty(_adminId);

        Recover<SnapshotOffer>(offer => _state = (AdminState)offer.Snapshot);
        Recover<IAdminEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            // Audited actions whose effect was not recorded as done: a crash came between; each is idempotent, so do it again.
            foreach (var pending in _state.Pending)
            {
                Execute(pending);
            }
        });

        Command<HandleAdminUpdate>(OnUpdate);
        Command<Answer>(OnAnswer);
        Command<AlertKeyDisabled>(OnKeyDisabled);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of admin {UserId} failed", _adminId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    private DateTimeOffset Now => _ports.Time.GetUtcNow();

    private long ChatId => _adminId; // the admin's private chat with the bot

    // ---------- updates ----------
    private void OnUpdate(HandleAdminUpdate command)
    {
        var update = command.Update;
        var sender = Sender;
        if (_state.Handled.IsHandled(update.UpdateId, Now))
        {
            sender.Tell(new UpdateAccepted(update.UpdateId, Duplicate: true));
            return;
        }

        var language = LanguageResolver.FromTelegramCode(update.LanguageCode, _ports.Settings.DefaultLanguage);
        var commandName = update.Kind == UpdateKind.Text ? AdminCommandParser.CommandName(update.Text) : null;
        if (!update.PrivateChat)
        {
            ForwardToUser(update, sender, []); // group chats follow the user conversation's group policy
        }
        else if (update.Kind == UpdateKind.CallbackQuery && CallbackCodec.Decode(update.CallbackData) is CallbackAction.Admin button && update.CallbackQueryId is { } queryId)
        {
            OnButton(update, queryId, button, language, sender);
        }
        else if (commandName is not null && AdminCommandParser.Parse(update.Text) is { } request)
        {
            OnRequest(update, request, language, sender);
        }
        else if (commandName is null && _state.Draft is { Step: BroadcastDraftStep.AwaitingContent } draft && update.Kind is UpdateKind.Text or UpdateKind.Photo)
        {
            OnBroadcastContent(update, draft, language, sender);
        }
        else
        {
            // Any other command leaves a draft behind (the admin moved on), then goes to the user conversation.
            ForwardToUser(update, sender, commandName is not null && _state.Draft is { } left ? [new BroadcastDraftClosed(left.BroadcastId, "left for /" + commandName, Now)] : []);
        }
    }

    private void ForwardToUser(IncomingUpdate update, IActorRef sender, IReadOnlyList<IAdminEvent> events) =>
        PersistAllThen(events, () => Users().Tell(new HandleUpdate(update.UserId, update), sender));

    /// <summary>Records the update as handled with <paramref name="events"/> in one write, accepts it, then runs <paramref name="after"/>.</summary>
    private void Handle(IncomingUpdate update, IActorRef sender, IEnumerable<IAdminEvent> events, Action after)
    {
        var all = new List<IAdminEvent> { new AdminUpdateRecorded(update.UpdateId, Now) };
        all.AddRange(events);
        PersistAllThen(all, () =>
        {
            sender.Tell(new UpdateAccepted(update.UpdateId, Duplicate: false));
            after();
        });
    }

    private IEnumerable<IAdminEvent> LeaveDraft(string why) =>
        _state.Draft is { } draft ? [new BroadcastDraftClosed(draft.BroadcastId, why, Now)] : [];

    // ---------- typed commands ----------
    private void OnRequest(IncomingUpdate update, AdminRequest request, Language language, IActorRef sender)
    {
        var leave = request is AdminRequest.Broadcast ? LeaveDraft("a new draft") : LeaveDraft("left for a command");
        switch (request)
        {
            case AdminRequest.Account account:
                var problem = new AccountRequest("tg:" + update.UpdateId.ToString(CultureInfo.InvariantCulture), account.Kind, account.Amount, "admin:" + _adminId, account.Reason)
                    .Problem(_ports.Settings.MaxGrant, reasonRequired: false);
                if (problem is not null)
                {
                    Handle(update, sender, leave, () => Send(AdminTexts.Refused(language, problem)));
                    return;
                }

                var kind = account.Kind switch
                {
                    AccountActionKind.Grant => AdminActionKind.Grant,
                    AccountActionKind.Debit => AdminActionKind.Debit,
                    AccountActionKind.Ban => AdminActionKind.Ban,
                    _ => AdminActionKind.Unban,
                };
                Audited(update, sender, leave, Audit(update, kind, Id(account.UserId), account.Amount, account.Reason, language));
                return;
            case AdminRequest.SwitchModel model:
                if (_ports.Catalog.Current.Find(model.ModelId) is null)
                {
                    Handle(update, sender, leave, () => Send(AdminTexts.UnknownModel(language, model.ModelId)));
                    return;
                }

                Audited(update, sender, leave, Audit(update, model.Visible ? AdminActionKind.ModelOn : AdminActionKind.ModelOff, model.ModelId, 0, "/model " + (model.Visible ? "on" : "off"), language));
                return;
            case AdminRequest.Sync:
                Audited(update, sender, leave, Audit(update, AdminActionKind.Sync, "catalogue", 0, "/sync", language));
                return;
            case AdminRequest.EnableKey key:
                if (MatchKey(key.KeyId) is not { } keyId)
                {
                    Handle(update, sender, leave, () => Send(AdminTexts.UnknownKey(language, key.KeyId)));
                    return;
                }

                Audited(update, sender, leave, Audit(update, AdminActionKind.KeyOn, keyId.Value, 0, "/key on", language));
                return;
            case AdminRequest.Broadcast:
                Handle(update, sender, [.. leave, new BroadcastDrafted(update.UpdateId, Now)], () => Send(AdminTexts.BroadcastAskContent(language)));
                return;
            case AdminRequest.Refund refund:
                OnRefundRequest(update, refund, language, sender, leave);
                return;
            case AdminRequest.PromoNew or AdminRequest.PromoOff or AdminRequest.PromoList:
                OnPromoRequest(update, request, language, sender, leave);
                return;
            default:
                Handle(update, sender, leave, () => Show(request, language, editMessageId: null));
                return;
        }
    }

    /// <summary>What a request that changes nothing shows.</summary>
    private void Show(AdminRequest request, Language language, long? editMessageId)
    {
        switch (request)
        {
            case AdminRequest.Panel:
                Pipe(PanelAsync(language, editMessageId), language);
                break;
            case AdminRequest.Stats:
                ShowStats(language, editMessageId);
                break;
            case AdminRequest.Find find:
                Pipe(FindAsync(find.Lookup, language), language);
                break;
            case AdminRequest.ShowUser user:
                Pipe(UserAsync(user.UserId, user.Username, language, history: false), language);
                break;
            case AdminRequest.Models models:
                var page = AdminModelsPage.Of(_ports.Catalog.Current.AdminListing(), models.Page);
                var screen = new Screen(AdminTexts.Models(language, page), AdminKeyboards.Models(language, page.Page, page.Pages));
                Send(editMessageId is { } id ? new OutboundMessage.EditScreen(id, screen) : new OutboundMessage.SendScreen(screen));
                break;
            case AdminRequest.Keys:
                Pipe(KeysAsync(language), language);
                break;
            case AdminRequest.Usage usage:
                Send(AdminTexts.Usage(language, usage.Command));
                break;
        }
    }

    // ---------- buttons ----------
    private void OnButton(IncomingUpdate update, string queryId, CallbackAction.Admin button, Language language, IActorRef sender)
    {
        var messageId = update.MessageId;
        var id = button.Argument;
        switch (button.Command)
        {
            case AdminCommand.Panel or AdminCommand.HousekeepingSchedule:
                Tapped(update, queryId, sender, () => Show(new AdminRequest.Panel(), language, messageId));
                break;
            case AdminCommand.Metrics:
                Tapped(update, queryId, sender, () => ShowStats(language, null));
                break;
            case AdminCommand.RefreshMetrics:
                Tapped(update, queryId, sender, () => ShowStats(language, messageId));
                break;
            case AdminCommand.FindRequest:
                Tapped(update, queryId, sender, () => Send(AdminTexts.Usage(language, AdminUsage.Find)));
                break;
            case AdminCommand.Users:
                Tapped(update, queryId, sender, () => Send(AdminTexts.Usage(language, AdminUsage.User)));
                break;
            case AdminCommand.UserDetails:
                Tapped(update, queryId, sender, () => Pipe(UserAsync(id, null, language, history: false), language));
                break;
            case AdminCommand.UserHistory:
                Tapped(update, queryId, sender, () => Pipe(UserAsync(id, null, language, history: true), language));
                break;
            case AdminCommand.GrantHint or AdminCommand.DebitHint:
                Tapped(update, queryId, sender, () => Send(AdminTexts.AmountHint(language, button.Command == AdminCommand.DebitHint ? AccountActionKind.Debit : AccountActionKind.Grant, id)));
                break;
            case AdminCommand.BanUser or AdminCommand.UnbanUser when id > 0:
                var ban = button.Command == AdminCommand.BanUser;
                Audited(update, sender, [], Audit(update, ban ? AdminActionKind.Ban : AdminActionKind.Unban, Id(id), 0, ban ? "banned from the user card" : string.Empty, language), queryId);
                break;
            case AdminCommand.Models:
                Tapped(update, queryId, sender, () => Show(new AdminRequest.Models(0), language, null));
                break;
            case AdminCommand.ModelsPage:
                Tapped(update, queryId, sender, () => Show(new AdminRequest.Models((int)Math.Min(id, int.MaxValue)), language, messageId));
                break;
            case AdminCommand.ResyncModels:
                Audited(update, sender, [], Audit(update, AdminActionKind.Sync, "catalogue", 0, "resync button", language), queryId);
                break;
            case AdminCommand.Keys or AdminCommand.EnableKey:
                Tapped(update, queryId, sender, () => Pipe(KeysAsync(language), language));
                break;
            case AdminCommand.Broadcast:
                Handle(update, sender, [.. LeaveDraft("a new draft"), new BroadcastDrafted(update.UpdateId, Now)], () =>
                {
                    AnswerTap(queryId);
                    Send(AdminTexts.BroadcastAskContent(language));
                });
                break;
            case AdminCommand.BroadcastToAll or AdminCommand.BroadcastToActive or AdminCommand.BroadcastToRussian or AdminCommand.BroadcastToEnglish:
                OnAudience(update, queryId, id, BroadcastDraft.AudienceOf(button.Command)!.Value, language, sender);
                break;
            case AdminCommand.ConfirmBroadcast:
                OnConfirm(update, queryId, id, language, sender);
                break;
            case AdminCommand.CancelBroadcast:
                if (_state.Draft?.BroadcastId == id)
                {
                    Handle(update, sender, [new BroadcastDraftClosed(id, "cancelled", Now)], () =>
                    {
                        AnswerTap(queryId);
                        Send(AdminTexts.BroadcastCancelled(language));
                    });
                }
                else
                {
                    Tapped(update, queryId, sender, null, AdminTexts.BroadcastStale(language));
                }

                break;
            case AdminCommand.PauseBroadcast or AdminCommand.ResumeBroadcast or AdminCommand.StopBroadcast:
                var control = button.Command switch
                {
                    AdminCommand.PauseBroadcast => AdminActionKind.BroadcastPause,
                    AdminCommand.ResumeBroadcast => AdminActionKind.BroadcastResume,
                    _ => AdminActionKind.BroadcastStop,
                };
                Audited(update, sender, [], Audit(update, control, Id(id), 0, "progress message button", language), queryId, AdminTexts.BroadcastControlSent(language, button.Command));
                break;
            case AdminCommand.ConfirmRefund or AdminCommand.CancelRefund:
                OnRefundButton(update, queryId, button, language, sender);
                break;
            default:
                Tapped(update, queryId, sender, null, AdminTexts.Outdated(language));
                break;
        }
    }

    /// <summary>A button that changes nothing: recorded, its tap answered at once, then shown.</summary>
    private void Tapped(IncomingUpdate update, string queryId, IActorRef sender, Action? then, string? toast = null) =>
        Handle(update, sender, [], () =>
        {
            AnswerTap(queryId, toast);
            then?.Invoke();
        });

    // ---------- broadcast compose ----------
    private void OnBroadcastContent(IncomingUpdate update, BroadcastDraft draft, Language language, IActorRef sender)
    {
        var content = BroadcastDraft.ContentOf(update.Text, update.Kind == UpdateKind.Photo ? update.FileId : null);
        if (content is null)
        {
            Handle(update, sender, [], () => Send(AdminTexts.BroadcastBadContent(language)));
            return;
        }

        Handle(update, sender, [new BroadcastContentSet(draft.BroadcastId, content)], () =>
            Send(new OutboundMessage.SendScreen(new Screen(AdminTexts.BroadcastChooseAudience(language), AdminKeyboards.Audience(language, draft.BroadcastId)))));
    }

    private void OnAudience(IncomingUpdate update, string queryId, long broadcastId, BroadcastAudience audience, Language language, IActorRef sender)
    {
        if (_state.Draft is not { Content: { } content } draft || draft.BroadcastId != broadcastId)
        {
            Tapped(update, queryId, sender, null, AdminTexts.BroadcastStale(language));
            return;
        }

        Handle(update, sender, [new BroadcastAudienceChosen(broadcastId, audience)], () =>
        {
            AnswerTap(queryId);
            // The preview is the message exactly as users will get it; the confirmation follows it.
            Send(content.PhotoFileId is { } photo
                ? new OutboundMessage.SendMedia(new MediaItem(OutboundMediaType.Photo, photo, content.Html.Length == 0 ? null : content.Html))
                : new OutboundMessage.SendScreen(new Screen(content.Html, null)));
            Send(new OutboundMessage.SendScreen(new Screen(AdminTexts.BroadcastConfirm(language, audience), AdminKeyboards.Confirm(language, broadcastId))));
        });
    }

    private void OnConfirm(IncomingUpdate update, string queryId, long broadcastId, Language language, IActorRef sender)
    {
        if (_state.Started.Contains(broadcastId))
        {
            Tapped(update, queryId, sender, null, AdminTexts.BroadcastAlreadyStarted(language));
            return;
        }

        if (_state.Draft is not { Step: BroadcastDraftStep.AwaitingConfirmation } draft || draft.BroadcastId != broadcastId)
        {
            Tapped(update, queryId, sender, null, AdminTexts.BroadcastStale(language));
            return;
        }

        var audit = Audit(update, AdminActionKind.BroadcastStart, Id(broadcastId), 0, AdminTexts.Audience(Language.English, draft.Audience!.Value), language)
            with { Content = draft.Content, Audience = draft.Audience };
        Audited(update, sender, [new BroadcastDraftClosed(broadcastId, "confirmed", Now)], audit, queryId);
    }

    // ---------- audited actions ----------
    private AdminActionRecorded Audit(IncomingUpdate update, AdminActionKind kind, string target, long amount, string reason, Language language) =>
        new(update.UpdateId, _adminId, kind, target, amount, reason, update.ChatId, language, Now);

    /// <summary>Persists the audit record with the update (and <paramref name="events"/>), accepts the update, then does the action.</summary>
    private void Audited(IncomingUpdate update, IActorRef sender, IEnumerable<IAdminEvent> events, AdminActionRecorded audit, string? queryId = null, string? toast = null) =>
        Handle(update, sender, [.. events, audit], () =>
        {
            if (queryId is not null)
            {
                AnswerTap(queryId, toast);
            }

            _log.Info("Admin {UserId} does {Kind} on {Target} (update {UpdateId})", _adminId, audit.Kind, audit.Target, audit.UpdateId);
            Execute(audit);
        });

    /// <summary>The effect of an audited action; its answer comes back as an <see cref="Answer"/> that completes it.</summary>
    private void Execute(AdminActionRecorded audit)
    {
        var language = audit.Language;
        switch (audit.Kind)
        {
            case AdminActionKind.Grant or AdminActionKind.Debit or AdminActionKind.Ban or AdminActionKind.Unban:
                Pipe(AccountAsync(audit), audit.Language);
                break;
            case AdminActionKind.ModelOn or AdminActionKind.ModelOff:
                Pipe(SwitchModelAsync(audit), audit.Language);
                break;
            case AdminActionKind.Sync:
                Pipe(SyncAsync(audit), audit.Language);
                break;
            case AdminActionKind.KeyOn:
                KieKeyTopics.EnableOnEveryNode(Context.System, audit.Target, audit.By);
                Self.Tell(new Answer([Message(AdminTexts.KeyEnabled(language, audit.Target))], audit.UpdateId, "published"));
                break;
            case AdminActionKind.BroadcastStart:
                StartBroadcast(audit);
                break;
            case AdminActionKind.PromoNew or AdminActionKind.PromoOff:
                ExecutePromo(audit);
                break;
            default:
                ControlBroadcast(audit);
                break;
        }
    }

    private void StartBroadcast(AdminActionRecorded audit)
    {
        var broadcastId = long.Parse(audit.Target, CultureInfo.InvariantCulture);
        if (_ports.BroadcastRegion() is not { } broadcasts)
        {
            Self.Tell(new Answer([Message(AdminTexts.BroadcastsUnavailable(audit.Language))], audit.UpdateId, "broadcasts unavailable"));
            return;
        }

        // The broadcast answers with its status; its progress message is what the admin sees, so no one listens.
        broadcasts.Tell(new StartBroadcast(broadcastId, _adminId, audit.ChatId, audit.Language, audit.Content!, audit.Audience!.Value), ActorRefs.NoSender);
        Self.Tell(new Answer([Message(AdminTexts.BroadcastStarted(audit.Language, broadcastId))], audit.UpdateId, "started"));
    }

    private void ControlBroadcast(AdminActionRecorded audit)
    {
        if (_ports.BroadcastRegion() is not { } broadcasts)
        {
            Self.Tell(new Answer([Message(AdminTexts.BroadcastsUnavailable(audit.Language))], audit.UpdateId, "broadcasts unavailable"));
            return;
        }

        var which = audit.Kind switch
        {
            AdminActionKind.BroadcastPause => BroadcastSwitch.Pause,
            AdminActionKind.BroadcastResume => BroadcastSwitch.Resume,
            _ => BroadcastSwitch.Stop,
        };
        broadcasts.Tell(new ControlBroadcast(long.Parse(audit.Target, CultureInfo.InvariantCulture), _adminId, which), ActorRefs.NoSender);
        Self.Tell(new Answer([], audit.UpdateId, which.ToString()));
    }

    private async Task<Answer> AccountAsync(AdminActionRecorded audit)
    {
        var language = audit.Language;
        var userId = long.Parse(audit.Target, CultureInfo.InvariantCulture);
        var kind = audit.Kind switch
        {
            AdminActionKind.Grant => AccountActionKind.Grant,
            AdminActionKind.Debit => AccountActionKind.Debit,
            AdminActionKind.Ban => AccountActionKind.Ban,
            _ => AccountActionKind.Unban,
        };
        var request = new AccountRequest(audit.ActionId, kind, audit.Amount, audit.By, audit.Reason);
        var reply = await Users().Ask<AccountActionReply>(new ApplyAccountAction(userId, request), AskTimeout);
        var state = reply.State;
        var text = reply.Outcome switch
        {
            AccountOutcome.Applied or AccountOutcome.AlreadyApplied => AdminTexts.AccountDone(language, kind, audit.Amount, state.FirstName, userId, audit.Reason, state.Balance),
            AccountOutcome.NeverStarted => AdminTexts.NeverStarted(language, userId),
            AccountOutcome.NoChange => AdminTexts.NoChange(language, kind, userId),
            AccountOutcome.InsufficientCredits => AdminTexts.InsufficientCredits(language, userId, state.Available, audit.Amount),
            AccountOutcome.Conflict => AdminTexts.AlreadyApplied(language),
            _ => AdminTexts.Refused(language, "the amount is not valid"),
        };
        return new Answer([Message(text)], audit.UpdateId, reply.Outcome.ToString());
    }

    private async Task<Answer> SwitchModelAsync(AdminActionRecorded audit)
    {
        if (!_ports.Registry.TryGet<CatalogSyncActor>(out var sync))
        {
            return new Answer([Message(AdminTexts.Refused(audit.Language, "the catalogue singleton is not started on this node"))], audit.UpdateId, "unavailable");
        }

        var visible = audit.Kind == AdminActionKind.ModelOn;
        var result = await sync.Ask<ModelVisibilitySetResult>(new SetModelVisibility(audit.Target, visible, audit.By, audit.Reason), AskTimeout);
        var text = result.Succeeded
            ? AdminTexts.ModelSwitched(audit.Language, audit.Target, visible, result.Revision)
            : AdminTexts.Refused(audit.Language, result.Problem ?? "the catalogue refused the switch");
        return new Answer([Message(text)], audit.UpdateId, result.Succeeded ? "switched" : "refused");
    }

    private async Task<Answer> SyncAsync(AdminActionRecorded audit)
    {
        if (!_ports.Registry.TryGet<CatalogSyncActor>(out var sync))
        {
            return new Answer([Message(AdminTexts.Refused(audit.Language, "the catalogue singleton is not started on this node"))], audit.UpdateId, "unavailable");
        }

        var result = await sync.Ask<CatalogSyncResult>(new SyncCatalogNow(audit.By), SyncTimeout);
        var change = result.Change;
        var line = new AdminSyncLine(
            result.Succeeded, result.Changed, result.Version, result.Problem,
            change?.Added ?? [], change?.Removed ?? [],
            change?.Repriced.Select(r => $"{r.ModelId} {r.OldPriceFrom?.ToString(CultureInfo.InvariantCulture) ?? "—"}→{r.NewPriceFrom?.ToString(CultureInfo.InvariantCulture) ?? "—"}").ToArray() ?? []);
        return new Answer([Message(AdminTexts.Sync(audit.Language, line))], audit.UpdateId, result.Succeeded ? "synced" : "failed");
    }

    // ---------- views ----------
    private void ShowStats(Language language, long? editMessageId)
    {
        if (_ports.Registry.TryGet<StatsReporterKey>(out var reporter))
        {
            reporter.Tell(new ShowStats(ChatId, language, editMessageId));
        }
        else
        {
            Send(AdminTexts.StatsUnavailable(language));
        }
    }

    private async Task<Answer> PanelAsync(Language language, long? editMessageId)
    {
        var line = new HousekeepingLine(false, null, null, [], null);
        if (_ports.Registry.TryGet<HousekeepingActor>(out var housekeeping))
        {
            try
            {
                var status = await housekeeping.Ask<HousekeepingStatus>(GetHousekeepingStatus.Instance, PanelTimeout);
                line = new HousekeepingLine(
                    true, status.LastRun?.FinishedAt, status.LastRun?.TotalRemoved,
                    status.LastRun?.Removed.Where(r => r.Failure is not null).Select(r => $"{r.Target}: {r.Failure}").ToArray() ?? [],
                    status.NextRunAt);
            }
            catch (AskTimeoutException)
            {
                // Shown as "did not answer": the panel itself must not wait for the singleton.
            }
        }

        var screen = new Screen(AdminTexts.Panel(language, line), AdminKeyboards.Panel(language));
        return new Answer([editMessageId is { } id ? new OutboundMessage.EditScreen(id, screen) : new OutboundMessage.SendScreen(screen)], null, null);
    }

    private async Task<Answer> UserAsync(long? userId, string? username, Language language, bool history)
    {
        if (userId is null)
        {
            if (_ports.ReadSide is not { } readSide)
            {
                return Show(AdminTexts.UsernameLookupUnavailable(language));
            }

            userId = await readSide.UserIdByUsernameAsync(username!, CancellationToken.None);
            if (userId is null)
            {
                return Show(AdminTexts.UnknownUsername(language, username!));
            }
        }

        var state = await Users().Ask<UserStateReply>(new GetUserState(userId.Value), AskTimeout);
        if (!state.Registered)
        {
            return Show(AdminTexts.NeverStarted(language, userId.Value));
        }

        var orders = (state.LastOrders ?? []).Select(o => new AdminOrderLine(o.OrderId, o.ModelId, o.Variants, o.UnitPrice, o.State, o.PlacedAt)).ToArray();
        if (history)
        {
            return Show(AdminTexts.Orders(language, orders));
        }

        var card = new AdminUserCard(state.UserId, state.FirstName, state.LanguageCode, state.Balance, state.Reserved, state.OrderCount, state.LastSeen, state.Banned, state.BanReason, state.Blocked, orders);
        return new Answer([new OutboundMessage.SendScreen(new Screen(AdminTexts.UserCard(language, card), AdminKeyboards.User(language, state.UserId, state.Banned)))], null, null);
    }

    private async Task<Answer> FindAsync(AdminLookup lookup, Language language)
    {
        var jobs = _ports.Registry.Get<JobRegion>();
        var stories = new List<JobStoryReply>();
        switch (lookup)
        {
            case AdminLookup.Request request:
                stories.Add(await jobs.Ask<JobStoryReply>(new GetJobStory(request.RequestId), AskTimeout));
                break;
            case AdminLookup.Order order:
                // Variants are numbered 1..N without gaps: ask until one does not exist.
                for (var index = 1; index <= MaxVariants; index++)
                {
                    var story = await jobs.Ask<JobStoryReply>(new GetJobStory(Domain.Conversation.OrderIds.RequestId(order.OrderId, index)), AskTimeout);
                    if (!story.Summary.Exists) break;
                    stories.Add(story);
                }

                break;
            case AdminLookup.KieTask task:
                if (_ports.ReadSide is not { } readSide)
                {
                    return Show(AdminTexts.TaskLookupUnavailable(language));
                }

                if (await readSide.RequestIdByKieTaskIdAsync(task.TaskId, CancellationToken.None) is not { } requestId)
                {
                    return Show(AdminTexts.NotFound(language, task.TaskId));
                }

                stories.Add(await jobs.Ask<JobStoryReply>(new GetJobStory(requestId), AskTimeout));
                break;
        }

        var found = stories.Where(s => s.Summary.Exists).ToArray();
        if (found.Length == 0)
        {
            return Show(AdminTexts.NotFound(language, Query(lookup)));
        }

        var first = found[0].Summary;
        var users = Users();
        var user = await users.Ask<UserStateReply>(new GetUserState(first.UserId), AskTimeout);
        var variants = new List<AdminVariantStory>();
        foreach (var story in found)
        {
            var credits = await users.Ask<ReservationReply>(new GetReservation(first.UserId, story.Summary.RequestId), AskTimeout);
            variants.Add(new AdminVariantStory(
                story.Summary.RequestId,
                story.Summary.State,
                story.Attempts.Select(a => new AdminAttemptLine(a.Attempt, a.StartedAt, a.TaskId, a.KeyId, a.SubmittedAt, a.FailureClass, a.Detail, a.FailedAt, a.RetryAt)).ToArray(),
                story.Outcome is { } outcome ? outcome.Stage + (outcome.FailureClass is { } failure ? " " + failure : string.Empty) : null,
                story.Detail,
                credits.State,
                credits.Amount,
                story.Summary.AcceptedAt,
                story.FinishedAt,
                story.SettledAt));
        }

        var orderStory = new AdminOrderStory(first.OrderId ?? first.RequestId, first.UserId, user.FirstName, first.ModelId, found[0].Prompt, variants);
        return Show(AdminTexts.OrderStory(language, orderStory));
    }

    private static string Query(AdminLookup lookup) => lookup switch
    {
        AdminLookup.Request r => r.RequestId,
        AdminLookup.Order o => o.OrderId,
        AdminLookup.KieTask t => t.TaskId,
        _ => string.Empty,
    };

    private async Task<Answer> KeysAsync(Language language)
    {
        if (_ports.Keys is not { } pool)
        {
            return Show(AdminTexts.Keys(language, [], 0));
        }

        var report = pool.GetReport();
        var lines = new List<AdminKeyLine>();
        foreach (var key in report.Keys)
        {
            var balance = _ports.Balances is { } balances ? await balances.BalanceAsync(key.KeyId, CancellationToken.None) : null;
            var hour = pool.LastHour(key.KeyId);
            var cooling = new[] { key.CreateCoolingUntil, key.QueryCoolingUntil }.Where(t => t is not null).Max();
            lines.Add(new AdminKeyLine(key.KeyId.Value, key.Condition.ToString(), cooling, key.DisabledReason?.ToString(), key.DisabledDetail, hour.Creates, hour.Queries, hour.RateLimited, balance));
        }

        return Show(AdminTexts.Keys(language, lines, report.WaitingCreates));
    }

    private KieKeyId? MatchKey(string text)
    {
        var matches = (_ports.Keys?.KeyIds ?? []).Where(id =>
            string.Equals(id.Value, text, StringComparison.Ordinal) || id.Value.EndsWith("#" + text, StringComparison.OrdinalIgnoreCase)).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }

    // ---------- alerts ----------
    private void OnKeyDisabled(AlertKeyDisabled alert)
    {
        if (!_state.IsNewKeyIncident(alert.KeyId, alert.At))
        {
            return; // the same incident, raised by another node's pool or another job: told already
        }

        PersistAllThen([new KeyAlertRecorded(alert.KeyId, alert.At)], () =>
            _ports.Registry.Get<OutboxActor>().Tell(new Deliver(
                ChatId,
                Message(AdminTexts.KeyAlert(_ports.Settings.DefaultLanguage, alert.KeyId, alert.Reason, alert.KieSaid, alert.At)),
                DeliveryId.None,
                TrafficClass.Bulk)));
    }

    // ---------- answers ----------

    /// <summary>What async work concluded: messages for the admin's chat, and the audited action it completes, if any.</summary>
    private sealed record Answer(IReadOnlyList<OutboundMessage> Messages, long? Completes, string? Result);

    private static Answer Show(string html) => new([Message(html)], null, null);

    private static OutboundMessage Message(string html) => new OutboundMessage.SendScreen(new Screen(html, null));

    /// <summary>
    /// Sends what <paramref name="work"/> concludes back to this actor. A failure (a part of the cluster did not answer)
    /// tells the admin nothing is known to have changed; an audited action then stays pending and is done again after a restart.
    /// </summary>
    private void Pipe(Task<Answer> work, Language language) =>
        work.PipeTo(Self, failure: e => new Answer(
            [Message(e.GetBaseException() is AskTimeoutException ? AdminTexts.NoAnswer(language) : AdminTexts.Refused(language, e.GetBaseException().GetType().Name))],
            null,
            null));

    private void OnAnswer(Answer answer)
    {
        var events = answer.Completes is { } updateId && _state.Pending.Any(p => p.UpdateId == updateId)
            ? new List<IAdminEvent> { new AdminActionCompleted(updateId, answer.Result ?? string.Empty, Now) }
            : [];
        PersistAllThen(events, () =>
        {
            foreach (var message in answer.Messages)
            {
                Send(message);
            }
        });
    }

    private void Send(string html) => Send(Message(html));

    private void Send(OutboundMessage message) =>
        _ports.Registry.Get<OutboxActor>().Tell(new Deliver(ChatId, message, DeliveryId.None, TrafficClass.Reply));

    /// <summary>A tap is answered at once (Telegram shows a spinner until then), before any slower work.</summary>
    private void AnswerTap(string queryId, string? toast = null) => Send(new OutboundMessage.AnswerCallback(queryId, toast));

    private IActorRef Users() => _ports.Registry.Get<UserRegion>();

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Persists the events atomically (one write), folds them into the state, then runs <paramref name="after"/>.</summary>
    private void PersistAllThen(IReadOnlyList<IAdminEvent> events, Action after)
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
}
