using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Domain.Catalog;

/// <summary>
/// Reads a catalogue file (catalog/models.yaml, or the same schema from a remote source) into a validated
/// <see cref="CatalogDocument"/>. Every problem is reported with the file and the line it is on; nothing half-valid
/// comes out.
/// </summary>
public static class CatalogParser
{
    public const int SupportedSchema = 1;

    public static CatalogDocument Parse(string text, string sourceName)
    {
        if (TryParse(text, sourceName, out var document, out var problems))
        {
            return document;
        }

        throw new CatalogLoadException(problems);
    }

    public static bool TryParse(
        string text,
        string sourceName,
        [NotNullWhen(true)] out CatalogDocument? document,
        out IReadOnlyList<CatalogProblem> problems)
    {
        var reader = new CatalogYamlReader(sourceName);
        document = reader.Read(text);
        problems = reader.Problems;
        if (problems.Count > 0)
        {
            document = null;
        }

        return document is not null;
    }

    /// <summary>Reads and validates a file; a missing or malformed file throws <see cref="CatalogLoadException"/>.</summary>
    public static CatalogDocument LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogLoadException([new CatalogProblem(path, 0, "cannot read the catalogue: " + e.Message)]);
        }

        return Parse(text, path);
    }

    internal static string Sha256Hex(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}

internal sealed partial class CatalogYamlReader(string file)
{
    private const int NameMaxLength = 60;
    private const int DescriptionMaxLength = 200;
    private static readonly IReadOnlyList<int> DefaultVariants = [1, 3, 5];

    private readonly List<CatalogProblem> _problems = [];

    public IReadOnlyList<CatalogProblem> Problems => _problems;

    [GeneratedRegex("^[a-z0-9][a-z0-9._/-]{0,79}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex FieldPattern();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$")]
    private static partial Regex KeyPattern();

