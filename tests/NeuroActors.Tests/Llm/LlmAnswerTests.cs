using System.Text.Json.Nodes;
using NeuroActors.Kie.Llm;

namespace NeuroActors.Tests.Llm;

public sealed class LlmAnswerTests
{
    private static string Completion(JsonNode? content, string finishReason = "stop") => new JsonObject
    {
        ["id"] = "chatcmpl-1",
        ["object"] = "chat.completion",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = finishReason,
        }),
    }.ToJsonString();

    [Fact]
    public void The_first_choice_text_is_the_improved_prompt()
    {
        var result = LlmAnswer.Read(Completion("a red fox in snow, golden hour"), 1000);

        Assert.Equal("a red fox in snow, golden hour", result.ImprovedPrompt);
    }

    [Fact]
    public void Content_given_as_text_parts_is_joined()
    {
        var parts = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "a red fox, " }, new JsonObject { ["type"] = "text", ["text"] = "soft light" });

        Assert.Equal("a red fox, soft light", LlmAnswer.Read(Completion(parts), 1000).ImprovedPrompt);
    }

    [Theory]
    [InlineData("Improved prompt: a red fox", "a red fox")]
    [InlineData("\"a red fox\"", "a red fox")]
    [InlineData("«рыжая лиса в снегу»", "рыжая лиса в снегу")]
    [InlineData("Промпт: рыжая лиса", "рыжая лиса")]
    [InlineData("```text\na red fox\n```", "a red fox")]
    [InlineData("a red fox,\nsoft light", "a red fox, soft light")]
    [InlineData("\"a\" fox and \"b\"", "\"a\" fox and \"b\"")]
    public void Labels_quotes_fences_and_line_breaks_are_removed(string text, string expected)
    {
        Assert.Equal(expected, LlmAnswer.Clean(text));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"object\":\"chat.completion\"}")]
    [InlineData("[1,2]")]
    [InlineData("{\"choices\":[{\"index\":0}]}")]
    public void A_body_that_is_no_chat_completion_is_malformed(string body)
    {
        Assert.Equal(PromptImprovementFailure.MalformedAnswer, LlmAnswer.Read(body, 1000).Failure);
    }

    [Fact]
    public void No_choices_is_an_empty_answer()
    {
        Assert.Equal(PromptImprovementFailure.EmptyAnswer, LlmAnswer.Read("{\"choices\":[]}", 1000).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\"")]
    public void Blank_content_is_an_empty_answer(string content)
    {
        Assert.Equal(PromptImprovementFailure.EmptyAnswer, LlmAnswer.Read(Completion(content), 1000).Failure);
    }

    [Fact]
    public void A_refusal_is_an_empty_answer_that_says_so()
    {
        var body = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help\"},\"finish_reason\":\"stop\"}]}";

        var result = LlmAnswer.Read(body, 1000);

        Assert.Equal((PromptImprovementFailure.EmptyAnswer, "the model refused"), (result.Failure, result.Detail));
    }

    [Fact]
    public void An_answer_cut_at_the_token_limit_is_too_long()
    {
        Assert.Equal(PromptImprovementFailure.TooLong, LlmAnswer.Read(Completion("a red fox", "length"), 1000).Failure);
    }

    [Fact]
    public void An_answer_over_the_length_limit_is_too_long()
    {
        Assert.Equal(PromptImprovementFailure.TooLong, LlmAnswer.Read(Completion(new string('a', 101)), 100).Failure);
        Assert.True(LlmAnswer.Read(Completion(new string('a', 100)), 100).IsSuccess);
    }
}
