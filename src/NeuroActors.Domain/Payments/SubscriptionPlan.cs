using System.Globalization;
using NeuroActors.Domain.Configuration;

namespace NeuroActors.Domain.Payments;

/// <summary>
/// The monthly plan sold as a Telegram Stars subscription: <paramref name="Credits"/> granted for each paid period of
/// <see cref="Period"/>, at <paramref name="Stars"/> a period (<c>Payments:Subscription</c>, "credits:stars").
/// </summary>
public sealed record SubscriptionPlan(long Credits, long Stars)
{
    public const string Key = "Payments:Subscription";

    /// <summary>300 credits a month for 125 stars: 2.4 credits a star, as much as the largest pack, paid monthly.</summary>
    public const string DefaultText = "300:125";

    /// <summary>Telegram's only subscription period: 30 days (createInvoiceLink's subscription_period).</summary>
    public const int PeriodSeconds = 2_592_000;

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(PeriodSeconds);

    private const string Fix = "write credits per 30 days and stars per 30 days as credits:stars (stars 1-10000), e.g. " + DefaultText + ", or off to sell no subscription";

    public static SubscriptionPlan Default { get; } = Parse(DefaultText)!;

    /// <summary>The plan a setting names; null for <c>off</c> or an empty value (no subscription is sold).</summary>
    public static SubscriptionPlan? Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || string.Equals(trimmed, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var fields = trimmed.Split(':', StringSplitOptions.TrimEntries);
        if (fields.Length != 2
            || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var credits)
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stars))
        {
            throw new BadSettingException(Key, $"'{trimmed}' is not credits:stars", Fix);
        }

        if (credits is < 1 or > TopUpPacks.MaxCredits)
        {
            throw new BadSettingException(Key, $"'{trimmed}' grants {credits} credits a period; a plan grants 1 to {TopUpPacks.MaxCredits}", Fix);
        }

        if (stars is < 1 or > TopUpPacks.MaxStars)
        {
            throw new BadSettingException(Key, $"'{trimmed}' costs {stars} stars; Telegram takes 1 to {TopUpPacks.MaxStars} for a subscription", Fix);
        }

        return new SubscriptionPlan(credits, stars);
    }

    /// <summary>Reads <see cref="Key"/>: absent means the default plan, <c>off</c> or empty means none.</summary>
    public static SubscriptionPlan? Read(SettingReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.IsPresent(Key) ? Parse(settings.Text(Key)) : Default;
    }
}

/// <summary>
/// The invoice_payload of the subscription link: "sub:&lt;credits&gt;:&lt;stars&gt;". Like a top-up's, it names the plan as it was
/// sold, so every renewal grants what the subscriber pays for even after the plan changed, and a pre-checkout can tell a
/// plan that is no longer sold. Decoding accepts only the exact canonical form.
/// </summary>
public static class SubscriptionPayload
{
    private const string Prefix = "sub:";

    public static string For(SubscriptionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{plan.Credits}:{plan.Stars}");
    }

    /// <summary>Whether the payload claims to be a subscription's (it may still be garbage: <see cref="Read"/> says).</summary>
    public static bool Claims(string? payload) => payload?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>The plan a payload names; null for anything the bot never wrote.</summary>
    public static SubscriptionPlan? Read(string? payload)
    {
        if (payload is null || payload.Length > 64 || !Claims(payload))
        {
            return null;
        }

        var fields = payload[Prefix.Length..].Split(':');
        if (fields.Length != 2 || !Canonical(fields[0], out var credits) || !Canonical(fields[1], out var stars)
            || credits is < 1 or > TopUpPacks.MaxCredits || stars is < 1 or > TopUpPacks.MaxStars)
        {
            return null;
        }

        return new SubscriptionPlan(credits, stars);
    }

    private static bool Canonical(string text, out long value)
    {
        value = 0;
        return text.Length is >= 1 and <= 12 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0')
               && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>The pre-checkout rule for a subscription's first payment.</summary>
public static class SubscriptionCheckout
{
    /// <summary>
    /// Ok only for the plan sold now at its price, in Stars, from a user not banned. Renewals are charged by Telegram
    /// without a pre-checkout, so a plan changed later never stops a running subscription.
    /// </summary>
    public static PreCheckoutVerdict Decide(string? payload, string? currency, long totalAmount, SubscriptionPlan? current, bool banned)
    {
        if (banned)
        {
            return new(PreCheckoutRefusal.Banned);
        }

        if (SubscriptionPayload.Read(payload) is not { } named)
        {
            return new(PreCheckoutRefusal.UnknownInvoice);
        }

        if (currency != PreCheckoutVerdict.Stars || totalAmount != named.Stars)
        {
            return new(PreCheckoutRefusal.WrongAmount);
        }

        return named == current ? PreCheckoutVerdict.Ok : new(PreCheckoutRefusal.PackNotOnSale);
    }
}
