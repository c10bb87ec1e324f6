using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeuroActors.Sandbox.Kie;

namespace NeuroActors.Sandbox.Llm;

/// <summary>A chat completion request the simulated LLM received.</summary>
public sealed record LlmRequestRecord(DateTimeOffset At, string Model, string Key, string Prompt, string Answer, int? FailedWith);

/// <summary>The requests received, and the failures queued for the next ones. Thread-safe.</summary>
public sealed class LlmSimulatorState
{
    private readonly Lock _gate = new();
    private readonly List<LlmRequestRecord> _requests = [];
    private readonly Queue<int> _nextFailures = new();

    public IReadOnlyList<LlmRequestRecord> Requests()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    /// <summary>The next <paramref name="count"/> requests answer HTTP <paramref name="status"/> with an OpenAI error body.</summary>
    public void FailNext(int status, int count)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _nextFailures.Enqueue(status);
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _nextFailures.Clear();
        }
    }

    internal int? Record(DateTimeOffset at, string model, string key, string prompt, string answer)
    {
        lock (_gate)
        {
            int? failure = _nextFailures.TryDequeue(out var status) ? status : null;
            _requests.Add(new LlmRequestRecord(at, model, KieMessages.MaskKey(key), prompt, answer, failure));
            return failure;
        }
    }
}

/// <summary>Control API body: fail the next <see cref="Count"/> requests with HTTP <see cref="Status"/>.</summary>
public sealed record LlmFailNext(int Status = 500, int Count = 1);

/// <summary>
/// A simulated OpenAI-compatible chat completions endpoint: <c>POST /v1/chat/completions</c> with any non-empty Bearer key
/// answers the last user message "improved" by <see cref="LlmPromptImprover"/> (also as a stream when asked).
/// Markers in the user message make it misbehave: see <see cref="LlmFaultMarker"/>.
/// Control API: GET /sandbox/llm/requests, POST /sandbox/llm/fail-next {status, count}, POST /sandbox/llm/reset.
/// </summary>
public static class LlmSimulatorExtensions
{
    public static IServiceCollection AddLlmSimulator(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LlmSimulatorState>();
        return services;
    }

    public static IEndpointRouteBuilder MapLlmSimulator(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/chat/completions", CompleteAsync);
        routes.MapGet("/sandbox/llm/requests", (LlmSimulatorState state) =>
        {
            var requests = state.Requests();
            return Results.Json(new { count = requests.Count, requests }, KieJson.Control);
        });
        routes.MapPost("/sandbox/llm/fail-next", async (HttpRequest request, LlmSimulatorState state) =>
        {
            var failNext = request.ContentLength == 0 ? new LlmFailNext() :
                await JsonSerializer.DeserializeAsync<LlmFailNext>(request.Body, KieJson.Control) ?? new LlmFailNext();
            state.FailNext(failNext.Status, failNext.Count);
            return Results.Json(failNext, KieJson.Control);
        });
        routes.MapPost("/sandbox/llm/reset", (LlmSimulatorState state) =>
        {
            state.Reset();
            return Results.Json(new { reset = true }, KieJson.Control);
        });
        return routes;
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, LlmSimulatorState state, TimeProvider time)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        if (key.Length == 0)
        {
            return Error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        }

        var (body, _) = await KieApiEndpoints.ReadJsonAsync(http.Request);
        var prompt = body?["messages"] is JsonArray messages ? LastUserText(messages) : null;
        if (prompt is null)
        {
            return Error(400, "'messages' must contain a user message.", "invalid_request_error", null);
        }

        var model = KieApiEndpoints.Text(body!["model"]) ?? "sandbox-llm";
        var answer = LlmPromptImprover.Improve(prompt);
        var now = time.GetUtcNow();
        switch (state.Record(now, model, key, prompt, answer))
        {
            case 429:
                return Error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded");
            case { } status:
                return Error(status, "The server had an error while processing your request.", "server_error", null);
        }

