using System.Security.Cryptography;
using System.Text;

namespace NeuroActors.Domain.Kie;

/// <summary>
/// Unguessable per-job callback URLs: the URL carries HMAC-SHA256(secret, job id) in base64url. Any node that shares the
/// secret can check a callback without asking the job, and a job id alone (which users see) does not forge one.
/// </summary>
public sealed class KieCallbackTokens
{
    private const string Purpose = "neuroactors/kie-callback/v1:";
    private readonly byte[] _secret;

    public KieCallbackTokens(byte[] secret)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException("The callback secret must have at least 16 bytes.", nameof(secret));
        }

        _secret = secret.ToArray();
    }

    /// <summary>A secret made from a configured passphrase, or derived from other secrets all nodes share.</summary>
    public static KieCallbackTokens FromPassphrase(string passphrase) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(Purpose + passphrase)));

    public string TokenFor(string jobId) => Base64Url(Mac(jobId));

    public bool IsValid(string jobId, string? token)
    {
        if (string.IsNullOrEmpty(jobId) || string.IsNullOrEmpty(token))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(TokenFor(jobId));
        var given = Encoding.ASCII.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public override string ToString() => "KieCallbackTokens(****)";

    private byte[] Mac(string jobId) => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(Purpose + jobId));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
