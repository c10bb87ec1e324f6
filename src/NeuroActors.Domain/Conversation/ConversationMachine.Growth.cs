using NeuroActors.Domain.Limits;
using NeuroActors.Domain.Referrals;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>The conversation's part of the growth rules: deep links, the free daily quota and the orders-in-progress limit.</summary>
public static partial class ConversationMachine
{
    private sealed partial class Decider
    {
        private GrowthLimits Limits => _context.Limits ?? GrowthLimits.None;

        /// <summary>/start with a deep link's parameter: the actor redeems a promo link or weighs a referral after the menu.</summary>
        private void FollowStartLink(string argument)
        {
            if (StartLink.Read(argument) is { } link)
            {
                Do(new ConversationEffect.FollowStartLink(link, _justRegistered, Language));
            }
        }

        /// <summary>How many of <paramref name="variants"/> go on today's free quota.</summary>
        private int FreeVariantsOf(MenuModel model, int variants) => FreeQuota.FreeVariants(model.Free, variants, Limits.FreeLeftToday);

        /// <summary>The confirmation with today's free variants taken off the total.</summary>
        private Screen ConfirmationOf(DraftOrder draft, MenuModel model, string? note = null)
        {
            var free = FreeVariantsOf(model, draft.Variants ?? 1);
            var freeNote = free > 0 ? GrowthTexts.FreeVariantsNote(Language, free, draft.Variants ?? 1) : null;
            var notes = string.Join("\n\n", new[] { note, freeNote }.Where(n => !string.IsNullOrEmpty(n)));
            return Screens.Confirmation(draft, model, Available, notes.Length == 0 ? null : notes, free);
        }

        /// <summary>At <c>Limits:OrdersInProgress</c> orders in progress a confirm starts nothing and says why; the draft stays.</summary>
        private bool RefusedOverOrderLimit(DraftOrder draft, MenuModel model)
        {
            if (Limits.MayStartOrder)
            {
                return false;
            }

            Answer(GrowthTexts.TooManyOrdersToast(Language, Limits.MaxOrdersInProgress));
            Show(ConfirmationOf(draft, model, GrowthTexts.TooManyOrders(Language, Limits.MaxOrdersInProgress)));
            return true;
        }
    }
}
