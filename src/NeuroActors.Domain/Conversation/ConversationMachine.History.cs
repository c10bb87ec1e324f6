using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

// /history's entries: open one, repeat it (same model, prompt, files, straight to the confirmation at today's price),
// send its results again. The order book lives in the user's actor, which renders the entry and resends the files;
// the repeat is decided here, as a new draft.
public static partial class ConversationMachine
{
    private sealed partial class Decider
    {
        private void OnHistoryButton(CallbackAction action)
        {
            switch (action)
            {
                case CallbackAction.OpenOrder open:
                    Answer();
                    Do(new ConversationEffect.ShowHistoryEntry(open.OrderId, open.Page, _tap!.MessageId, Language));
                    break;
                case CallbackAction.ResendResults resend:
                    Answer(HistoryTexts.ResendingToast(Language));
                    Do(new ConversationEffect.ResendResults(resend.OrderId, Language));
                    break;
                case CallbackAction.RepeatOrder repeat:
                    Repeat(repeat.OrderId);
                    break;
            }
        }

        /// <summary>
        /// "🔁 Repeat": a new draft with the order's model, prompt and files; when nothing is missing it goes straight to
        /// the confirmation with today's price for the same number of variants (or the nearest the model still allows).
        /// A model no longer offered is said plainly, and nothing changes.
        /// </summary>
        private void Repeat(string orderId)
        {
            if ((_state.FindOrder(orderId) ?? _context.LookupOrder?.Invoke(orderId)) is not { } order)
            {
                Answer();
                Show(Screens.Notice(HistoryTexts.NotFound(Language, UiTexts.OrderTag(orderId))));
                return;
            }

            if (Setup.Menu.FindById(order.ModelId) is not { } model)
            {
                Answer(HistoryTexts.ModelGoneToast(Language));
                Show(Screens.Notice(HistoryTexts.ModelGone(Language, ModelNameOf(order))));
                return;
            }

            Answer();
            StartDraft(model, order.Prompt, order.ImageFileId, order.OrderId, order.Media, order.Options);
            var draft = _state.Draft!;
            if (_state.Step is not ConversationStep.ChoosingVariants)
            {
                Show(Screens.Card(draft, model));
                return;
            }

            var choices = model.Takes.VariantChoices;
            var variants = choices.Contains(order.Variants) ? order.Variants : choices.Where(v => v <= order.Variants).DefaultIfEmpty(choices[0]).Max();
            if (UnitPriceOf(draft, model) is not { } unitPrice)
            {
                // The options the order had are no longer sold: the variants screen says so and offers today's choices.
                OptionsNoLongerSold(draft, model);
                return;
            }

            Emit(new VariantsChosen(variants, unitPrice));
            Show(Screens.Confirmation(_state.Draft!, model, Available, HistoryTexts.RepeatPrice(Language, T, order.UnitPrice, unitPrice)));
        }

        /// <summary>The order's model's name for a user: the catalogue may no longer know it, so its id stands in.</summary>
        private string ModelNameOf(RecentOrder order) => order.ModelName ?? order.ModelId;
    }
}
