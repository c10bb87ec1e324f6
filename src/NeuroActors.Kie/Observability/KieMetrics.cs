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

    private static readonly string[] EndpointNames = ["create_task", "query_task", "callback", "credit", "download_url", "upload"];

    internal static void Called(KieOperation operation, KieFailureEvidence? failure, long startedAt)
    {
        var endpoint = new KeyValuePair<string, object?>("endpoint", (uint)operation < (uint)EndpointNames.Length ? EndpointNames[(int)operation] : "other");
        CallTime.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, endpoint);
        Calls.Add(1, endpoint, new KeyValuePair<string, object?>("code", CodeOf(failure)));
    }

    private static string CodeOf(KieFailureEvidence? failure) => failure switch
    {
        null => "200",
        { Kind: KieAnswerKind.Timeout } => "timeout",
        { Kind: KieAnswerKind.TransportError } => "transport",
        { EffectiveCode: { } code } => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "unknown",
    };
}
