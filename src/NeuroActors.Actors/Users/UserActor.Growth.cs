using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using NeuroActors.Actors.Observability;
using NeuroActors.Actors.Promos;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Limits;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Promos;
using NeuroActors.Domain.Referrals;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Users;

/// <summary>
/// The user actor's growth part: promo codes (asked of each code's actor until answered), referrals (a new user's
/// inviter checked, then their bonus sent on the first paid top-up until the inviter confirms), the free daily quota and
/// the limits against floods and too many orders. Kept apart from the conversation's core so the hooks there stay small.
/// </summary>
public sealed partial class UserActor
{
    private static readonly TimeSpan GrowthAskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GrowthRetryEvery = TimeSpan.FromSeconds(5);

    /// <summary>What each planned growth effect does once its decision is persisted (keyed by the effect instance).</summary>
    private readonly Dictionary<ConversationEffect, Action> _plannedGrowth = new(ReferenceEqualityComparer.Instance);

    /// <summary>The update rate over the last minute; lost with the actor, which only lets a few more through.</summary>
    private UpdateRateWindow? _rate;

    private GrowthSettings Growth => _ports.Settings.GrowthOrDefault;

    private void ReceiveGrowth()
    {
        Command<PromoRedeemed>(OnPromoAnswered);
        Command<InviterChecked>(OnInviterChecked);
        Command<GrantReferralBonus>(OnGrantReferralBonus);
        Command<ReferralBonusGranted>(OnReferralBonusGranted);
        Command<GrowthRetry>(_ => ResumeGrowth());
        Command<GrowthAskFailed>(_ => ScheduleGrowthRetry());
    }

    // ---------- limits ----------
    private GrowthLimits GrowthLimitsAt(DateTimeOffset now) =>
        new(Growth.FreeDaily, _state.GrowthOrEmpty.Free.LeftOn(now, Growth.FreeDaily), _state.Orders.Open.Count, Growth.OrdersInProgress);

    /// <summary>
    /// More than <c>Limits:UpdatesPerMinute</c> updates in a minute: the update is recorded as handled and accepted (so
    /// Telegram never sends it again) and nothing else happens, except one notice per flood and a silent answer to a tap
    /// (so its button stops spinning). Admins' updates and those no user floods with (blocks) are never dropped.
    /// </summary>
    private bool DroppedAsFlood(IncomingUpdate update, DateTimeOffset now)
    {
        if (!UpdateLimits.Counts(update, _ports.Settings.AdminIds))
        {
            return false;
        }

        _rate ??= new UpdateRateWindow(Growth.UpdatesPerMinute);
        var verdict = _rate.Admit(now);
        if (verdict == RateVerdict.Handle)
        {
            return false;
        }

        var sender = Sender;
        PersistAllThen([new UpdateRecorded(update.UpdateId, now)], () =>
        {
            sender.Tell(new UpdateAccepted(update.UpdateId, Duplicate: false));
            ActorMetrics.UpdateHandled(update.Kind, duplicate: false);
            var notice = verdict == RateVerdict.DropWithNotice ? GrowthTexts.SlowDown(LanguageFor(update.LanguageCode)) : null;
            if (update.CallbackQueryId is { } queryId)
            {
                Reply(new OutboundMessage.AnswerCallback(queryId, notice is null ? null : Html.Shorten(notice, 190), ShowAlert: notice is not null));
            }
            else if (notice is not null)
            {
                Reply(new OutboundMessage.SendScreen(new Screen(notice, null)));
            }
        });
        return true;
    }

    // ---------- planning: events written with the decision, actions after ----------