    public CatalogDocument? Read(string text)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // An unclosed [ or { is found only at the end of the file; the line that opened it is the one to fix.
            var unclosed = LastUnclosedBracketLine(text);
            Add(
                unclosed ?? LineOf(e.Start),
                "YAML syntax error: " + CleanYamlMessage(e) + (unclosed is null ? string.Empty : " (a [ or { opened on this line is never closed)"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way at the end of an unclosed [ or {; the last token read is the best place to point at.
            var line = LastUnclosedBracketLine(text) ?? (parser.Current is { } last ? LineOf(last.Start) : text.Split('\n').Length);
            Add(line, "YAML syntax error: the file ends inside a [ or { that is never closed");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            Add(0, "the catalogue is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Add(stream.Documents[1].RootNode, "the catalogue must be a single YAML document");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Add(stream.Documents[0].RootNode, "the catalogue must be a mapping with schema, revision, pricing, menus and models");
            return null;
        }

        AllowKeys(root, "the catalogue", "schema", "revision", "pricing", "menus", "kind_labels", "option_labels", "models");

        var schema = Int(root, "schema", "the catalogue", required: true);
        if (schema is { } s && s != CatalogParser.SupportedSchema)
        {
            Add(Get(root, "schema")!, $"schema {s} is not supported (this build reads schema {CatalogParser.SupportedSchema})");
        }

        var revision = Long(root, "revision", "the catalogue", required: true);
        if (revision is < 1)
        {
            Add(Get(root, "revision")!, "revision must be a positive number");
        }

        var pricing = ReadPricing(root);
        var menus = ReadMenus(root);
        var kindLabels = ReadKindLabels(root);
        var optionLabels = ReadOptionLabels(root);
        var models = ReadModels(root, pricing);

        if (_problems.Count > 0 || schema is null || revision is null || pricing is null)
        {
            return null;
        }

        return new CatalogDocument(
            file,
            schema.Value,
            revision.Value,
            pricing,
            menus,
            kindLabels,
            optionLabels,
            models,
            CatalogParser.Sha256Hex(text));
    }

    private PricingRule? ReadPricing(YamlMappingNode root)
    {
        var map = Mapping(root, "pricing", "the catalogue", required: true);
        if (map is null)
        {
            return null;
        }

        const string ctx = "pricing";
        AllowKeys(map, ctx, "markup", "kie_credits_per_credit", "minimum_credits");
        var markup = Decimal(map, "markup", ctx, required: true);
        var perCredit = Decimal(map, "kie_credits_per_credit", ctx, required: true);
        var minimum = Int(map, "minimum_credits", ctx, required: false) ?? 1;
        if (markup is <= 0)
        {
            Add(Get(map, "markup")!, "pricing: markup must be greater than 0");
        }

        if (perCredit is <= 0)
        {
            Add(Get(map, "kie_credits_per_credit")!, "pricing: kie_credits_per_credit must be greater than 0");
        }

        if (minimum < 1)
        {
            Add(Get(map, "minimum_credits")!, "pricing: minimum_credits must be at least 1");
        }

        return markup is > 0 && perCredit is > 0 && minimum >= 1 ? new PricingRule(markup.Value, perCredit.Value, minimum) : null;
    }

    private List<MenuSection> ReadMenus(YamlMappingNode root)
    {
        var sections = new List<MenuSection>();
        var seq = Sequence(root, "menus", "the catalogue", required: true);
        if (seq is null)
        {
            return sections;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is not YamlMappingNode map)
            {
                Add(seq.Children[i], $"menus[{i}] must be a mapping with key, label and kinds");
                continue;
            }

            var key = Text(map, "key", $"menus[{i}]", required: true);
            var ctx = key is null ? $"menus[{i}]" : $"menu '{key}'";
            AllowKeys(map, ctx, "key", "label", "kinds");
            if (key is not null && !KeyPattern().IsMatch(key))
            {
                Add(Get(map, "key")!, $"{ctx}: key must be lowercase letters, digits, '-' or '_'");
            }

            if (key is not null && !keys.Add(key))
            {
                Add(map, $"{ctx}: the menu key is used twice");
            }

            var label = Localized(map, "label", ctx, required: true, NameMaxLength);
            var kinds = new List<GenerationKind>();
            var kindSeq = Sequence(map, "kinds", ctx, required: true);
            foreach (var kindNode in kindSeq?.Children ?? [])
            {
                var slug = ScalarValue(kindNode, $"{ctx}: kinds");
                if (slug is null)
                {
                    continue;
                }

                if (!GenerationKinds.TryParse(slug, out var kind))
                {
                    Add(kindNode, $"{ctx}: unknown kind '{slug}' (known: {string.Join(", ", GenerationKinds.All.Select(k => k.Slug()))})");
                }
                else if (kinds.Contains(kind))
                {
                    Add(kindNode, $"{ctx}: kind '{slug}' is listed twice");
                }
                else
                {
                    kinds.Add(kind);
                }
            }

            if (key is not null && label is not null)
            {
                sections.Add(new MenuSection(key, label, kinds));
            }
        }

        return sections;
    }

    private Dictionary<GenerationKind, LocalizedText> ReadKindLabels(YamlMappingNode root)
    {
        var labels = new Dictionary<GenerationKind, LocalizedText>();
        var map = Mapping(root, "kind_labels", "the catalogue", required: false);
        foreach (var (keyNode, valueNode) in Entries(map))
        {
            var slug = ScalarValue(keyNode, "kind_labels");
            if (slug is null)
            {
                continue;
            }

            if (!GenerationKinds.TryParse(slug, out var kind))
            {
                Add(keyNode, $"kind_labels: unknown kind '{slug}'");
                continue;
            }

            if (valueNode is not YamlMappingNode entry)
            {
                Add(valueNode, $"kind_labels '{slug}' must be a mapping with ru and en");
                continue;
            }

            AllowKeys(entry, $"kind_labels '{slug}'", "ru", "en");
            if (LocalizedFrom(entry, $"kind_labels '{slug}'", NameMaxLength) is { } label)
            {
                labels[kind] = label;
            }
        }

        return labels;
    }

    private Dictionary<string, OptionLabel> ReadOptionLabels(YamlMappingNode root)
    {
        var labels = new Dictionary<string, OptionLabel>(StringComparer.Ordinal);
        var map = Mapping(root, "option_labels", "the catalogue", required: false);
        if (map is null)
        {
            return labels;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = ScalarValue(keyNode, "option_labels");
            if (name is null)
            {
                continue;
            }

            var ctx = $"option_labels '{name}'";
            if (valueNode is not YamlMappingNode entry)
            {
                Add(valueNode, $"{ctx} must be a mapping with ru, en and optional values");
                continue;
            }

            AllowKeys(entry, ctx, "ru", "en", "values");
            var label = LocalizedFrom(entry, ctx, NameMaxLength);
            var values = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
            var valuesMap = Mapping(entry, "values", ctx, required: false);
            foreach (var (valueKey, valueLabel) in Entries(valuesMap))
            {
                var value = ScalarValue(valueKey, ctx);
                if (value is null)
                {
                    continue;
                }

                if (valueLabel is not YamlMappingNode valueLabelMap)
                {
                    Add(valueLabel, $"{ctx}: the label of value '{value}' must be a mapping with ru and en");
                    continue;
                }

                AllowKeys(valueLabelMap, $"{ctx} value '{value}'", "ru", "en");
                var text = LocalizedFrom(valueLabelMap, $"{ctx} value '{value}'", NameMaxLength);
                if (text is not null)
                {
                    values[NormalizeScalar(valueKey as YamlScalarNode, value)] = text;
                }
            }

            if (label is not null)
            {
                labels[name] = new OptionLabel(label, values);
            }
        }

        return labels;
    }

    private List<ModelDefinition> ReadModels(YamlMappingNode root, PricingRule? pricing)
    {
        var models = new List<ModelDefinition>();
        var seq = Sequence(root, "models", "the catalogue", required: true);
        if (seq is null)
        {
            return models;
        }

        if (seq.Children.Count == 0)
        {
            Add(seq, "models: the catalogue has no models");
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var ranks = new Dictionary<int, string>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var model = ReadModel(seq.Children[i], i, pricing);
            if (model is null)
            {
                continue;
            }

            if (ids.TryGetValue(model.Id, out var firstLine))
            {
                Add(model.Line, $"model '{model.Id}': the id is used twice (first at line {firstLine})");
                continue;
            }

            ids[model.Id] = model.Line;
            if (model.PopularRank is { } rank)
            {
                if (ranks.TryGetValue(rank, out var other))
                {
                    Add(model.Line, $"model '{model.Id}': popular rank {rank} is already taken by '{other}'");
                }
                else
                {
                    ranks[rank] = model.Id;
                }
            }

            models.Add(model);
        }

        return models;
    }

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
            "audio", "video", "options", "fixed", "exclude", "price_by", "prices", "price_note", "seed_field");
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
            LineOf(map));
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

