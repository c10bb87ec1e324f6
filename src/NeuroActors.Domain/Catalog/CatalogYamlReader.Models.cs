using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Domain.Catalog;

/// <summary>Reading one model: its identity, variants, prompt, media inputs, options, fixed fields and excluded combinations.</summary>
internal sealed partial class CatalogYamlReader
{
    private ModelDefinition? ReadModel(YamlNode node, int index, PricingRule? pricing)
    {
        if (node is not YamlMappingNode map)
        {
            Add(node, $"models[{index}] must be a mapping");
            return null;
        }

        var problemsBefore = _problems.Count;
        var id = Text(map, "id", $"models[{index}]", required: true);
        var ctx = id is null ? $"models[{index}]" : $"model '{id}'";
        AllowKeys(
            map,
            ctx,
            "id", "kie_model", "family", "kind", "name", "description", "enabled", "popular", "variants", "prompt", "images",
            "audio", "video", "options", "fixed", "exclude", "price_by", "prices", "price_note", "seed_field", "free");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Add(Get(map, "id")!, $"{ctx}: the id must be lowercase letters, digits and . _ / - (at most 80)");
        }

        var kieModel = Text(map, "kie_model", ctx, required: false) ?? id;

        var familySlug = Text(map, "family", ctx, required: true);
        var family = ApiFamily.Market;
        if (familySlug is not null && !ApiFamilies.TryParse(familySlug, out family))
        {
            Add(Get(map, "family")!, $"{ctx}: unknown family '{familySlug}' (known: {string.Join(", ", ApiFamilies.All.Select(f => f.Slug))})");
        }

        var kindSlug = Text(map, "kind", ctx, required: true);
        var kind = GenerationKind.TextToImage;
        if (kindSlug is not null && !GenerationKinds.TryParse(kindSlug, out kind))
        {
            Add(Get(map, "kind")!, $"{ctx}: unknown kind '{kindSlug}' (known: {string.Join(", ", GenerationKinds.All.Select(k => k.Slug()))})");
        }

        var name = Localized(map, "name", ctx, required: true, NameMaxLength);
        var description = Localized(map, "description", ctx, required: true, DescriptionMaxLength);
        var enabled = Bool(map, "enabled", ctx) ?? true;
        var free = Bool(map, "free", ctx) ?? false; // counts against the free daily quota before credits
        var popular = Int(map, "popular", ctx, required: false);
        if (popular is < 1)
        {
            Add(Get(map, "popular")!, $"{ctx}: popular must be a rank from 1");
        }

        var variants = ReadVariants(map, ctx);
        var prompt = ReadPrompt(map, ctx);
        var media = new List<MediaInputSpec>();
        foreach (var (key, mediaKind) in new[] { ("images", MediaKind.Image), ("audio", MediaKind.Audio), ("video", MediaKind.Video) })
        {
            var spec = ReadMedia(map, key, mediaKind, ctx);
            if (spec is not null)
            {
                media.Add(spec);
            }
        }

        var options = ReadOptions(map, ctx);
        var fixedFields = ReadFixed(map, ctx);
        var exclusions = ReadExclusions(map, ctx, options);
        var basis = ReadPriceBasis(map, ctx);
        var prices = ReadPrices(map, ctx, options, basis, pricing, exclusions);
        var priceNote = Text(map, "price_note", ctx, required: false);
        var seedField = Text(map, "seed_field", ctx, required: false);
        if (seedField is not null && !FieldPattern().IsMatch(seedField))
        {
            Add(Get(map, "seed_field")!, $"{ctx}: seed_field '{seedField}' is not a valid field name");
        }

        CheckKindNeeds(map, ctx, kind, prompt, media);
        CheckFieldClashes(map, ctx, family, prompt, media, options, fixedFields, seedField);

        if (_problems.Count > problemsBefore || id is null || kieModel is null || name is null || description is null)
        {
            return null;
        }

