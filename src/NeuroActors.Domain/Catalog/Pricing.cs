using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NeuroActors.Domain.Catalog;

/// <summary>A choice the catalogue refuses, as a text key and its parameters for the bot to show. Never an exception.</summary>
public sealed record ChoiceRejection(string TextKey, IReadOnlyDictionary<string, string> Parameters)
{
    public static ChoiceRejection Of(string textKey, params (string Name, object Value)[] parameters) =>
        new(
            textKey,
            parameters.ToDictionary(
                p => p.Name,
                p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty,
                StringComparer.Ordinal));

    /// <summary>For logs and tests: "catalog.prompt_too_long(length=6000, limit=5000)".</summary>
    public override string ToString() =>
        Parameters.Count == 0
            ? TextKey
            : TextKey + "(" + string.Join(", ", Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)) + ")";
}

/// <summary>The price of one variant for a resolved choice of options.</summary>
/// <param name="IsFromPrice">The quantity (text length, audio seconds) was not known yet: this is the lowest tier.</param>
public sealed record PriceQuote(
    string ModelId,
    int CreditsPerVariant,
    decimal KieCreditsPerVariant,
    PriceSku Sku,
    IReadOnlyDictionary<string, string> Options,
    bool IsFromPrice)
{
    public int TotalFor(int variants) => CreditsPerVariant * variants;
}

public sealed record PriceResult(PriceQuote? Quote, ChoiceRejection? Rejection)
{
    [MemberNotNullWhen(true, nameof(Quote))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsPriced => Quote is not null;
}

public static class CatalogPricing
{
    /// <summary>
    /// The price of one variant of <paramref name="model"/> with the given option values (missing ones take their defaults).
    /// <paramref name="quantity"/> is the text length or media seconds for tiered models; null quotes the lowest tier.
    /// </summary>
    public static PriceResult Quote(ModelDefinition model, IReadOnlyDictionary<string, string>? options, int? quantity = null)
    {
        var (resolved, rejection) = OptionResolver.Resolve(model, options);
        if (rejection is not null)
        {
            return new PriceResult(null, rejection);
        }

        return QuoteResolved(model, resolved!, quantity);
    }

    internal static PriceResult QuoteResolved(ModelDefinition model, IReadOnlyDictionary<string, string> resolved, int? quantity)
    {
        var rows = PriceTable.For(model).RowsFor(resolved);
        if (rows.Count == 0)
        {
            var priced = model.PricedOptions.Select(o => o + "=" + resolved[o]);
            return new PriceResult(null, ChoiceRejection.Of(CatalogTextKeys.NoPrice, ("model", model.Id), ("options", string.Join(", ", priced))));
        }

        if (model.PriceBasis == PriceBasis.PerGeneration)
        {
            return new PriceResult(Quoted(model, rows[0], resolved, isFromPrice: false), null);
        }

        if (quantity is null)
        {
            return new PriceResult(Quoted(model, rows[0], resolved, isFromPrice: true), null);
        }

        foreach (var row in rows)
        {
            if (quantity.Value <= row.UpTo)
            {
                return new PriceResult(Quoted(model, row, resolved, isFromPrice: false), null);
            }
        }

        var limit = rows[^1].UpTo ?? 0;
        var key = model.PriceBasis switch
        {
            PriceBasis.TextChars => CatalogTextKeys.TextTooLong,
            PriceBasis.AudioSeconds => CatalogTextKeys.AudioTooLong,
            _ => CatalogTextKeys.VideoTooLong,
        };
        return new PriceResult(null, ChoiceRejection.Of(key, ("limit", limit), ("length", quantity.Value)));
    }