    private void CheckKindNeeds(YamlMappingNode map, string ctx, GenerationKind kind, PromptSpec? prompt, List<MediaInputSpec> media)
    {
        int Min(MediaKind m) => media.FirstOrDefault(x => x.Media == m)?.Min ?? 0;
        switch (kind)
        {
            case GenerationKind.TextToImage or GenerationKind.TextToVideo or GenerationKind.TextToMusic or GenerationKind.TextToSpeech:
                if (prompt is not { Required: true })
                {
                    Add(map, $"{ctx}: a {kind.Slug()} model needs a required prompt");
                }

                break;
            case GenerationKind.ImageToImage or GenerationKind.ImageToVideo:
                if (Min(MediaKind.Image) < 1)
                {
                    Add(map, $"{ctx}: a {kind.Slug()} model needs images with min >= 1");
                }

                break;
            case GenerationKind.SpeechToText or GenerationKind.AudioToAudio:
                if (Min(MediaKind.Audio) < 1)
                {
                    Add(map, $"{ctx}: a {kind.Slug()} model needs audio with min >= 1");
                }

                break;
            case GenerationKind.SpeechToVideo:
                if (Min(MediaKind.Audio) < 1 || Min(MediaKind.Image) < 1)
                {
                    Add(map, $"{ctx}: a speech-to-video model needs audio and an image");
                }

                break;
            case GenerationKind.Upscale:
                if (Min(MediaKind.Image) < 1 && Min(MediaKind.Video) < 1)
                {
                    Add(map, $"{ctx}: an upscale model needs an image or a video");
                }

                break;
        }
    }

