using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Sandbox.Kie;

/// <summary>Settings of a running simulator (the control API changes them; a reset restores the options).</summary>
public sealed record KieSimulatorSettings(
    bool HttpStatusEqualsCode,
    string? HmacKey,
    bool DeliverCallbacksTwice,
    int CallbackRetries,
    TimeSpan CallbackRetryDelay,
    TimeSpan CallbackTimeout,
    int RateLimitCount,
    TimeSpan RateLimitWindow,
    TimeSpan HangDuration)
{
    internal static KieSimulatorSettings From(KieSimulatorOptions o) => new(
        o.HttpStatusEqualsCode, o.HmacKey, o.DeliverCallbacksTwice, o.CallbackRetries, o.CallbackRetryDelay,
        o.CallbackTimeout, o.RateLimitCount, o.RateLimitWindow, o.HangDuration);
}

/// <summary>What the simulated KIE holds: tasks, balance, behaviours, durations, rate windows and uploads. Thread-safe.</summary>
public sealed class KieSimulatorState
{
    private readonly Lock _gate = new();
    private readonly KieSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, KieTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<KieTask> _taskOrder = [];
    private readonly Dictionary<string, KieBehaviour> _modelBehaviours = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KieBehaviour> _keyBehaviours = new(StringComparer.Ordinal);
    private readonly Queue<KieBehaviour> _nextBehaviours = new();
    private readonly Dictionary<string, KieStageDurations> _modelDurations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _rateWindows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KieUploadedFile> _uploads = new(StringComparer.Ordinal);
    private HashSet<string> _keys;
    private KieStageDurations _defaultDurations;
    private decimal _balance;
    private KieSimulatorSettings _settings;

    public KieSimulatorState(IOptions<KieSimulatorOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _keys = new HashSet<string>(_options.Keys, StringComparer.Ordinal);
        _defaultDurations = _options.Durations;
        _balance = _options.InitialBalance;
        _settings = KieSimulatorSettings.From(_options);
        foreach (var (model, durations) in _options.ModelDurations)
        {
            _modelDurations[model] = durations;
        }
    }

    public TimeProvider Time => _time;

    public KieSimulatorSettings Settings
    {
        get { lock (_gate) { return _settings; } }
        set { lock (_gate) { _settings = value; } }
    }

    public decimal Balance
    {
        get { lock (_gate) { return _balance; } }
        set { lock (_gate) { _balance = value; } }
    }

    /// <summary>Scheme, host and path base result URLs start with: the configured public URL, else the request's own.</summary>
    public string PublicBaseUrl(HttpRequest request) =>
        _options.PublicBaseUrl is { } configured
            ? configured.ToString().TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";

    public bool IsKnownKey(string? key)
    {
        lock (_gate)
        {
            return key is not null && _keys.Contains(key);
        }
    }

    public void SetKeys(IEnumerable<string> keys)
    {
        lock (_gate)
        {
            _keys = new HashSet<string>(keys, StringComparer.Ordinal);
        }
    }

    /// <summary>The model of that id reached through that family's route, or null (the request gets 422).</summary>
    public KieModel? FindModel(string? id, ApiFamily family) =>
        id is null ? null : _options.Models.FirstOrDefault(m => m.Id == id && m.Family == family);

    public IReadOnlyList<KieModel> Models => [.. _options.Models];

    public decimal PriceOf(KieModel model, System.Text.Json.Nodes.JsonObject input) =>
        _options.Prices.TryGetValue(model.Id, out var price) ? price : model.PriceOf(input);

    // ---- behaviours ----

    public void SetModelBehaviour(string model, KieBehaviour? behaviour)
    {
        lock (_gate)
        {
            Set(_modelBehaviours, model, behaviour);
        }
    }

    public void SetKeyBehaviour(string key, KieBehaviour? behaviour)
    {
        lock (_gate)
        {
            Set(_keyBehaviours, key, behaviour);
        }
    }

    public void EnqueueNextBehaviour(KieBehaviour behaviour)
    {
        lock (_gate)
        {
            _nextBehaviours.Enqueue(behaviour);
        }
    }

    public void ClearBehaviours()
    {
        lock (_gate)
        {
            _modelBehaviours.Clear();
            _keyBehaviours.Clear();
            _nextBehaviours.Clear();
        }
    }

