using System.Text.Json.Nodes;

namespace NeuroActors.Sandbox.Kie;

/// <summary>Where a task stands. <see cref="Unrecorded"/> is the short moment when recordInfo still answers "recordInfo is null".</summary>
public enum KieTaskPhase
{
    Unrecorded,
    Waiting,
    Queuing,
    Generating,
    Success,
    Fail,
}

/// <summary>One delivery attempt of a callback, as the control API shows it.</summary>
/// <param name="Kind">The callback's kind: "complete" for terminal callbacks, Suno's "text"/"first" for its intermediate ones.</param>
/// <param name="Delivery">1, or 2 for the deliberate duplicate.</param>
/// <param name="Attempt">1 for the first try, then the retries.</param>
/// <param name="StatusCode">The receiver's HTTP status, or null when the request failed.</param>
/// <param name="Error">The network error or timeout, if any.</param>
public sealed record KieCallbackAttempt(
    string Kind, int Delivery, int Attempt, string Url, DateTimeOffset At, int? StatusCode, string? Error, bool WithSignature, string Body);

/// <summary>A task the simulator received. Mutable fields change only under <see cref="KieSimulatorState"/>'s lock.</summary>
public sealed class KieTask
{
    internal KieTask(
        string id, KieModel model, JsonObject request, string apiKey, string? callBackUrl, string baseUrl,
        KieBehaviour behaviour, KieStageDurations durations, decimal price, DateTimeOffset createdAt)
    {
        Id = id;
        Model = model;
        Request = request;
        ParamJson = request.ToJsonString(KieJson.Options);
        ApiKey = apiKey;
        CallBackUrl = callBackUrl;
        BaseUrl = baseUrl;
        Behaviour = behaviour;
        Durations = durations;
        Price = price;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public string Id { get; }

    public KieModel Model { get; }

    /// <summary>The create request as the client sent it.</summary>
    public JsonObject Request { get; }

    /// <summary>The create request as a JSON string, the way recordInfo's <c>param</c> carries it.</summary>
    public string ParamJson { get; }

    /// <summary>The full key, kept for per-key behaviours; the control API shows only <see cref="KieMessages.MaskKey"/>.</summary>
    internal string ApiKey { get; }

    public string? CallBackUrl { get; }

    /// <summary>Scheme, host and path base of the simulator as the client reached it; result URLs start with it.</summary>
    public string BaseUrl { get; }

    public KieBehaviour Behaviour { get; }

    public KieStageDurations Durations { get; }

    public decimal Price { get; }

    public DateTimeOffset CreatedAt { get; }

    public KieTaskPhase Phase { get; internal set; } = KieTaskPhase.Unrecorded;

    public DateTimeOffset UpdatedAt { get; internal set; }

    public DateTimeOffset? GeneratingSince { get; internal set; }

    public DateTimeOffset? CompletedAt { get; internal set; }

    public string? FailCode { get; internal set; }

    public string? FailMsg { get; internal set; }

    /// <summary>Credits taken for this task: its price on success, 0 otherwise.</summary>
    public decimal Charged { get; internal set; }

    /// <summary>The account balance right after this task was settled.</summary>
    public decimal? BalanceAfter { get; internal set; }

    /// <summary>Sora's progress at the moment the task failed (progress is computed while it runs).</summary>
    public int? FinalProgress { get; internal set; }

    public int Polls { get; internal set; }

    public List<string> ResultUrls { get; } = [];

    public List<KieCallbackAttempt> Callbacks { get; } = [];

    /// <summary>Completed by the control API to end a task now (the only way a never-finishing task ends).</summary>
    internal TaskCompletionSource<KieTaskOutcome> FinishSignal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Callbacks of one task are sent one after the other, in order.</summary>
    internal Task CallbackChain { get; set; } = Task.CompletedTask;

    /// <summary>True once the terminal callbacks are queued (or none are due); with the chain done, no more callbacks will come.</summary>
    internal bool TerminalCallbacksQueued { get; set; }

    /// <summary>The task is finished and every callback delivery (with its retries) is over.</summary>
    public bool CallbacksSettled => IsFinished && TerminalCallbacksQueued && CallbackChain.IsCompleted;

    public bool IsFinished => Phase is KieTaskPhase.Success or KieTaskPhase.Fail;

    /// <summary>The prompt-like text of the request, for lists shown to people.</summary>
    public string? Prompt =>
        (Request["input"] as JsonObject)?["prompt"]?.ToString()
        ?? (Request["input"] as JsonObject)?["text"]?.ToString()
        ?? Request["prompt"]?.ToString();
}
