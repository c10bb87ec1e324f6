using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Domain.Catalog;

/// <summary>
/// Reads a catalogue file: the document, its schema and revision, and its top-level sections (pricing, menus, labels,
/// the model list). Every problem is recorded at its line. The other parts: one model (<c>.Models</c>), its prices
/// (<c>.Prices</c>), the cross-checks (<c>.Checks</c>), option values (<c>.Values</c>), YAML to JSON (<c>.Json</c>),
/// node access (<c>.Nodes</c>).
/// </summary>
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
}