    /// <summary>The behaviours set now; keys are masked.</summary>
    public KieBehavioursView Behaviours()
    {
        lock (_gate)
        {
            return new KieBehavioursView(
                new Dictionary<string, KieBehaviour>(_modelBehaviours, StringComparer.Ordinal),
                _keyBehaviours.ToDictionary(p => KieMessages.MaskKey(p.Key), p => p.Value, StringComparer.Ordinal),
                [.. _nextBehaviours]);
        }
    }

    /// <summary>The behaviour for a new task: model, then key, then the next one-shot behaviour (consumed), then prompt markers.</summary>
    internal KieBehaviour ResolveBehaviour(string model, string key, string requestText)
    {
        var markers = KiePromptMarkers.Parse(requestText);
        lock (_gate)
        {
            var behaviour = KieBehaviour.None
                .Then(_modelBehaviours.GetValueOrDefault(model))
                .Then(_keyBehaviours.GetValueOrDefault(key));
            if (_nextBehaviours.TryDequeue(out var next))
            {
                behaviour = behaviour.Then(next);
            }

            return behaviour.Then(markers);
        }
    }

    // ---- durations ----

    public KieStageDurations DurationsOf(string model)
    {
        lock (_gate)
        {
            return _modelDurations.GetValueOrDefault(model) ?? _defaultDurations;
        }
    }

    /// <summary>Sets the durations of one model, or of every model without its own when <paramref name="model"/> is null.</summary>
    public void SetDurations(string? model, KieStageDurations? durations)
    {
        lock (_gate)
        {
            if (model is null)
            {
                _defaultDurations = durations ?? _options.Durations;
            }
            else if (durations is null)
            {
                _modelDurations.Remove(model);
            }
            else
            {
                _modelDurations[model] = durations;
            }
        }
    }

    public KieDurationsView Durations()
    {
        lock (_gate)
        {
            return new KieDurationsView(_defaultDurations, new Dictionary<string, KieStageDurations>(_modelDurations, StringComparer.Ordinal));
        }
    }

    // ---- rate window and balance ----

