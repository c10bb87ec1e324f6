using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

public static class KieCallbackEndpoints
{
    /// <summary>Callback bodies are small JSON; anything bigger is not KIE.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>
    /// Maps <c>POST /kie/callback/{family}/{jobId}/{token}</c>. A verified callback goes to <paramref name="onCallback"/>
    /// (hand it to the job and return: KIE wants an answer within 15 s, and may send the same callback more than once),
    /// then KIE gets <c>{"code":200,"msg":"success"}</c>. Refused callbacks get 401 (token, signature) or 400 (body).
    /// </summary>
    public static IEndpointConventionBuilder MapKieCallbacks(this IEndpointRouteBuilder endpoints, Func<KieCallback, CancellationToken, Task> onCallback) =>
        endpoints.MapPost(KieCallbackUrls.RoutePrefix + "/{family}/{jobId}/{token}", async (HttpContext context, string family, string jobId, string token) =>
        {
            var verifier = context.RequestServices.GetRequiredService<KieCallbackVerifier>();
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KieCallbackEndpoints).FullName!);

            var body = await ReadBodyAsync(context.Request, context.RequestAborted);
            if (body is null)
            {
                return Results.Json(new { code = 413, msg = "Payload too large" }, statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            var receipt = verifier.Verify(
                family,
                jobId,
                token,
                context.Request.Headers[KieWebhookSignature.TimestampHeader].ToString(),
                context.Request.Headers[KieWebhookSignature.SignatureHeader].ToString(),
                body);

            if (!receipt.Accepted)
            {
                // The job id is ours and safe to log; the token is not logged.
                logger.LogWarning("KIE callback for job {JobId} refused: {Rejection} {Signature}", jobId, receipt.Rejection, receipt.Signature);
                var status = receipt.Rejection is KieCallbackRejection.BadUrlToken or KieCallbackRejection.BadSignature
                    ? StatusCodes.Status401Unauthorized
                    : StatusCodes.Status400BadRequest;
                return Results.Json(new { code = status, msg = receipt.Rejection.ToString() }, statusCode: status);
            }

            await onCallback(receipt.Callback!, context.RequestAborted);
            return Results.Json(new { code = 200, msg = "success" });
        });

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
