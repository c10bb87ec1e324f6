using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

/// <summary>
/// Builds the per-job callback URL handed to KIE: <c>{Kie:CallbackBaseUrl}/kie/callback/{family}/{jobId}/{token}</c>.
/// The token is unguessable (<see cref="KieCallbackTokens"/>), so a callback that reaches a job is from whoever got the URL.
/// </summary>
public sealed class KieCallbackUrls
{
    public const string RoutePrefix = "/kie/callback";

    private readonly Uri? _base;
    private readonly KieCallbackTokens _tokens;

    public KieCallbackUrls(IOptions<KieOptions> options, KieCallbackTokens tokens)
    {
        _base = options.Value.CallbackBaseUrl;
        _tokens = tokens;
    }

    /// <summary>False without <c>Kie:CallbackBaseUrl</c>: jobs poll only.</summary>
    public bool Enabled => _base is not null;

    /// <summary>The URL for one job's task, or null when callbacks are off.</summary>
    public string? For(ApiFamily family, string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        if (_base is null)
        {
            return null;
        }

        var root = _base.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return $"{root}{RoutePrefix}/{family.Info().Slug}/{Uri.EscapeDataString(jobId)}/{_tokens.TokenFor(jobId)}";
    }
}

public enum KieCallbackRejection
{
    None,
    UnknownFamily,
    BadUrlToken,
    BadSignature,
    MalformedBody,
    MissingTaskId,
}

/// <summary>A callback that passed the checks: which job, which task, and where the task stands.</summary>
public sealed record KieCallback(string JobId, ApiFamily Family, string TaskId, KieTaskOutcome Outcome);

/// <summary>The verdict on one incoming callback.</summary>
public sealed record KieCallbackReceipt(KieCallback? Callback, KieCallbackRejection Rejection, KieSignatureCheck? Signature = null)
{
    public bool Accepted => Callback is not null;
}

/// <summary>
/// Checks a callback: the URL token for the job always (we always issue one), and KIE's HMAC signature too when
/// <c>Kie:WebhookHmacKey</c> is set (timestamps more than <c>Kie:CallbackMaxAge</c>, 5 min by default, from now are refused).
/// Then reads the body into the same <see cref="KieTaskOutcome"/> a status query gives.
/// </summary>
public sealed class KieCallbackVerifier
{
    private readonly KieCallbackTokens _tokens;
    private readonly string? _hmacKey;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;

    public KieCallbackVerifier(IOptions<KieOptions> options, KieCallbackTokens tokens, TimeProvider? time = null)
    {
        _tokens = tokens;
        _hmacKey = options.Value.WebhookHmacKey;
        _maxAge = options.Value.CallbackMaxAge;
        _time = time ?? TimeProvider.System;
    }

    public bool RequiresSignature => _hmacKey is not null;

    public KieCallbackReceipt Verify(string familySlug, string jobId, string? urlToken, string? timestampHeader, string? signatureHeader, string body)
    {
        if (!ApiFamilies.TryParse(familySlug, out var family, ignoreCase: true))
        {
            return new KieCallbackReceipt(null, KieCallbackRejection.UnknownFamily);
        }

        if (!_tokens.IsValid(jobId, urlToken))
        {
            return new KieCallbackReceipt(null, KieCallbackRejection.BadUrlToken);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new KieCallbackReceipt(null, KieCallbackRejection.MalformedBody);
        }

        var taskId = KieCallbackTaskId.Find(root);
        KieSignatureCheck? signature = null;
        if (_hmacKey is not null)
        {
            signature = KieWebhookSignature.Verify(_hmacKey, taskId, timestampHeader, signatureHeader, _time.GetUtcNow(), _maxAge);
            if (signature != KieSignatureCheck.Valid)
            {
                return new KieCallbackReceipt(null, signature == KieSignatureCheck.MissingTaskId ? KieCallbackRejection.MissingTaskId : KieCallbackRejection.BadSignature, signature);
            }
        }

        if (taskId is null || KieTaskParser.ParseCallback(family, root) is not { } outcome)
        {
            return new KieCallbackReceipt(null, KieCallbackRejection.MissingTaskId, signature);
        }

        return new KieCallbackReceipt(new KieCallback(jobId, family, taskId, outcome), KieCallbackRejection.None, signature);
    }
}
