using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Promos;

namespace NeuroActors.Domain.Admin;

/// <summary>The admins' promo code requests.</summary>
public abstract partial record AdminRequest
{
    /// <summary><c>/promo new CODE credits uses [days]</c>.</summary>
    public sealed record PromoNew(NewPromo Promo) : AdminRequest;

    public sealed record PromoList : AdminRequest;

    /// <summary><c>/promo off CODE</c>.</summary>
    public sealed record PromoOff(string Code) : AdminRequest;
}

/// <summary>
/// Reads <c>/promo</c> from an admin: <c>new</c>, <c>list</c> and <c>off</c> are admin requests; <c>/promo CODE</c> is
/// not (null), so an admin redeems a code in their own conversation like any user.
/// </summary>
public static class PromoAdminCommands
{
    public static AdminRequest? Parse(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return new AdminRequest.Usage(AdminUsage.Promo);
        }

        return words[0].ToLowerInvariant() switch
        {
            "new" => NewPromo.Read(words.Skip(1).ToArray(), CreditLedger.MaxAmount) is { } promo ? new AdminRequest.PromoNew(promo) : new AdminRequest.Usage(AdminUsage.Promo),
            "list" => words.Count == 1 ? new AdminRequest.PromoList() : new AdminRequest.Usage(AdminUsage.Promo),
            "off" => words.Count == 2 && PromoCodes.Read(words[1]).Code is { } code ? new AdminRequest.PromoOff(code) : new AdminRequest.Usage(AdminUsage.Promo),
            _ => words.Count == 1 ? null : new AdminRequest.Usage(AdminUsage.Promo),
        };
    }
}
