using System.Globalization;
using NeuroActors.Domain.Configuration;

namespace NeuroActors.Domain.Payments;

/// <summary>A top-up sold for Telegram Stars: <paramref name="Credits"/> for <paramref name="Stars"/>.</summary>
public sealed record TopUpPack(long Credits, long Stars);

/// <summary>
/// The packs on sale (<c>Payments:Packs</c>, "credits:stars" separated by commas), smallest first. Read once at start; a bad
/// list stops the node with the setting's name and the fix.
/// </summary>
public sealed class TopUpPacks
{
    public const string Key = "Payments:Packs";

    /// <summary>What a fresh bot sells: 2 credits per star for the small pack, more for the larger ones.</summary>
    public const string DefaultText = "100:50,550:250,1200:500";

    /// <summary>Telegram takes at most 10,000 Stars in one invoice.</summary>
    public const long MaxStars = 10_000;

    /// <summary>Guards the ledger's sums (a pack is one grant).</summary>
    public const long MaxCredits = 100_000_000;

    private const string Fix = "list packs as credits:stars separated by commas, each a different number of credits, stars 1-10000, e.g. " + DefaultText;

    private TopUpPacks(IReadOnlyList<TopUpPack> all) => All = all;

    public static TopUpPacks Default { get; } = Parse(DefaultText);

    /// <summary>Smallest first.</summary>
    public IReadOnlyList<TopUpPack> All { get; }

    public static TopUpPacks Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new BadSettingException(Key, "the list is empty", Fix);
        }

        var packs = new List<TopUpPack>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var fields = part.Split(':', StringSplitOptions.TrimEntries);
            if (fields.Length != 2 || !Whole(fields[0], out var credits) || !Whole(fields[1], out var stars))
            {
                throw new BadSettingException(Key, $"'{part}' is not credits:stars", Fix);
            }

            if (credits is < 1 or > MaxCredits)
            {
                throw new BadSettingException(Key, $"'{part}' sells {credits} credits; a pack sells 1 to {MaxCredits}", Fix);
            }

            if (stars is < 1 or > MaxStars)
            {
                throw new BadSettingException(Key, $"'{part}' costs {stars} stars; Telegram takes 1 to {MaxStars} in one invoice", Fix);
            }

            if (packs.Any(p => p.Credits == credits))
            {
                throw new BadSettingException(Key, $"two packs sell {credits} credits", Fix);
            }

            packs.Add(new TopUpPack(credits, stars));
        }

        return new TopUpPacks(packs.OrderBy(p => p.Credits).ToArray());
    }

    /// <summary>The pack on sale now with exactly these credits and price; null when it is not (changed or withdrawn).</summary>
    public TopUpPack? Find(long credits, long stars) => All.FirstOrDefault(p => p.Credits == credits && p.Stars == stars);

    /// <summary>The smallest pack that covers <paramref name="shortfall"/> credits, else the largest.</summary>
    public TopUpPack SmallestCovering(long shortfall) => All.FirstOrDefault(p => p.Credits >= shortfall) ?? All[^1];

    private static bool Whole(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
