using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Texts;
using NeuroActors.Kie.Llm;

namespace NeuroActors.Tests.Llm;

/// <summary>The improver over a scripted HTTP handler: caching, shared calls, failures.</summary>
public sealed class PromptImproverTests
{
    private static readonly PromptImprovementRequest Fox = new("a red fox", MediaKind.Image, "z-image", Language.English);

    private static string Completion(string content) => new JsonObject
    {
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
    }.ToJsonString();

    /// <summary>Answers each request with <c>answer</c>'s result; records what it received.</summary>
    private sealed class ScriptedLlm(Func<int, HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        private int _calls;

        public List<(string? Authorization, JsonNode Body)> Received { get; } = [];

        public int Calls => Volatile.Read(ref _calls);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            lock (Received)
            {
                Received.Add((request.Headers.Authorization?.ToString(), body));
            }

            return await answer(call, request).WaitAsync(cancellationToken);
        }

        public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    private static (PromptImprover Improver, ScriptedLlm Llm) Build(Func<int, HttpRequestMessage, Task<HttpResponseMessage>> answer, Action<LlmOptions>? configure = null)
    {
        var options = new LlmOptions { BaseUrl = new Uri("http://llm.test/v1"), ApiKey = "sk-test-key-5678", Model = "test-model" };
        configure?.Invoke(options);
        var llm = new ScriptedLlm(answer);
        var http = new HttpClient(llm) { Timeout = Timeout.InfiniteTimeSpan };
        return (new PromptImprover(options, () => new LlmChatClient(http, options)), llm);
    }

    /// <summary>Waits for something another task does; bounded, so a regression fails rather than hangs.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private static Task<HttpResponseMessage> Improves(int call, HttpRequestMessage request) =>
        Task.FromResult(ScriptedLlm.Json(Completion($"improved #{call}")));

