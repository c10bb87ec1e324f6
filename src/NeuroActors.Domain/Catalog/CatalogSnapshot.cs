using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace NeuroActors.Domain.Catalog;

/// <summary>One line of a kind's model menu: what a button shows and the order it comes in.</summary>
/// <param name="PriceFrom">The lowest price in credits; shown as "N cr" when <paramref name="HasSinglePrice"/>, else "from N cr".</param>
public sealed record MenuItem(
    string ModelId,
    GenerationKind Kind,
    LocalizedText Name,
    LocalizedText Description,
    int PriceFrom,
    bool HasSinglePrice,
    PriceBasis PriceBasis,
    int? PopularRank);

/// <summary>A model as an admin sees it: whether it is shown and, if not, every reason why.</summary>
public sealed record AdminModelEntry(
    string ModelId,
    LocalizedText Name,
    GenerationKind Kind,
    ApiFamily Family,
    string KieModel,
    bool Visible,
    IReadOnlyList<HiddenReason> Reasons,
    int? PriceFrom,
    int PriceRows,
    int? PopularRank,
    string? PriceNote);

public sealed record KindCount(GenerationKind Kind, int Visible, int Total);

public sealed record HiddenModel(string ModelId, string Reasons);

/// <summary>What the start-up log says about a catalogue version: visible models per kind and the hidden ones by name.</summary>
public sealed record CatalogSummary(
    string Source,
    long Revision,
    long Version,
    string Hash,
    int Total,
    int Visible,
    IReadOnlyList<KindCount> PerKind,
    IReadOnlyList<HiddenModel> Hidden)
{
    public IReadOnlyList<string> ToLogLines()
    {
        var lines = new List<string>
        {
            string.Create(
                CultureInfo.InvariantCulture,
                $"Catalog revision {Revision}, version {Version} (hash {Hash}) from {Source}: {Total} models, {Visible} visible"),
            "Visible per kind: " + string.Join(", ", PerKind.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind.Slug()} {k.Visible}"))),
        };
        if (Hidden.Count > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Hidden ({Hidden.Count}): ") +
                      string.Join("; ", Hidden.Select(h => h.ModelId + " " + h.Reasons)));
        }

        return lines;
    }
}

