using System.Globalization;

namespace NeuroActors.Domain.Promos;

/// <summary>What a code gives and how often: <paramref name="Credits"/> to each of at most <paramref name="Uses"/> users, until <paramref name="ExpiresAt"/> (never when null).</summary>
public sealed record PromoTerms(long Credits, int Uses, DateTimeOffset? ExpiresAt)
{
    public const int MaxUses = 1_000_000;
    public const int MaxDays = 3650;

    public bool ExpiredAt(DateTimeOffset now) => ExpiresAt is { } end && now >= end;
}

/// <summary>An admin's <c>/promo new &lt;CODE&gt; &lt;credits&gt; &lt;uses&gt; [days]</c>, read.</summary>
public sealed record NewPromo(string Code, long Credits, int Uses, int? Days)
{
    /// <summary>The terms of a code created at <paramref name="now"/>: it expires <see cref="Days"/> whole days later.</summary>
    public PromoTerms TermsAt(DateTimeOffset now) => new(Credits, Uses, Days is { } days ? now.AddDays(days) : null);

    /// <summary>The arguments after "new", or null with what is wrong (the admin reads the usage).</summary>
    public static NewPromo? Read(IReadOnlyList<string> words, long maxCredits)
    {
        if (words.Count is < 3 or > 4 || PromoCodes.Read(words[0]).Code is not { } code)
        {
            return null;
        }

        if (!long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var credits) || credits <= 0 || credits > maxCredits)
        {
            return null;
        }

        if (!int.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uses) || uses is <= 0 or > PromoTerms.MaxUses)
        {
            return null;
        }

        int? days = null;
        if (words.Count == 4)
        {
            if (!int.TryParse(words[3], NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is <= 0 or > PromoTerms.MaxDays)
            {
                return null;
            }

            days = d;
        }

        return new NewPromo(code, credits, uses, days);
    }
}
