using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

/// <summary>A catalogue source whose text or failure a test sets; optionally holds its answer until released.</summary>
internal sealed class ScriptedSource(string name, string text) : ICatalogSource
{
    private readonly object _lock = new();
    private string _text = text;
    private Exception? _failure;
    private TaskCompletionSource? _gate;

    public string Name => name;

    public int Fetches { get; private set; }

    public void Serve(string newText)
    {
        lock (_lock)
        {
            _text = newText;
            _failure = null;
        }
    }

    public void Fail(Exception failure)
    {
        lock (_lock)
        {
            _failure = failure;
        }
    }

    public void Hold()
    {
        lock (_lock)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _gate?.TrySetResult();
            _gate = null;
        }
    }

    public async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        Task gate;
        lock (_lock)
        {
            Fetches++;
            gate = _gate?.Task ?? Task.CompletedTask;
        }

        await gate.WaitAsync(cancellationToken);
        lock (_lock)
        {
            return _failure is not null ? throw _failure : _text;
        }
    }
}

/// <summary>KIE's answers about models, as a test scripts them; models not scripted are available.</summary>
internal sealed class ScriptedProbe : IModelAvailabilityProbe
{
    private readonly Dictionary<string, ProbeResult> _answers = new(StringComparer.Ordinal);

    public void Answer(string modelId, ProbeResult result)
    {
        lock (_answers)
        {
            _answers[modelId] = result;
        }
    }

    public Task<ProbeResult> ProbeAsync(ModelDefinition model, CancellationToken cancellationToken)
    {
        lock (_answers)
        {
            return Task.FromResult(_answers.TryGetValue(model.Id, out var answer) ? answer : ProbeResult.Available("prompt is required"));
        }
    }
}
