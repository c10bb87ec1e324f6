using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NeuroActors.Domain.Kie;

public enum KieSignatureCheck
{
    Valid,
    MissingTaskId,
    MissingHeaders,
    MalformedTimestamp,

    /// <summary>The timestamp is further from now than the allowed age (replay, or a clock far off).</summary>
    Stale,
    BadSignature,
}

/// <summary>
/// KIE's optional callback signature (kie-api.md 4.3): <c>X-Webhook-Signature</c> =
/// base64(HMAC-SHA256(webhookHmacKey, taskId + "." + X-Webhook-Timestamp)).
/// </summary>
public static class KieWebhookSignature
{
    public const string SignatureHeader = "X-Webhook-Signature";
    public const string TimestampHeader = "X-Webhook-Timestamp";

    /// <summary>KIE sets no replay window; we refuse signatures more than this far from now.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMinutes(5);

    public static string Compute(string hmacKey, string taskId, string timestamp)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(hmacKey), Encoding.UTF8.GetBytes(taskId + "." + timestamp));
        return Convert.ToBase64String(mac);
    }

    public static KieSignatureCheck Verify(
        string hmacKey,
        string? taskId,
        string? timestampHeader,
        string? signatureHeader,
        DateTimeOffset now,
        TimeSpan maxAge)
    {
        if (string.IsNullOrEmpty(taskId))
        {
            return KieSignatureCheck.MissingTaskId;
        }

        if (string.IsNullOrWhiteSpace(timestampHeader) || string.IsNullOrWhiteSpace(signatureHeader))
        {
            return KieSignatureCheck.MissingHeaders;
        }

        var timestamp = timestampHeader.Trim();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return KieSignatureCheck.MalformedTimestamp;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > maxAge)
        {
            return KieSignatureCheck.Stale;
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(signatureHeader.Trim());
        }
        catch (FormatException)
        {
            return KieSignatureCheck.BadSignature;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(hmacKey), Encoding.UTF8.GetBytes(taskId + "." + timestamp));
        return CryptographicOperations.FixedTimeEquals(expected, given) ? KieSignatureCheck.Valid : KieSignatureCheck.BadSignature;
    }
}