    private void CheckFieldClashes(
        YamlMappingNode map,
        string ctx,
        ApiFamily family,
        PromptSpec? prompt,
        List<MediaInputSpec> media,
        List<OptionSpec> options,
        List<FixedField> fixedFields,
        string? seedField)
    {
        var reserved = new List<string> { ApiFamilies.CallbackField };
        if (!family.Info().NestsInput && family.Info().ModelField is { } modelField)
        {
            reserved.Add(modelField);
        }

        var used = new Dictionary<string, string>(StringComparer.Ordinal);

        void Use(string field, string what)
        {
            if (reserved.Contains(field))
            {
                Add(map, $"{ctx}: {what} uses '{field}', which the {family.Info().Slug} request sets itself");
            }
            else if (!used.TryAdd(field, what))
            {
                Add(map, $"{ctx}: {what} and {used[field]} both use the field '{field}'");
            }
        }

        if (prompt is not null)
        {
            Use(prompt.Field, "the prompt");
        }

        foreach (var m in media)
        {
            Use(m.Field, GenerationKinds.SlugOf(m.Media));
        }

        foreach (var o in options)
        {
            Use(o.Field, $"option '{o.Name}'");
        }

        foreach (var f in fixedFields)
        {
            Use(f.Field, $"fixed field '{f.Field}'");
        }

        if (seedField is not null)
        {
            Use(seedField, "seed_field");
        }
    }

    private void CheckField(YamlMappingNode map, string key, string field, string ctx)
    {
        if (!FieldPattern().IsMatch(field))
        {
            Add(Get(map, key) ?? map, $"{ctx}: '{field}' is not a valid field name");
        }
    }

    private void CheckField(YamlNode node, string field, string ctx)
    {
        if (!FieldPattern().IsMatch(field))
        {
            Add(node, $"{ctx}: '{field}' is not a valid field name");
        }
    }

    private static bool TryParseValueType(string text, out OptionValueType type)
    {
        switch (text)
        {
            case "string":
                type = OptionValueType.Text;
                return true;
            case "integer":
                type = OptionValueType.WholeNumber;
                return true;
            case "number":
                type = OptionValueType.Number;
                return true;
            case "boolean":
                type = OptionValueType.Boolean;
                return true;
            default:
                type = OptionValueType.Text;
                return false;
        }
    }

    /// <summary>The canonical text of an option value of a type, or null when the text is not of that type.</summary>
    internal static string? NormalizeValue(string text, OptionValueType type)
    {
        switch (type)
        {
            case OptionValueType.Boolean:
                return text.Equals("true", StringComparison.OrdinalIgnoreCase) ? "true"
                    : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? "false"
                    : null;
            case OptionValueType.WholeNumber:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? l.ToString(CultureInfo.InvariantCulture)
                    : null;
            case OptionValueType.Number:
                return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                    ? d.ToString(CultureInfo.InvariantCulture)
                    : null;
            default:
                return text.Length > 0 ? text : null;
        }
    }

    private static string NormalizeScalar(YamlScalarNode? node, string value) =>
        node is not null && IsPlainBool(node) ? value.ToLowerInvariant() : value;

    private static bool IsPlainBool(YamlScalarNode node) =>
        node.Style == ScalarStyle.Plain &&
        (string.Equals(node.Value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(node.Value, "false", StringComparison.OrdinalIgnoreCase));

    /// <summary>YAML to JSON for fixed fields: plain true/false and numbers keep their type, quoted text stays text.</summary>
    private static string ToJson(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlSequenceNode seq:
                writer.WriteStartArray();
                foreach (var child in seq.Children)
                {
                    WriteJson(writer, child);
                }

                writer.WriteEndArray();
                break;
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? string.Empty);
                    WriteJson(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? string.Empty;
                if (scalar.Style != ScalarStyle.Plain)
                {
                    writer.WriteStringValue(text);
                }
                else if (IsPlainBool(scalar))
                {
                    writer.WriteBooleanValue(text.Equals("true", StringComparison.OrdinalIgnoreCase));
                }
                else if (text is "" or "~" or "null")
                {
                    writer.WriteNullValue();
                }
                else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    writer.WriteNumberValue(l);
                }
                else if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
                {
                    writer.WriteNumberValue(d);
                }
                else
                {
                    writer.WriteStringValue(text);
                }

                break;
        }
    }
}
