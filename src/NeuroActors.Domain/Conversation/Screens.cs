using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>Renders each screen of the conversation (text and keyboard) in one language.</summary>
public sealed class Screens
{
    private readonly UiTexts _t;
    private readonly ConversationSetup _setup;
    private readonly NeuroActors.Domain.Limits.GrowthLimits _limits;
    private readonly Payments.Subscription? _subscription;

    public Screens(UiTexts texts, ConversationSetup setup, NeuroActors.Domain.Limits.GrowthLimits? limits = null, Payments.Subscription? subscription = null)
    {
        _t = texts;
        _setup = setup;
        _limits = limits ?? NeuroActors.Domain.Limits.GrowthLimits.None;
        _subscription = subscription;
    }

    public UiTexts Texts => _t;

    /// <summary>A note (a hint, an error, a welcome) above a screen's text, separated by a blank line.</summary>
    public static Screen WithNote(string? note, Screen screen) =>
        string.IsNullOrEmpty(note) ? screen : screen with { Html = note + "\n\n" + screen.Html };

    public Screen MainMenu(long balance, string? note = null) =>
        WithNote(note, new Screen(_t.MainMenu(balance), Keyboards.MainMenu(_t, _setup.Menu.Kinds, _setup.Menu.Popular.Count > 0)));

    public Screen ModelList(MediaKind? kind, int page)
    {
        var models = kind is { } k ? _setup.Menu.ModelsOf(k) : _setup.Menu.Popular;
        if (models.Count == 0)
        {
            return new Screen(_t.NoModels(kind), Keyboards.MenuOnly(_t));
        }

        var pages = Keyboards.PageCount(models.Count, _setup.ModelsPerPage);
        var clamped = Keyboards.ClampPage(page, models.Count, _setup.ModelsPerPage);
        var header = _t.ModelList(kind) + (pages > 1 ? $" ({_t.PageIndicator(clamped, pages)})" : string.Empty);
        return new Screen(header, Keyboards.ModelList(_t, models, kind, clamped, _setup.ModelsPerPage, _limits.FreeLeftToday > 0 ? FreeLabel : null));
    }

    /// <summary>Where "⬅️ Back" on a model card leads: the page of the model's kind list that shows it.</summary>
    public CallbackAction BackFromCard(MenuModel model)
    {
        var models = _setup.Menu.ModelsOf(model.Kind);
        var index = Math.Max(0, models.ToList().FindIndex(m => m.Id == model.Id));
        return new CallbackAction.OpenKind(model.Kind, index / _setup.ModelsPerPage);
    }

    /// <summary>The model card with what the draft still needs: a photo, a prompt, or a template's subject.</summary>
    public Screen Card(DraftOrder draft, MenuModel model, string? note = null)
    {
        if (InputScreens.Applies(model))
        {
            return InputScreens.Card(this, draft, model, note);
        }

        var summary = _t.Language == Language.Russian && !string.IsNullOrWhiteSpace(model.SummaryRu) ? model.SummaryRu : model.Summary;
        var template = PromptTemplates.Find(draft.TemplateId);
        var templates = PromptTemplates.ForKind(model.Kind);
        var lines = new List<string> { _t.ModelCard(model.DisplayName, summary, model.Price, model.NeedsImage) };
        if (model.PriceVaries)
        {
            lines[0] += "\n" + OptionTexts.For(_t.Language).PriceDependsOnOptions(model.LowestPrice ?? model.Price);
        }


        if (draft.NeedsImage && draft.ImageFileId is null)
        {
            if (draft.Prompt is not null)
            {
                lines.Add(_t.PromptSavedAskImage(draft.Prompt));
            }
            else
            {
                if (template is not null)
                {
                    lines.Add(_t.TemplateSubjectRequest(template.Title(_t.Language), template.Example(_t.Language), model.MaxPromptLength));
                }

                lines.Add(_t.ImageRequest);
            }
        }
        else
        {
            var request = draft.ImageFileId is not null ? _t.ImageReceived + "\n" : string.Empty;
            request += template is not null
                ? _t.TemplateSubjectRequest(template.Title(_t.Language), template.Example(_t.Language), model.MaxPromptLength)
                : _t.PromptRequest(model.MaxPromptLength);
            lines.Add(request);
        }

        if (draft.Prompt is null && template is null && templates.Count > 0)
        {
            lines.Add(_t.TemplatesHint);
        }

        return WithNote(note, new Screen(string.Join("\n\n", lines), Keyboards.ModelCard(_t, draft, templates, BackFromCard(model))));
    }

    /// <summary>The variant choice, with the options step on it: each option's current value as a button, prices for the current choice.</summary>
    public Screen Variants(DraftOrder draft, MenuModel model, string? note = null)
    {
        var unitPrice = ConversationMachine.UnitPriceOf(draft, model) ?? model.Price;
        var takesPrompt = model.Takes.Prompt != PromptUse.None;
        var text = _t.VariantChoice(model.DisplayName, draft.Prompt ?? string.Empty, draft.ImageFileId is not null, unitPrice);
        if (model.Options.Count > 0)
        {
            // The options go above the closing question ("How many variants?"), which the variant buttons answer.
            var o = OptionTexts.For(_t.Language);
            var options = "\n\n" + o.ChosenOptions(DraftOptions.Summary(model, draft.Options, _t.Language)) + "\n" + o.OptionsHint;
            var question = text.LastIndexOf("\n\n", StringComparison.Ordinal);
            text = question < 0 ? text + options : text.Insert(question, options);
        }

        return WithNote(note, new Screen(
            text,
            Keyboards.Variants(_t, draft, unitPrice, model.Key, _setup.PromptImprovementEnabled && takesPrompt, Keyboards.OptionButtons(_t, draft, model), model.Takes.VariantChoices, takesPrompt)));
    }

