using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Promos;

namespace NeuroActors.Actors.Users;

/// <summary>A user event of the growth rules (promo codes, referrals, the free quota); folded into <see cref="UserGrowth"/>.</summary>
public interface IUserGrowthEvent : IUserEvent;

/// <summary>An order's first variants went on the free quota of <paramref name="Day"/> (UTC); written with the order.</summary>
[Manifest("user-free-generations-taken.v1")]
public sealed record FreeGenerationsTaken(DateOnly Day, IReadOnlyList<string> RequestIds) : IUserGrowthEvent;

/// <summary>The user typed a valid code: its actor is asked (again after a crash) until it answers.</summary>
[Manifest("user-promo-asked.v1")]
public sealed record PromoRedemptionAsked(string Code, DateTimeOffset At) : IUserGrowthEvent;

/// <summary>The code's actor answered; a grant's ledger event (id <c>promo:CODE</c>) is written in the same write.</summary>
[Manifest("user-promo-answered.v1")]
public sealed record PromoRedemptionAnswered(string Code, PromoRedeemOutcome Outcome, long Credits, DateTimeOffset At) : IUserGrowthEvent;

/// <summary>A new user arrived by <paramref name="InviterId"/>'s link; written with their registration, checked next.</summary>
[Manifest("user-referral-arrived.v1")]
public sealed record ReferralArrived(long InviterId, DateTimeOffset At) : IUserGrowthEvent;

/// <summary>The inviter exists (attributed, for good) or never started the bot (the link led to nobody).</summary>
[Manifest("user-referral-checked.v1")]
public sealed record ReferralChecked(long InviterId, bool Exists, DateTimeOffset At) : IUserGrowthEvent;

/// <summary>The user's first paid top-up earned their inviter the bonus: sent until the inviter confirms it.</summary>
[Manifest("user-referral-bonus-earned.v1")]
public sealed record ReferralBonusEarned(long InviterId, long Bonus, DateTimeOffset At) : IUserGrowthEvent;

/// <summary>The inviter's actor confirmed the bonus.</summary>
[Manifest("user-referral-bonus-delivered.v1")]
public sealed record ReferralBonusDelivered(long InviterId, DateTimeOffset At) : IUserGrowthEvent;

/// <summary>
/// To the inviter: grant <paramref name="Amount"/> for <paramref name="InviteeId"/>'s first paid top-up. Idempotent by the
/// invitee (ledger grant id <c>referral:&lt;invitee&gt;</c>); the inviter is told once. Answered with <see cref="ReferralBonusGranted"/>.
/// </summary>
[Manifest("user-grant-referral-bonus.v1")]
public sealed record GrantReferralBonus(long UserId, long InviteeId, long Amount) : IUserCommand;

[Manifest("user-referral-bonus-granted.v1")]
public sealed record ReferralBonusGranted(long InviterId, long InviteeId) : INeuroMessage;
