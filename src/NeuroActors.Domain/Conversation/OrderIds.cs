using System.Security.Cryptography;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// Order ids and the request ids of their variants. An order id is 10 characters from an alphabet without
/// look-alikes (no I, O, 0, 1), so a user can read it out to support; 50 random bits keep ids distinct
/// (about 1 in 2,000 odds of any clash over a million orders; the job shard should still refuse an id
/// that already belongs to another order). A variant's request id is the order id plus "-N".
/// </summary>
public static class OrderIds
{
    public const int Length = 10;
    public const int MinLength = 4;
    public const int MaxLength = 16;
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A fresh random order id.</summary>
    public static string NewRandom()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>The request id of variant <paramref name="index"/> (1-based) of an order.</summary>
    public static string RequestId(string orderId, int index) => $"{orderId}-{index}";

    /// <summary>Request ids of all variants of an order, 1..variants.</summary>
    public static IReadOnlyList<string> RequestIds(string orderId, int variants) =>
        Enumerable.Range(1, variants).Select(i => RequestId(orderId, i)).ToArray();

    /// <summary>True for 4-16 characters of A-Z and 0-9 (what callback data and /status accept).</summary>
    public static bool IsWellFormed(string? orderId) =>
        orderId is { Length: >= MinLength and <= MaxLength } && orderId.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    /// <summary>
    /// Reads what a user typed after /status: "#g7k2qx", "G7K2QX-2" or " #G7K2QX " all give the order id
    /// (upper case, without '#' and without a variant suffix); anything else gives null.
    /// </summary>
    public static string? ParseUserInput(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var candidate = text.Trim().TrimStart('#').ToUpperInvariant();
        var dash = candidate.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            var suffix = candidate[(dash + 1)..];
            if (suffix.Length == 0 || !suffix.All(char.IsAsciiDigit))
            {
                return null;
            }

            candidate = candidate[..dash];
        }

        return IsWellFormed(candidate) ? candidate : null;
    }
}
