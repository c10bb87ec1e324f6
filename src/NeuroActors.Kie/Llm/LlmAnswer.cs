using System.Text.Json;

namespace NeuroActors.Kie.Llm;

/// <summary>Reads a chat completion body and turns its text into a prompt, or says why it cannot.</summary>
public static class LlmAnswer
{
    // Labels models put before the prompt despite being told not to.
    private static readonly string[] Labels =
    [
        "improved prompt:", "new prompt:", "rewritten prompt:", "enhanced prompt:", "prompt:",
        "улучшенный промпт:", "новый промпт:", "промпт:", "улучшенный запрос:", "запрос:",
    ];

    private static readonly (char Open, char Close)[] Quotes = [('"', '"'), ('\'', '\''), ('“', '”'), ('«', '»'), ('`', '`')];

    /// <summary>The text of <c>choices[0].message.content</c>, cleaned and checked against <paramref name="maxLength"/>.</summary>
    public static PromptImprovementResult Read(string body, int maxLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return PromptImprovementResult.Failed(PromptImprovementFailure.MalformedAnswer, "the body is not JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("choices", out var choices)
                || choices.ValueKind != JsonValueKind.Array)
            {
                return PromptImprovementResult.Failed(PromptImprovementFailure.MalformedAnswer, "the body has no choices");
            }

            if (choices.GetArrayLength() == 0)
            {
                return PromptImprovementResult.Failed(PromptImprovementFailure.EmptyAnswer, "the answer has no choices");
            }

            var choice = choices[0];
            if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                return PromptImprovementResult.Failed(PromptImprovementFailure.MalformedAnswer, "the first choice has no message");
            }

            var content = message.TryGetProperty("content", out var c) ? Content(c) : null;
            if (string.IsNullOrWhiteSpace(content))
            {
                var refused = message.TryGetProperty("refusal", out var r) && r.ValueKind == JsonValueKind.String;
                return PromptImprovementResult.Failed(PromptImprovementFailure.EmptyAnswer, refused ? "the model refused" : "the message has no text");
            }

            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String && finish.GetString() == "length")
            {
                return PromptImprovementResult.Failed(PromptImprovementFailure.TooLong, "the model stopped at its token limit");
            }

            return Accept(content, maxLength);
        }
    }

    /// <summary>Cleans a model's text into a prompt: no label, quotes, fences or line breaks; empty or too long is a failure.</summary>
    public static PromptImprovementResult Accept(string text, int maxLength)
    {
        var prompt = Clean(text);
        if (prompt.Length == 0)
        {
            return PromptImprovementResult.Failed(PromptImprovementFailure.EmptyAnswer, "the text is empty once cleaned");
        }

        return prompt.Length > maxLength
            ? PromptImprovementResult.Failed(PromptImprovementFailure.TooLong, $"{prompt.Length} characters, more than {maxLength}")
            : PromptImprovementResult.Improved(prompt);
    }

    public static string Clean(string text)
    {
        var prompt = text.Trim();
        if (prompt.StartsWith("```", StringComparison.Ordinal))
        {
            // A fenced block: drop the fence lines (and the language tag after the opening one).
            var firstBreak = prompt.IndexOf('\n', StringComparison.Ordinal);
            prompt = firstBreak < 0 ? prompt.Trim('`') : prompt[(firstBreak + 1)..];
            var closing = prompt.LastIndexOf("```", StringComparison.Ordinal);
            prompt = (closing < 0 ? prompt : prompt[..closing]).Trim();
        }

        foreach (var label in Labels)
        {
            if (prompt.StartsWith(label, StringComparison.OrdinalIgnoreCase))
            {
                prompt = prompt[label.Length..].TrimStart();
                break;
            }
        }

        foreach (var (open, close) in Quotes)
        {
            if (prompt.Length >= 2 && prompt[0] == open && prompt[^1] == close && prompt.IndexOf(close, 1) == prompt.Length - 1)
            {
                prompt = prompt[1..^1].Trim();
                break;
            }
        }

        return string.Join(' ', prompt.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Content is a string, or (on some servers) a list of parts with text.</summary>
    private static string? Content(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };
}
