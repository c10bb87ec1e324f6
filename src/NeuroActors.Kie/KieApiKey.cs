using System.Security.Cryptography;
using System.Text;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

/// <summary>
/// A stable, safe name for a key: its last 4 characters and a short fingerprint, e.g. <c>****c0de#3f9a1b</c>.
/// Jobs store this (never the key) to query a task with the key that created it.
/// </summary>
public readonly record struct KieKeyId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A KIE API key. The secret leaves this object only into the Authorization header; everything else sees <see cref="Id"/>.</summary>
public sealed class KieApiKey : IEquatable<KieApiKey>
{
    private readonly string _secret;

    public KieApiKey(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new ArgumentException("A KIE API key cannot be empty.", nameof(secret));
        }

        _secret = secret.Trim();
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_secret)))[..6];
        Id = new KieKeyId($"{SecretMask.Last4(_secret)}#{fingerprint}");
    }

    public KieKeyId Id { get; }

    public string Masked => SecretMask.Last4(_secret);

    internal string Secret => _secret;

    /// <summary>Reads <c>Kie:ApiKeys</c>: comma (or semicolon, newline) separated; blanks and repeats dropped.</summary>
    public static IReadOnlyList<KieApiKey> ParseList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal)
                .Select(s => new KieApiKey(s))
                .ToArray();

    public bool Equals(KieApiKey? other) => other is not null && string.Equals(_secret, other._secret, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as KieApiKey);

    public override int GetHashCode() => Id.GetHashCode();

    public override string ToString() => Id.Value;
}
