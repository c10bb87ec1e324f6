using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Kie.Llm;

/// <summary>
/// The prompt improver over an OpenAI-compatible LLM. Identical requests (prompt, kind, model, language) are answered from a
/// bounded LRU cache; identical requests in flight together share one HTTP call. Only improvements are cached: a failure
/// is tried again next time.
/// </summary>
public sealed class PromptImprover : IPromptImprover
{
    private readonly LlmOptions _options;
    private readonly Func<LlmChatClient> _chat;
    private readonly ILogger _logger;
    private readonly LruCache<CacheKey, string> _cache;
    private readonly Lock _flightGate = new();
    private readonly Dictionary<CacheKey, Task<PromptImprovementResult>> _inFlight = [];

    /// <param name="chat">Makes the typed client for one call (IHttpClientFactory hands out fresh ones).</param>
    public PromptImprover(LlmOptions options, Func<LlmChatClient> chat, ILogger<PromptImprover>? logger = null)
    {
        _options = options;
        _chat = chat;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _cache = new LruCache<CacheKey, string>(options.CacheSize);
    }

    public bool IsEnabled => true;

    /// <summary>Improvements held in the cache.</summary>
    public int CachedCount => _cache.Count;

    public async Task<PromptImprovementResult> ImproveAsync(PromptImprovementRequest request, CancellationToken ct)
    {
        var prompt = request.Prompt?.Trim() ?? "";
        if (prompt.Length == 0)
        {
            return PromptImprovementResult.Failed(PromptImprovementFailure.EmptyPrompt, "the prompt is empty");
        }

        var key = new CacheKey(prompt, request.Kind, request.ModelId, request.Language);
        if (_cache.TryGet(key, out var cached))
        {
            return PromptImprovementResult.Improved(cached).AsCached();
        }

        Task<PromptImprovementResult> flight;
        lock (_flightGate)
        {
            // Looked up again under the lock: a flight may have finished (and filled the cache) since the first look.
            if (_cache.TryGet(key, out cached))
            {
                return PromptImprovementResult.Improved(cached).AsCached();
            }

            if (!_inFlight.TryGetValue(key, out flight!))
            {
                flight = FlyAsync(key, request with { Prompt = prompt });
                _inFlight[key] = flight;
            }
        }

        // A caller that gives up leaves the shared call running for the others; its own timeout bounds it.
        return await flight.WaitAsync(ct);
    }

    private async Task<PromptImprovementResult> FlyAsync(CacheKey key, PromptImprovementRequest request)
    {
        // Returns to the caller first, so the flight is registered before it can finish and unregister itself.
        await Task.Yield();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var result = await _chat().CompleteAsync(PromptImproverInstructions.Messages(request, _options.MaxPromptLength), CancellationToken.None);
            if (result.IsSuccess)
            {
                _cache.Set(key, result.ImprovedPrompt!);
                _logger.LogInformation("Improved a {Kind} prompt for {ModelId} ({Before} -> {After} characters) in {Elapsed} ms",
                    request.Kind, request.ModelId, request.Prompt.Length, result.ImprovedPrompt!.Length, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return result;
        }
        finally
        {
            lock (_flightGate)
            {
                _inFlight.Remove(key);
            }
        }
    }

    private readonly record struct CacheKey(string Prompt, MediaKind Kind, string ModelId, Language Language);
}

/// <summary>The improver when no LLM is configured: the button is hidden, and a call says so.</summary>
public sealed class DisabledPromptImprover : IPromptImprover
{
    public bool IsEnabled => false;

    public Task<PromptImprovementResult> ImproveAsync(PromptImprovementRequest request, CancellationToken ct) =>
        Task.FromResult(PromptImprovementResult.Failed(PromptImprovementFailure.Disabled, "Llm:BaseUrl is not set"));
}
