using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

// A word typed in the menu, or /models <word>: the visible models that match (ModelSearch), each a button to its card.
public static partial class ConversationMachine
{
    private sealed partial class Decider
    {
        /// <summary>True when the user is in a menu (not in a draft), where typed text is a search.</summary>
        private bool TypedTextSearches => _state.Step is ConversationStep.MainMenu or ConversationStep.ChoosingModel;

        private void Search(string query)
        {
            var trimmed = query.Trim();
            if (ModelSearch.Words(trimmed).All(w => w.Length < ModelSearch.MinQueryLength))
            {
                Send(Screens.Notice(SearchTexts.Usage(Language)));
                return;
            }

            var found = ModelSearch.Find(Setup.Menu, trimmed);
            if (found.Count == 0)
            {
                // Nothing to offer: the note above where the user already is (the menu or a model list).
                Send(Screens.WithNote(SearchTexts.NothingFound(Language, trimmed), CurrentScreen() ?? Screens.MainMenu(Available)));
                return;
            }

            var rows = found.Select(m => new[] { InlineButton.For(T.ModelButton(m.DisplayName, m.Price), new CallbackAction.PickModel(m.Key)) }).ToList();
            rows.Add([InlineButton.For(T.MenuButton, CallbackAction.OpenMainMenu.Instance)]);
            Send(new Screen(SearchTexts.Found(Language, trimmed, found.Count), new InlineKeyboard(rows)));
        }
    }
}
