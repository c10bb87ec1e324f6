using System.Diagnostics;
using System.Diagnostics.Metrics;
using NeuroActors.Actors.Observability;

namespace NeuroActors.Host.Observability;

/// <summary>Answers of the node's inbound endpoints (Telegram's webhook): count by status code and time to answer.</summary>
public static class EndpointMetrics
{
    private static readonly Meter Meter = new(ActorMetrics.MeterName);

    private static readonly Counter<long> Answers = Meter.CreateCounter<long>(
        "http_answers_total", "{answer}", "Answers of an inbound endpoint (webhook) by status code");

    private static readonly Histogram<double> AnswerTime = Meter.CreateHistogram(
        "http_answer_seconds", "s", "Time an inbound endpoint (webhook) took to answer; Telegram's webhook waits for it",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ActorMetrics.LatencyBuckets });

    /// <summary>Counts and times this endpoint's answers under the label <c>endpoint=<paramref name="name"/></c>.</summary>
    public static TBuilder WithAnswerMetrics<TBuilder>(this TBuilder builder, string name) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var result = await next(context);
            var endpoint = new KeyValuePair<string, object?>("endpoint", name);
            AnswerTime.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, endpoint);
            var code = result is IStatusCodeHttpResult { StatusCode: { } status } ? status : context.HttpContext.Response.StatusCode;
            Answers.Add(1, endpoint, new KeyValuePair<string, object?>("code", CodeName(code)));
            return result;
        });

    private static string CodeName(int code) => code switch
    {
        200 => "200",
        400 => "400",
        401 => "401",
        500 => "500",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
