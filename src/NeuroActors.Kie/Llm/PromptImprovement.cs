using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Kie.Llm;

/// <summary>Rewrites a user's prompt for the chosen model. Never throws for a failure of the LLM; only the caller's cancellation throws.</summary>
public interface IPromptImprover
{
    /// <summary>False when <c>Llm:BaseUrl</c> is not set: the "✨ Improve prompt" button is not shown.</summary>
    bool IsEnabled { get; }

    Task<PromptImprovementResult> ImproveAsync(PromptImprovementRequest request, CancellationToken ct);
}

/// <summary>What to improve: the user's prompt, for a model of a kind, answered in the user's language.</summary>
public sealed record PromptImprovementRequest(string Prompt, MediaKind Kind, string ModelId, Language Language);

/// <summary>Why no improved prompt came back; the user keeps theirs in every case.</summary>
public enum PromptImprovementFailure
{
    /// <summary>No <c>Llm:BaseUrl</c>.</summary>
    Disabled,

    /// <summary>The prompt was empty: nothing to improve.</summary>
    EmptyPrompt,

    /// <summary>No answer within <c>Llm:Timeout</c>.</summary>
    Timeout,

    /// <summary>The connection failed or broke.</summary>
    Network,

    /// <summary>401 or 403: the key is wrong or lacks access.</summary>
    Unauthorized,

    /// <summary>429.</summary>
    RateLimited,

    /// <summary>Any other non-success HTTP status.</summary>
    HttpError,

    /// <summary>The body was not a chat completion.</summary>
    MalformedAnswer,

    /// <summary>A chat completion without text.</summary>
    EmptyAnswer,

    /// <summary>An answer longer than <c>Llm:MaxPromptLength</c>.</summary>
    TooLong,
}

/// <summary>Either the improved prompt or why there is none. <see cref="Detail"/> is for logs (never a secret), not for users.</summary>
public sealed record PromptImprovementResult
{
    private PromptImprovementResult(string? improvedPrompt, PromptImprovementFailure? failure, string? detail, bool fromCache)
    {
        ImprovedPrompt = improvedPrompt;
        Failure = failure;
        Detail = detail;
        FromCache = fromCache;
    }

    public string? ImprovedPrompt { get; }

    public PromptImprovementFailure? Failure { get; }

    public string? Detail { get; }

    /// <summary>Answered from the cache of identical requests, without calling the LLM.</summary>
    public bool FromCache { get; }

    public bool IsSuccess => ImprovedPrompt is not null;

    public static PromptImprovementResult Improved(string prompt) => new(prompt, null, null, false);

    public static PromptImprovementResult Failed(PromptImprovementFailure failure, string detail) => new(null, failure, detail, false);

    internal PromptImprovementResult AsCached() => new(ImprovedPrompt, Failure, Detail, fromCache: true);

    public override string ToString() => IsSuccess ? $"Improved({ImprovedPrompt}{(FromCache ? ", cached" : "")})" : $"Failed({Failure}: {Detail})";
}
