using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>One value of a <see cref="MenuOption"/>: the catalogue value (sent to KIE) and how a button shows it.</summary>
public sealed record MenuOptionValue(string Value, string Label, string LabelRu)
{
    public string LabelFor(Language language) => language == Language.Russian ? LabelRu : Label;
}

/// <summary>An option of a model the user may change (aspect ratio, duration, resolution ...), as the conversation sees it.</summary>
/// <param name="Name">The option's catalogue name (the key in <see cref="OptionChoices"/>).</param>
/// <param name="Values">The values, in catalogue order; a button carries a value's index.</param>
/// <param name="Default">The value used when the user does not choose.</param>
public sealed record MenuOption(string Name, string Label, string LabelRu, IReadOnlyList<MenuOptionValue> Values, string Default)
{
    public string LabelFor(Language language) => language == Language.Russian ? LabelRu : Label;

    public MenuOptionValue? Find(string value) => Values.FirstOrDefault(v => v.Value == value);
}

/// <summary>A value the options step offers for one option, with what it does to the price of one variant.</summary>
/// <param name="Index">The value's index in <see cref="MenuOption.Values"/> (what its button carries).</param>
/// <param name="UnitPrice">Credits per variant with this value and the other options as chosen.</param>
/// <param name="Difference">Against the current choice: +6 dearer, -3 cheaper, 0 the same.</param>
public sealed record OptionOffer(int Index, MenuOptionValue Value, bool IsCurrent, long UnitPrice, long Difference);

/// <summary>
/// The pure rules of the options step: what a draft's choices resolve to, what they cost, and which values can be offered
/// (a combination the catalogue excludes or does not price is never offered).
/// </summary>
public static class DraftOptions
{
    /// <summary>
    /// Every option of the model with the draft's value or the default. Null when the draft names an option or a value the
    /// model does not have (the catalogue changed since the user chose).
    /// </summary>
    public static OptionChoices? Resolve(MenuModel model, OptionChoices chosen)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(chosen);
        foreach (var (name, value) in chosen)
        {
            if (model.Options.FirstOrDefault(o => o.Name == name) is not { } option || option.Find(value) is null)
            {
                return null;
            }
        }

        return model.Options.Count == 0
            ? OptionChoices.Empty
            : OptionChoices.From(model.Options.Select(o => KeyValuePair.Create(o.Name, chosen.TryGetValue(o.Name, out var v) ? v : o.Default)));
    }

    /// <summary>Credits per variant for the draft's choices; null when the catalogue does not sell them (any more).</summary>
    public static long? UnitPrice(MenuModel model, OptionChoices chosen)
    {
        if (Resolve(model, chosen) is not { } resolved)
        {
            return null;
        }

        if (model.PriceOf is { } priceOf)
        {
            return priceOf(resolved);
        }

        // A model without a price function costs the same whatever is chosen.
        return model.Price;
    }

    /// <summary>The value the draft has for an option (its own or the default).</summary>
    public static string Current(MenuOption option, OptionChoices chosen) =>
        chosen.TryGetValue(option.Name, out var value) && option.Find(value) is not null ? value : option.Default;

    /// <summary>
    /// The values of option <paramref name="optionIndex"/> that can be combined with the draft's other choices, each with its
    /// price and the difference to the current one; excluded or unpriced combinations are left out. Empty for a bad index.
    /// </summary>
    public static IReadOnlyList<OptionOffer> Offers(MenuModel model, OptionChoices chosen, int optionIndex)
    {
        if (optionIndex < 0 || optionIndex >= model.Options.Count || UnitPrice(model, chosen) is not { } now)
        {
            return [];
        }

        var option = model.Options[optionIndex];
        var current = Current(option, chosen);
        var offers = new List<OptionOffer>(option.Values.Count);
        for (var i = 0; i < option.Values.Count; i++)
        {
            var value = option.Values[i];
            if (UnitPrice(model, chosen.With(option.Name, value.Value)) is { } price)
            {
                offers.Add(new OptionOffer(i, value, value.Value == current, price, price - now));
            }
        }

        return offers;
    }

    /// <summary>"16:9 · 10 s": the current value of every option, as the confirmation and the variants screen show them.</summary>
    /// <summary>Each option of the model with the label of its value in <paramref name="chosen"/>, e.g. "Duration" → "10 s".</summary>
    public static IReadOnlyDictionary<string, string> Labels(MenuModel model, OptionChoices chosen, Language language) =>
        model.Options.ToDictionary(o => o.LabelFor(language), o => (o.Find(Current(o, chosen)) ?? o.Values[0]).LabelFor(language));

    public static string Summary(MenuModel model, OptionChoices chosen, Language language) =>
        string.Join(" · ", model.Options.Select(o => (o.Find(Current(o, chosen)) ?? o.Values[0]).LabelFor(language)));
}
