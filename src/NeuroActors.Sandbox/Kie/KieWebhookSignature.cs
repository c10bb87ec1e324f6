using System.Security.Cryptography;
using System.Text;

namespace NeuroActors.Sandbox.Kie;

/// <summary>KIE's callback signature (kie-api.md 4.3): Base64(HMAC-SHA256(key, taskId + "." + unixSeconds)).</summary>
public static class KieWebhookSignature
{
    public const string TimestampHeader = "X-Webhook-Timestamp";
    public const string SignatureHeader = "X-Webhook-Signature";

    public static string Compute(string hmacKey, string taskId, string timestamp)
    {
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(hmacKey), Encoding.UTF8.GetBytes($"{taskId}.{timestamp}"));
        return Convert.ToBase64String(digest);
    }

    /// <summary>Checks a signature in constant time.</summary>
    public static bool Verify(string hmacKey, string taskId, string timestamp, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(hmacKey, taskId, timestamp));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