        return new ModelDefinition(
            id,
            kieModel,
            family,
            kind,
            name,
            description,
            enabled,
            popular,
            variants,
            prompt,
            media,
            options,
            fixedFields,
            exclusions,
            basis,
            prices,
            priceNote,
            seedField,
            LineOf(map),
            free);
    }

    private IReadOnlyList<int> ReadVariants(YamlMappingNode map, string ctx)
    {
        var seq = Sequence(map, "variants", ctx, required: false);
        if (seq is null)
        {
            return DefaultVariants;
        }

        var variants = new List<int>();
        foreach (var item in seq.Children)
        {
            var text = ScalarValue(item, $"{ctx}: variants");
            if (text is null)
            {
                continue;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 10)
            {
                Add(item, $"{ctx}: variants must be whole numbers from 1 to 10, not '{text}'");
            }
            else if (variants.Count > 0 && count <= variants[^1])
            {
                Add(item, $"{ctx}: variants must be listed in increasing order");
            }
            else
            {
                variants.Add(count);
            }
        }

        if (variants.Count == 0)
        {
            Add(seq, $"{ctx}: variants must list at least one count");
        }

        return variants;
    }

    private PromptSpec? ReadPrompt(YamlMappingNode map, string ctx)
    {
        var promptMap = Mapping(map, "prompt", ctx, required: false);
        if (promptMap is null)
        {
            return null;
        }

        var pctx = ctx + " prompt";
        AllowKeys(promptMap, pctx, "field", "required", "min", "max");
        var field = Text(promptMap, "field", pctx, required: false) ?? "prompt";
        CheckField(promptMap, "field", field, pctx);
        var required = Bool(promptMap, "required", pctx) ?? true;
        var min = Int(promptMap, "min", pctx, required: false) ?? (required ? 1 : 0);
        var max = Int(promptMap, "max", pctx, required: true);
        if (max is < 1)
        {
            Add(Get(promptMap, "max")!, $"{pctx}: max must be at least 1");
        }

        if (min < 0 || (max is { } m && min > m))
        {
            Add(promptMap, $"{pctx}: min must be between 0 and max");
        }

        return max is { } maxLength ? new PromptSpec(field, required, Math.Max(min, required ? 1 : 0), maxLength) : null;
    }

    private MediaInputSpec? ReadMedia(YamlMappingNode map, string key, MediaKind mediaKind, string ctx)
    {
        var mediaMap = Mapping(map, key, ctx, required: false);
        if (mediaMap is null)
        {
            return null;
        }

        var mctx = $"{ctx} {key}";
        AllowKeys(mediaMap, mctx, "field", "list", "min", "max");
        var field = Text(mediaMap, "field", mctx, required: true);
        if (field is not null)
        {
            CheckField(mediaMap, "field", field, mctx);
        }

        var list = Bool(mediaMap, "list", mctx) ?? false;
        var min = Int(mediaMap, "min", mctx, required: false) ?? 1;
        var max = Int(mediaMap, "max", mctx, required: false) ?? 1;
        if (min < 0 || max < 1 || min > max)
        {
            Add(mediaMap, $"{mctx}: min and max must satisfy 0 <= min <= max and max >= 1");
        }

        if (!list && max != 1)
        {
            Add(mediaMap, $"{mctx}: a single-URL field takes one file; set list: true for up to {max}");
        }

        return field is null ? null : new MediaInputSpec(mediaKind, field, list ? MediaShape.UrlList : MediaShape.SingleUrl, min, max);
    }

    private List<OptionSpec> ReadOptions(YamlMappingNode map, string ctx)
    {
        var options = new List<OptionSpec>();
        var seq = Sequence(map, "options", ctx, required: false);
        foreach (var item in seq?.Children ?? [])
        {
            if (item is not YamlMappingNode optionMap)
            {
                Add(item, $"{ctx}: each option must be a mapping with name and values");
                continue;
            }

            var name = Text(optionMap, "name", ctx + " option", required: true);
            var octx = $"{ctx} option '{name}'";
            AllowKeys(optionMap, octx, "name", "field", "type", "values", "default", "label");
            if (name is null)
            {
                continue;
            }

            CheckField(optionMap, "name", name, octx);
            if (options.Any(o => o.Name == name))
            {
                Add(optionMap, $"{octx}: the option is declared twice");
            }

            var field = Text(optionMap, "field", octx, required: false) ?? name;
            CheckField(optionMap, "field", field, octx);
            var valuesSeq = Sequence(optionMap, "values", octx, required: true);
            var valueNodes = valuesSeq?.Children.OfType<YamlScalarNode>().ToList() ?? [];
            if (valuesSeq is not null && valueNodes.Count != valuesSeq.Children.Count)
            {
                Add(valuesSeq, $"{octx}: values must be single values");
            }

            var typeText = Text(optionMap, "type", octx, required: false);
            OptionValueType type;
            if (typeText is null)
            {
                type = valueNodes.Count > 0 && valueNodes.All(IsPlainBool) ? OptionValueType.Boolean : OptionValueType.Text;
            }
            else if (!TryParseValueType(typeText, out type))
            {
                Add(Get(optionMap, "type")!, $"{octx}: unknown type '{typeText}' (known: string, integer, number, boolean)");
                continue;
            }

            var values = new List<string>();
            foreach (var valueNode in valueNodes)
            {
                var value = NormalizeValue(valueNode.Value ?? string.Empty, type);
                if (value is null)
                {
                    Add(valueNode, $"{octx}: '{valueNode.Value}' is not a valid {typeText ?? "value"}");
                }
                else if (values.Contains(value))
                {
                    Add(valueNode, $"{octx}: value '{value}' is listed twice");
                }
                else
                {
                    values.Add(value);
                }
            }

            if (values.Count == 0)
            {
                if (valuesSeq is not null)
                {
                    Add(valuesSeq, $"{octx}: an option needs at least one value");
                }

                continue;
            }

            var defaultText = Text(optionMap, "default", octx, required: false);
            var defaultValue = defaultText is null ? values[0] : NormalizeValue(defaultText, type);
            if (defaultValue is null || !values.Contains(defaultValue))
            {
                // Reported once; the option is still declared so that price rows naming it do not add follow-on problems.
                Add(Get(optionMap, "default")!, $"{octx}: the default '{defaultText}' is not one of its values ({string.Join(", ", values)})");
                defaultValue = values[0];
            }

            var label = Localized(optionMap, "label", octx, required: false, NameMaxLength);
            options.Add(new OptionSpec(name, field, type, values, defaultValue, label));
        }

        return options;
    }

    private List<FixedField> ReadFixed(YamlMappingNode map, string ctx)
    {
        var fields = new List<FixedField>();
        var fixedMap = Mapping(map, "fixed", ctx, required: false);
        foreach (var (keyNode, valueNode) in Entries(fixedMap))
        {
            var field = ScalarValue(keyNode, ctx + " fixed");
            if (field is null)
            {
                continue;
            }

            CheckField(keyNode, field, ctx + " fixed");
            fields.Add(new FixedField(field, ToJson(valueNode)));
        }

        return fields;
    }

    private List<IReadOnlyDictionary<string, string>> ReadExclusions(YamlMappingNode map, string ctx, List<OptionSpec> options)
    {
        var exclusions = new List<IReadOnlyDictionary<string, string>>();
        var seq = Sequence(map, "exclude", ctx, required: false);
        foreach (var item in seq?.Children ?? [])
        {
            var combo = ReadCombo(item, ctx + " exclude", options);
            if (combo is null)
            {
                continue;
            }

            if (combo.Count == 0)
            {
                Add(item, $"{ctx} exclude: an excluded combination names at least one option");
                continue;
            }

            exclusions.Add(combo);
        }

        return exclusions;
    }
}
