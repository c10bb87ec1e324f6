using System.Collections.Immutable;

namespace NeuroActors.Domain.Promos;

/// <summary>How a redemption ended, as the code sees it.</summary>
public enum PromoRedeemOutcome
{
    /// <summary>The credits are this user's (now, or already: asking again gets the same answer, so a lost reply is harmless).</summary>
    Granted,

    /// <summary>No admin created this code.</summary>
    Unknown,

    /// <summary>Past its end date.</summary>
    Expired,

    /// <summary>Every use is taken.</summary>
    UsedUp,

    /// <summary>An admin switched it off.</summary>
    Disabled,
}

/// <summary>One code's state: its terms, who redeemed it, and whether it is off. Pure; the code's actor persists its events.</summary>
public sealed record PromoState(string Code, PromoTerms? Terms, DateTimeOffset? CreatedAt, string? CreatedBy, bool Disabled, ImmutableHashSet<long> Redeemers)
{
    public static PromoState Empty(string code) => new(code, null, null, null, false, ImmutableHashSet<long>.Empty);

    public bool Exists => Terms is not null;

    public int UsesLeft => Terms is { } terms ? Math.Max(0, terms.Uses - Redeemers.Count) : 0;

    /// <summary>
    /// Whether <paramref name="userId"/> gets the credits at <paramref name="now"/>. A user already among the redeemers
    /// is granted again (the same redemption asked twice), even after the code ran out or was switched off.
    /// </summary>
    public PromoRedeemOutcome Redeem(long userId, DateTimeOffset now)
    {
        if (Terms is not { } terms)
        {
            return PromoRedeemOutcome.Unknown;
        }

        if (Redeemers.Contains(userId))
        {
            return PromoRedeemOutcome.Granted;
        }

        if (Disabled)
        {
            return PromoRedeemOutcome.Disabled;
        }

        if (terms.ExpiredAt(now))
        {
            return PromoRedeemOutcome.Expired;
        }

        return Redeemers.Count >= terms.Uses ? PromoRedeemOutcome.UsedUp : PromoRedeemOutcome.Granted;
    }
}