    private static PriceQuote Quoted(ModelDefinition model, PriceSku sku, IReadOnlyDictionary<string, string> resolved, bool isFromPrice) =>
        new(model.Id, sku.Credits, sku.KieCredits, sku, resolved, isFromPrice);
}

/// <summary>Fills defaults in and checks a user's option values against the model's schema.</summary>
public static class OptionResolver
{
    public static (IReadOnlyDictionary<string, string>? Resolved, ChoiceRejection? Rejection) Resolve(
        ModelDefinition model,
        IReadOnlyDictionary<string, string>? chosen)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in chosen ?? new Dictionary<string, string>())
        {
            var option = model.Option(name);
            if (option is null)
            {
                return (null, ChoiceRejection.Of(CatalogTextKeys.OptionUnknown, ("option", name)));
            }

            var normalized = CatalogYamlReader.NormalizeValue(value ?? string.Empty, option.Type);
            if (normalized is null || !option.Values.Contains(normalized))
            {
                return (null, ChoiceRejection.Of(
                    CatalogTextKeys.OptionValueInvalid,
                    ("option", name),
                    ("value", value ?? string.Empty),
                    ("allowed", string.Join(", ", option.Values))));
            }

            resolved[name] = normalized;
        }

        foreach (var option in model.Options)
        {
            resolved.TryAdd(option.Name, option.Default);
        }

        var excluded = model.Exclusions.FirstOrDefault(ex => ex.All(kv => resolved.TryGetValue(kv.Key, out var v) && v == kv.Value));
        if (excluded is not null)
        {
            return (null, ChoiceRejection.Of(
                CatalogTextKeys.OptionCombinationUnsupported,
                ("options", string.Join(", ", excluded.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)))));
        }

        return (resolved, null);
    }
}

/// <summary>A model's price rows indexed by the values of its priced options.</summary>
internal sealed class PriceTable
{
    private const int MaxCombinations = 10_000;
    private readonly ModelDefinition _model;
    private readonly Dictionary<string, List<PriceSku>> _byCombo;

    private PriceTable(ModelDefinition model)
    {
        _model = model;
        _byCombo = model.Prices
            .GroupBy(p => PriceKeys.ComboKey(p.When), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.UpTo ?? 0).ToList(), StringComparer.Ordinal);
    }

    public static PriceTable For(ModelDefinition model) => new(model);

    public IReadOnlyList<PriceSku> RowsFor(IReadOnlyDictionary<string, string> resolved)
    {
        var key = PriceKeys.ComboKey(_model.PricedOptions.ToDictionary(o => o, o => resolved[o], StringComparer.Ordinal));
        return _byCombo.TryGetValue(key, out var rows) ? rows : [];
    }

    /// <summary>Every allowed combination of priced option values that has no price row ("duration=10, resolution=1080p").</summary>
    public IReadOnlyList<string> UnpricedCombinations()
    {
        var options = _model.PricedOptions.Select(n => _model.Option(n)!).ToList();
        long count = 1;
        foreach (var option in options)
        {
            count *= option.Values.Count;
            if (count > MaxCombinations)
            {
                return ["more than " + MaxCombinations.ToString(CultureInfo.InvariantCulture) + " priced combinations"];
            }
        }

        var missing = new List<string>();
        foreach (var combo in Combinations(options, 0, new Dictionary<string, string>(StringComparer.Ordinal)))
        {
            // An exclusion that also names an unpriced option removes only part of a combination: it still needs a price.
            var excluded = _model.Exclusions.Any(ex => ex.All(kv => combo.TryGetValue(kv.Key, out var v) && v == kv.Value));
            if (!excluded && !_byCombo.ContainsKey(PriceKeys.ComboKey(combo)))
            {
                missing.Add(string.Join(", ", combo.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
            }
        }

        return missing;
    }

    private static IEnumerable<Dictionary<string, string>> Combinations(List<OptionSpec> options, int index, Dictionary<string, string> current)
    {
        if (index == options.Count)
        {
            yield return new Dictionary<string, string>(current, StringComparer.Ordinal);
            yield break;
        }

        foreach (var value in options[index].Values)
        {
            current[options[index].Name] = value;
            foreach (var combo in Combinations(options, index + 1, current))
            {
                yield return combo;
            }
        }

        current.Remove(options[index].Name);
    }
}
