using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NeuroActors.Kie.Llm;

/// <summary>
/// One chat completion against an OpenAI-compatible server (typed HttpClient). Every failure, including its own timeout,
/// comes back as a failed <see cref="PromptImprovementResult"/>; only the caller's cancellation throws.
/// The API key goes into the Authorization header of each request and nowhere else.
/// </summary>
public sealed class LlmChatClient
{
    private readonly HttpClient _http;
    private readonly LlmOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public LlmChatClient(HttpClient http, LlmOptions options, TimeProvider? time = null, ILogger<LlmChatClient>? logger = null)
    {
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Sends <paramref name="messages"/> and returns the answer's text as a prompt (cleaned and length-checked).</summary>
    public async Task<PromptImprovementResult> CompleteAsync(IReadOnlyList<LlmChatMessage> messages, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = _options.Model,
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
            ["stream"] = false,
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, _options.ChatCompletionsUrl) { Content = JsonContent.Create(body) };
        if (_options.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(StatusFailure(response.StatusCode), $"HTTP {(int)response.StatusCode}{ErrorMessage(text)}");
            }

            var result = LlmAnswer.Read(text, _options.MaxPromptLength);
            if (!result.IsSuccess)
            {
                _logger.LogWarning("The LLM {Model} answered without a usable prompt: {Failure} ({Detail})", _options.Model, result.Failure, result.Detail);
            }

            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return Failed(PromptImprovementFailure.Timeout, $"no answer within {_options.Timeout.TotalSeconds:0.###}s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // The exception's message names the host at most; it never holds request headers.
            return Failed(PromptImprovementFailure.Network, e.GetType().Name + ": " + e.Message);
        }
    }

    private PromptImprovementResult Failed(PromptImprovementFailure failure, string detail)
    {
        _logger.LogWarning("The LLM {Model} call failed: {Failure} ({Detail})", _options.Model, failure, detail);
        return PromptImprovementResult.Failed(failure, detail);
    }

    private static PromptImprovementFailure StatusFailure(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => PromptImprovementFailure.Unauthorized,
        HttpStatusCode.TooManyRequests => PromptImprovementFailure.RateLimited,
        _ => PromptImprovementFailure.HttpError,
    };

    /// <summary>OpenAI's <c>error.message</c>, short, for the log; a server may echo a wrong key there, so it is checked.</summary>
    private string ErrorMessage(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"]?["message"] is JsonValue value && value.TryGetValue<string>(out var message))
            {
                message = message.Length > 200 ? message[..200] + "…" : message;
                return ": " + (_options.ApiKey is { Length: > 0 } key ? message.Replace(key, Domain.Kie.SecretMask.Last4(key), StringComparison.Ordinal) : message);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not OpenAI's error shape; the status says enough.
        }

        return "";
    }
}