    /// <summary>The growth events of a decision's effects (written in the same write) and, per effect, what to do after it.</summary>
    private IEnumerable<IUserEvent> PlanGrowth(IReadOnlyList<ConversationEffect> effects, IReadOnlyList<IUserEvent> written, DateTimeOffset now)
    {
        var growth = _state.GrowthOrEmpty;
        var planned = new List<IUserEvent>();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case ConversationEffect.PlaceOrder order when order.FreeVariants > 0
                    && written.Any(e => e is OrderRecorded { Event: OrderOpened opened } && opened.OrderId == order.OrderId):
                    planned.Add(new FreeGenerationsTaken(FreeQuota.DayOf(now), order.RequestIds.Take(order.FreeVariants).ToArray()));
                    break;
                case ConversationEffect.RedeemPromo redeem:
                    PlanPromo(effect, redeem.Typed, redeem.Language, growth, planned, now);
                    break;
                case ConversationEffect.FollowStartLink { Link: StartLink.Promo promo } link:
                    PlanPromo(effect, promo.Code, link.Language, growth, planned, now);
                    break;
                case ConversationEffect.FollowStartLink { Link: StartLink.Referral referral } link:
                    PlanReferral(effect, referral.InviterId, link.ArrivingNow, link.Language, growth, planned, now);
                    break;
                case ConversationEffect.ShowInvite invite:
                    _plannedGrowth[effect] = () => ShowInvite(invite.Language);
                    break;
            }
        }

        return planned;
    }

    private void PerformGrowth(ConversationEffect effect)
    {
        if (_plannedGrowth.Remove(effect, out var action))
        {
            action();
        }
    }

    private void Notify(string html) => Reply(new OutboundMessage.SendScreen(new Screen(html, null)));

    // ---------- promo codes ----------
    private void PlanPromo(ConversationEffect effect, string typed, Language language, UserGrowth growth, List<IUserEvent> planned, DateTimeOffset now)
    {
        var reading = PromoCodes.Read(typed);
        if (reading.Code is not { } code)
        {
            _plannedGrowth[effect] = () => Notify(GrowthTexts.PromoProblem(language, reading.Problem!.Value));
        }
        else if (growth.RedeemedPromos.Contains(code))
        {
            _plannedGrowth[effect] = () => Notify(GrowthTexts.PromoAlreadyUsed(language, code));
        }
        else if (growth.PendingPromos.Contains(code) || planned.Any(e => e is PromoRedemptionAsked asked && asked.Code == code))
        {
            _plannedGrowth[effect] = () => Notify(GrowthTexts.PromoInProgress(language, code));
        }
        else
        {
            planned.Add(new PromoRedemptionAsked(code, now));
            _plannedGrowth[effect] = () => AskPromo(code);
        }
    }

    private void AskPromo(string code)
    {
        if (!ActorRegistry.For(Context.System).TryGet<PromoRegion>(out var promos))
        {
            ScheduleGrowthRetry(); // a node without the promo region (a test's): asked again later
            return;
        }

        var self = Self;
        promos.Ask<PromoRedeemed>(new RedeemPromo(code, _userId), GrowthAskTimeout)
            .PipeTo(self, failure: _ => GrowthAskFailed.Instance);
    }

    private void OnPromoAnswered(PromoRedeemed answer)
    {
        if (!_state.GrowthOrEmpty.PendingPromos.Contains(answer.Code))
        {
            return; // answered already (a retry's second answer)
        }

        var now = Now;
        var events = new List<IUserEvent> { new PromoRedemptionAnswered(answer.Code, answer.Outcome, answer.Credits, now) };
        if (answer.Outcome == PromoRedeemOutcome.Granted)
        {
            events.InsertRange(0, _state.Ledger.Grant(PromoCodes.GrantId(answer.Code), answer.Credits, "promo " + answer.Code, now).Events.Select(e => (IUserEvent)new LedgerRecorded(e)));
        }

        PersistAllThen(events, () =>
        {
            var language = LanguageFor(null);
            Notify(answer.Outcome == PromoRedeemOutcome.Granted
                ? GrowthTexts.PromoGranted(language, answer.Code, answer.Credits, _state.Ledger.Available)
                : GrowthTexts.PromoRefused(language, answer.Code, answer.Outcome));
        });
    }

    // ---------- referrals ----------
    private void ShowInvite(Language language) =>
        Notify(_ports.Bot?.Username is { } bot
            ? GrowthTexts.Invite(language, ReferralCodes.InviteLink(bot, _userId), Growth.ReferralBonus)
            : GrowthTexts.InviteNotReady(language));

    private void PlanReferral(ConversationEffect effect, long? inviterId, bool arrivingNow, Language language, UserGrowth growth, List<IUserEvent> planned, DateTimeOffset now)
    {
        switch (ReferralRules.Judge(_userId, inviterId, arrivingNow, growth.HasInviter))
        {
            case ReferralVerdict.Attribute:
                planned.Add(new ReferralArrived(inviterId!.Value, now));
                _plannedGrowth[effect] = () => CheckInviter(inviterId.Value);
                break;
            case ReferralVerdict.Nobody:
                _plannedGrowth[effect] = () => Notify(GrowthTexts.ReferralNobody(language));
                break;
            case ReferralVerdict.SelfReferral:
                _plannedGrowth[effect] = () => Notify(GrowthTexts.ReferralSelf(language));
                break;
            case ReferralVerdict.NotNew:
                _plannedGrowth[effect] = () => Notify(GrowthTexts.ReferralNotNew(language));
                break;
            default:
                break; // attributed already: a second link changes nothing, and the menu was answer enough
        }
    }

    /// <summary>Asks whether the link's inviter ever started the bot (a link to an id that never did leads to nobody).</summary>
    private void CheckInviter(long inviterId)
    {
        if (!ActorRegistry.For(Context.System).TryGet<UserRegion>(out var users))
        {
            ScheduleGrowthRetry();
            return;
        }

        users.Ask<UserStateReply>(new GetUserState(inviterId), GrowthAskTimeout)
            .PipeTo(Self, success: reply => new InviterChecked(inviterId, reply.Registered), failure: _ => GrowthAskFailed.Instance);
    }

    private void OnInviterChecked(InviterChecked checkedInviter)
    {
        if (_state.GrowthOrEmpty.PendingInviterId != checkedInviter.InviterId)
        {
            return;
        }

        PersistAllThen([new ReferralChecked(checkedInviter.InviterId, checkedInviter.Exists, Now)], () =>
        {
            var language = LanguageFor(null);
            Notify(checkedInviter.Exists ? GrowthTexts.ReferralAttributed(language) : GrowthTexts.ReferralNobody(language));
            if (checkedInviter.Exists)
            {
                _log.Info("User {UserId} attributed to inviter {InviterId}", _userId, checkedInviter.InviterId);
            }
        });
    }

    /// <summary>
    /// The seam of the payments: when a payment update's events hold the user's first paid top-up
    /// (<see cref="Domain.Payments.TopUpPaid.IsFirstPaidTopUp"/>), an attributed user's inviter earns the bonus, once:
    /// recorded in the same write as the payment, then sent (after the write) until the inviter confirms it. Anyone
    /// else's top-up, and every later one, changes nothing; sign-up alone never earns anything.
    /// </summary>
    private Action? PlanReferralBonus(List<IUserEvent> events, DateTimeOffset now)
    {
        var growth = _state.GrowthOrEmpty;
        // The first payment of either kind: a pack, or a subscription's first period.
        var firstTopUp = events.Any(e => e is PaymentRecorded { Event: Domain.Payments.TopUpPaid { IsFirstPaidTopUp: true } }
            or SubscriptionRecorded { Event: Domain.Payments.SubscriptionPaid { IsFirstPaid: true } });
        if (!firstTopUp || growth.InviterId is not { } inviterId || growth.BonusEarned || Growth.ReferralBonus <= 0)
        {
            return null;
        }

        events.Add(new ReferralBonusEarned(inviterId, Growth.ReferralBonus, now));
        return SendReferralBonus;
    }

    private void SendReferralBonus()
    {
        var growth = _state.GrowthOrEmpty;
        if (growth.InviterId is not { } inviterId || !growth.BonusEarned || growth.BonusDelivered)
        {
            return;
        }

        if (!ActorRegistry.For(Context.System).TryGet<UserRegion>(out var users))
        {
            ScheduleGrowthRetry();
            return;
        }

        users.Ask<ReferralBonusGranted>(new GrantReferralBonus(inviterId, _userId, Growth.ReferralBonus), GrowthAskTimeout)
            .PipeTo(Self, failure: _ => GrowthAskFailed.Instance);
    }

    private void OnReferralBonusGranted(ReferralBonusGranted granted)
    {
        var growth = _state.GrowthOrEmpty;
        if (growth.InviterId != granted.InviterId || growth.BonusDelivered)
        {
            return;
        }

        PersistAllThen([new ReferralBonusDelivered(granted.InviterId, Now)], () => { });
    }

    /// <summary>As the inviter: the bonus for one invitee's first paid top-up, granted once by the invitee's id, told once.</summary>
    private void OnGrantReferralBonus(GrantReferralBonus grant)
    {
        var sender = Sender;
        var result = _state.Ledger.Grant(ReferralCodes.BonusGrantId(grant.InviteeId), grant.Amount, "referral", Now);
        PersistAllThen(result.Events.Select(e => (IUserEvent)new LedgerRecorded(e)).ToList(), () =>
        {
            sender.Tell(new ReferralBonusGranted(_userId, grant.InviteeId));
            if (result.Changed)
            {
                _log.Info("Referral bonus {Amount} to user {UserId} for invitee {InviteeId}", grant.Amount, _userId, grant.InviteeId);
                Notify(GrowthTexts.ReferralBonus(LanguageFor(null), grant.Amount, _state.Ledger.Available));
            }
        });
    }

    // ---------- after a restart, and retries ----------

    /// <summary>What was asked and not answered (a crash, a timeout, a node without the region) is asked again.</summary>
    private void ResumeGrowth()
    {
        var growth = _state.GrowthOrEmpty;
        foreach (var code in growth.PendingPromos)
        {
            AskPromo(code);
        }

        if (growth.PendingInviterId is { } inviterId)
        {
            CheckInviter(inviterId);
        }

        SendReferralBonus();
    }

    private void ScheduleGrowthRetry() => Timers.StartSingleTimer(nameof(GrowthRetry), GrowthRetry.Instance, GrowthRetryEvery);

    /// <summary>A growth ask failed or timed out: everything still open is asked again a little later.</summary>
    private sealed class GrowthRetry
    {
        public static readonly GrowthRetry Instance = new();
    }

    /// <summary>An ask of another actor timed out or failed: retried after <see cref="GrowthRetryEvery"/>.</summary>
    private sealed class GrowthAskFailed
    {
        public static readonly GrowthAskFailed Instance = new();
    }

    private sealed record InviterChecked(long InviterId, bool Exists);
}
