using System.Diagnostics;
using System.Diagnostics.Metrics;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie.Observability;

/// <summary>
/// KIE calls on the process-wide <c>NeuroActors</c> meter, exported by the host. Labels: the endpoint (one of
/// <see cref="KieOperation"/>) and the answer's code (200, KIE's own code such as 402 or 429, the HTTP status when that is
/// what failed, or timeout / transport when nothing came back): a bounded set, never a key, task or request id.
/// </summary>
public static class KieMetrics
{
    public const string MeterName = "NeuroActors";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        "kie_calls_total", "{call}", "KIE API calls by endpoint and answer code (200, KIE's error code, timeout, transport)");

    private static readonly Histogram<double> CallTime = Meter.CreateHistogram(
        "kie_call_seconds", "s", "KIE API call time by endpoint, answer body read included",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    private static readonly Counter<long> Callbacks = Meter.CreateCounter<long>(
        "kie_callbacks_total", "{callback}", "KIE callbacks received, by result (accepted, too_large, or the refusal: bad_url_token, bad_signature, unknown_family, malformed_body, missing_task_id)");

    private static readonly string[] RejectionNames = ["accepted", "unknown_family", "bad_url_token", "bad_signature", "malformed_body", "missing_task_id"];

    private static readonly string[] EndpointNames = ["create_task", "query_task", "callback", "credit", "download_url", "upload"];

    internal static void Called(KieOperation operation, KieFailureEvidence? failure, long startedAt)
    {
        var endpoint = new KeyValuePair<string, object?>("endpoint", (uint)operation < (uint)EndpointNames.Length ? EndpointNames[(int)operation] : "other");
        CallTime.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, endpoint);
        Calls.Add(1, endpoint, new KeyValuePair<string, object?>("code", CodeOf(failure)));
    }

    /// <summary>A callback reached the endpoint: <see cref="KieCallbackRejection.None"/> when it was accepted.</summary>
    public static void CallbackReceived(KieCallbackRejection rejection) =>
        Callbacks.Add(1, new KeyValuePair<string, object?>("result", (uint)rejection < (uint)RejectionNames.Length ? RejectionNames[(int)rejection] : "other"));

    /// <summary>A callback whose body was larger than any KIE sends.</summary>
    /// <summary>A verified callback its job did not take in time (its node gone, its shard not moved yet): answered 503.</summary>
    public static void CallbackNotTaken() => Callbacks.Add(1, new KeyValuePair<string, object?>("result", "not_taken"));

    public static void CallbackTooLarge() => Callbacks.Add(1, new KeyValuePair<string, object?>("result", "too_large"));

    private static string CodeOf(KieFailureEvidence? failure) => failure switch
    {
        null => "200",
        { Kind: KieAnswerKind.Timeout } => "timeout",
        { Kind: KieAnswerKind.TransportError } => "transport",
        { EffectiveCode: { } code } => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "unknown",
    };
}
