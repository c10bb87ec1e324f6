using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Kie;
using NeuroActors.Domain.Texts;
using NeuroActors.Kie.Llm;
using NeuroActors.Sandbox.Llm;

namespace NeuroActors.IntegrationTests.Llm;

/// <summary>The prompt improver against the sandbox's simulated OpenAI-compatible LLM over real HTTP.</summary>
public sealed class PromptImproverAgainstSimulatorTests
{
    private static PromptImprovementRequest Image(string prompt, Language language = Language.English) =>
        new(prompt, MediaKind.Image, "z-image", language);

    [Fact]
    public async Task The_improved_prompt_comes_back_from_the_llm()
    {
        await using var llm = await LlmHarness.StartAsync();

        var result = await llm.Improver.ImproveAsync(Image("a red fox in the snow"), CancellationToken.None);

        Assert.True(llm.Improver.IsEnabled);
        Assert.Equal(LlmPromptImprover.Improve("a red fox in the snow"), result.ImprovedPrompt);
        var request = Assert.Single(llm.Simulator.Requests());
        Assert.Equal(("sandbox-llm", "a red fox in the snow"), (request.Model, request.Prompt));
    }

    [Fact]
    public async Task A_russian_prompt_comes_back_in_russian()
    {
        await using var llm = await LlmHarness.StartAsync();

        var result = await llm.Improver.ImproveAsync(Image("рыжая лиса в снегу", Language.Russian), CancellationToken.None);

        Assert.StartsWith("рыжая лиса в снегу, ", result.ImprovedPrompt);
        Assert.True(LlmPromptImprover.IsRussian(result.ImprovedPrompt![("рыжая лиса в снегу, ".Length)..]));
    }

    [Fact]
    public async Task A_second_identical_request_is_served_from_the_cache_without_a_call()
    {
        await using var llm = await LlmHarness.StartAsync();

        var first = await llm.Improver.ImproveAsync(Image("a red fox"), CancellationToken.None);
        var second = await llm.Improver.ImproveAsync(Image("a red fox"), CancellationToken.None);

        Assert.Single(llm.Simulator.Requests());
        Assert.Equal(first.ImprovedPrompt, second.ImprovedPrompt);
        Assert.True(second.FromCache);
    }

    [Fact]
    public async Task Concurrent_identical_requests_make_one_call()
    {
        await using var llm = await LlmHarness.StartAsync();
        var request = Image("a red fox [[llm:delay:300]]");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => llm.Improver.ImproveAsync(request, CancellationToken.None)));

        Assert.Single(llm.Simulator.Requests());
        Assert.All(results, r => Assert.Equal(LlmPromptImprover.Improve(request.Prompt), r.ImprovedPrompt));
    }

    [Theory]
    [InlineData(500, PromptImprovementFailure.HttpError)]
    [InlineData(503, PromptImprovementFailure.HttpError)]
    [InlineData(429, PromptImprovementFailure.RateLimited)]
    public async Task An_error_status_is_a_failure_that_is_not_cached(int status, PromptImprovementFailure expected)
    {
        await using var llm = await LlmHarness.StartAsync();
        llm.Simulator.FailNext(status, 1);

        var failed = await llm.Improver.ImproveAsync(Image("a red fox"), CancellationToken.None);
        var retried = await llm.Improver.ImproveAsync(Image("a red fox"), CancellationToken.None);

        Assert.Equal(expected, failed.Failure);
        Assert.StartsWith($"HTTP {status}", failed.Detail);
        Assert.Equal((true, false), (retried.IsSuccess, retried.FromCache));
        Assert.Equal(2, llm.Simulator.Requests().Count);
    }

    [Fact]
    public async Task An_llm_that_never_answers_is_a_timeout_failure()
    {
        await using var llm = await LlmHarness.StartAsync(new Dictionary<string, string?> { ["Llm:Timeout"] = "1s" });

        var result = await llm.Improver.ImproveAsync(Image("a red fox [[llm:hang]]"), CancellationToken.None);

        Assert.Equal(PromptImprovementFailure.Timeout, result.Failure);
    }

    [Theory]
    [InlineData("[[llm:malformed]]", PromptImprovementFailure.MalformedAnswer)]
    [InlineData("[[llm:empty]]", PromptImprovementFailure.EmptyAnswer)]
    public async Task A_broken_answer_is_a_failure(string marker, PromptImprovementFailure expected)
    {
        await using var llm = await LlmHarness.StartAsync();

        var result = await llm.Improver.ImproveAsync(Image("a red fox " + marker), CancellationToken.None);

        Assert.Equal(expected, result.Failure);
    }

    [Fact]
    public async Task An_answer_longer_than_the_limit_is_a_failure()
    {
        await using var llm = await LlmHarness.StartAsync(new Dictionary<string, string?> { ["Llm:MaxPromptLength"] = "60" });

        var result = await llm.Improver.ImproveAsync(Image("a red fox sitting on a fallen birch log"), CancellationToken.None);

        Assert.Equal(PromptImprovementFailure.TooLong, result.Failure);
    }

    [Fact]
    public async Task Without_a_base_url_the_improver_is_disabled_and_calls_nothing()
    {
        await using var llm = await LlmHarness.StartAsync(new Dictionary<string, string?> { ["Llm:BaseUrl"] = null });

        var result = await llm.Improver.ImproveAsync(Image("a red fox"), CancellationToken.None);

        Assert.False(llm.Improver.IsEnabled);
        Assert.Equal(PromptImprovementFailure.Disabled, result.Failure);
        Assert.Empty(llm.Simulator.Requests());
    }

    [Fact]
    public async Task Without_a_key_the_llm_refuses_and_the_result_says_unauthorized()
    {
        await using var llm = await LlmHarness.StartAsync(new Dictionary<string, string?> { ["Llm:ApiKey"] = null });

        var result = await llm.Improver.ImproveAsync(Image("a red fox"), CancellationToken.None);

        Assert.Equal(PromptImprovementFailure.Unauthorized, result.Failure);
    }

    [Fact]
    public async Task The_key_is_sent_as_bearer_and_appears_in_no_log_line()
    {
        await using var llm = await LlmHarness.StartAsync(new Dictionary<string, string?> { ["Llm:Timeout"] = "1s" });
        llm.Simulator.FailNext(500, 1);

        await llm.Improver.ImproveAsync(Image("fails first"), CancellationToken.None);
        var improved = await llm.Improver.ImproveAsync(Image("a red fox"), CancellationToken.None);
        await llm.Improver.ImproveAsync(Image("a red fox [[llm:hang]]"), CancellationToken.None);
        await llm.Improver.ImproveAsync(Image("a red fox [[llm:malformed]]"), CancellationToken.None);

        Assert.True(improved.IsSuccess);
        // The simulator accepts only a Bearer key and records it masked: the key it saw is ours.
        Assert.All(llm.Simulator.Requests(), r => Assert.Equal(SecretMask.Last4(LlmHarness.ApiKey), r.Key));
        Assert.Contains(llm.Log.Lines, line => line.Contains("/v1/chat/completions", StringComparison.Ordinal));
        Assert.Contains(llm.Log.Lines, line => line.Contains("Authorization", StringComparison.Ordinal));
        Assert.DoesNotContain(llm.Log.Lines, line => line.Contains(LlmHarness.ApiKey, StringComparison.Ordinal) || line.Contains("integration-secret", StringComparison.Ordinal));
    }
}