    /// <summary>The values of one option with what each does to the price; combinations the catalogue does not sell are not offered.</summary>
    public Screen OptionValues(DraftOrder draft, MenuModel model, int optionIndex, string? note = null)
    {
        var option = model.Options[optionIndex];
        var unitPrice = ConversationMachine.UnitPriceOf(draft, model) ?? model.Price;
        return WithNote(note, new Screen(
            OptionTexts.For(_t.Language).OptionValues(option.LabelFor(_t.Language), model.DisplayName, unitPrice),
            Keyboards.OptionValues(_t, draft, optionIndex, DraftOptions.Offers(model, draft.Options, optionIndex))));
    }

    /// <summary>The confirmation: total and balance after, or what is missing when the balance is short; <paramref name="freeVariants"/> cost nothing.</summary>
    public Screen Confirmation(DraftOrder draft, MenuModel model, long available, string? note = null, int freeVariants = 0)
    {
        var variants = draft.Variants ?? 1;
        var unitPrice = draft.UnitPrice ?? ConversationMachine.UnitPriceOf(draft, model) ?? model.Price;
        var total = unitPrice * (variants - freeVariants);
        var affordable = available >= total;
        var name = model.Options.Count > 0 ? model.DisplayName + " · " + DraftOptions.Summary(model, draft.Options, _t.Language) : model.DisplayName;
        var text = _t.Confirmation(name, draft.Prompt ?? string.Empty, draft.ImageFileId is not null, variants, total, affordable ? available - total : null);
        if (!affordable)
        {
            text += "\n\n" + _t.ShortBalance(total, available);
        }

        var keyboard = Keyboards.Confirmation(_t, draft, total, affordable);
        if (!affordable && _setup.Packs is { } packs)
        {
            // The smallest pack that covers what is missing, one tap away from its invoice.
            var pack = packs.SmallestCovering(total - available);
            keyboard = new InlineKeyboard(keyboard.Rows.Prepend([InlineButton.For(PaymentTexts.CoveringPackButton(_t.Language, pack), new CallbackAction.BuyPack(pack.Credits, pack.Stars))]));
        }

        return WithNote(note, new Screen(text, keyboard));
    }

    public Screen Improving(DraftOrder draft) =>
        new(_t.Improving(draft.Prompt ?? string.Empty), Keyboards.Improving(_t, draft));

    public Screen ImprovedOffer(DraftOrder draft, string improved) =>
        new(_t.ImprovedOffer(draft.Prompt ?? string.Empty, improved), Keyboards.ImprovedOffer(_t, draft));

    /// <summary>The balance; <paramref name="back"/> leads back into a draft when the user came from one.</summary>
    public Screen Balance(long available, long reserved, CallbackAction? back = null)
    {
        var keyboard = back is null
            ? Keyboards.MenuOnly(_t)
            : InlineKeyboard.Of([InlineButton.For(_t.BackButton, back), InlineButton.For(_t.MenuButton, CallbackAction.OpenMainMenu.Instance)]);
        if (_setup.Packs is not null)
        {
            keyboard = new InlineKeyboard(keyboard.Rows.Prepend([InlineButton.For(PaymentTexts.TopUpButton(_t.Language), CallbackAction.OpenTopUp.Instance)]));
        }

        // A subscriber sees the plan and its renewal (or end) date; the button opens /subscription when a plan is sold or one runs.
        if (_subscription is not null || _setup.SubscriptionPlan is not null)
        {
            var subscriptionButton = InlineButton.For(SubscriptionTexts.OpenButton(_t.Language), new CallbackAction.Subscription(SubscriptionTap.Open));
            IEnumerable<IEnumerable<InlineButton>> rows = _setup.Packs is not null
                ? keyboard.Rows.Skip(1).Prepend(new[] { keyboard.Rows[0][0], subscriptionButton })
                : keyboard.Rows.Prepend(new[] { subscriptionButton });
            keyboard = new InlineKeyboard(rows);
        }

        var subscriptionLine = _subscription is null ? string.Empty : "\n\n" + SubscriptionTexts.BalanceLine(_t.Language, _subscription);
        return new(_t.Balance(available, reserved) + subscriptionLine + FreeTodayLine(), keyboard);
    }

    /// <summary>A model's button while the user has free generations left today: 🆓 instead of the price on free models (others keep theirs).</summary>
    private string? FreeLabel(MenuModel model) =>
        model.Free ? NeuroActors.Domain.Texts.GrowthTexts.FreeModelButton(_t.Language, model.DisplayName) : null;

    private string FreeTodayLine() =>
        _limits.FreeDaily > 0 ? "\n\n" + NeuroActors.Domain.Texts.GrowthTexts.FreeToday(_t.Language, _limits.FreeLeftToday, _limits.FreeDaily) : string.Empty;

    public Screen Help() => new(_t.Help(_setup.WelcomeCredits), Keyboards.MenuOnly(_t));

    public Screen LanguageMenu() => new(_t.LanguageMenu, Keyboards.LanguageMenu(_t));

    /// <summary>A plain message with the way home under it.</summary>
    public Screen Notice(string html) => new(html, Keyboards.MenuOnly(_t));
}
