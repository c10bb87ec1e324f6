namespace NeuroActors.Domain.Catalog;

/// <summary>Why a model is not shown to users. Several can hold at once.</summary>
public enum VisibilityReason
{
    /// <summary>No price row, or some allowed choice of options has no price: never sell what has no price.</summary>
    BlockedNoPrice,

    /// <summary>Switched off in the catalogue.</summary>
    Disabled,

    /// <summary>KIE answered that it does not serve the model; the detail is what KIE said.</summary>
    Unavailable,

    /// <summary>No menu section leads to the model's kind.</summary>
    NoMenuEntry,

    /// <summary>An operator or admin switched it off for every node (<see cref="ModelOverride"/>).</summary>
    HiddenByOperator,
}

/// <summary>
/// An operator's or admin's switch for one model on every node, kept over catalogue versions until changed again:
/// off hides the model; on lifts the catalogue's own "disabled" (never a missing price, KIE's unavailability or a missing menu).
/// </summary>
public sealed record ModelOverride(string ModelId, bool Visible, string By, string Reason, DateTimeOffset At);

public sealed record HiddenReason(VisibilityReason Code, string Detail)
{
    /// <summary>The code as admins and logs read it: BLOCKED_NO_PRICE, DISABLED, UNAVAILABLE, NO_MENU_ENTRY.</summary>
    public string CodeName => Code switch
    {
        VisibilityReason.BlockedNoPrice => "BLOCKED_NO_PRICE",
        VisibilityReason.Disabled => "DISABLED",
        VisibilityReason.Unavailable => "UNAVAILABLE",
        VisibilityReason.HiddenByOperator => "HIDDEN_BY_OPERATOR",
        _ => "NO_MENU_ENTRY",
    };

    public override string ToString() => Detail.Length == 0 ? CodeName : CodeName + " (" + Detail + ")";
}

public sealed record ModelVisibility(string ModelId, IReadOnlyList<HiddenReason> Reasons)
{
    public bool IsVisible => Reasons.Count == 0;

    public string Describe() => IsVisible ? "VISIBLE" : string.Join(", ", Reasons);
}

/// <summary>Visibility as a pure function of a model, its catalogue and what KIE said about it.</summary>
public static class VisibilityRules
{
    public static ModelVisibility Evaluate(ModelDefinition model, CatalogDocument document, ModelAvailability? availability, ModelOverride? switched = null)
    {
        var reasons = new List<HiddenReason>();
        if (switched is { Visible: false })
        {
            reasons.Add(new HiddenReason(VisibilityReason.HiddenByOperator, $"by {switched.By} at {switched.At:yyyy-MM-dd HH:mm} UTC: {switched.Reason}"));
        }

        if (!model.Enabled && switched is not { Visible: true })
        {
            reasons.Add(new HiddenReason(VisibilityReason.Disabled, "disabled in the catalogue"));
        }

        if (availability is { Status: AvailabilityStatus.Unavailable })
        {
            reasons.Add(new HiddenReason(VisibilityReason.Unavailable, availability.Reason));
        }

        if (model.Prices.Count == 0)
        {
            reasons.Add(new HiddenReason(VisibilityReason.BlockedNoPrice, "no price SKU"));
        }
        else
        {
            var missing = PriceTable.For(model).UnpricedCombinations();
            if (missing.Count > 0)
            {
                var shown = string.Join("; ", missing.Take(3));
                reasons.Add(new HiddenReason(
                    VisibilityReason.BlockedNoPrice,
                    "no price for " + shown + (missing.Count > 3 ? $" and {missing.Count - 3} more" : string.Empty)));
            }
        }

        if (!document.SectionsOf(model.Kind).Any())
        {
            reasons.Add(new HiddenReason(VisibilityReason.NoMenuEntry, $"no menu leads to {model.Kind.Slug()}"));
        }

        return new ModelVisibility(model.Id, reasons);
    }
}
