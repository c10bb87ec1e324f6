using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Domain.Catalog;

/// <summary>Reading a model's price basis and price rows, and the option combinations rows name.</summary>
internal sealed partial class CatalogYamlReader
{
    private PriceBasis ReadPriceBasis(YamlMappingNode map, string ctx)
    {
        var text = Text(map, "price_by", ctx, required: false);
        switch (text)
        {
            case null or "generation":
                return PriceBasis.PerGeneration;
            case "text_chars":
                return PriceBasis.TextChars;
            case "audio_seconds":
                return PriceBasis.AudioSeconds;
            case "video_seconds":
                return PriceBasis.VideoSeconds;
            default:
                Add(Get(map, "price_by")!, $"{ctx}: unknown price_by '{text}' (known: generation, text_chars, audio_seconds, video_seconds)");
                return PriceBasis.PerGeneration;
        }
    }

    private List<PriceSku> ReadPrices(
        YamlMappingNode map,
        string ctx,
        List<OptionSpec> options,
        PriceBasis basis,
        PricingRule? pricing,
        List<IReadOnlyDictionary<string, string>> exclusions)
    {
        var prices = new List<PriceSku>();
        var seq = Sequence(map, "prices", ctx, required: false);
        string? pricedKeys = null;
        foreach (var item in seq?.Children ?? [])
        {
            var pctx = ctx + " price";
            if (item is not YamlMappingNode priceMap)
            {
                Add(item, $"{pctx}: each price row must be a mapping with kie and credits");
                continue;
            }

            AllowKeys(priceMap, pctx, "when", "up_to", "kie", "credits");
            var whenNode = Get(priceMap, "when");
            IReadOnlyDictionary<string, string> when = whenNode is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : ReadCombo(whenNode, pctx + " when", options) ?? new Dictionary<string, string>(StringComparer.Ordinal);
            var keys = string.Join(",", when.Keys.OrderBy(k => k, StringComparer.Ordinal));
            pricedKeys ??= keys;
            if (keys != pricedKeys)
            {
                Add(priceMap, $"{pctx}: every price row must name the same options ({(pricedKeys.Length == 0 ? "none" : pricedKeys)}), this one names {(keys.Length == 0 ? "none" : keys)}");
            }

            var upTo = Int(priceMap, "up_to", pctx, required: false);
            if (basis == PriceBasis.PerGeneration && upTo is not null)
            {
                Add(Get(priceMap, "up_to")!, $"{pctx}: up_to needs price_by (text_chars, audio_seconds or video_seconds)");
            }
            else if (basis != PriceBasis.PerGeneration && upTo is null)
            {
                Add(priceMap, $"{pctx}: a tiered price row needs up_to");
            }
            else if (upTo is < 1)
            {
                Add(Get(priceMap, "up_to")!, $"{pctx}: up_to must be at least 1");
            }

            var kie = Decimal(priceMap, "kie", pctx, required: true);
            var credits = Int(priceMap, "credits", pctx, required: true);
            if (kie is <= 0)
            {
                Add(Get(priceMap, "kie")!, $"{pctx}: kie must be greater than 0");
            }

            if (credits is < 1)
            {
                Add(Get(priceMap, "credits")!, $"{pctx}: credits must be at least 1");
            }

            if (kie is > 0 && credits is { } c && pricing is not null && pricing.CreditsFor(kie.Value) != c)
            {
                Add(
                    Get(priceMap, "credits")!,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{pctx}: credits {c} does not follow the pricing rule ({pricing.Describe()}): KIE {kie.Value} gives {pricing.CreditsFor(kie.Value)}"));
            }

            if (exclusions.Any(ex => ex.All(kv => when.TryGetValue(kv.Key, out var v) && v == kv.Value)))
            {
                Add(priceMap, $"{pctx}: prices a combination the model excludes ({PriceKeys.ComboKey(when)})");
            }

            if (kie is > 0 && credits is >= 1)
            {
                var sku = new PriceSku(when, upTo, kie.Value, credits.Value, LineOf(priceMap));
                if (prices.Any(p => p.Key == sku.Key))
                {
                    Add(priceMap, $"{pctx}: a price for '{(sku.Key.Length == 0 ? "base" : sku.Key)}' is given twice");
                }
                else
                {
                    prices.Add(sku);
                }
            }
        }

        return prices;
    }

    private Dictionary<string, string>? ReadCombo(YamlNode node, string ctx, List<OptionSpec> options)
    {
        if (node is not YamlMappingNode comboMap)
        {
            Add(node, $"{ctx}: must be a mapping of option to value");
            return null;
        }

        var combo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in comboMap.Children)
        {
            var optionName = ScalarValue(keyNode, ctx);
            var rawValue = ScalarValue(valueNode, ctx);
            if (optionName is null || rawValue is null)
            {
                continue;
            }

            var option = options.FirstOrDefault(o => o.Name == optionName);
            if (option is null)
            {
                Add(keyNode, $"{ctx}: '{optionName}' is not an option of this model");
                continue;
            }

            var value = NormalizeValue(rawValue, option.Type);
            if (value is null || !option.Values.Contains(value))
            {
                Add(valueNode, $"{ctx}: '{rawValue}' is not a value of option '{optionName}' ({string.Join(", ", option.Values)})");
                continue;
            }

            combo[optionName] = value;
        }

        return combo;
    }
}
