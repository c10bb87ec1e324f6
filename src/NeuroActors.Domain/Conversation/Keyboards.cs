using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// Inline keyboards of every screen, as neutral <see cref="InlineKeyboard"/> models. Every screen offers a way back
/// and to the main menu; long model lists page with "◀ 1/3 ▶".
/// </summary>
public static class Keyboards
{
    public static readonly int[] VariantChoices = [1, 3, 5];

    private static InlineButton Button(string text, CallbackAction action) => InlineButton.For(text, action);

    private static InlineButton Menu(UiTexts t) => Button(t.MenuButton, CallbackAction.OpenMainMenu.Instance);

    public static InlineKeyboard MainMenu(UiTexts t, IReadOnlyList<MediaKind> kinds, bool hasPopular)
    {
        var rows = new List<InlineButton[]>();
        rows.AddRange(kinds.Select(k => Button(t.KindButton(k), new CallbackAction.OpenKind(k, 0))).Chunk(2));
        if (hasPopular)
        {
            rows.Add([Button(t.PopularButton, new CallbackAction.OpenPopular(0))]);
        }

        rows.Add([Button(t.BalanceButton, CallbackAction.OpenBalance.Instance), Button(t.HistoryButton, new CallbackAction.OpenHistory(0))]);
        rows.Add([Button(t.HelpButton, CallbackAction.OpenHelp.Instance), Button(t.LanguageButton, CallbackAction.OpenLanguageMenu.Instance)]);
        return new InlineKeyboard(rows);
    }

    /// <summary>Number of pages for <paramref name="count"/> items (at least 1).</summary>
    public static int PageCount(int count, int perPage) => Math.Max(1, (count + perPage - 1) / perPage);

    /// <summary>A page index brought into range (a stale page after the list shrank shows its last page).</summary>
    public static int ClampPage(int page, int count, int perPage) => Math.Clamp(page, 0, PageCount(count, perPage) - 1);

    /// <summary>"◀ 2/3 ▶": the arrows only where there is somewhere to go; nothing for a single page.</summary>
    public static InlineButton[] Pager(UiTexts t, int page, int pages, Func<int, CallbackAction> open)
    {
        if (pages <= 1)
        {
            return [];
        }

        var row = new List<InlineButton>();
        if (page > 0)
        {
            row.Add(Button(t.PreviousPageButton, open(page - 1)));
        }

        row.Add(Button(t.PageIndicator(page, pages), CallbackAction.Noop.Instance));
        if (page < pages - 1)
        {
            row.Add(Button(t.NextPageButton, open(page + 1)));
        }

        return row.ToArray();
    }

    /// <summary>One model per row with its price, then the pager, then the way back.</summary>
    public static InlineKeyboard ModelList(UiTexts t, IReadOnlyList<MenuModel> models, MediaKind? kind, int page, int perPage, Func<MenuModel, string?>? label = null)
    {
        var pages = PageCount(models.Count, perPage);
        page = ClampPage(page, models.Count, perPage);
        var rows = models.Skip(page * perPage).Take(perPage)
            .Select(m => new[] { Button(label?.Invoke(m) ?? ModelButtonText(t, m), new CallbackAction.PickModel(m.Key)) })
            .ToList();
        rows.Add(Pager(t, page, pages, p => kind is { } k ? new CallbackAction.OpenKind(k, p) : new CallbackAction.OpenPopular(p)));
        rows.Add([Button(t.BackButton, CallbackAction.OpenMainMenu.Instance), Menu(t)]);
        return new InlineKeyboard(rows);
    }

    /// <summary>"Nano Banana · 1 cr", or "Kling 2.6 · from 11 cr" when the price depends on the options.</summary>
    private static string ModelButtonText(UiTexts t, MenuModel model) =>
        model.PriceVaries
            ? OptionTexts.For(t.Language).ModelButtonFrom(model.DisplayName, model.LowestPrice ?? model.Price)
            : t.ModelButton(model.DisplayName, model.Price);

    /// <summary>The model card: "write my own", the kind's templates two a row, back to the model's list page.</summary>
    public static InlineKeyboard ModelCard(UiTexts t, DraftOrder draft, IReadOnlyList<PromptTemplate> templates, CallbackAction back)
    {
        var rows = new List<InlineButton[]>();
        if (draft.Prompt is null)
        {
            rows.Add([Button(t.WriteOwnPromptButton, new CallbackAction.WriteOwnPrompt(draft.Number))]);
            rows.AddRange(templates
                .Select(tp => Button(tp.Title(t.Language), new CallbackAction.ChooseTemplate(draft.Number, tp.Id)))
                .Chunk(2));
        }

        rows.Add([Button(t.BackButton, back), Menu(t)]);
        return new InlineKeyboard(rows);
    }

    /// <summary>[1 · 5 cr] [3 · 15 cr] [5 · 25 cr], improve (when available), edit prompt, back to the card.</summary>
    /// <param name="optionRows">The options step's buttons, above the variants.</param>
    /// <param name="choices">The variant counts the model allows (1, 3, 5 when null).</param>
    /// <param name="canEditPrompt">The model takes a prompt (speech to text and upscales do not).</param>
    public static InlineKeyboard Variants(UiTexts t, DraftOrder draft, long unitPrice, string modelKey, bool canImprove, IReadOnlyList<InlineButton[]>? optionRows = null, IReadOnlyList<int>? choices = null, bool canEditPrompt = true)
    {
        var rows = new List<InlineButton[]>(optionRows ?? []);
        rows.Add((choices ?? VariantChoices).Select(n => Button(t.VariantButton(n, unitPrice * n), new CallbackAction.ChooseVariants(draft.Number, n))).ToArray());
        if (canImprove)
        {
            rows.Add([Button(t.ImproveButton, new CallbackAction.ImprovePrompt(draft.Number))]);
        }

        if (canEditPrompt)
        {
            rows.Add([Button(t.EditPromptButton, new CallbackAction.EditPrompt(draft.Number))]);
        }

        rows.Add([Button(t.BackButton, new CallbackAction.PickModel(modelKey)), Menu(t)]);
        return new InlineKeyboard(rows);
    }

