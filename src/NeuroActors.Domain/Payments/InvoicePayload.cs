using System.Globalization;

namespace NeuroActors.Domain.Payments;

/// <summary>
/// The invoice_payload of the bot's invoices: "topup:&lt;credits&gt;:&lt;stars&gt;", ASCII, far under Telegram's 128 bytes.
/// It names the pack as it was sold, so a payment is credited with what the user saw even if the packs change later,
/// and a pre-checkout can tell a pack that is no longer on sale. Decoding accepts only the exact canonical form.
/// </summary>
public static class InvoicePayload
{
    private const string TopUpPrefix = "topup:";

    public static string ForTopUp(TopUpPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return string.Create(CultureInfo.InvariantCulture, $"{TopUpPrefix}{pack.Credits}:{pack.Stars}");
    }

    /// <summary>The pack a payload names; null for anything the bot never wrote (garbage, a forged or foreign payload).</summary>
    public static TopUpPack? ReadTopUp(string? payload)
    {
        if (payload is null || payload.Length > 64 || !payload.StartsWith(TopUpPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = payload[TopUpPrefix.Length..].Split(':');
        if (fields.Length != 2 || !Canonical(fields[0], out var credits) || !Canonical(fields[1], out var stars)
            || credits is < 1 or > TopUpPacks.MaxCredits || stars is < 1 or > TopUpPacks.MaxStars)
        {
            return null;
        }

        return new TopUpPack(credits, stars);
    }

    private static bool Canonical(string text, out long value)
    {
        value = 0;
        return text.Length is >= 1 and <= 12 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0')
               && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
