using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace NeuroActors.IntegrationTests.Sandbox.Kie;

public sealed class LlmSimulatorTests
{
    private static object Chat(string prompt, bool stream = false) => new
    {
        model = "gpt-4o-mini",
        stream,
        messages = new object[]
        {
            new { role = "system", content = "You improve prompts for image generation." },
            new { role = "user", content = prompt },
        },
    };

    private static async Task<(int Status, string Text)> CompleteAsync(KieSandboxHost host, object body, string? key = "any-key")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await host.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Chat_completion_answers_an_improved_prompt_in_the_standard_shape()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (status, text) = await CompleteAsync(host, Chat("a red fox in the snow"));
        var body = JsonNode.Parse(text)!;

        Assert.Equal(200, status);
        Assert.StartsWith("chatcmpl-", (string)body["id"]!, StringComparison.Ordinal);
        Assert.Equal("chat.completion", (string)body["object"]!);
        Assert.True((long)body["created"]! > 0);
        Assert.Equal("gpt-4o-mini", (string)body["model"]!);
        Assert.Equal("assistant", (string)body["choices"]![0]!["message"]!["role"]!);
        Assert.Equal("stop", (string)body["choices"]![0]!["finish_reason"]!);
        var content = (string)body["choices"]![0]!["message"]!["content"]!;
        Assert.StartsWith("a red fox in the snow, ", content, StringComparison.Ordinal);
        Assert.Contains("lighting", content, StringComparison.Ordinal);
        Assert.Contains("composition", content, StringComparison.Ordinal);
        var usage = body["usage"]!;
        Assert.Equal((int)usage["prompt_tokens"]! + (int)usage["completion_tokens"]!, (int)usage["total_tokens"]!);
    }

    [Fact]
    public async Task Chat_completion_keeps_the_prompts_language_and_is_deterministic()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (_, first) = await CompleteAsync(host, Chat("Рыжая лиса в снегу"));
        var (_, second) = await CompleteAsync(host, Chat("Рыжая лиса в снегу"));
        var firstContent = (string)JsonNode.Parse(first)!["choices"]![0]!["message"]!["content"]!;
        var secondContent = (string)JsonNode.Parse(second)!["choices"]![0]!["message"]!["content"]!;

        Assert.Equal(firstContent, secondContent);
        Assert.StartsWith("Рыжая лиса в снегу, ", firstContent, StringComparison.Ordinal);
        Assert.Contains("композиция", firstContent, StringComparison.Ordinal);
        Assert.DoesNotContain("lighting", firstContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_completion_without_a_key_answers_401()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (status, text) = await CompleteAsync(host, Chat("x"), key: null);

        Assert.Equal(401, status);
        Assert.Equal("invalid_api_key", (string)JsonNode.Parse(text)!["error"]!["code"]!);
    }

    [Fact]
    public async Task Requests_are_counted_by_the_control_api()
    {
        await using var host = await KieSandboxHost.StartAsync();

        await CompleteAsync(host, Chat("one"));
        await CompleteAsync(host, Chat("two"));
        var requests = JsonNode.Parse(await host.Http.GetStringAsync(new Uri("sandbox/llm/requests", UriKind.Relative)))!;

        Assert.Equal(2, (int)requests["count"]!);
        Assert.Equal("two", (string)requests["requests"]![1]!["prompt"]!);
        Assert.Equal("****-key", (string)requests["requests"]![1]!["key"]!);
    }

    [Fact]
    public async Task Fail_next_makes_the_next_request_fail_once()
    {
        await using var host = await KieSandboxHost.StartAsync();
        using var failNext = await host.Http.PostAsync(new Uri("sandbox/llm/fail-next", UriKind.Relative), JsonContent.Create(new { status = 503, count = 1 }));
        failNext.EnsureSuccessStatusCode();

        var (failed, _) = await CompleteAsync(host, Chat("x"));
        var (succeeded, _) = await CompleteAsync(host, Chat("x"));

        Assert.Equal(503, failed);
        Assert.Equal(200, succeeded);
    }

    [Fact]
    public async Task Streaming_request_gets_server_sent_events_ending_with_done()
    {
        await using var host = await KieSandboxHost.StartAsync();

        var (status, text) = await CompleteAsync(host, Chat("a fox", stream: true));

        Assert.Equal(200, status);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var firstChunk = JsonNode.Parse(events[0]["data: ".Length..])!;
        Assert.Equal("chat.completion.chunk", (string)firstChunk["object"]!);
        Assert.StartsWith("a fox, ", (string)firstChunk["choices"]![0]!["delta"]!["content"]!, StringComparison.Ordinal);
    }
}