        switch (LlmFaultMarker.Find(prompt))
        {
            case { Kind: LlmFault.Hang }:
                // Never answers: the client's timeout has to fire. Ends when the client goes away or the host stops.
                using (var hang = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping))
                {
                    try
                    {
                        await Task.Delay(LlmFaultMarker.MaxHang, time, hang.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up or the host stops: nothing is left to answer.
                    }
                }

                return Results.Empty;
            case { Kind: LlmFault.Delay, Milliseconds: var ms }:
                await Task.Delay(TimeSpan.FromMilliseconds(ms), time, http.RequestAborted);
                break;
            case { Kind: LlmFault.Malformed }:
                return Results.Text("{\"choices\": [ this is not json", "application/json", Encoding.UTF8);
            case { Kind: LlmFault.Empty }:
                answer = "";
                break;
        }

        var id = "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var created = now.ToUnixTimeSeconds();
        if (body["stream"] is JsonValue stream && stream.TryGetValue<bool>(out var streaming) && streaming)
        {
            return Stream(id, created, model, answer);
        }

        var promptTokens = Tokens(prompt);
        var completionTokens = Tokens(answer);
        return KieJson.Write(new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                ["logprobs"] = null,
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
        });
    }

    /// <summary>The text of the last user message; content may be a string or a list of parts.</summary>
    private static string? LastUserText(JsonArray messages)
    {
        foreach (var message in messages.Reverse())
        {
            if (message?["role"]?.ToString() != "user")
            {
                continue;
            }

            return message["content"] switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonArray parts => string.Join(" ", parts.Select(p => p?["text"]?.ToString()).Where(t => !string.IsNullOrEmpty(t))),
                _ => null,
            };
        }

        return null;
    }

    private static IResult Stream(string id, long created, string model, string answer)
    {
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };

        var text = new StringBuilder();
        text.Append("data: ").Append(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = answer }, null).ToJsonString(KieJson.Options)).Append("\n\n");
        text.Append("data: ").Append(Chunk(new JsonObject(), "stop").ToJsonString(KieJson.Options)).Append("\n\n");
        text.Append("data: [DONE]\n\n");
        return Results.Text(text.ToString(), "text/event-stream", Encoding.UTF8);
    }

    private static IResult Error(int status, string message, string type, string? code) => KieJson.Write(
        new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        },
        status);

    /// <summary>A rough token count (about 4 characters a token), enough for usage figures.</summary>
    private static int Tokens(string text) => Math.Max(1, (int)Math.Ceiling(text.Length / 4.0));
}

public enum LlmFault
{
    Hang,
    Delay,
    Malformed,
    Empty,
}

/// <summary>
/// Fault markers in the user message: <c>[[llm:hang]]</c> never answers, <c>[[llm:delay:300]]</c> answers after 300 ms,
/// <c>[[llm:malformed]]</c> answers 200 with a broken JSON body, <c>[[llm:empty]]</c> answers a completion with empty content.
/// </summary>
public sealed record LlmFaultMarker(LlmFault Kind, int Milliseconds = 0)
{
    /// <summary>A hang ends by itself after this, in case no client ever gives up.</summary>
    public static readonly TimeSpan MaxHang = TimeSpan.FromMinutes(2);

    public static LlmFaultMarker? Find(string prompt)
    {
        if (prompt.Contains("[[llm:hang]]", StringComparison.Ordinal)) return new(LlmFault.Hang);
        if (prompt.Contains("[[llm:malformed]]", StringComparison.Ordinal)) return new(LlmFault.Malformed);
        if (prompt.Contains("[[llm:empty]]", StringComparison.Ordinal)) return new(LlmFault.Empty);
        var delay = prompt.IndexOf("[[llm:delay:", StringComparison.Ordinal);
        if (delay >= 0)
        {
            var start = delay + "[[llm:delay:".Length;
            var end = prompt.IndexOf("]]", start, StringComparison.Ordinal);
            if (end > start && int.TryParse(prompt.AsSpan(start, end - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms <= 60_000)
            {
                return new(LlmFault.Delay, ms);
            }
        }

        return null;
    }
}