    [Fact]
    public async Task The_request_carries_the_model_the_rules_the_prompt_and_a_bearer_key()
    {
        var (improver, llm) = Build(Improves);

        var result = await improver.ImproveAsync(Fox, CancellationToken.None);

        Assert.Equal("improved #1", result.ImprovedPrompt);
        var (authorization, body) = Assert.Single(llm.Received);
        Assert.Equal("Bearer sk-test-key-5678", authorization);
        Assert.Equal("test-model", body["model"]!.GetValue<string>());
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("a red fox", body["messages"]![1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_identical_request_is_answered_from_the_cache()
    {
        var (improver, llm) = Build(Improves);

        var first = await improver.ImproveAsync(Fox, CancellationToken.None);
        var second = await improver.ImproveAsync(Fox with { Prompt = "  a red fox " }, CancellationToken.None);

        Assert.Equal(1, llm.Calls);
        Assert.Equal(first.ImprovedPrompt, second.ImprovedPrompt);
        Assert.Equal((false, true), (first.FromCache, second.FromCache));
    }

    [Theory]
    [InlineData("a blue fox", MediaKind.Image, "z-image", Language.English)]
    [InlineData("a red fox", MediaKind.Video, "z-image", Language.English)]
    [InlineData("a red fox", MediaKind.Image, "flux-2", Language.English)]
    [InlineData("a red fox", MediaKind.Image, "z-image", Language.Russian)]
    public async Task A_request_differing_in_any_part_calls_the_llm_again(string prompt, MediaKind kind, string model, Language language)
    {
        var (improver, llm) = Build(Improves);
        await improver.ImproveAsync(Fox, CancellationToken.None);

        var other = await improver.ImproveAsync(new PromptImprovementRequest(prompt, kind, model, language), CancellationToken.None);

        Assert.Equal((2, "improved #2", false), (llm.Calls, other.ImprovedPrompt, other.FromCache));
    }

    [Fact]
    public async Task Concurrent_identical_requests_share_one_call()
    {
        var release = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (improver, llm) = Build((_, _) => release.Task);

        var waiting = Enumerable.Range(0, 8).Select(_ => improver.ImproveAsync(Fox, CancellationToken.None)).ToArray();
        await Eventually(() => llm.Calls > 0);

        release.SetResult(ScriptedLlm.Json(Completion("a red fox, golden hour")));
        var results = await Task.WhenAll(waiting);

        Assert.Equal(1, llm.Calls);
        Assert.All(results, r => Assert.Equal("a red fox, golden hour", r.ImprovedPrompt));
    }

    [Fact]
    public async Task A_failure_is_not_cached_and_the_next_request_tries_again()
    {
        var (improver, llm) = Build((call, request) => call == 1
            ? Task.FromResult(ScriptedLlm.Json("{\"error\":{\"message\":\"boom\"}}", HttpStatusCode.InternalServerError))
            : Improves(call, request));

        var failed = await improver.ImproveAsync(Fox, CancellationToken.None);
        var retried = await improver.ImproveAsync(Fox, CancellationToken.None);

        Assert.Equal((PromptImprovementFailure.HttpError, "HTTP 500: boom"), (failed.Failure, failed.Detail));
        Assert.Equal(("improved #2", 2), (retried.ImprovedPrompt, llm.Calls));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, PromptImprovementFailure.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, PromptImprovementFailure.Unauthorized)]
    [InlineData(HttpStatusCode.TooManyRequests, PromptImprovementFailure.RateLimited)]
    [InlineData(HttpStatusCode.BadGateway, PromptImprovementFailure.HttpError)]
    public async Task An_http_error_status_is_a_failure_result(HttpStatusCode status, PromptImprovementFailure expected)
    {
        var (improver, _) = Build((_, _) => Task.FromResult(ScriptedLlm.Json("{}", status)));

        Assert.Equal(expected, (await improver.ImproveAsync(Fox, CancellationToken.None)).Failure);
    }

    [Fact]
    public async Task A_broken_connection_is_a_network_failure()
    {
        var (improver, _) = Build((_, _) => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (llm.test:80)")));

        Assert.Equal(PromptImprovementFailure.Network, (await improver.ImproveAsync(Fox, CancellationToken.None)).Failure);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_a_timeout_failure()
    {
        var (improver, _) = Build((_, _) => new TaskCompletionSource<HttpResponseMessage>().Task, o => o.Timeout = TimeSpan.FromMilliseconds(100));

        var result = await improver.ImproveAsync(Fox, CancellationToken.None);

        Assert.Equal(PromptImprovementFailure.Timeout, result.Failure);
    }

    [Fact]
    public async Task An_error_message_that_echoes_the_key_is_masked()
    {
        var (improver, _) = Build((_, _) => Task.FromResult(ScriptedLlm.Json("{\"error\":{\"message\":\"Incorrect API key provided: sk-test-key-5678\"}}", HttpStatusCode.Unauthorized)));

        var result = await improver.ImproveAsync(Fox, CancellationToken.None);

        Assert.DoesNotContain("sk-test-key-5678", result.Detail);
        Assert.Contains("****5678", result.Detail);
    }

    [Fact]
    public async Task An_empty_prompt_fails_without_calling_the_llm()
    {
        var (improver, llm) = Build(Improves);

        var result = await improver.ImproveAsync(Fox with { Prompt = "   " }, CancellationToken.None);

        Assert.Equal((PromptImprovementFailure.EmptyPrompt, 0), (result.Failure, llm.Calls));
    }

    [Fact]
    public async Task A_caller_that_gives_up_is_cancelled_but_the_shared_call_still_fills_the_cache()
    {
        var release = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (improver, llm) = Build((_, _) => release.Task);
        using var giveUp = new CancellationTokenSource();

        var abandoned = improver.ImproveAsync(Fox, giveUp.Token);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        release.SetResult(ScriptedLlm.Json(Completion("a red fox, golden hour")));
        await Eventually(() => improver.CachedCount > 0);

        var later = await improver.ImproveAsync(Fox, CancellationToken.None);

        Assert.Equal(("a red fox, golden hour", true, 1), (later.ImprovedPrompt, later.FromCache, llm.Calls));
    }

    [Fact]
    public async Task The_cache_holds_at_most_its_size()
    {
        var (improver, llm) = Build(Improves, o => o.CacheSize = 2);

        foreach (var prompt in new[] { "one", "two", "three" })
        {
            await improver.ImproveAsync(Fox with { Prompt = prompt }, CancellationToken.None);
        }

        var first = await improver.ImproveAsync(Fox with { Prompt = "one" }, CancellationToken.None);

        Assert.Equal((false, 4, 2), (first.FromCache, llm.Calls, improver.CachedCount));
    }

    [Fact]
    public async Task The_disabled_improver_says_it_is_disabled()
    {
        var improver = new DisabledPromptImprover();

        var result = await improver.ImproveAsync(Fox, CancellationToken.None);

        Assert.False(improver.IsEnabled);
        Assert.Equal(PromptImprovementFailure.Disabled, result.Failure);
    }
}