    /// <summary>The options step's buttons above the variants: "Duration: 10 s", two a row; none for a model without options.</summary>
    public static IReadOnlyList<InlineButton[]> OptionButtons(UiTexts t, DraftOrder draft, MenuModel model) =>
        model.Options
            .Select((o, i) => Button(
                OptionTexts.OptionButton(o.LabelFor(t.Language), (o.Find(DraftOptions.Current(o, draft.Options)) ?? o.Values[0]).LabelFor(t.Language)),
                new CallbackAction.OpenOption(draft.Number, i)))
            .Chunk(2)
            .ToList();

    /// <summary>An option's values (the current one ticked, price differences shown), three a row when short, then the way back.</summary>
    public static InlineKeyboard OptionValues(UiTexts t, DraftOrder draft, int optionIndex, IReadOnlyList<OptionOffer> offers)
    {
        var o = OptionTexts.For(t.Language);
        var buttons = offers
            .Select(offer => Button(
                o.OptionValueButton(offer.Value.LabelFor(t.Language), offer.IsCurrent, offer.Difference),
                new CallbackAction.ChooseOption(draft.Number, optionIndex, offer.Index)))
            .ToList();
        var perRow = buttons.All(b => b.Text.Length <= 12) ? 3 : 2;
        var rows = buttons.Chunk(perRow).ToList();
        rows.Add([Button(t.BackButton, new CallbackAction.BackToVariants(draft.Number)), Menu(t)]);
        return new InlineKeyboard(rows);
    }

    /// <summary>Generate (only when affordable), edit prompt, back to the variants; a short balance offers the balance screen.</summary>
    public static InlineKeyboard Confirmation(UiTexts t, DraftOrder draft, long total, bool affordable)
    {
        var back = Button(t.BackButton, new CallbackAction.BackToVariants(draft.Number));
        return affordable
            ? InlineKeyboard.Of(
                [Button(t.GenerateButton(total), new CallbackAction.Confirm(draft.Number))],
                [Button(t.EditPromptButton, new CallbackAction.EditPrompt(draft.Number)), back],
                [Menu(t)])
            : InlineKeyboard.Of(
                [back, Button(t.BalanceButton, CallbackAction.OpenBalance.Instance)],
                [Menu(t)]);
    }

    public static InlineKeyboard Improving(UiTexts t, DraftOrder draft) =>
        InlineKeyboard.Of([Button(t.KeepMineButton, new CallbackAction.KeepOwnPrompt(draft.Number))]);

    public static InlineKeyboard ImprovedOffer(UiTexts t, DraftOrder draft) =>
        InlineKeyboard.Of(
            [Button(t.UseImprovedButton, new CallbackAction.AcceptImprovedPrompt(draft.Number)), Button(t.KeepMineButton, new CallbackAction.KeepOwnPrompt(draft.Number))],
            [Button(t.EditPromptButton, new CallbackAction.EditPrompt(draft.Number))],
            [Menu(t)]);

    /// <summary>Just the way home (balance, help, messages that end a flow).</summary>
    public static InlineKeyboard MenuOnly(UiTexts t) => InlineKeyboard.Of([Menu(t)]);

    public static InlineKeyboard LanguageMenu(UiTexts t) =>
        InlineKeyboard.Of(
            [Button("🇬🇧 English", new CallbackAction.SetLanguage(Language.English)), Button("🇷🇺 Русский", new CallbackAction.SetLanguage(Language.Russian))],
            [Menu(t)]);

    /// <summary>The status message's keyboard: cancel while some variant still waits for its turn, otherwise none.</summary>
    public static InlineKeyboard? OrderStatus(UiTexts t, string orderId, bool canCancel) =>
        canCancel ? InlineKeyboard.Of([Button(t.CancelButton, new CallbackAction.CancelOrder(orderId))]) : null;

    /// <summary>After the results: [🔁 Make another] [✏️ Change prompt] / [🏠 Menu].</summary>
    public static InlineKeyboard AfterResults(UiTexts t, string orderId) =>
        InlineKeyboard.Of(
            [Button(t.MakeAnotherButton, new CallbackAction.MakeAnother(orderId)), Button(t.ChangePromptButton, new CallbackAction.ChangePrompt(orderId))],
            [Menu(t)]);

    /// <summary>After a failure: change the input, try again, or (our fault) just the menu.</summary>
    public static InlineKeyboard AfterFailure(UiTexts t, string orderId, string failureTextKey) => UiTexts.RemedyOf(failureTextKey) switch
    {
        FailureRemedy.ChangeInput => InlineKeyboard.Of([Button(t.ChangePromptButton, new CallbackAction.ChangePrompt(orderId)), Menu(t)]),
        FailureRemedy.TryAgainLater => InlineKeyboard.Of([Button(t.TryAgainButton, new CallbackAction.MakeAnother(orderId)), Menu(t)]),
        _ => MenuOnly(t),
    };

    public static InlineKeyboard History(UiTexts t, int page, int pages) =>
        new([Pager(t, page, pages, p => new CallbackAction.OpenHistory(p)), [Menu(t)]]);
}