/// <summary>
/// An immutable, fully indexed catalogue version. Built once when a version arrives; every read (menus, prices,
/// requests, admin listings) is a lookup with no I/O and no parsing.
/// </summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, ModelDefinition> _byId;
    private readonly Dictionary<string, ModelVisibility> _visibility;
    private readonly Dictionary<string, ModelAvailability> _availability;
    private readonly Dictionary<GenerationKind, IReadOnlyList<ModelDefinition>> _byKind;
    private readonly Dictionary<GenerationKind, IReadOnlyList<MenuItem>> _menus;

    private CatalogSnapshot(CatalogDocument document, IEnumerable<ModelAvailability> availability, long version, IReadOnlyDictionary<string, ModelOverride>? overrides = null)
    {
        Document = document;
        Version = version;
        Overrides = overrides ?? new Dictionary<string, ModelOverride>(StringComparer.Ordinal);
        _byId = document.Models.ToDictionary(m => m.Id, StringComparer.Ordinal);
        _availability = availability
            .Where(a => _byId.ContainsKey(a.ModelId))
            .GroupBy(a => a.ModelId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        _visibility = document.Models.ToDictionary(
            m => m.Id,
            m => VisibilityRules.Evaluate(m, document, _availability.GetValueOrDefault(m.Id), Overrides.GetValueOrDefault(m.Id)),
            StringComparer.Ordinal);
        _byKind = GenerationKinds.All.ToDictionary(
            k => k,
            k => (IReadOnlyList<ModelDefinition>)document.Models.Where(m => m.Kind == k).ToArray());
        _menus = GenerationKinds.All.ToDictionary(
            k => k,
            k => (IReadOnlyList<MenuItem>)_byKind[k]
                .Where(m => _visibility[m.Id].IsVisible)
                .OrderBy(m => m.PopularRank ?? int.MaxValue)
                .ThenBy(m => m.Name.En, StringComparer.OrdinalIgnoreCase)
                .ThenBy(m => m.Id, StringComparer.Ordinal)
                .Select(ToMenuItem)
                .ToArray());
        Popular = document.Models
            .Where(m => m.PopularRank is not null && _visibility[m.Id].IsVisible)
            .OrderBy(m => m.PopularRank)
            .Select(ToMenuItem)
            .ToArray();
        Unavailable = _availability.Values.Where(a => a.Status == AvailabilityStatus.Unavailable).OrderBy(a => a.ModelId, StringComparer.Ordinal).ToArray();
        Hash = ComputeHash(document, Unavailable);
        Summary = BuildSummary();
    }

    public CatalogDocument Document { get; }

    /// <summary>The sync's version number; 0 for the file read at start before any sync adopted a version.</summary>
    public long Version { get; }

    /// <summary>Identifies the content (file text and KIE availability), not the version number.</summary>
    public string Hash { get; }

    public long Revision => Document.Revision;

    public PricingRule Pricing => Document.Pricing;

    public IReadOnlyList<ModelDefinition> Models => Document.Models;

    public IReadOnlyList<MenuSection> Sections => Document.Menus;

    /// <summary>⭐ Popular: the visible models with a popular rank, in rank order.</summary>
    public IReadOnlyList<MenuItem> Popular { get; }

    /// <summary>Models KIE said it does not serve, with what it said.</summary>
    public IReadOnlyList<ModelAvailability> Unavailable { get; }

    public CatalogSummary Summary { get; }

    public static CatalogSnapshot Create(CatalogDocument document, IEnumerable<ModelAvailability>? availability = null, long version = 0) =>
        new(document, availability ?? [], version);

    /// <summary>The operators' switches applied to this snapshot's models (by model id).</summary>
    public IReadOnlyDictionary<string, ModelOverride> Overrides { get; }

    /// <summary>The same version with these switches instead of its own; the same object when both have none.</summary>
    public CatalogSnapshot WithOverrides(IReadOnlyCollection<ModelOverride> overrides) =>
        overrides.Count == 0 && Overrides.Count == 0
            ? this
            : new CatalogSnapshot(Document, _availability.Values, Version, overrides.ToDictionary(o => o.ModelId, StringComparer.Ordinal));

    public ModelDefinition? Find(string modelId) => _byId.GetValueOrDefault(modelId);

    public bool TryGetModel(string modelId, [NotNullWhen(true)] out ModelDefinition? model) => _byId.TryGetValue(modelId, out model);

    /// <summary>Every model of a kind, shown or not, in file order.</summary>
    public IReadOnlyList<ModelDefinition> ModelsOf(GenerationKind kind) => _byKind[kind];

    public ModelVisibility? VisibilityOf(string modelId) => _visibility.GetValueOrDefault(modelId);

    public bool IsVisible(string modelId) => _visibility.TryGetValue(modelId, out var v) && v.IsVisible;

    public ModelAvailability? AvailabilityOf(string modelId) => _availability.GetValueOrDefault(modelId);

    /// <summary>The model menu of a kind: visible models, popular first, then by name, with their lowest price.</summary>
    public IReadOnlyList<MenuItem> Menu(GenerationKind kind) => _menus[kind];

    /// <summary>The kinds of a menu section that have at least one visible model, in the section's order.</summary>
    public IReadOnlyList<GenerationKind> VisibleKinds(string sectionKey) =>
        Document.Menus.FirstOrDefault(m => m.Key == sectionKey)?.Kinds.Where(k => _menus[k].Count > 0).ToArray() ?? [];

    public OptionLabel? LabelOf(string optionName) => Document.OptionLabels.GetValueOrDefault(optionName);

    public PriceResult Quote(string modelId, IReadOnlyDictionary<string, string>? options = null, int? quantity = null) =>
        Find(modelId) is { } model
            ? CatalogPricing.Quote(model, options, quantity)
            : new PriceResult(null, ChoiceRejection.Of(CatalogTextKeys.UnknownModel, ("model", modelId)));

    public BuildResult BuildRequest(GenerationChoices choices) => KieRequestBuilder.Build(this, choices);

    /// <summary>Every model with whether it is shown and why not: the admin's model list.</summary>
    public IReadOnlyList<AdminModelEntry> AdminListing() =>
        Document.Models
            .Select(m => new AdminModelEntry(
                m.Id,
                m.Name,
                m.Kind,
                m.Family,
                m.KieModel,
                _visibility[m.Id].IsVisible,
                _visibility[m.Id].Reasons,
                m.PriceFrom,
                m.Prices.Count,
                m.PopularRank,
                m.PriceNote))
            .ToArray();

    private static MenuItem ToMenuItem(ModelDefinition m) =>
        new(m.Id, m.Kind, m.Name, m.Description, m.PriceFrom ?? 0, m.HasSinglePrice, m.PriceBasis, m.PopularRank);

    private CatalogSummary BuildSummary()
    {
        var perKind = GenerationKinds.All
            .Select(k => new KindCount(k, _menus[k].Count, _byKind[k].Count))
            .ToArray();
        var hidden = Document.Models
            .Where(m => !_visibility[m.Id].IsVisible)
            .Select(m => new HiddenModel(m.Id, _visibility[m.Id].Describe()))
            .ToArray();
        return new CatalogSummary(
            Document.SourceName,
            Revision,
            Version,
            Hash,
            Document.Models.Count,
            Document.Models.Count - hidden.Length,
            perKind,
            hidden);
    }

    private static string ComputeHash(CatalogDocument document, IEnumerable<ModelAvailability> unavailable)
    {
        var text = new StringBuilder(document.ContentHash);
        foreach (var a in unavailable)
        {
            text.Append('\n').Append(a.ModelId).Append('\t').Append(a.Reason);
        }

        return CatalogParser.Sha256Hex(text.ToString())[..16];
    }
}
