using System.Globalization;
using System.Text.Json;

namespace NeuroActors.Domain.Catalog;

public sealed record RepricedModel(string ModelId, int? OldPriceFrom, int? NewPriceFrom, IReadOnlyList<string> Changes);

public sealed record DisabledModel(string ModelId, string Reasons);

/// <summary>What changed between two catalogue versions, for admins.</summary>
/// <param name="Enabled">Models present in both that became visible.</param>
/// <param name="Disabled">Models present in both that became hidden, with why.</param>
/// <param name="Changed">Models present in both whose names, descriptions or input schema changed.</param>
public sealed record CatalogDiff(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<RepricedModel> Repriced,
    IReadOnlyList<string> Enabled,
    IReadOnlyList<DisabledModel> Disabled,
    IReadOnlyList<string> Changed)
{
    public bool IsEmpty => Added.Count + Removed.Count + Repriced.Count + Enabled.Count + Disabled.Count + Changed.Count == 0;

    public static CatalogDiff Between(CatalogSnapshot? before, CatalogSnapshot after)
    {
        if (before is null)
        {
            return new CatalogDiff(after.Models.Select(m => m.Id).ToArray(), [], [], [], [], []);
        }

        var added = after.Models.Where(m => before.Find(m.Id) is null).Select(m => m.Id).ToArray();
        var removed = before.Models.Where(m => after.Find(m.Id) is null).Select(m => m.Id).ToArray();
        var repriced = new List<RepricedModel>();
        var enabled = new List<string>();
        var disabled = new List<DisabledModel>();
        var changed = new List<string>();
        foreach (var now in after.Models)
        {
            if (before.Find(now.Id) is not { } was)
            {
                continue;
            }

            var priceChanges = PriceChanges(was, now);
            if (priceChanges.Count > 0)
            {
                repriced.Add(new RepricedModel(now.Id, was.PriceFrom, now.PriceFrom, priceChanges));
            }

            var wasVisible = before.IsVisible(now.Id);
            var isVisible = after.IsVisible(now.Id);
            if (!wasVisible && isVisible)
            {
                enabled.Add(now.Id);
            }
            else if (wasVisible && !isVisible)
            {
                disabled.Add(new DisabledModel(now.Id, after.VisibilityOf(now.Id)!.Describe()));
            }

            if (Shape(was) != Shape(now))
            {
                changed.Add(now.Id);
            }
        }

        return new CatalogDiff(added, removed, repriced, enabled, disabled, changed);
    }

    /// <summary>One line per change, for the admin's diff view and the log.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        if (Added.Count > 0)
        {
            lines.Add("Added: " + string.Join(", ", Added));
        }

        if (Removed.Count > 0)
        {
            lines.Add("Removed: " + string.Join(", ", Removed));
        }

        lines.AddRange(Repriced.Select(r => "Repriced " + r.ModelId + ": " + string.Join("; ", r.Changes)));
        if (Enabled.Count > 0)
        {
            lines.Add("Now shown: " + string.Join(", ", Enabled));
        }

        lines.AddRange(Disabled.Select(d => "Now hidden " + d.ModelId + ": " + d.Reasons));
        if (Changed.Count > 0)
        {
            lines.Add("Schema or texts changed: " + string.Join(", ", Changed));
        }

        return lines;
    }

    private static List<string> PriceChanges(ModelDefinition was, ModelDefinition now)
    {
        var before = was.Prices.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var after = now.Prices.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var changes = new List<string>();
        foreach (var (key, row) in after.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var label = key.Length == 0 ? "base" : key;
            if (!before.TryGetValue(key, out var old))
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: new at {row.Credits} cr (KIE {row.KieCredits})"));
            }
            else if (old.Credits != row.Credits || old.KieCredits != row.KieCredits)
            {
                changes.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{label}: {old.Credits} → {row.Credits} cr (KIE {old.KieCredits} → {row.KieCredits})"));
            }
        }

        foreach (var key in before.Keys.Where(k => !after.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal))
        {
            changes.Add((key.Length == 0 ? "base" : key) + ": no longer priced");
        }

        return changes;
    }

    /// <summary>Everything about a model except its prices and position in the file, as comparable text.</summary>
    private static string Shape(ModelDefinition model) => JsonSerializer.Serialize(model with { Prices = [], Line = 0 });
}
