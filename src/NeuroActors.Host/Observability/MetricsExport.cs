using System.Diagnostics.Metrics;
using NeuroActors.Actors.Observability;
using Prometheus;

namespace NeuroActors.Host.Observability;

/// <summary>
/// The node's Prometheus registry: the <c>NeuroActors</c> meter's instruments (the process-wide ones of the actors and the
/// KIE client, and this node's <see cref="NodeMetrics"/>), .NET's own <c>System.Runtime</c> meter (GC, thread pool, CPU,
/// memory, exceptions) and prometheus-net's process metrics. A registry of its own rather than prometheus-net's default
/// one, whose adapters would also listen to every other meter and event counter in the process.
/// </summary>
public sealed class MetricsExport : IDisposable
{
    public const string RuntimeMeterName = "System.Runtime";

    private readonly IDisposable _adapter;

    public MetricsExport(NodeMetrics node)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var buckets = ActorMetrics.LatencyBuckets.ToArray();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == RuntimeMeterName || IsOurs(instrument, node),
            ResolveHistogramBuckets = instrument => instrument.Meter.Name == ActorMetrics.MeterName ? buckets : MeterAdapterOptions.DefaultHistogramBuckets,
        });
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _adapter.Dispose();

    /// <summary>The shared meter's instruments (no scope) and this node's, not another node's in the same process.</summary>
    private static bool IsOurs(Instrument instrument, NodeMetrics node) =>
        instrument.Meter.Name == ActorMetrics.MeterName && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, node.Scope));
}
