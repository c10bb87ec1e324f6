using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>The model card of models that work from more than a prompt and one photo: what they take, what is in, what is missing.</summary>
public static class InputScreens
{
    /// <summary>True when the model's card is this one rather than the prompt-and-photo card.</summary>
    public static bool Applies(MenuModel model) =>
        model.Inputs is { } inputs && (inputs.Audio || inputs.Video || inputs.TakesImageList || inputs.Prompt != PromptUse.Required || !inputs.Tiers.IsDefaultOrEmpty);

    public static Screen Card(Screens screens, DraftOrder draft, MenuModel model, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(screens);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(model);
        var t = screens.Texts;
        var takes = model.Takes;
        var summary = t.Language == Language.Russian && !string.IsNullOrWhiteSpace(model.SummaryRu) ? model.SummaryRu : model.Summary;
        var lines = new List<string> { InputCardTexts.Card(t, model.DisplayName, summary, model.Price, takes) };
        var request = InputTexts.Request(t.Language, draft, takes);
        if (request.Length > 0)
        {
            lines.Add(request);
        }

        var template = PromptTemplates.Find(draft.TemplateId);
        if (template is not null && draft.Prompt is null)
        {
            lines.Add(t.TemplateSubjectRequest(template.Title(t.Language), template.Example(t.Language), model.MaxPromptLength));
        }

        var templates = takes.Prompt == PromptUse.None ? [] : PromptTemplates.ForKind(model.Kind);
        var keyboard = Keyboards.ModelCard(t, draft, templates, screens.BackFromCard(model));
        var rows = keyboard.Rows.Select(r => r.ToArray()).ToList();
        if (takes.Prompt == PromptUse.Optional && draft.Prompt is null && !draft.MissesMedia && !(draft.NeedsImage && draft.ImageFileId is null))
        {
            rows.Insert(0, [InlineButton.For(InputTexts.SkipPromptButton(t.Language), new CallbackAction.SkipPrompt(draft.Number))]);
        }

        return Screens.WithNote(note, new Screen(string.Join("\n\n", lines), new InlineKeyboard(rows)));
    }
}
