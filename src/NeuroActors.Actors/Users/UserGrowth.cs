using System.Collections.Immutable;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Limits;

namespace NeuroActors.Actors.Users;

/// <summary>
/// A user's part of the growth rules, inside <see cref="UserState"/>: the free generations taken today, the promo codes
/// redeemed and being asked, and the referral (who invited them, whether that is being checked, and the inviter's bonus).
/// Changed only by the growth events (and a released free variant, which gives its generation back).
/// </summary>
/// <param name="Free">Free generations of the current UTC day.</param>
/// <param name="RedeemedPromos">Codes this user got credits from: each works once per user.</param>
/// <param name="PendingPromos">Codes asked of their actors and not answered yet: asked again until answered.</param>
/// <param name="InviterId">Who invited this user (attributed once, ever).</param>
/// <param name="PendingInviterId">The inviter a referral link named, while it is checked that they exist.</param>
/// <param name="BonusEarned">This user's first paid top-up earned the inviter's bonus.</param>
/// <param name="BonusDelivered">The inviter's actor confirmed the bonus (granted once, by the invitee's id).</param>
public sealed record UserGrowth(
    FreeQuota Free,
    ImmutableHashSet<string> RedeemedPromos,
    ImmutableHashSet<string> PendingPromos,
    long? InviterId = null,
    long? PendingInviterId = null,
    bool BonusEarned = false,
    bool BonusDelivered = false)
{
    public static UserGrowth Empty { get; } = new(
        FreeQuota.None,
        ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal),
        ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    /// <summary>Attributed, or being attributed: a second link changes nothing.</summary>
    public bool HasInviter => InviterId is not null || PendingInviterId is not null;

    public UserGrowth Apply(IUserGrowthEvent @event) => @event switch
    {
        FreeGenerationsTaken e => this with { Free = Free.Take(e.Day, e.RequestIds) },
        PromoRedemptionAsked e => this with { PendingPromos = PendingPromos.Add(e.Code) },
        PromoRedemptionAnswered e => this with
        {
            PendingPromos = PendingPromos.Remove(e.Code),
            RedeemedPromos = e.Outcome == Domain.Promos.PromoRedeemOutcome.Granted ? RedeemedPromos.Add(e.Code) : RedeemedPromos,
        },
        ReferralArrived e when !HasInviter => this with { PendingInviterId = e.InviterId },
        ReferralChecked e when PendingInviterId == e.InviterId => this with { PendingInviterId = null, InviterId = e.Exists ? e.InviterId : null },
        ReferralBonusEarned when InviterId is not null => this with { BonusEarned = true },
        ReferralBonusDelivered => this with { BonusDelivered = true },
        _ => this,
    };

    /// <summary>A free variant that failed or was cancelled gives its generation back.</summary>
    public UserGrowth OnLedger(LedgerEvent @event) =>
        @event is CreditsReleased released && Free.RequestIds.Contains(released.RequestId) ? this with { Free = Free.Return(released.RequestId) } : this;
}
