namespace NeuroActors.Domain.Promos;

/// <summary>What is wrong with a typed promo code; checked before any actor is asked.</summary>
public enum PromoCodeProblem
{
    /// <summary>Nothing after /promo.</summary>
    Missing,

    /// <summary>Longer than <see cref="PromoCodes.MaxLength"/> (a pasted paragraph, a 200-character string).</summary>
    TooLong,

    /// <summary>Shorter than <see cref="PromoCodes.MinLength"/>.</summary>
    TooShort,

    /// <summary>Anything but Latin letters, digits, '_' and '-' (spaces, emoji, Cyrillic look-alikes, markup).</summary>
    OddCharacters,
}

/// <summary>A code as typed, read: the code (upper case) or what is wrong with it.</summary>
public sealed record PromoCodeReading(string? Code, PromoCodeProblem? Problem)
{
    public bool IsValid => Code is not null;
}

/// <summary>
/// Promo codes: 3-32 characters of A-Z, 0-9, '_' and '-', case-insensitive (kept upper case). Those characters also fit a
/// Telegram deep link's start parameter (<c>promo_&lt;CODE&gt;</c>, at most 64 characters), and they can never be the
/// promo region's reserved index id.
/// </summary>
public static class PromoCodes
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    public static PromoCodeReading Read(string? text)
    {
        var code = text?.Trim() ?? string.Empty;
        if (code.Length == 0)
        {
            return new PromoCodeReading(null, PromoCodeProblem.Missing);
        }

        if (code.Length > MaxLength)
        {
            return new PromoCodeReading(null, PromoCodeProblem.TooLong);
        }

        if (!code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return new PromoCodeReading(null, PromoCodeProblem.OddCharacters);
        }

        return code.Length < MinLength
            ? new PromoCodeReading(null, PromoCodeProblem.TooShort)
            : new PromoCodeReading(code.ToUpperInvariant(), null);
    }

    /// <summary>The ledger grant id of a code's credits: one per user and code, ever.</summary>
    public static string GrantId(string code) => "promo:" + code;
}
