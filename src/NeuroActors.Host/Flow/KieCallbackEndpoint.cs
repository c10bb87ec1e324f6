using System.Text;
using NeuroActors.Domain.Kie;
using NeuroActors.Kie;
using NeuroActors.Kie.Observability;

namespace NeuroActors.Host.Flow;

/// <summary>KIE's way in: the route and the HTTP answers are the node's; <see cref="KieCallbackVerifier"/> (in Kie) checks the URL token and the signature.</summary>
public static class KieCallbackEndpoint
{
    /// <summary>Callback bodies are small JSON; anything bigger is not KIE.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>
    /// Maps <c>POST /kie/callback/{family}/{jobId}/{token}</c>. A verified callback goes to <paramref name="onCallback"/>,
    /// which hands it to the job and says whether the job took it (KIE wants an answer within 15 s, and may send the same
    /// callback more than once); then KIE gets <c>{"code":200,"msg":"success"}</c>, or 503 when the job could not take it,
    /// so that KIE sends it again. Refused callbacks get 401 (token, signature) or 400 (body).
    /// </summary>
    public static IEndpointConventionBuilder MapKieCallbacks(this IEndpointRouteBuilder endpoints, Func<KieCallback, CancellationToken, Task<bool>> onCallback) =>
        endpoints.MapPost(KieCallbackUrls.RoutePrefix + "/{family}/{jobId}/{token}", async (HttpContext context, string family, string jobId, string token) =>
        {
            var verifier = context.RequestServices.GetRequiredService<KieCallbackVerifier>();
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KieCallbackEndpoint).FullName!);

            var body = await ReadBodyAsync(context.Request, context.RequestAborted);
            if (body is null)
            {
                KieMetrics.CallbackTooLarge();
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
                KieMetrics.CallbackReceived(receipt.Rejection);
                // The job id is ours and safe to log; the token is not logged.
                logger.LogWarning("KIE callback for job {JobId} refused: {Rejection} {Signature}", jobId, receipt.Rejection, receipt.Signature);
                var status = receipt.Rejection is KieCallbackRejection.BadUrlToken or KieCallbackRejection.BadSignature
                    ? StatusCodes.Status401Unauthorized
                    : StatusCodes.Status400BadRequest;
                return Results.Json(new { code = status, msg = receipt.Rejection.ToString() }, statusCode: status);
            }

            if (!await onCallback(receipt.Callback!, context.RequestAborted))
            {
                KieMetrics.CallbackNotTaken();
                logger.LogWarning("KIE callback for job {JobId} not taken in time (its node may be gone); answered 503 so KIE retries", jobId);
                return Results.Json(new { code = 503, msg = "The job is not reachable now; retry" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            KieMetrics.CallbackReceived(KieCallbackRejection.None);
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
