using System.Globalization;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Catalog;

/// <summary>
/// The options step's view of a catalogue model: the options a user can change (those with more than one value), their
/// labels in both languages, and the price of any full choice. Built once per catalogue version.
/// </summary>
public static class CatalogMenuOptions
{
    /// <summary>The model's changeable options, in catalogue order.</summary>
    public static IReadOnlyList<MenuOption> OptionsOf(CatalogSnapshot snapshot, ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(model);
        return model.Options
            .Where(o => o.Values.Count > 1 && o.Values.Count <= CallbackLimit)
            .Select(o => ToMenuOption(o, snapshot.LabelOf(o.Name)))
            .ToArray();
    }

    /// <summary>Credits per variant for a choice (options left out take their defaults), or null when the catalogue does not sell it.</summary>
    public static Func<IReadOnlyDictionary<string, string>, long?> PriceOf(ModelDefinition model) =>
        choice => CatalogPricing.Quote(model, choice) is { IsPriced: true } priced ? priced.Quote.CreditsPerVariant : null;

    // A button carries a value's index; more values than that could not be offered.
    private const int CallbackLimit = Telegram.CallbackCodec.MaxOptionIndex + 1;

    private static MenuOption ToMenuOption(OptionSpec option, OptionLabel? shared)
    {
        var label = option.Label ?? shared?.Label ?? new LocalizedText(Readable(option.Name), Readable(option.Name));
        var values = option.Values
            .Select(v => ValueLabel(option, v, shared))
            .Select((l, i) => new MenuOptionValue(option.Values[i], l.En, l.Ru))
            .ToArray();
        return new MenuOption(option.Name, label.En, label.Ru, values, option.Default);
    }

    /// <summary>The catalogue's label for a value; yes/no for booleans and "10 s" for durations it does not label; else the value itself.</summary>
    private static LocalizedText ValueLabel(OptionSpec option, string value, OptionLabel? shared)
    {
        if (shared?.Values.TryGetValue(value, out var labelled) == true)
        {
            return labelled;
        }

        if (option.Type == OptionValueType.Boolean)
        {
            return value == "true"
                ? new LocalizedText(OptionTexts.Russian.Yes, OptionTexts.English.Yes)
                : new LocalizedText(OptionTexts.Russian.No, OptionTexts.English.No);
        }

        if (option.Name.Contains("duration", StringComparison.Ordinal)
            && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            return new LocalizedText(value + " с", value + " s");
        }

        return new LocalizedText(value, value);
    }

    /// <summary>"image_size" reads "Image size" where the catalogue gives no label.</summary>
    private static string Readable(string name)
    {
        var words = name.Replace('_', ' ').Trim();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
