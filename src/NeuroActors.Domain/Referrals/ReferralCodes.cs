namespace NeuroActors.Domain.Referrals;

/// <summary>
/// A user's referral code: their Telegram id in base 36 (lower case), so a link names its inviter without a lookup
/// table and stays short. It is not a secret: a link only ever earns its inviter a bonus after a real payment.
/// </summary>
public static class ReferralCodes
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string Of(long userId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        Span<char> buffer = stackalloc char[16];
        var at = buffer.Length;
        for (var rest = userId; rest > 0; rest /= 36)
        {
            buffer[--at] = Digits[(int)(rest % 36)];
        }

        return new string(buffer[at..]);
    }

    /// <summary>The inviter's id, or null for anything that is not a code (then the link leads to nobody).</summary>
    public static long? Read(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 13)
        {
            return null;
        }

        long value = 0;
        foreach (var c in code.ToLowerInvariant())
        {
            var digit = Digits.IndexOf(c);
            if (digit < 0 || value > (long.MaxValue - digit) / 36)
            {
                return null;
            }

            value = (value * 36) + digit;
        }

        return value > 0 ? value : null;
    }

    /// <summary>The invite link: <c>https://t.me/&lt;bot&gt;?start=ref_&lt;code&gt;</c>.</summary>
    public static string InviteLink(string botUsername, long userId) =>
        $"https://t.me/{botUsername.TrimStart('@')}?start={StartLink.ReferralPrefix}{Of(userId)}";

    /// <summary>The ledger grant id of the inviter's bonus for one invitee: once per invitee, ever.</summary>
    public static string BonusGrantId(long inviteeId) => "referral:" + inviteeId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a deep link's start parameter (<c>/start &lt;payload&gt;</c>) asks for.</summary>
public abstract record StartLink
{
    public const string PromoPrefix = "promo_";
    public const string ReferralPrefix = "ref_";

    private StartLink()
    {
    }

    /// <summary><c>promo_&lt;CODE&gt;</c>: the code as written (checked like a typed one).</summary>
    public sealed record Promo(string Code) : StartLink;

    /// <summary><c>ref_&lt;code&gt;</c>: the inviter, or null when the code names nobody.</summary>
    public sealed record Referral(long? InviterId) : StartLink;

    /// <summary>The link, or null for a plain /start or a parameter of no kind we know.</summary>
    public static StartLink? Read(string? argument)
    {
        var payload = argument?.Trim();
        if (string.IsNullOrEmpty(payload))
        {
            return null;
        }

        if (payload.StartsWith(PromoPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new Promo(payload[PromoPrefix.Length..]);
        }

        return payload.StartsWith(ReferralPrefix, StringComparison.OrdinalIgnoreCase)
            ? new Referral(ReferralCodes.Read(payload[ReferralPrefix.Length..]))
            : null;
    }
}