    /// <summary>Counts a new generation in the key's window; false when the window is full (the request gets 429).</summary>
    internal bool TryEnterRateWindow(string key)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_rateWindows.TryGetValue(key, out var window))
            {
                window = new Queue<DateTimeOffset>();
                _rateWindows[key] = window;
            }

            while (window.Count > 0 && now - window.Peek() >= _settings.RateLimitWindow)
            {
                window.Dequeue();
            }

            if (window.Count >= _settings.RateLimitCount)
            {
                return false;
            }

            window.Enqueue(now);
            return true;
        }
    }

    // ---- tasks ----

    internal KieTask AddTask(
        KieModel model, System.Text.Json.Nodes.JsonObject request, string key, string? callBackUrl, string baseUrl,
        KieBehaviour behaviour, decimal price)
    {
        var task = new KieTask(
            NewTaskId(), model, request, key, callBackUrl, baseUrl, behaviour, DurationsOf(model.Id), price, _time.GetUtcNow());
        lock (_gate)
        {
            _tasks[task.Id] = task;
            _taskOrder.Add(task);
        }

        return task;
    }

    public KieTask? FindTask(string taskId)
    {
        lock (_gate)
        {
            return _tasks.GetValueOrDefault(taskId);
        }
    }

    /// <summary>Runs <paramref name="read"/> under the lock so it sees a task consistently.</summary>
    public T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    public IReadOnlyList<KieTask> Tasks()
    {
        lock (_gate)
        {
            return [.. _taskOrder];
        }
    }

    internal void Advance(KieTask task, KieTaskPhase phase)
    {
        lock (_gate)
        {
            if (task.IsFinished)
            {
                return;
            }

            var now = _time.GetUtcNow();
            task.Phase = phase;
            task.UpdatedAt = now;
            if (phase == KieTaskPhase.Generating)
            {
                task.GeneratingSince = now;
            }
        }
    }

    /// <summary>Ends a task; on success the account pays the task's price (a failed task costs nothing).</summary>
    internal void Complete(KieTask task, KieTaskOutcome outcome, IReadOnlyList<string> resultUrls)
    {
        lock (_gate)
        {
            if (task.IsFinished)
            {
                return;
            }

            var now = _time.GetUtcNow();
            task.FinalProgress = Progress(task);
            task.UpdatedAt = now;
            task.CompletedAt = now;
            switch (outcome)
            {
                case KieTaskOutcome.ContentPolicy:
                    task.Phase = KieTaskPhase.Fail;
                    task.FailCode = "422";
                    task.FailMsg = KieMessages.ContentPolicyFailMsg;
                    break;
                case KieTaskOutcome.GenerationFailed:
                    task.Phase = KieTaskPhase.Fail;
                    task.FailCode = "501";
                    task.FailMsg = KieMessages.GenerationFailed;
                    break;
                default:
                    task.Phase = KieTaskPhase.Success;
                    task.ResultUrls.AddRange(resultUrls);
                    task.Charged = task.Price;
                    _balance -= task.Price;
                    break;
            }

            task.BalanceAfter = _balance;
        }
    }

    /// <summary>Counts a poll; returns its number (1 for the first).</summary>
    internal int CountPoll(KieTask task)
    {
        lock (_gate)
        {
            return ++task.Polls;
        }
    }

    internal void RecordCallback(KieTask task, KieCallbackAttempt attempt)
    {
        lock (_gate)
        {
            task.Callbacks.Add(attempt);
        }
    }

    /// <summary>Sora's progress 0-100: 0 before generating, the share of generating time passed (at most 99), 100 on success.</summary>
    internal int Progress(KieTask task)
    {
        lock (_gate)
        {
            return task.Phase switch
            {
                KieTaskPhase.Success => 100,
                KieTaskPhase.Fail => task.FinalProgress ?? 0,
                KieTaskPhase.Generating when task.GeneratingSince is { } since =>
                    GeneratingProgress(_time.GetUtcNow() - since, GeneratingDuration(task)),
                _ => 0,
            };
        }
    }

    internal static TimeSpan GeneratingDuration(KieTask task) =>
        task.Behaviour.GeneratingMs is { } ms ? TimeSpan.FromMilliseconds(ms) : task.Durations.Generating;

    private static int GeneratingProgress(TimeSpan elapsed, TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 99 : (int)Math.Clamp(elapsed / duration * 100, 0, 99);

    // ---- uploads ----

    internal void StoreUpload(KieUploadedFile file)
    {
        lock (_gate)
        {
            _uploads[file.FilePath] = file;
        }
    }

    internal KieUploadedFile? FindUpload(string filePath)
    {
        lock (_gate)
        {
            return _uploads.GetValueOrDefault(filePath);
        }
    }

    public IReadOnlyList<KieUploadedFile> Uploads()
    {
        lock (_gate)
        {
            return [.. _uploads.Values];
        }
    }

    /// <summary>Forgets tasks, uploads, behaviours and windows, and restores balance, durations, keys and settings from the options.</summary>
    internal IReadOnlyList<KieTask> Reset()
    {
        lock (_gate)
        {
            var dropped = _taskOrder.ToList();
            _tasks.Clear();
            _taskOrder.Clear();
            _modelBehaviours.Clear();
            _keyBehaviours.Clear();
            _nextBehaviours.Clear();
            _rateWindows.Clear();
            _uploads.Clear();
            _modelDurations.Clear();
            foreach (var (model, durations) in _options.ModelDurations)
            {
                _modelDurations[model] = durations;
            }

            _defaultDurations = _options.Durations;
            _balance = _options.InitialBalance;
            _settings = KieSimulatorSettings.From(_options);
            _keys = new HashSet<string>(_options.Keys, StringComparer.Ordinal);
            return dropped;
        }
    }

    private static void Set(Dictionary<string, KieBehaviour> behaviours, string target, KieBehaviour? behaviour)
    {
        if (behaviour is null)
        {
            behaviours.Remove(target);
        }
        else
        {
            behaviours[target] = behaviour;
        }
    }

    /// <summary>32 lowercase hex characters, like real KIE task ids.</summary>
    private static string NewTaskId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>The behaviours set now (keys masked).</summary>
public sealed record KieBehavioursView(
    IReadOnlyDictionary<string, KieBehaviour> Models, IReadOnlyDictionary<string, KieBehaviour> Keys, IReadOnlyList<KieBehaviour> Next);

public sealed record KieDurationsView(KieStageDurations Default, IReadOnlyDictionary<string, KieStageDurations> Models);

/// <summary>A file stored by one of the upload routes.</summary>
public sealed record KieUploadedFile(string FileName, string FilePath, string MimeType, byte[] Bytes, DateTimeOffset UploadedAt);
