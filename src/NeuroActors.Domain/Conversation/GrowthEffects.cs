using NeuroActors.Domain.Referrals;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>The effects of promo codes and invitations; the user's actor turns them into asks and answers (its growth part).</summary>
public abstract partial record ConversationEffect
{
    /// <summary>/promo with what was typed after it (checked by the actor before any code is asked).</summary>
    public sealed record RedeemPromo(string Typed, Language Language) : ConversationEffect;

    /// <summary>/invite: the user's invite link.</summary>
    public sealed record ShowInvite(Language Language) : ConversationEffect;

    /// <summary>A deep link's /start: <paramref name="ArrivingNow"/> when this very update registers the user.</summary>
    public sealed record FollowStartLink(StartLink Link, bool ArrivingNow, Language Language) : ConversationEffect;
}
