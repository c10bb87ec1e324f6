using System.Diagnostics.Metrics;
using NeuroActors.Actors.Observability;

namespace NeuroActors.Tests.Observability;

/// <summary>
/// Listens to the NeuroActors meter and keeps only what this thread recorded: the meter is process-wide and other tests
/// run at the same time, so a measurement from their threads must not make a test here pass.
/// </summary>
public sealed class MeasurementsOnThisThread : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _thread = Environment.CurrentManagedThreadId;
    private readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> _seen = [];

    public MeasurementsOnThisThread()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ActorMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<(string Instrument, double Value, Dictionary<string, string?> Tags)> Seen
    {
        get
        {
            lock (_seen) return _seen.ToList();
        }
    }

    public IReadOnlyList<(double Value, Dictionary<string, string?> Tags)> Of(string instrument) =>
        Seen.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags)).ToList();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Environment.CurrentManagedThreadId != _thread) return;
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value?.ToString();
        lock (_seen) _seen.Add((instrument.Name, value, copy));
    }
}
