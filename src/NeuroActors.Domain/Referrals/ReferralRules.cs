namespace NeuroActors.Domain.Referrals;

/// <summary>What becomes of a referral link followed by a user.</summary>
public enum ReferralVerdict
{
    /// <summary>A new user by a link to someone else: attributed once the inviter is known to exist.</summary>
    Attribute,

    /// <summary>The link leads to nobody (not a code).</summary>
    Nobody,

    /// <summary>The user's own link.</summary>
    SelfReferral,

    /// <summary>The user had started the bot before: links count only for new users.</summary>
    NotNew,

    /// <summary>The user is attributed (or being attributed) already: a second attribution never happens.</summary>
    AlreadyAttributed,
}

/// <summary>The attribution rules: one inviter per user, ever, fixed when they first arrive; never themself.</summary>
public static class ReferralRules
{
    /// <param name="inviteeId">Who followed the link.</param>
    /// <param name="inviterId">Whom the link names (null: nobody).</param>
    /// <param name="arrivingNow">This very update registers the user.</param>
    /// <param name="alreadyAttributed">The user has an inviter, or one is being checked.</param>
    public static ReferralVerdict Judge(long inviteeId, long? inviterId, bool arrivingNow, bool alreadyAttributed)
    {
        if (alreadyAttributed)
        {
            return ReferralVerdict.AlreadyAttributed;
        }

        if (inviterId is not { } inviter)
        {
            return ReferralVerdict.Nobody;
        }

        if (inviter == inviteeId)
        {
            return ReferralVerdict.SelfReferral;
        }

        return arrivingNow ? ReferralVerdict.Attribute : ReferralVerdict.NotNew;
    }
}
