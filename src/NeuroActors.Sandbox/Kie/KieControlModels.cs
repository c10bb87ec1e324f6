using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Sandbox.Kie;

/// <summary>A task as the control API shows it: the full request the client sent, with its key masked.</summary>
public sealed record KieTaskView(
    string TaskId,
    ApiFamily Family,
    string Model,
    KieTaskPhase State,
    JsonObject Request,
    JsonNode? Input,
    string? Prompt,
    string? CallBackUrl,
    string Key,
    decimal Price,
    decimal Charged,
    KieBehaviour Behaviour,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string? FailCode,
    string? FailMsg,
    int? Progress,
    int Polls,
    IReadOnlyList<string> ResultUrls,
    IReadOnlyList<KieCallbackAttempt> Callbacks,
    bool CallbacksSettled)
{
    internal static KieTaskView Of(KieTask task, KieSimulatorState state) => state.Read(() => new KieTaskView(
        task.Id,
        task.Model.Family,
        task.Model.Id,
        task.Phase,
        (JsonObject)task.Request.DeepClone(),
        task.Model.Family == ApiFamily.Market ? task.Request["input"]?.DeepClone() : task.Request.DeepClone(),
        task.Prompt,
        task.CallBackUrl,
        KieMessages.MaskKey(task.ApiKey),
        task.Price,
        task.Charged,
        task.Behaviour,
        task.CreatedAt,
        task.UpdatedAt,
        task.CompletedAt,
        task.FailCode,
        task.FailMsg,
        task.Model.ReportsProgress ? state.Progress(task) : null,
        task.Polls,
        [.. task.ResultUrls],
        [.. task.Callbacks],
        task.CallbacksSettled));
}

/// <summary>Phase durations in milliseconds; in an update, a null part keeps the current value.</summary>
public sealed record KieDurationsDto(int? UnrecordedMs, int? WaitingMs, int? QueuingMs, int? GeneratingMs)
{
    internal static KieDurationsDto Of(KieStageDurations d) => new(
        (int)d.Unrecorded.TotalMilliseconds, (int)d.Waiting.TotalMilliseconds, (int)d.Queuing.TotalMilliseconds, (int)d.Generating.TotalMilliseconds);

    internal KieStageDurations Over(KieStageDurations current) => new(
        UnrecordedMs is { } u ? TimeSpan.FromMilliseconds(u) : current.Unrecorded,
        WaitingMs is { } w ? TimeSpan.FromMilliseconds(w) : current.Waiting,
        QueuingMs is { } q ? TimeSpan.FromMilliseconds(q) : current.Queuing,
        GeneratingMs is { } g ? TimeSpan.FromMilliseconds(g) : current.Generating);
}

/// <summary>Sets the durations of one model, or the default of every model when <see cref="Model"/> is null.</summary>
/// <param name="Reset">Drops the model's own durations (or restores the configured default when Model is null).</param>
public sealed record KieDurationsUpdate(string? Model, KieDurationsDto? Durations, bool Reset = false);

public sealed record KieDurationsListing(KieDurationsDto Default, IReadOnlyDictionary<string, KieDurationsDto> Models);

/// <summary>Sets (or with a null behaviour, removes) the behaviour of every task of a model.</summary>
public sealed record KieModelBehaviourUpdate(string Model, KieBehaviour? Behaviour);

/// <summary>Sets (or with a null behaviour, removes) the behaviour of every request made with a key.</summary>
public sealed record KieKeyBehaviourUpdate(string Key, KieBehaviour? Behaviour);

public sealed record KieBalanceDto(decimal Balance);

public sealed record KieKeysUpdate(IReadOnlyList<string> Keys);

/// <summary>Ends a task now, whatever its durations (the way to end a never-finishing one).</summary>
public sealed record KieFinishRequest(KieTaskOutcome Outcome = KieTaskOutcome.Success);

/// <summary>The running settings; the HMAC key only as its last 4 characters.</summary>
public sealed record KieSettingsView(
    bool HttpStatusEqualsCode,
    string? HmacKey,
    bool DeliverCallbacksTwice,
    int CallbackRetries,
    int CallbackRetryDelayMs,
    int CallbackTimeoutMs,
    int RateLimitCount,
    int RateLimitWindowMs,
    int HangMs)
{
    internal static KieSettingsView Of(KieSimulatorSettings s) => new(
        s.HttpStatusEqualsCode,
        s.HmacKey is null ? null : KieMessages.MaskKey(s.HmacKey),
        s.DeliverCallbacksTwice,
        s.CallbackRetries,
        (int)s.CallbackRetryDelay.TotalMilliseconds,
        (int)s.CallbackTimeout.TotalMilliseconds,
        s.RateLimitCount,
        (int)s.RateLimitWindow.TotalMilliseconds,
        (int)s.HangDuration.TotalMilliseconds);
}

/// <summary>Changes settings; null parts stay. An empty <see cref="HmacKey"/> turns signing off.</summary>
public sealed record KieSettingsUpdate(
    bool? HttpStatusEqualsCode = null,
    string? HmacKey = null,
    bool? DeliverCallbacksTwice = null,
    int? CallbackRetries = null,
    int? CallbackRetryDelayMs = null,
    int? CallbackTimeoutMs = null,
    int? RateLimitCount = null,
    int? RateLimitWindowMs = null,
    int? HangMs = null)
{
    internal KieSimulatorSettings Over(KieSimulatorSettings s) => new(
        HttpStatusEqualsCode ?? s.HttpStatusEqualsCode,
        HmacKey is null ? s.HmacKey : HmacKey.Length == 0 ? null : HmacKey,
        DeliverCallbacksTwice ?? s.DeliverCallbacksTwice,
        CallbackRetries ?? s.CallbackRetries,
        CallbackRetryDelayMs is { } delay ? TimeSpan.FromMilliseconds(delay) : s.CallbackRetryDelay,
        CallbackTimeoutMs is { } timeout ? TimeSpan.FromMilliseconds(timeout) : s.CallbackTimeout,
        RateLimitCount ?? s.RateLimitCount,
        RateLimitWindowMs is { } window ? TimeSpan.FromMilliseconds(window) : s.RateLimitWindow,
        HangMs is { } hang ? TimeSpan.FromMilliseconds(hang) : s.HangDuration);
}

/// <summary>A model as the control API lists it, with the price of a request that names no variant.</summary>
public sealed record KieModelView(string Id, ApiFamily Family, KieResultKind Kind, IReadOnlyList<string> RequiredInput, decimal DefaultPrice, bool ReportsProgress);

/// <summary>An upload as the control API lists it (without its bytes).</summary>
public sealed record KieUploadView(string FileName, string FilePath, string MimeType, int FileSize, DateTimeOffset UploadedAt);
