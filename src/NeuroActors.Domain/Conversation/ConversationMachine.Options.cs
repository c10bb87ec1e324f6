using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// The options step: the variants screen shows each option's current value as a button; a tap opens its values with their
/// price differences, and a value sets it. The rules (what is offered, what it costs) are in <see cref="DraftOptions"/>.
/// </summary>
public static partial class ConversationMachine
{
    private sealed partial class Decider
    {
        private OptionTexts O => OptionTexts.For(Language);

        private void OpenOption(DraftOrder draft, MenuModel model, int optionIndex)
        {
            if (DraftOptions.UnitPrice(model, draft.Options) is null)
            {
                OptionsNoLongerSold(draft, model);
                return;
            }

            if (optionIndex >= model.Options.Count)
            {
                NotOffered(draft, model);
                return;
            }

            Answer();
            Show(Screens.OptionValues(draft, model, optionIndex));
        }

        private void ChooseOption(DraftOrder draft, MenuModel model, int optionIndex, int valueIndex)
        {
            if (DraftOptions.UnitPrice(model, draft.Options) is null)
            {
                OptionsNoLongerSold(draft, model);
                return;
            }

            // Only a value the step would offer is taken: a forged index, or a combination the catalogue excludes, is not.
            if (DraftOptions.Offers(model, draft.Options, optionIndex).FirstOrDefault(o => o.Index == valueIndex) is not { } offer)
            {
                NotOffered(draft, model);
                return;
            }

            if (!offer.IsCurrent)
            {
                Emit(new OptionChosen(model.Options[optionIndex].Name, offer.Value.Value));
            }

            Answer();
            Show(Screens.Variants(_state.Draft!, model));
        }

        /// <summary>A value or option the step does not offer: said in a toast; the draft and its price stay as they were.</summary>
        private void NotOffered(DraftOrder draft, MenuModel model)
        {
            Answer(O.OptionNotOfferedToast);
            Show(Screens.Variants(draft, model));
        }

        /// <summary>The catalogue no longer sells the draft's options: back to the defaults, and the user sees the new price before paying.</summary>
        private void OptionsNoLongerSold(DraftOrder draft, MenuModel model)
        {
            if (draft.Options.Count == 0)
            {
                // Not even the defaults are sold: the model cannot be ordered as it is.
                ModelGone();
                return;
            }

            Emit(new OptionsReset());
            Answer(Html.Shorten(O.OptionsChanged, 190));
            Show(Screens.Variants(_state.Draft!, model, O.OptionsChanged));
        }

        /// <summary>An earlier order's options for a new draft of the same model, when the catalogue still sells them; else the defaults.</summary>
        private static OptionChoices CarriedOptions(MenuModel model, OptionChoices? options) =>
            options is { Count: > 0 } && DraftOptions.UnitPrice(model, options) is not null ? options : OptionChoices.Empty;
    }
}
