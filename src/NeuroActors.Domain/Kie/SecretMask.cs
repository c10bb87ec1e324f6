namespace NeuroActors.Domain.Kie;

/// <summary>How a secret (API key, token) may appear outside the Authorization header: its last 4 characters only.</summary>
public static class SecretMask
{
    public static string Last4(string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length <= 4 ? "****" : "****" + secret[^4..];
}
